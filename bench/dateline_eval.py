"""Per-field accuracy of the dateline parser over a labelled set.

    python bench/dateline_eval.py [FILE.jsonl|FILE.tsv] [-v]

Each case has text, city, agency, date and optionally published (ISO) and
resolved (ISO date).  TSV files need a header row with those column names;
`\\n` in a TSV text cell stands for a newline.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter, defaultdict
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from scrapers.dateline import parse_dateline  # noqa: E402

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "dateline_dev.jsonl")


def load(path: str) -> list[dict]:
    rows = []
    if path.endswith(".tsv"):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                r["text"] = (r.get("text") or "").replace("\\n", "\n")
                rows.append(r)
    else:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
    return rows


def _pub(s):
    if not s:
        return None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        return None


def evaluate(rows, verbose=False):
    n = len(rows)
    ok = Counter()
    neg = negfalse = 0
    res_n = res_ok = 0
    by_lang = defaultdict(lambda: [0, 0])
    fails = []
    for r in rows:
        d = parse_dateline(r["text"], _pub(r.get("published")))
        exp = (r.get("city") or "", r.get("agency") or "", r.get("date") or "")
        got = (d.city, d.agency, d.date)
        for i, k in enumerate(("city", "agency", "date")):
            ok[k] += exp[i] == got[i]
        allok = exp == got
        ok["all"] += allok
        lang = r.get("lang", "?")
        by_lang[lang][0] += 1
        by_lang[lang][1] += allok
        if not any(exp):
            neg += 1
            if any(got):
                negfalse += 1
        if r.get("resolved"):
            res_n += 1
            res_ok += str(d.resolved) == r["resolved"]
        if not allok:
            fails.append((r, got))
    print(f"cases: {n}  (no-dateline: {neg})")
    for k in ("city", "agency", "date", "all"):
        print(f"{k + ' correct:':16}{ok[k] / n:7.1%}  ({ok[k]}/{n})")
    if neg:
        print(f"{'false datelines:':16}{negfalse / neg:7.1%}  ({negfalse}/{neg} no-dateline cases given a field)")
    if res_n:
        print(f"{'resolved date:':16}{res_ok / res_n:7.1%}  ({res_ok}/{res_n})")
    print("all-three by language: " + ", ".join(
        f"{k} {v[1]}/{v[0]}" for k, v in sorted(by_lang.items())))
    if verbose:
        for r, got in fails:
            print("-" * 60)
            print(repr(r["text"][:160]))
            print("  expected:", (r.get("city"), r.get("agency"), r.get("date")), " got:", got)
    return ok, n


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    evaluate(load(args[0] if args else DEFAULT), verbose="-v" in sys.argv)
