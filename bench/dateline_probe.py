"""Robustness probes of the dateline parser: real openings edited one way at a time.

    python bench/dateline_probe.py [-v PROBE] [--seed N]

The probes test rules, not accuracy (the text is edited, so no figure here is a score on real
text); they say how the parser copes with what the held-out sets hold and the tune part does
not.  They read only the TUNE part of real_dev.tsv (never the check part: rows 3, 6, 9, ...)
and Reuters silver, seeded, so a run is reproducible:

  chrome    invented headlines and page chrome put in front of the tune openings: the reading
            stays the same (datelined rows), and no-dateline rows stay empty;
  case      the dateline city's case swapped (capitals <-> Title Case): the same city is read;
  towns     the dateline city replaced by made-up towns no gazetteer has, printed in the
            city's case: the made-up town is read, with the same agency and date;
  stripped  the story after the parser's dateline (tune and silver rows): no reading (a
            reading here is listed with -v; it may be a real second dateline).

-v PROBE lists the failures of one probe.
"""
from __future__ import annotations

import os
import random
import re
import sys
from collections.abc import Iterator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from dateline_eval import FIELDS, load_set, same  # noqa: E402
from scrapers.dateline import parse_dateline  # noqa: E402
from scrapers.dateline.names import known  # noqa: E402

# Invented text put before a real opening: headlines, bylines, page chrome and stamps.
CHROME = [
    "Home News World", "Home | World | Asia", "Latest News", "BREAKING NEWS", "Share this article",
    "Published: 10:42 AM", "Updated 2 hours ago", "Mon, 3 Mar 2025 10:00", " date 2020-01-02 ",
    "By Staff Reporter", "By Maria Lopez and John Smith", "Print Email Font size A+ A-",
    "Government announces new measures to curb rising prices", "Floods leave thousands homeless",
    "PM meets opposition leaders over budget row", "Talks collapse after third round",
    "ECONOMY", "WORLD NEWS", "Politics", "Sport", "Listen to this article 3 min",
    "Advertisement", "Skip to content", "Subscribe Log in", "Photo: file", "Related Stories",
]
SYLLABLES = ["ka", "lo", "ven", "dar", "mi", "tor", "bel", "sun", "gra", "nu", "pol", "ther",
             "an", "ris", "ko", "val", "dun", "mer", "sa", "ti", "brek", "ho", "lin", "zan"]


def _reading(text: str, published: object = None) -> tuple[str, str, str]:
    d = parse_dateline(text, published)
    return d.city, d.agency, d.date


def _labels(r: dict) -> tuple[str, str, str]:
    return tuple(r.get(f) or "" for f in FIELDS)  # type: ignore[return-value]


def _hits(expected: tuple[str, ...], got: tuple[str, ...]) -> bool:
    return all(same(f, e, g) for f, e, g in zip(FIELDS, expected, got))


def made_up_town(rng: random.Random) -> str:
    """A Title Case town name the gazetteer does not know ("Kalovend", "Torbelsun")."""
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        name = name[:1].upper() + name[1:]
        if not known(name) and len(name) >= 5:
            return name


def _printed_city(r: dict) -> tuple[int, str] | None:
    """Where the labelled city is printed in the opening (once, as a whole word), and how."""
    city = r["city"]
    if not city or "/" in city or not city[0].isalpha() or not city.isascii():
        return None
    found = [m for m in re.finditer(r"(?<!\w)" + re.escape(city) + r"(?!\w)", r["text"], re.I)]
    if len(found) != 1:
        return None
    return found[0].start(), found[0].group()


def _printed_rows(rows: list[dict]) -> Iterator[tuple[dict, int, str]]:
    """(row, where its city is printed, as printed) for the rows whose city can be swapped in place."""
    for r in rows:
        where = _printed_city(r)
        if where is not None:
            yield r, *where


def probe_chrome(rows: list[dict], rng: random.Random) -> tuple[int, int, list]:
    ok = n = 0
    fails = []
    for r in rows:
        base = _reading(r["text"])
        if not _hits(_labels(r), base):
            continue  # only openings read right as they are
        for pre in rng.sample(CHROME, 4):
            text = pre + " " + r["text"].lstrip()
            got = _reading(text)
            n += 1
            if got == base:
                ok += 1
            else:
                fails.append((text, base, got))
    return ok, n, fails


def probe_case(rows: list[dict], rng: random.Random) -> tuple[int, int, list]:
    ok = n = 0
    fails = []
    for r, pos, printed in _printed_rows(rows):
        swapped = printed.title() if printed.isupper() else printed.upper()
        if swapped == printed:
            continue
        text = r["text"][:pos] + swapped + r["text"][pos + len(printed):]
        got = _reading(text)
        n += 1
        if same("city", r["city"], got[0]):
            ok += 1
        else:
            fails.append((text, r["city"], got))
    return ok, n, fails


def probe_towns(rows: list[dict], rng: random.Random, per_row: int = 3) -> tuple[int, int, list]:
    ok = n = 0
    fails = []
    for r, pos, printed in _printed_rows(rows):
        for _ in range(per_row):
            town = made_up_town(rng)
            shown = town.upper() if printed.isupper() and len(printed) > 1 else town
            text = r["text"][:pos] + shown + r["text"][pos + len(printed):]
            expected = (town, r["agency"] or "", r["date"] or "")
            got = _reading(text)
            n += 1
            if _hits(expected, got):
                ok += 1
            else:
                fails.append((text, expected, got))
    return ok, n, fails


def probe_stripped(rows: list[dict], rng: random.Random) -> tuple[int, int, list]:
    quiet = n = 0
    fails = []
    for r in rows:
        d = parse_dateline(r["text"])
        if not d.end:
            continue
        body = r["text"][d.end:].lstrip(" -–—:.,")
        if len(body) < 40:
            continue
        got = _reading(body)
        n += 1
        if not any(got):
            quiet += 1
        else:
            fails.append((body, ("", "", ""), got))
    return quiet, n, fails


def main(argv: list[str]) -> int:
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 10
    show = argv[argv.index("-v") + 1] if "-v" in argv else ""
    tune = load_set("tune")
    dated = [r for r in tune if any(_labels(r))]
    empty = [r for r in tune if not any(_labels(r))]
    probes = [
        ("chrome", "prefixed datelined openings read the same", lambda g: probe_chrome(dated, g)),
        ("chrome0", "prefixed no-dateline openings read nothing", lambda g: probe_chrome(empty, g)),
        ("case", "city case swapped, same city", lambda g: probe_case(dated, g)),
        ("towns", "made-up towns read whole (city, agency, date)", lambda g: probe_towns(dated, g)),
        ("stripped", "story bodies without their dateline read nothing",
         lambda g: probe_stripped(tune + load_set("silver"), g)),
    ]
    for name, what, run in probes:
        ok, n, fails = run(random.Random(f"{seed}-{name}"))
        print(f"{name:9} {ok:5}/{n:<5} {ok / max(n, 1):.3f}  {what}")
        if show == name:
            for text, exp, got in fails:
                print(f"    {text[:200]!r}\n        expected {exp}  got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
