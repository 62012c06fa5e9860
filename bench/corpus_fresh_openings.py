"""Cut the openings of `tests/fixtures/datelines/corpus_fresh.tsv` from the corpus files.

    python bench/corpus_fresh_openings.py > /tmp/openings.tsv   # opening <TAB> source, no labels

The labels of corpus_fresh.tsv were written by hand on this output (see its SOURCE.md); this
script only makes the openings reproducible. Texts come from `tests/fixtures/` (byte copies of
`shared/corpus`): a story's body, summary or headline as the feed parser gives it (what the
dateline parser reads), listed items of a page or a list story starting at the item, and a few
raw wire texts with their header lines. Cut as real_dev's README says: whitespace runs holding a
line break or a tab become one space, then about 200 characters to a word boundary, later when
something stands before the dateline (the dateline and about 80 characters after it are kept).
"""
from __future__ import annotations

import html
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from scrapers.formats import parse_bytes  # noqa: E402

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")


def squeeze_breaks(s: str) -> str:
    """A whitespace run holding a line break or a tab becomes one space; nothing else changes."""
    return re.sub(r"[ \t\r\n\f\v\u00a0]*[\t\r\n][ \t\r\n\f\v\u00a0]*", " ", s)


def cut(s: str, keep_to: int = 0, size: int = 200) -> str:
    """About `size` characters ending at a word boundary (and never before `keep_to` + 80)."""
    limit = max(size, keep_to + 80)
    if len(s) <= limit + 20:
        return s.rstrip()
    end = s.find(" ", limit - 8)
    return s[: end if end > 0 else len(s)].rstrip()


def read(rel: str) -> bytes:
    with open(os.path.join(FIX, rel), "rb") as f:
        return f.read()


def articles(rel: str) -> list:
    return [a for a in parse_bytes(read(rel), rel) if hasattr(a, "body")]


def page_text(rel: str) -> str:
    """The visible text of an HTML page: scripts and styles dropped, tags removed, entities decoded."""
    s = read(rel).decode("utf-8", "replace")
    s = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", s)
    s = re.sub(r"(?s)<!--.*?-->", " ", s)
    s = re.sub(r"<[^>]+>", "\n", s)
    return squeeze_breaks(html.unescape(s)).strip()


def nitf_text(rel: str) -> str:
    """The text of an XML item's body with markup removed (paragraph ends as line breaks)."""
    s = read(rel).decode("utf-8", "replace")
    s = re.sub(r"(?i)</p>|</hl2>|</th>|</td>|<br\s*/?>", "\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    return squeeze_breaks(html.unescape(s)).strip()


def from_anchor(text: str, anchor: str, dateline: str = "") -> str:
    i = text.index(anchor)
    rest = text[i:]
    keep = rest.find(dateline) + len(dateline) if dateline and dateline in rest else 0
    return cut(rest, keep)


ROWS: list[tuple[str, str]] = []


def windows(s: str, size: int = 60) -> set[str]:
    s = " ".join(s.split()).casefold()
    return {s[i:i + size] for i in range(max(len(s) - size + 1, 1))}


SEEN: set[str] = set()
SKIP = {"body", "advisory"}  # ninjs test placeholders, not text


def add(opening: str, source: str) -> None:
    """Keep an opening unless it is a placeholder or shares a 60-character window with an earlier row."""
    w = windows(opening)
    if opening and opening not in SKIP and "Praesent sapien" not in opening and not w & SEEN:
        ROWS.append((opening, source))
        SEEN.update(w)


def feed_fields(rel: str, fields: tuple[str, ...] = ("summary", "headline")) -> None:
    for n, a in enumerate(articles(rel), 1):
        for f in fields:
            v = getattr(a, f, "") or ""
            if v.strip():
                add(cut(squeeze_breaks(v)), f"corpus {rel} (item {n} {f}; feed parser's text)")


def main() -> int:
    # page-order and raw views first: they keep what stands before the dateline, and a later
    # view of the same text (the feed parser's body) is then left out as a repeat
    knight = page_text("html/reuters-article-knight-capital-2012.html")
    listed(knight, "html/reuters-article-knight-capital-2012.html", ["A trader stands by the post"])
    for rel in ("wire-text/dpa-iptc7901-twobyline.txt", "wire-text/ap-anpa1312-weather.tst"):
        raw = squeeze_breaks(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", read(rel).decode("latin-1")))
        add(from_anchor(raw.strip(), raw.strip()[:12], "(AP) _" if "weather" in rel else "(tca/dpa) -"),
            f"corpus {rel} (raw wire text from its first line; control characters removed)")
    for rel, tag in (("wire-xml/reuters-newsmlg2-kbn0fl0nm.xml", "headline"),
                     ("wire-xml/reuters-newsmlg2-kbn0fl0nm.xml", "description"),
                     ("wire-xml/reuters-newsmlg2-with-byline.xml", "description"),
                     ("wire-xml/reuters-newsmlg2-byline-startswith-by.xml", "description"),
                     ("wire-xml/reuters-newsmlg2-mtzxee13zxczes.xml", "description")):
        s = read(rel).decode()
        for v in re.findall(rf"<{tag}\b[^>]*>([^<]+)</{tag}>", s):
            add(cut(squeeze_breaks(html.unescape(v)).strip()), f"corpus {rel} (<{tag}> element)")
    feed_fields("rss/reuters-topnews-2017-03-20.xml")
    feed_fields("rss/reuters-worldnews-2018-01-30.xml")
    wenn = read("rss/wenn-atom-2015-01-30.xml").decode()
    for n, line in enumerate(re.findall(r"<wenn_cm:first_line><!\[CDATA\[(.*?)\]\]>", wenn), 1):
        add(cut(line), f"corpus rss/wenn-atom-2015-01-30.xml (entry {n} wenn_cm:first_line)")
    feed_fields("rss/wenn-atom-2015-01-30.xml", ("headline",))
    for rel in ("html/reuters-article-knight-capital-2012.html",
                "html/ria-novosti-article-japan-nuclear-rally-2011.html"):
        feed_fields(rel, ("body", "headline"))
    for rel in ("wire-json/ninjs-ninjsExSimpleText1.json", "wire-json/ninjs-ninjs2.json",
                "wire-json/ninjs-ninjs_embargoed.json", "wire-xml/aap-nitf-finance.xml",
                "wire-xml/afp-newsml12-en-burkinafaso.xml", "wire-xml/afp-newsml12-fr-strasbourg.xml",
                "wire-xml/ana-newsml.xml", "wire-xml/ap-mediaapi-politics.json",
                "wire-xml/ap-mediaapi-text.json", "wire-xml/dpa-newsmlg2-de-athen.xml",
                "wire-xml/ntb-nitf-no.xml", "wire-xml/pa-nitf-brexit.xml",
                "wire-xml/reuters-newsmlg2-byline-startswith-by.xml",
                "wire-xml/reuters-newsmlg2-with-byline.xml", "wire-xml/reuters-newsmlg2-mtzxee13zxczes.xml",
                "wire-xml/reuters-newsmlg2-kbn0fl0nm.xml", "wire-xml/ritzau-feed-envelope.xml",
                "wire-xml/ritzau-news.xml", "wire-xml/stt-newsmlg2-alcohol.xml",
                "wire-xml/stt-newsmlg2-archive-localtime.xml", "wire-xml/tt-newsmlg2.xml",
                "wire-xml/belga-newsml12.xml", "wire-text/ap-anpa1312-2.tst", "wire-text/ap-anpa1312-6.tst",
                "wire-text/ap-anpa1312-7.tst", "wire-text/ap-anpa1312-weather.tst",
                "wire-text/dpa-iptc7901-twobyline.txt", "wire-xml/ap-nitf-mediaapi.xml",
                "wire-xml/pa-nitf-onthisday.xml", "wire-json/ninjs-ninjs3.json",
                "wire-json/ninjs-bbc-ninjs-text-test.json"):
        feed_fields(rel, ("body", "summary", "headline"))
    listed(page_text("html/reuters-article-knight-capital-2012.html"),
           "html/reuters-article-knight-capital-2012.html", KNIGHT)
    listed(page_text("html/ria-novosti-article-japan-nuclear-rally-2011.html"),
           "html/ria-novosti-article-japan-nuclear-rally-2011.html", RIA)
    listed(nitf_text("wire-xml/pa-nitf-onthisday.xml"), "wire-xml/pa-nitf-onthisday.xml", PA)
    seven = squeeze_breaks(read("wire-text/ap-anpa1312-7.tst").decode("latin-1"))
    listed(seven, "wire-text/ap-anpa1312-7.tst", [f"{k}. " for k in range(1, 11)])
    rows = ROWS[:]
    random.Random(10).shuffle(rows)  # rows of one file spread over the tune and check parts
    for opening, source in rows:
        print(f"{opening}\t{source}")
    return 0


def listed(text: str, rel: str, anchors: list[str]) -> None:
    for a in anchors:
        if a in text:
            add(from_anchor(text, a, "(Reuters) -" if a.startswith("A trader") else ""), f"corpus {rel} (listed item; page text from the item, markup removed)")


KNIGHT = ["Counterparties: Today's Best Links", "Prescription drugs' newest ingredient",
          "Sandy Weill is back", "Google Wallet to become", "U.S. nuclear bomb facility",
          "Iowa governor moves", "Samsung to unveil", "Sharp to start shipping", "Exclusive: Obama authorizes",
          "Union leader strives", "Romney backs Israel", "Our day's top images", "Highlights from day six",
          "The school's slogan", "Knight's future in balance", "UPDATE 5-Burned", "Facebook shares dive",
          "Wall Street takes a hit", "CORRECTED-UPDATE 3-Knight", "Breakingviews: Markets",
          "Counterparties: A high-frequency", "A trader stands by the post", "Our Flagship financial"]
RIA = ["Global consequences of Japanese quake", "Death toll from March 11 quake",
       "Russia urges Japan to stop", "Russia: nuclear power, yes please", "Reconstruction: Fukushima-1",
       "50 years after Gagarin flight", "Minsk metro blast victim", "Another strong earthquake jolts",
       "Ivory Coast's Laurent Gbagbo arrested", "Rush-hour metro blast", "Russia, Brazil discuss",
       "Ukrainian hairdressers create"]
PA = ["1996: ", "2000: ", "2004: ", "2005: ", "2007: ", "2009: ", "2013: ", "2014: ", "BIRTHDAYS",
      "Steve Cram", "Jason Plato", "Matt Le Tissier", "Tillakaratne Dilshan", "Clarke Carlisle",
      "Alex Scott", "Kevin Thomson", "PA SPORT TV LISTINGS", "TENNIS: Shanghai", "CYCLING: European",
      "Tomorrow (Thursday", "GOLF: Portugal", "MOTORCYCLING:", "4. The 'Dream Mile'", "Answers: 1."]


if __name__ == "__main__":
    sys.exit(main())
