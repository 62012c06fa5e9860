"""Cut the openings of `tests/fixtures/datelines/chardet_feeds.tsv` from the feeds chardet ships.

    python bench/chardet_feeds_openings.py DIR > /tmp/openings.tsv   # opening <TAB> source, no labels

DIR is the unpacked Python sdist chardet 5.2.0 (not in the repo; SOURCE.md says why this one):
its `tests/<ENCODING>[-language]/` folders hold real RSS/Atom feeds and pages of 2005-2008
(news sites, press-release wires, blogs, forums) in some fifteen languages, saved in the legacy
encoding the folder names, plus a few text snippets. The labels were written by hand on this
output; this script only makes the openings reproducible.

Each file is decoded with its folder's encoding (the test's own truth; many declare none or a
wrong one) and, re-encoded as UTF-8, given to the feed parser (`scrapers.formats.parse_bytes`,
what the pipeline does with a feed). Views of each story, in this order: its body, its summary
when the body is empty, and its headline. Non-feed files (`.txt`, `.html`) give their first
paragraphs of visible text. At most PER_FILE openings a file (NEWS_PER_FILE for the news sites; picked with a
fixed seed) so that no one blog fills the set. An opening that shares a 60-character window with an earlier one (the
same feed saved in another encoding, a repeated item) or with any labelled set is left out, as
are openings under 20 characters (control characters removed first). Cut as in corpus_fresh_openings.py (text without word spaces after a clause past 100
characters); rows shuffled with a fixed
seed so that each file's rows fall in both the tune and the check part.
"""
from __future__ import annotations

import codecs
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
from package_pages_openings import LABELLED, Rows, emit  # noqa: E402
from scrapers.formats import parse_bytes  # noqa: E402

PER_FILE = 1
NEWS_PER_FILE = 12
# News sites and wires (by their feeds' own descriptions) give NEWS_PER_FILE openings a file, since
# news is where datelines are; the blogs, forums, shops and snippets give PER_FILE each.
NEWS = ("aviaport.ru", "newsru.com", "intertat.ru", "objektivhir.hu", "naftemporiki.gr", "azoz.org",
        "acnnewswire.net", "hirtv.hu", "money.rin.ru", "bbc.co.uk.hu", "greek.ru")
SKIP = ("UTF-16", "UTF-32", "MacRoman", "Johab")  # subtitles, BOM tests, tool output, DOS readmes
SOURCE = "chardet 5.2.0 tests/{rel} ({view})"


def folder_encoding(folder: str) -> str | None:
    """`iso-8859-2-hungarian` -> `iso-8859-2`; None for a folder Python has no codec for."""
    for name in (folder, folder.rsplit("-", 1)[0], folder.replace("Mac", "mac-")):
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def as_utf8(raw: bytes, encoding: str) -> bytes:
    """The file's text as UTF-8 with its XML or HTML encoding declaration saying so."""
    text = raw.decode(encoding, "replace").lstrip("\ufeff")
    text = re.sub(r"(<\?xml[^>]*?encoding=)[\"'][^\"']*[\"']", r'\1"utf-8"', text, count=1)
    text = re.sub(r"(?i)(<meta[^>]*charset=)[\"']?[\w-]+", r"\1utf-8", text, count=1)
    return text.encode("utf-8")


def cut_any(s: str) -> str:
    """`cut`, or for text without word spaces (Chinese, Japanese, Thai) the end of the first
    sentence or clause (full-width stop, comma, ...) past 100 characters, as zh_press does."""
    out = cut(s)
    if len(out) <= 260:
        return out
    m = re.compile(r"[。，、！？；]").search(s, 100)
    return s[: m.end()] if m and m.end() <= 260 else s[:200]


def clean(s: str) -> str:
    """Control characters (a page of NULs in one test file) removed, as corpus_fresh does."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", s)


def visible_paragraphs(text: str, n: int = 3) -> list[str]:
    """The first `n` paragraphs of a page's or snippet's visible text."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<!--.*?-->", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    paras = [p.strip() for p in re.split(r"\s*\n\s*\n\s*|\s*<br>\s*", text) if len(p.strip()) >= 20]
    return [squeeze_breaks(p) for p in paras[:n]]


def file_openings(path: str, rel: str, encoding: str) -> list[tuple[str, str]]:
    """(opening, source) of every view of one file, in view order."""
    data = as_utf8(open(path, "rb").read(), encoding)
    out: list[tuple[str, str]] = []
    data = clean(data.decode("utf-8")).encode("utf-8")
    stories = [a for a in parse_bytes(data, rel) if hasattr(a, "body")]
    if stories and not path.endswith(".txt"):
        for k, a in enumerate(stories, 1):
            body = squeeze_breaks(a.body or "").strip()
            if body:
                out.append((cut_any(body), SOURCE.format(rel=rel, view=f"item {k} body as the feed parser gives it")))
            elif a.summary:
                out.append((cut_any(squeeze_breaks(a.summary)), SOURCE.format(rel=rel, view=f"item {k} summary")))
            if a.headline:
                out.append((cut_any(squeeze_breaks(a.headline)), SOURCE.format(rel=rel, view=f"item {k} headline")))
        return out
    text = data.decode("utf-8")
    for k, para in enumerate(visible_paragraphs(text), 1):
        out.append((cut_any(para), SOURCE.format(rel=rel, view=f"paragraph {k} of the visible text")))
    return out


def labelled_windows(root: str) -> set[str]:
    """Every 60-character window of the labelled sets (the earlier real sets and ours)."""
    seen: set[str] = set()
    rels = LABELLED + tuple(f"tests/fixtures/datelines/{n}.tsv" for n in ("package_pages", "package_pages2", "zh_press"))
    for rel in rels:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for line in f:
                seen |= windows(html.unescape(line))
    return seen


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    tests = os.path.join(argv[0], "tests")
    rows = Rows(labelled_windows(os.path.join(BENCH, "..")))
    pick = random.Random(12)
    for path in sorted(glob.glob(os.path.join(tests, "*", "*"))):
        rel = os.path.relpath(path, tests)
        folder = rel.split(os.sep)[0]
        encoding = folder_encoding(folder)
        if folder.startswith(SKIP) or encoding is None or not os.path.isfile(path) or path.endswith((".py", ".pyc", ".srt")):
            continue
        fresh = [(o, s) for o, s in file_openings(path, rel, encoding) if not windows(o) & rows.seen]
        keep = min(NEWS_PER_FILE, len(fresh)) if os.path.basename(path).startswith(NEWS) else min(PER_FILE, len(fresh))
        for opening, source in sorted(pick.sample(fresh, keep), key=fresh.index):
            rows.add(opening, source)
        for opening, _ in fresh:  # the file's other views count as seen: another encoding's copy is no new text
            rows.seen |= windows(opening)
    return emit(rows, seed=12)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
