"""Dateline parser throughput: openings per second on one core.

    python bench/dateline_speed.py [SET|FILE] [--seconds N] [--runs R] [--pad] [--full] [--pure|--both]

Cycles through the openings of the dev set (or of SET: dev, blind, tune, silver, as in
bench/dateline_eval.py; or of a .jsonl/.tsv FILE) for about N seconds (default 2) of CPU
time, R times (default 3), in a single process, and prints min/median/max openings/s, the
cost of one parse in units of a reference measured in the same run (a regex word scan of the
opening: the machine is shared, so absolute figures swing) and the ratio to the target
(20,000/s per core, issue 10).  The parser's word caches (known places, credits) are
cleared before every pass over the set, so repeating openings does not flatter it.  --pad appends ~450 characters of story prose to each opening;
--full turns the fast path off (scrapers/dateline/fast.py), to compare with the full ranker.
The parser measured is scrapers.dateline.parse_dateline: the compiled build when one exists
(scrapers/dateline/native.py), else the parser as written; --pure measures the parser as
written, --both alternates the two in the same run and prints their ratio per round.
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from dateline_eval import load_set  # noqa: E402

if "--pure" in sys.argv:
    os.environ["WIREFEED_DATELINE_NATIVE"] = "0"
import scrapers.dateline as package  # noqa: E402
from scrapers.dateline import parser as written  # noqa: E402

TARGET = 20_000
WORDS = re.compile(r"\w+")
PAD = (" The minister told reporters on Monday that the government would continue to support"
       " the plan, which was approved by parliament last year after months of debate, and that"
       " further measures (including new taxes) would follow - officials said.") * 2


def _arg(name: str, default: float) -> float:
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main() -> None:
    values = {sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a in ("--seconds", "--runs")}
    args = [a for a in sys.argv[1:] if not a.startswith("--") and a not in values]
    seconds, runs = _arg("--seconds", 2.0), int(_arg("--runs", 3))
    rows = load_set(args[0] if args else "dev")
    cases = [(r["text"] + (PAD if "--pad" in sys.argv else ""),
              datetime.fromisoformat(r["published"]) if r.get("published") else None) for r in rows]
    kinds = {"compiled" if package.COMPILED else "as written": package}
    if "--both" in sys.argv and package.COMPILED:
        kinds = {"as written": written, "compiled": package}
    fast = "--full" not in sys.argv
    rates: dict[str, list[float]] = {k: [] for k in kinds}
    refs = []
    for mod in kinds.values():
        mod.parse_dateline("PARIS, May 5 (AFP) - Warm-up.")  # load the gazetteer outside the timing
    for _ in range(runs):
        for name, mod in kinds.items():
            rates[name].append(_rate(mod, lambda t, p, m=mod: m.parse_dateline(t, p, fast=fast), cases, seconds))
        refs.append(_rate(None, lambda t, p: WORDS.findall(t[:640]), cases, seconds / 4))
    ref = statistics.median(refs)
    for name, got in rates.items():
        med = statistics.median(got)
        print(f"{name}: openings/s on one core: min {min(got):,.0f}  median {med:,.0f}  max {max(got):,.0f}"
              f"  ({len(cases)} openings, mean {sum(len(t) for t, _ in cases) / len(cases):.0f} chars)")
        print(f"  one parse costs {ref / med:.1f} word scans (a regex word scan of each opening, measured in"
              f" the same run: {ref:,.0f}/s); median / target {TARGET:,}: {med / TARGET:.2f}")
    if len(rates) == 2:
        per_round = sorted(c / w for w, c in zip(*rates.values()))
        print(f"compiled / as written, per round: min {per_round[0]:.2f}  median {statistics.median(per_round):.2f}"
              f"  max {per_round[-1]:.2f}")


def _rate(mod, fn, cases, seconds: float) -> float:
    """Calls of fn per CPU second, cycling through the cases for about `seconds`."""
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < seconds:
        if mod is not None:
            mod.clear_caches()  # every pass starts cold
        for t, p in cases:
            fn(t, p)
        n += len(cases)
    return n / (time.process_time() - t0)


if __name__ == "__main__":
    main()
