"""Build the dedupe development set of real text: tests/fixtures/dedupe/{real,derived}_pairs.jsonl.

    .venv/bin/python bench/dedupe_devset.py      # rewrite both files from tests/fixtures

real_pairs.jsonl: pairs whose both sides are real text as published, labelled by reading them.
  - Duplicates: the same Reuters story sent twice in 1987 (Reuters-21578 openings in
    tests/fixtures/datelines/reuters21578_silver.tsv): re-sent, restyled or updated versions.
    They were found by TEXT SEARCH (two openings sharing word 6-grams, same dateline place),
    not by the dedupe algorithm, then read and labelled.
  - Hard negatives from the same search: templated reports with other figures (dividends,
    earnings, eurobond issues, money-market operations), next-day follow-ups and different
    stories on the same event; the Reuters RSS desks of 2017 vs 2018 (every cross pair) and
    hand-picked same-event pairs; two AP baseball standings tables (same template, other figures).
  - Different stories under the same page furniture (listing pages, news summaries, photo
    captions of one site): openings of tests/fixtures/datelines/real_dev.tsv sharing word 4-grams.
  - Pairs a reader could not call (a rewrite of the same news, or maybe another company with the
    same dividend) are listed as AMBIGUOUS and left out of the scores.
derived_pairs.jsonl: variants made of real text only, from the full stories of the wire files
  and saved pages: a trim (the first half of the paragraphs), a copy wrapped in the real
  furniture of the two saved pages (captions, bylines, related links, sign-up lines,
  disclaimers), a first take (two paragraphs) against a later version led by one of its own
  later paragraphs, a house-styled copy (dateline dropped, quotes and per cent restyled), and as
  negatives follow-ups: another story's opening with this story's last two paragraphs as background.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.formats import parse_bytes  # noqa: E402

FIX = ROOT / "tests" / "fixtures"
OUT = FIX / "dedupe"
SILVER = FIX / "datelines" / "reuters21578_silver.tsv"
REAL_DEV = FIX / "datelines" / "real_dev.tsv"
REAL_DUPS = [  # (row, row, kind): rows of reuters21578_silver.tsv (1 = first after the header)
    (515, 644, "updated"), (504, 509, "syndicated"), (1427, 1510, "updated"), (184, 194, "updated"),
    (577, 609, "updated"), (381, 466, "syndicated"), (967, 973, "updated"), (61, 140, "updated"),
    (2724, 2766, "syndicated"), (2393, 2395, "updated"), (346, 427, "updated"),
]
AMBIGUOUS = [(212, 321), (240, 329), (1068, 1110), (1573, 1997), (2361, 2391), (2287, 2337), (1983, 2098),
             (2013, 2058), (1710, 2023), (1439, 1506), (523, 572),
             (114, 152), (65, 102), (1138, 1142), (701, 771), (980, 1022), (1237, 1263), (1019, 1081), (2193, 2196), (2634, 2644),
             # session 4, rare shared names within a dateline place: the same news written again
             (1132, 1150), (972, 1869), (551, 642), (1206, 1262), (417, 1893), (676, 895), (760, 2298), (622, 699)]
TEMPLATED = [
    (391, 392), (601, 1235), (625, 1156), (1224, 2754), (77, 93), (2002, 2771), (1156, 1473), (1914, 1990),
    (1667, 2229), (1221, 2052), (1228, 1709), (804, 1860), (820, 1941), (614, 615), (1224, 1476), (2519, 2520),
    (2519, 2521), (2520, 2521), (300, 803), (307, 837), (312, 840), (1661, 2621), (1112, 1949), (1282, 1309),
    (141, 2129), (168, 171), (943, 1009), (1847, 2360), (1568, 1848), (32, 66), (463, 1140), (480, 1268),
    (2711, 2771), (132, 2126), (1725, 1781), (2436, 2441), (716, 722), (1154, 1601), (700, 706), (87, 603),
    # session 3, same search widened to rare shared names within a (dateline city, date) group
    (611, 612), (611, 613), (611, 614), (611, 615), (611, 620), (612, 613), (612, 614), (612, 615), (612, 620),
    (613, 614), (613, 615), (613, 620), (614, 620), (615, 620), (455, 456), (455, 458), (455, 459), (455, 460),
    (456, 458), (456, 459), (456, 460), (458, 459), (458, 460), (459, 460), (2644, 2652), (2644, 2646),
    (2646, 2652), (2518, 2519), (2518, 2520), (2518, 2521), (2687, 2746), (603, 672), (803, 918), (1720, 1959),
    # session 4: every unlisted pair of the same dateline place sharing 5+ word 6-grams (figures left out)
    (1777, 1813), (2057, 2129), (1947, 2746), (700, 721), (263, 1796), (1947, 2687), (1791, 1840), (2169, 2194),
    (1708, 2664), (1272, 1941), (1270, 2362), (1163, 1361), (1127, 2300), (820, 1272), (799, 2646), (672, 2349),
    (387, 1257), (171, 1761), (144, 2176), (1708, 1709), (1650, 2535), (1257, 2689), (1235, 2362), (1221, 1235),
    (1009, 2626), (991, 1839), (989, 2263), (804, 918), (803, 804), (601, 2362), (601, 1221), (404, 991),
    (144, 1891), (121, 732), (85, 109), (68, 2436),
]
FOLLOW_UP = [(361, 1144), (632, 866), (1300, 1564), (1667, 2220), (424, 1849), (40, 914), (295, 1697),
             (624, 648), (983, 1401), (2626, 2768), (339, 679), (2189, 2384), (483, 495),
             (881, 890), (2657, 2658),
             # session 4, rare shared names within a dateline place: later news of the same affair
             (1260, 1760), (491, 585), (491, 1553), (585, 1553), (138, 431), (1453, 2416), (738, 2148), (358, 870),
             (282, 806), (210, 2623), (1503, 1778)]
SAME_EVENT_ROWS = [(1682, 1703), (777, 1045), (1823, 2033), (1241, 1325), (2630, 2637), (1718, 2033),
                   (2507, 2509), (1670, 1681), (2640, 2642), (1672, 1776), (2325, 2354), (1067, 1217),
                   (1500, 1528), (2479, 2507), (1722, 1923), (1850, 2125), (1736, 1850), (1660, 2027), (351, 594),
                   (594, 728), (229, 234), (1902, 2083), (2123, 2143), (2362, 2493), (147, 148),
                   (2158, 2431), (1873, 1953), (378, 408)]
# Different stories under the same page furniture (rows of datelines/real_dev.tsv: listing pages,
# news summaries, photo captions of one site): a copy detector must not link them on the chrome.
SAME_PAGE_ROWS = [(260, 261), (309, 313), (12, 13), (55, 238), (56, 238), (55, 56), (349, 351), (57, 58),
                  (1, 241), (2, 241), (190, 214), (8, 245)]
SAME_EVENT_RSS = [  # different stories on the same event (RSS titles, by prefix)
    ("Publication of Russia 'oligarch list'", "Democrats blast Trump decision to hold off on Russia sanctions"),
    ("Suspected Russian warplanes hit busy market in Idlib", "One person killed in attack Turkish convoy in Idlib"),
    ("Exclusive: Trump administration weighing broad sanctions on North Korea",
     "U.S. general says North Korea not demonstrated all components of ICBM"),
    ("FBI head confirms Russia election probe", "Trump's Russian imbroglio prompts Republican rethink"),
    ("Russian spy chief met U.S. officials", "Democrats blast Trump decision to hold off on Russia sanctions"),
    ("Rocky Syria talks in Russia end", "U.S.-allied Kurd militia says struck Syria base deal with Russia"),
    ("Democrats raise doubts about Trump's high court nominee", "Republicans tweak Obamacare bill"),
    ("Trump administration drops Cha as pick for Seoul envoy",
     "U.S. general says North Korea not demonstrated all components of ICBM"),
]
LONG = ["wire-xml/aap-nitf-finance.xml", "wire-xml/afp-newsml12-en-burkinafaso.xml", "wire-xml/ana-newsml.xml",
        "wire-xml/ap-mediaapi-text.json", "wire-text/dpa-iptc7901-twobyline.txt",
        "wire-xml/reuters-newsmlg2-byline-startswith-by.xml", "wire-xml/reuters-newsmlg2-with-byline.xml",
        "html/reuters-article-knight-capital-2012.html", "html/ria-novosti-article-japan-nuclear-rally-2011.html",
        "wire-xml/stt-newsmlg2-alcohol.xml", "wire-xml/tt-newsmlg2.xml", "wire-xml/ntb-nitf-no.xml",
        "wire-xml/dpa-newsmlg2-de-athen.xml"]
PAGES = ["html/reuters-article-knight-capital-2012.html", "html/ria-novosti-article-japan-nuclear-rally-2011.html"]


def silver(path: Path = SILVER) -> dict[int, str]:
    """Openings by row number (1 = first row after the header)."""
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return {i: r[0] for i, r in enumerate(rows) if i}


def rss_items() -> dict[str, str]:
    items = {}
    for path in sorted((FIX / "rss").glob("reuters-*.xml")):
        for a in parse_bytes(path.read_bytes(), source=path.name):
            items[a.headline] = (a.body or a.summary, path.name)
    return items


def story(name: str) -> list[str]:
    arts = parse_bytes((FIX / name).read_bytes(), source=name)
    return [p.strip() for p in arts[0].body.split("\n\n") if p.strip()]


def page_furniture(name: str) -> list[str]:
    """Text blocks of a saved page outside its article body: captions, links, promos, notes."""
    tree = etree.HTML((FIX / name).read_bytes())
    for bad in tree.xpath("//script|//style"):
        bad.getparent().remove(bad)
    body = " ".join(story(name))
    out = []
    for e in tree.iter("a", "p", "span", "div", "li"):
        text = " ".join((e.text or "").split())
        if 3 <= len(text.split()) <= 40 and text not in body and text not in out:
            out.append(text)
    return out


def wrap(paras: list[str], furniture: list[str], k: int) -> str:
    """paras inside a page's furniture: caption and byline on top, a link block after the second
    paragraph, promos and notes at the end (k picks which furniture)."""
    f = furniture[k % len(furniture):] + furniture[: k % len(furniture)]
    top, links, end = f[:2], f[2:6], f[6:9]
    return "\n\n".join(top + paras[:2] + links + paras[2:] + end)


def house_style(paras: list[str]) -> str:
    text = "\n\n".join(paras)
    text = re.sub(r"^[A-Z][A-Za-z .,']{1,40}\((?:Reuters|AFP|AP|Variety\.com|RIA Novosti)\)\s*[-–—]+\s*", "", text)
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return re.sub(r"(\d)\s*(?:%|percent\b)", r"\1 per cent", text)


def build() -> tuple[list[dict], list[dict]]:
    rows, items = silver(), rss_items()
    real: list[dict] = []

    def add(out: list, a: str, b: str, dup: bool, kind: str, source: str, label: str = "") -> None:
        out.append({"a": a, "b": b, "duplicate": dup, "kind": kind, "source": source, "label": label or kind})

    for x, y, kind in REAL_DUPS:
        add(real, rows[x], rows[y], True, kind, f"reuters21578_silver rows {x}, {y}")
    for group, kind in ((TEMPLATED, "templated"), (FOLLOW_UP, "follow_up"), (SAME_EVENT_ROWS, "same_event")):
        for x, y in group:
            add(real, rows[x], rows[y], False, kind, f"reuters21578_silver rows {x}, {y}")
    for x, y in AMBIGUOUS:
        add(real, rows[x], rows[y], False, "ambiguous", f"reuters21578_silver rows {x}, {y}", "ambiguous")
    pages = silver(REAL_DEV)
    for x, y in SAME_PAGE_ROWS:
        add(real, pages[x], pages[y], False, "same_page", f"real_dev rows {x}, {y}")
    titles = list(items)
    for a, b in SAME_EVENT_RSS:
        ta, tb = next(t for t in titles if t.startswith(a)), next(t for t in titles if t.startswith(b))
        add(real, items[ta][0], items[tb][0], False, "same_event", f"RSS: {ta} | {tb}")
    for ta in titles:
        for tb in titles:
            if items[ta][1] < items[tb][1]:
                add(real, items[ta][0], items[tb][0], False, "same_desk", f"RSS 2017 vs 2018: {ta} | {tb}")
    tables = [story("wire-text/ap-anpa1312-2.tst"), story("wire-text/ap-anpa1312-6.tst")]
    add(real, "\n\n".join(tables[0]), "\n\n".join(tables[1]), False, "templated", "ap-anpa1312-2 vs -6 standings")
    return real, derived()


def derived() -> list[dict]:
    furniture = [page_furniture(p) for p in PAGES]
    stories = {name: story(name) for name in LONG}
    out: list[dict] = []
    names = list(stories)
    for k, (name, paras) in enumerate(stories.items()):
        full = "\n\n".join(paras)
        half = max(2, len(paras) // 2)
        out.append(_pair(full, "\n\n".join(paras[:half]), True, "trimmed", name))
        out.append(_pair(full, wrap(paras, furniture[k % 2], k), True, "wrapped", name))
        out.append(_pair(full, wrap(paras[: max(2, len(paras) * 6 // 10)], furniture[(k + 1) % 2], k + 3),
                         True, "wrapped", name + " (trimmed too)"))
        if len(paras) >= 4:
            lead = paras[min(len(paras) - 1, 3)]
            update = [lead] + [p for p in paras if p is not lead]
            out.append(_pair("\n\n".join(paras[:2]), "\n\n".join(update), True, "updated", name))
        out.append(_pair(full, house_style(paras), True, "syndicated", name))
        other = stories[names[(k + 1) % len(names)]]
        follow = other[:3] + paras[-2:]
        out.append(_pair(full, "\n\n".join(follow), False, "follow_up", f"{names[(k + 1) % len(names)]} + {name}"))
    return out


def _pair(a: str, b: str, dup: bool, kind: str, source: str) -> dict:
    return {"a": a, "b": b, "duplicate": dup, "kind": kind, "source": source, "label": kind, "derived": True}


def main() -> None:
    real, der = build()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, pairs in (("real_pairs.jsonl", real), ("derived_pairs.jsonl", der)):
        (OUT / name).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
        print(f"wrote {len(pairs)} pairs to {(OUT / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
