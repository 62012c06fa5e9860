"""Cut the openings of `tests/fixtures/datelines/gne_pages.tsv` from the news pages gne ships.

    python bench/gne_pages_openings.py DIR > /tmp/openings.tsv   (opening <TAB> source, no labels)

DIR is the unpacked Python sdist gne 0.4.3 (GeneralNewsExtractor, MIT; not in the repo): its
`tests/`, `visiable_test/` and `test_list_page/` folders hold ~70 saved pages of Chinese news
portals and papers of 2019-2020 (sina, 163, ifeng, qq, toutiao, thepaper, huanqiu, xinhuanet,
people, guancha, stcn, hexun, local papers and government sites; one Korean paper).  Chinese
portals credit a wire or themselves at the head of a story (`新华社巴黎12月9日电`, `长江网10月4日讯`,
`新浪科技讯 北京时间…`, `IT之家9月30日消息`, `据中新网9月9日报道`), after page chrome, stamps,
`原标题：…` lines and photo captions: page text nobody on the team wrote, in the shapes a
scraped page gives the parser.

Views of each page, in this order (an opening that shares a 60-character window with an earlier
one or with any other labelled set is left out, so earlier views win):
1. the page's visible text from its first `<h1>` on (headline, stamps, chrome, then the story),
   cut so that the start of the story as the project extracts it and 60 characters after it are kept;
2. the story body as `scrapers.pages.extract_page` gives it, its first three paragraphs;
3. its headline.
Chinese has no word spaces: an opening is cut as zh_press's are (after the first full-width
comma, full stop or semicolon past ~80 characters, or 60 past the story's start), Latin-script
text at a word boundary as corpus_fresh's.  Shuffled with a fixed seed, so each page's rows fall
in both the tune and the check part.
"""
from __future__ import annotations

import glob
import os
import re
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(BENCH, ".."))
sys.path.insert(0, BENCH)

from corpus_fresh_openings import cut, squeeze_breaks, windows  # noqa: E402
from package_pages_openings import LABELLED, Rows, emit, paragraphs, visible_from_h1  # noqa: E402
from scrapers.pages import extract_page  # noqa: E402
from zh_press_openings import cut_zh  # noqa: E402

OTHER_SETS = ("package_pages.tsv", "package_pages2.tsv", "zh_press.tsv", "chardet_feeds.tsv")
FOLDERS = ("tests", "visiable_test", "test_list_page")
HAN = re.compile(r"[\u3400-\u9fff]")


def labelled_windows(root: str) -> set[str]:
    """Every 60-character window of the sets the parser was written or tuned against."""
    seen: set[str] = set()
    rels = LABELLED + tuple(f"tests/fixtures/datelines/{name}" for name in OTHER_SETS)
    for rel in rels:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for line in f:
                seen |= windows(line)
    return seen


def cut_any(s: str, keep_to: int = 0) -> str:
    """zh_press's cut for text in Han characters, corpus_fresh's for the rest."""
    s = s.strip()
    if len(HAN.findall(s[:200])) > 20:
        return cut_zh(s, keep_to)
    return cut(s, keep_to)


def page_rows(rows: Rows, path: str, label: str) -> None:
    raw = open(path, "rb").read()
    art = extract_page(raw, "https://example.org/" + os.path.basename(path))
    body = paragraphs(art.body if art else "", 3)
    page = visible_from_h1(raw)
    if page and body:
        start = page.find(squeeze_breaks(body[0])[:30])
        if 0 <= start <= 400:
            rows.add(cut_any(page, start), f"{label} (page text from its first <h1>, markup removed)")
    for k, para in enumerate(body, 1):
        rows.add(cut_any(squeeze_breaks(para)), f"{label} (body paragraph {k} as scrapers.pages extracts it)")
    if art and art.headline:
        rows.add(cut_any(squeeze_breaks(art.headline)), f"{label} (headline as scrapers.pages extracts it)")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rows = Rows(labelled_windows(os.path.join(BENCH, "..")))
    for folder in FOLDERS:
        for path in sorted(glob.glob(os.path.join(argv[0], folder, "**", "*.html"), recursive=True)):
            rel = os.path.relpath(path, argv[0])
            page_rows(rows, path, f"gne 0.4.3 {rel}")
    return emit(rows, seed=13)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
