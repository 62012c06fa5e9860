"""Month and weekday names of the dateline tables against CLDR (Babel), and the generator of
the names CLDR adds (`scrapers/dateline/months_cldr.py`).

    python bench/months_cldr.py              # coverage of the tables, per language
    python bench/months_cldr.py -v           # also list every missing name
    python bench/months_cldr.py --all        # the same for the whole table (hand and generated)
    python bench/months_cldr.py --write      # regenerate scrapers/dateline/months_cldr.py

Held-out sets hold languages and outlets nobody here has labelled rows for; what carries over
to them is the data.  CLDR (shipped by Babel, pinned in requirements.txt) has every locale's
month names in the format (genitive: "5 марта") and stand-alone (nominative: "март") contexts,
wide and abbreviated, and its weekday names.  The coverage report compares the hand table
(`months.HAND_MONTHS`, i.e. without the generated names) with them; `--write` writes the names
it lacks into the generated module, minus those that are not safe as dateline words:
  - a name of one or two letters, or with a digit unless it is a word and the month's number
    ("tháng 3", Vietnamese: the months are numbered);
  - an abbreviation of three letters that is an ordinary word somewhere (`NOT_MONTHS`), or of
    three ASCII letters (`ASCII_ABBREVIATIONS_KEPT` excepted);
  - a name another language's table gives another month (Croatian "listopad" is October,
    Czech and Polish November: the hand table's reading stays, the new one is left out);
  - a name the gazetteer knows as a place, or an abbreviation or weekday that is the last word
    of one ("Santo Domingo": a weekday before a date is read as part of the date).
Chinese, Japanese and Korean number their months ("3月", "3월"): the date pattern reads those.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import babel.localedata  # noqa: E402
from babel.dates import get_day_names as _day_names, get_month_names as _month_names  # noqa: E402


def get_month_names(width: str, context: str, lang: str) -> dict[int, str]:
    """Babel's month names, read afresh: Babel 2.18 resolves a locale's stand-alone alias into
    data it shares between locales, so the stand-alone names of every locale read after the
    first are that first locale's ("yan" for Italian).  Clearing its data cache avoids it."""
    babel.localedata._cache.clear()
    return dict(_month_names(width, context, lang))


def get_day_names(width: str, context: str, lang: str) -> dict[int, str]:
    babel.localedata._cache.clear()
    return dict(_day_names(width, context, lang))

# The languages of the world's wire services: real_dev.tsv's 23, those of the hand table, and
# the national agencies' languages of Europe, Africa, Asia and the Americas (CLDR locale ids;
# "sr" is Cyrillic, "sr_Latn" Latin; "no" is read as Bokmål, "nb").
REAL_DEV = "en ru es de id zh ar ja ko pl bn cs hr sl tr bg fr pt sr sv hu ms sk".split()
WIRE = """bg mk da nb et lt lv az uz kk ky mn fa ur ps vi sw ha am so fil ms id is ga mt sq bs
sr_Latn ne si my km lo ta te ml kn mr gu pa it nl uk he hy el fi ro ca th be ka hi tk tg af eu gl
cy lb rw yo ig zu mg bs_Cyrl uz_Cyrl az_Cyrl""".split()
LANGUAGES = list(dict.fromkeys(REAL_DEV + WIRE))
# Weekday names are generated for the languages whose press prints one before a dateline's
# date ("lunes 5 de marzo", "segunda-feira, 5 de março", "lundi 5 mars", "lunedì 5 marzo",
# "Montag, 5. März"; English's are in months.py): every weekday name is tried wherever a date
# may start, and those of all 86 languages (510 names) cost 11% more instructions a parse on
# Reuters silver (bench/dateline_instructions.py) for no reading on any set.
WEEKDAY_LANGUAGES = ["es", "pt", "fr", "it", "de"]
NUMBERED = frozenset({"zh", "ja", "ko"})  # "3月", "3월": read by the date pattern (dates.CJK)
CONTEXTS = [(w, c) for c in ("format", "stand-alone") for w in ("wide", "abbreviated")]

# Three-letter abbreviations in ASCII letters are ordinary words or acronyms too often
# ("sat", "few", "gas", "avg", "sen", "jon", "fra"): as a date's month they would turn
# "avg 5" or "Jon 5" into dates.  They are left out but for these, which no language here
# uses as a word (Polish "cze", Azerbaijani "iyn", Albanian "qer", ...).
ASCII_ABBREVIATIONS_KEPT = frozenset("cze dek noy iyn iyl avq dhj shk sht qer".split())
# Other abbreviations that are ordinary words (Turkish "ara", "kas"; Polish "lut", "sie";
# Czech "led", "pro"; Croatian "tra", "svi"; "нов" is "new" in the South Slavic languages).
NOT_MONTHS = frozenset("""
ara eki kas tem haz nis oca eyl may mai mar set dec led lis sie lut kwi lip wrz gru maj sty paź
sij tra svi lip srp kol ruj pro stu vel ožu juil dub kvě čvc srp zář říj pro lis úno нов
""".split())

GENERATED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scrapers", "dateline", "months_cldr.py")


def norm(name: str) -> str:
    """A CLDR name as the table keys it: NFC, lower case, without a trailing point."""
    return unicodedata.normalize("NFC", name).strip().rstrip(".").lower()


def cldr_months(lang: str) -> dict[str, set[int]]:
    """Every month name of a language, in the four contexts, with the months it names."""
    out: dict[str, set[int]] = {}
    for width, context in CONTEXTS:
        for n, name in get_month_names(width, context, lang).items():
            out.setdefault(norm(name), set()).add(n)
    return out


def wide_names(lang: str) -> set[str]:
    """A language's full month names (either context): the others are abbreviations."""
    return {norm(x) for c in ("format", "stand-alone") for x in get_month_names("wide", c, lang).values()}


def cldr_weekdays(lang: str) -> set[str]:
    """A language's wide weekday names (abbreviations are ordinary words too often: "mar",
    "mer", "sab", "dom"); generated for WEEKDAY_LANGUAGES, reported for all."""
    return {norm(d) for c in ("format", "stand-alone") for d in get_day_names("wide", c, lang).values()}


def safe(name: str, months: set[int], known_place, place_ends: set[str], wide: bool) -> str | None:
    """Why a CLDR month name is not written into the table (None: it is written)."""
    letters = [c for c in name if c.isalpha() or unicodedata.category(c)[0] == "M"]
    if len(letters) < (2 if "." in name else 3):  # Thai and Lao abbreviate with points: "ມ.ກ"
        return "short"
    if any(c.isdigit() for c in name):
        word, _, num = name.rpartition(" ")
        if not (word.isalpha() and num.isdigit() and {int(num)} == months):
            return "digits"
    if len(months) > 1:
        return "two months"
    if name in NOT_MONTHS or (len(name) == 3 and name.isascii() and name not in ASCII_ABBREVIATIONS_KEPT):
        return "a word"
    return place(name, known_place, set() if wide else place_ends)


def place(name: str, known_place, place_ends: set[str]) -> str | None:
    """A name that is a place, or the last word of one ("Santo Domingo", "Pasir Mas"): read as
    a date's month or weekday, it would take the place's last word into the date."""
    if known_place(name.title()) or known_place(name):
        return "a place"
    return "ends a place" if name in place_ends else None


def place_ends() -> set[str]:
    """The last words of the gazetteer's places of several words."""
    from scrapers.dateline import gazetteer
    return {p.rsplit(" ", 1)[1] for p in gazetteer._load() if " " in p}


def generated(hand: dict[str, int], weekdays: set[str], known_place, ends: set[str]) -> tuple[dict, set[str], list[str], dict]:
    """The month names CLDR adds (per language, per month), those of them that are only
    abbreviations, the weekday names it adds, and the names left out (by reason)."""
    every: dict[str, set[int]] = {}
    per_lang = {lang: cldr_months(lang) for lang in LANGUAGES if lang not in NUMBERED}
    wide = set().union(*(wide_names(lang) for lang in per_lang))
    for names in per_lang.values():
        for name, ms in names.items():
            every.setdefault(name, set()).update(ms)
    added: dict[str, list[list[str]]] = {}
    left: dict[str, list[str]] = {}
    seen: set[str] = set(hand)
    for lang, names in per_lang.items():
        rows: list[list[str]] = [[] for _ in range(12)]
        for name, ms in sorted(names.items(), key=lambda kv: (min(kv[1]), kv[0])):
            if name in seen:
                continue
            months = every[name] | ({hand[name]} if name in hand else set())
            why = safe(name, months, known_place, ends, name in wide)
            if why:
                left.setdefault(why, []).append(f"{name}({lang}:{','.join(map(str, sorted(months)))})")
                continue
            seen.add(name)
            rows[min(ms) - 1].append(name)
        if any(rows):
            added[lang] = rows
    abbreviations = {n for rows in added.values() for row in rows for n in row if n not in wide}
    days: list[str] = []
    for lang in WEEKDAY_LANGUAGES:
        for d in sorted(cldr_weekdays(lang)):
            if d in weekdays or d in days:
                continue
            why = "short" if len(d) < 4 else "a month" if d in every or d in hand else place(d, known_place, ends)
            if why:
                left.setdefault("weekday: " + why, []).append(f"{d}({lang})")
                continue
            days.append(d)
    return added, abbreviations, days, left


def _wrapped(items: list[str], indent: str) -> list[str]:
    """Quoted items, comma-separated, in lines of at most ~110 characters."""
    lines, cur = [], indent
    for it in items:
        if len(cur) + len(it) > 108 and cur.strip():
            lines.append(cur.rstrip())
            cur = indent
        cur += it + ", "
    lines.append(cur.rstrip())
    return lines


def write(added: dict[str, list[list[str]]], abbreviations: set[str], days: list[str]) -> None:
    lines = ['"""Month and weekday names that CLDR has and the hand table (months.py) lacks.',
             "",
             "GENERATED by `bench/months_cldr.py --write` from Babel's CLDR data (the version pinned in",
             "requirements.txt): do not edit.  Add names by hand to months.py, rules to the generator.",
             '"""', "from __future__ import annotations", "", "from typing import Final", "",
             "# Per language (CLDR locale id), the names of months 1-12.",
             "CLDR_MONTHS: Final[dict[str, list[list[str]]]] = {"]
    for lang, rows in added.items():
        items = ["[" + ", ".join(f'"{n}"' for n in row) + "]" for row in rows]
        body = _wrapped(items, "        ")
        lines.append(f'    "{lang}": [')
        lines += body
        lines.append("    ],")
    lines.append("}")
    lines.append("# Those names that are only abbreviations in CLDR (a point after one is kept: \"5 thg.\").")
    lines.append("CLDR_ABBREVIATIONS: Final = frozenset({")
    lines += _wrapped([f'"{n}"' for n in sorted(abbreviations)], "    ")
    lines.append("})")
    lines.append("# Wide weekday names (\"lundi 5 mars\", \"Montag, 5. März\").")
    lines.append("CLDR_WEEKDAYS: Final = [")
    lines += _wrapped([f'"{d}"' for d in days], "    ")
    lines.append("]")
    with open(GENERATED, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def report(hand: dict[str, int], weekdays: set[str], verbose: bool, table: str = "the hand table") -> None:
    """Per language: month names CLDR has, how many the hand table lacks, how many it gives
    another month, and the wide weekday names it lacks."""
    tot_names = tot_missing = 0
    print(f"{'lang':9} {'names':>5} {'missing':>7} {'wrong':>5} {'wd miss':>7}  missing full names")
    for lang in LANGUAGES:
        if lang in NUMBERED:
            print(f"{lang:9} numbered months (3月, 3월): dates.CJK")
            continue
        names = cldr_months(lang)
        missing = sorted((n for n in names if n not in hand), key=lambda n: min(names[n]))
        wrong = sorted(n for n in names if n in hand and hand[n] not in names[n])
        wd = sorted(cldr_weekdays(lang) - weekdays)
        tot_names += len(names)
        tot_missing += len(missing)
        wide = wide_names(lang)
        miss_wide = [n for n in missing if n in wide]
        print(f"{lang:9} {len(names):5} {len(missing):7} {len(wrong):5} {len(wd):7}  "
              + " ".join(miss_wide[:8]) + (" …" if len(miss_wide) > 8 else ""))
        if verbose:
            if missing:
                print("          missing:", " ".join(f"{n}={min(names[n])}" for n in missing))
            if wrong:
                print("          other month in the table:", " ".join(f"{n}={hand[n]}" for n in wrong))
    print(f"total: {tot_names} CLDR month names in {len(LANGUAGES) - len(NUMBERED)} languages, "
          f"{tot_missing} not in {table} ({tot_missing / tot_names:.0%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", action="store_true", help="list every missing name")
    ap.add_argument("--write", action="store_true", help="regenerate scrapers/dateline/months_cldr.py")
    ap.add_argument("--all", action="store_true", help="compare the whole table (hand and generated)")
    args = ap.parse_args()
    from scrapers.dateline import months
    hand = months.MONTHS if args.all else getattr(months, "HAND_MONTHS", months.MONTHS)
    if args.write:
        from scrapers.dateline.gazetteer import known_place
        added, abbreviations, days, left = generated(months.HAND_MONTHS, set(months.HAND_WEEKDAYS), known_place,
                                                    place_ends())
        write(added, abbreviations, days)
        print(f"wrote {sum(len(r) for rows in added.values() for r in rows)} month names of {len(added)} "
              f"languages ({len(abbreviations)} abbreviations) and {len(days)} weekday names")
        for why, names in left.items():
            print(f"left out ({why}, {len(names)}):", " ".join(names))
        return
    days = months.WEEKDAYS if args.all else getattr(months, "HAND_WEEKDAYS", months.WEEKDAYS)
    report(hand, {w.lower() for w in days}, args.v, "the table" if args.all else "the hand table")


if __name__ == "__main__":
    main()
