"""Per-field accuracy of the dateline parser on every labelled set.

    python bench/dateline_eval.py            # all sets, scores only
    python bench/dateline_eval.py -v SET     # also list the failures of SET (not of `check`)
    python bench/dateline_eval.py FILE       # one .jsonl or .tsv file

Sets: `dev` and `blind` (openings we wrote: they must pass but prove nothing), `tune` and
`check` (real_dev.tsv split by row number: rows 3, 6, 9, ... are the untouched check part, of
which only aggregate scores are ever printed), `fresh` and `fresh-check` (corpus_fresh.tsv, split
the same way; `fresh-new` and `fresh-check-new` are their rows that share no text with
dateline_dev.jsonl, which already quotes some corpus files), `pkg` and `pkg-check`
(package_pages.tsv: pages that registry packages ship as test data, split the same way; `pkg2`
and `pkg2-check` the same for package_pages2.tsv, mostly German and French web pages), `zh`
and `zh-check` (zh_press.tsv: Chinese newspaper and web news openings, dense in datelines, split
the same way), `feeds` and `feeds-check` (chardet_feeds.tsv: real 2005-2008 feeds and pages
in some 20 languages that chardet ships as test data, nearly all without a dateline: a
false-positive check in languages the other sets lack; split the same way), `gne` and
`gne-check` (gne_pages.tsv: Chinese news portal pages that gne ships as test data, page chrome,
stamps and a few outlet credits; split the same way), `silver` (machine-labelled Reuters-21578).
Scoring as real_dev's README suggests: city compared case-insensitively after squeezing
whitespace, agency case-insensitively, date exactly after squeezing whitespace; rows with all
three labels empty are also counted as a false-positive check.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from scrapers.dateline import parse_dateline  # noqa: E402

TESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests")
REAL = os.path.join(TESTS, "fixtures", "datelines", "real_dev.tsv")
SILVER = os.path.join(TESTS, "fixtures", "datelines", "reuters21578_silver.tsv")
FRESH = os.path.join(TESTS, "fixtures", "datelines", "corpus_fresh.tsv")
PKG = os.path.join(TESTS, "fixtures", "datelines", "package_pages.tsv")
PKG2 = os.path.join(TESTS, "fixtures", "datelines", "package_pages2.tsv")
ZH = os.path.join(TESTS, "fixtures", "datelines", "zh_press.tsv")
FEEDS = os.path.join(TESTS, "fixtures", "datelines", "chardet_feeds.tsv")
GNE = os.path.join(TESTS, "fixtures", "datelines", "gne_pages.tsv")
SETS = ("dev", "blind", "tune", "check", "fresh", "fresh-check", "fresh-new", "fresh-check-new",
        "pkg", "pkg-check", "pkg2", "pkg2-check", "zh", "zh-check", "feeds", "feeds-check", "gne", "gne-check", "silver")
FIELDS = ("city", "agency", "date")


def load_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_tsv(path: str) -> list[dict]:
    """Rows of a corpus TSV (opening, city, agency, date, source); row numbers from 1."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        head = next(reader)
        rows = []
        for n, cells in enumerate(reader, 1):
            r = dict(zip(head, cells))
            r["text"] = r.pop("opening", r.get("text", ""))
            r["row"] = n
            rows.append(r)
    return rows


def real_part(part: str, path: str = REAL) -> list[dict]:
    """`tune` (row number not a multiple of 3) or `check` (multiple of 3) rows of a real set."""
    rows = load_tsv(path)
    return [r for r in rows if (r["row"] % 3 == 0) == (part == "check")]


def _windows(text: str, size: int = 60) -> set[str]:
    s = " ".join(text.split()).casefold()
    return {s[i:i + size] for i in range(max(len(s) - size + 1, 1))}


def not_in_dev(rows: list[dict]) -> list[dict]:
    """The rows that share no 60-character window with dateline_dev.jsonl (text we tuned on)."""
    dev: set[str] = set().union(*(_windows(r["text"]) for r in load_set("dev")))
    return [r for r in rows if not _windows(r["text"]) & dev]


def load_set(name: str) -> list[dict]:
    if name in ("tune", "check"):
        return real_part(name)
    if name.startswith("fresh"):
        rows = real_part("check" if "check" in name else "tune", FRESH)
        return not_in_dev(rows) if name.endswith("-new") else rows
    if name.startswith("pkg"):
        return real_part("check" if "check" in name else "tune", PKG2 if name.startswith("pkg2") else PKG)
    if name in ("zh", "zh-check"):
        return real_part("check" if "check" in name else "tune", ZH)
    if name in ("feeds", "feeds-check"):
        return real_part("check" if "check" in name else "tune", FEEDS)
    if name in ("gne", "gne-check"):
        return real_part("check" if "check" in name else "tune", GNE)
    if name == "silver":
        return load_tsv(SILVER)
    if name in ("dev", "blind"):
        return load_jsonl(os.path.join(TESTS, f"dateline_{name}.jsonl"))
    return load_tsv(name) if name.endswith(".tsv") else load_jsonl(name)


def _squeeze(s: str) -> str:
    return " ".join((s or "").split())


def same(field: str, expected: str, got: str) -> bool:
    e, g = _squeeze(expected), _squeeze(got)
    return e == g if field == "date" else e.lower() == g.lower()


def _pub(r: dict):
    try:
        return datetime.fromisoformat(r["published"]) if r.get("published") else None
    except ValueError:
        return None


def score(rows: list[dict]) -> tuple[dict, list]:
    """Counts per field, all three, false datelines; and the failing rows with their answers."""
    c = {"n": len(rows), "city": 0, "agency": 0, "date": 0, "all": 0, "neg": 0, "false": 0}
    fails = []
    for r in rows:
        d = parse_dateline(r["text"], _pub(r))
        got = (d.city, d.agency, d.date)
        hits = [same(f, r.get(f) or "", g) for f, g in zip(FIELDS, got)]
        for f, h in zip(FIELDS, hits):
            c[f] += h
        c["all"] += all(hits)
        if not any(r.get(f) for f in FIELDS):
            c["neg"] += 1
            c["false"] += any(got)
        if not all(hits):
            fails.append((r, got))
    return c, fails


def line(name: str, c: dict) -> str:
    n = max(c["n"], 1)
    cols = "  ".join(f"{k} {c[k] / n:.3f}" for k in ("city", "agency", "date", "all"))
    return f"{name:15} n={c['n']:5}  {cols}  false datelines {c['false']}/{c['neg']}"


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")] or list(SETS)
    for name in names:
        c, fails = score(load_set(name))
        print(line(os.path.basename(name), c))
        if verbose and "check" not in name:  # a check part is never shown row by row
            for r, got in fails:
                exp = tuple(r.get(f) or "" for f in FIELDS)
                print(f"  [{r.get('row', '')}] {r['text'][:230]!r}\n      expected {exp}  got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
