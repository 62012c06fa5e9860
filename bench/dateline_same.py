"""Digests of the dateline parser's readings, to show that a speed change reads nothing differently.

    python bench/dateline_same.py [--out FILE]      # one line per input group and parser kind
    diff <(python bench/dateline_same.py) <(cd ../main && python bench/dateline_same.py)

For every group of inputs it prints a digest of (city, agency, date, resolved date, end) of each
opening, read four ways: compiled (when a current build exists) and as written, each with and
without the fast path.  Compiled and as written must agree (the exit status is 1 when they do
not); every digest must equal the code before's (compare the output).  With and without the fast
path agree on the sets and probe inputs; on edited openings they differ where two openings run
together (the fast path reads the first opening's dateline, the ranker the second's): that is
the code as it is, printed, not a failure.  Only digests are printed, never readings: the
check parts (`check`, `fresh-check`) stay unread.  Groups: every set of bench/dateline_eval.py;
the inputs of bench/dateline_probe.py's probes (seeded as there); and edited openings (seeded):
cut at a random point, prefixed with another opening, case-swapped, markup inserted, two run
together.
"""
from __future__ import annotations

import hashlib
import os
import random
import sys
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import scrapers.dateline as package  # noqa: E402
from scrapers.dateline import parser as written  # noqa: E402
from dateline_eval import SETS, _pub, load_set  # noqa: E402
import dateline_probe as probe  # noqa: E402

MARKUP = ("<b>", "</b>", "<a href=\"/x\">", "</a>", "&amp;", "&nbsp;", "<br/>", "\n", "<i>", "&lt;X&gt;")


def _probe_inputs(rows: list[dict], seed: int = 10) -> list[str]:
    """The openings the robustness probes read (their edits, seeded as dateline_probe.py does)."""
    rng = random.Random(f"{seed}-inputs")
    out = []
    for r in rows:
        out += [pre + " " + r["text"].lstrip() for pre in rng.sample(probe.CHROME, 4)]
        where = probe._printed_city(r)
        if where:
            pos, printed = where
            swapped = printed.title() if printed.isupper() else printed.upper()
            out.append(r["text"][:pos] + swapped + r["text"][pos + len(printed):])
            for _ in range(3):
                town = probe.made_up_town(rng)
                shown = town.upper() if printed.isupper() and len(printed) > 1 else town
                out.append(r["text"][:pos] + shown + r["text"][pos + len(printed):])
        d = written.parse_dateline(r["text"])
        if d.end:
            out.append(r["text"][d.end:].lstrip(" -–—:.,"))
    return out


def _edited(rows: list[dict], seed: int = 10) -> list[str]:
    """Openings cut, prefixed, case-swapped, with markup inserted, and run together."""
    rng = random.Random(seed)
    texts = [r["text"] for r in rows if r["text"]]
    out = []
    for t in texts:
        other = rng.choice(texts)
        cut = rng.randrange(len(t))
        out += [t[:cut], t[cut:], other[:rng.randrange(1, 200)] + " " + t, t.swapcase(), t.upper(), t.lower(),
                t + other, t[:cut] + " " + other]
        marked = t
        for _ in range(3):
            p = rng.randrange(len(marked) + 1)
            marked = marked[:p] + rng.choice(MARKUP) + marked[p:]
        out.append(marked)
    return out


def _digest(parse, cases: list[tuple[str, datetime | None]], fast: bool) -> str:
    h = hashlib.sha256()
    for text, pub in cases:
        d = parse(text, pub, fast=fast)
        h.update(repr((d.city, d.agency, d.date, d.resolved, d.end)).encode() + b"\0")
    return h.hexdigest()[:16]


def main(argv: list[str]) -> int:
    groups: dict[str, list[tuple[str, datetime | None]]] = {}
    for name in SETS:
        groups[name] = [(r["text"], _pub(r)) for r in load_set(name)]
    tune, silver, dev = load_set("tune"), load_set("silver"), load_set("dev")
    groups["probe-inputs"] = [(t, None) for t in _probe_inputs(tune + silver)]
    groups["edited"] = [(t, None) for t in _edited(tune + silver + dev + load_set("blind"))]
    kinds = {"written": written.parse_dateline}
    if package.COMPILED:
        kinds["compiled"] = package.parse_dateline
    lines, bad = [], 0
    for name, cases in groups.items():
        got = {f"{k}{'' if fast else '-full'}": _digest(fn, cases, fast) for k, fn in kinds.items() for fast in (True, False)}
        fast_full = {v for k, v in got.items() if not k.endswith("-full")}, {v for k, v in got.items() if k.endswith("-full")}
        bad += len(fast_full[0]) > 1 or len(fast_full[1]) > 1
        lines.append(f"{name:16} n={len(cases):6}  " + " ".join(f"{k}={v}" for k, v in got.items())
                     + ("" if len(set(got.values())) == 1 else "  (kinds differ)"))
    text = "\n".join(lines) + f"\nkinds: {', '.join(kinds)}\n"
    print(text, end="")
    if "--out" in argv:
        with open(argv[argv.index("--out") + 1], "w", encoding="utf-8") as f:
            f.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
