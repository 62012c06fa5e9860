"""Dateline parser throughput: openings per second on one core.

    python bench/dateline_speed.py [FILE.jsonl] [--seconds N] [--pad] [--no-cache]

Cycles through the openings of the dev set (or FILE) for about N seconds
(default 3) of CPU time in a single process and prints openings/s.
Target: >= 50,000/s.  --pad appends ~450 characters of story prose to each
opening, to time the parser on full-length openings (it reads ~420 chars).
--no-cache replaces the memoised functions (date resolution, gazetteer and
bracketed-credit lookups, city formatting) with the plain ones: the benchmark cycles through a
few hundred openings, so the caches hit far more often than on a real feed.
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from scrapers.dateline import parse_dateline  # noqa: E402
from scrapers.dateline import gazetteer  # noqa: E402

PAD = (" The minister told reporters on Monday that the government would continue to support"
       " the plan, which was approved by parliament last year after months of debate, and that"
       " further measures (including new taxes) would follow - officials said.") * 2
DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "dateline_dev.jsonl")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seconds = 3.0
    if "--seconds" in sys.argv:
        seconds = float(sys.argv[sys.argv.index("--seconds") + 1])
        args = [a for a in args if a != sys.argv[sys.argv.index("--seconds") + 1]]
    path = args[0] if args else DEFAULT
    cases = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                pub = datetime.fromisoformat(r["published"]) if r.get("published") else None
                text = r["text"] + (PAD if "--pad" in sys.argv else "")
                cases.append((text, pub))
    if "--no-cache" in sys.argv:
        from scrapers.dateline import parser, resolve
        resolve._ymd = resolve._ymd.__wrapped__
        resolve._resolve = resolve._resolve.__wrapped__
        gazetteer.known_place = gazetteer.known_place.__wrapped__
        gazetteer.is_country = gazetteer.is_country.__wrapped__
        parser._known_name = parser._known_name.__wrapped__
        parser._paren_credit = parser._paren_credit.__wrapped__
        parser._format_words = parser._format_words.__wrapped__
    gazetteer.known_place("warm-up")  # load the optional gazetteer outside the timing
    for t, p in cases:
        parse_dateline(t, p)
    n = 0
    t0 = time.process_time()
    deadline = t0 + seconds
    while True:
        for t, p in cases:
            parse_dateline(t, p)
        n += len(cases)
        if time.process_time() >= deadline:
            break
    el = time.process_time() - t0
    print(f"{n} openings in {el:.2f}s CPU: {n / el:,.0f} openings/s on one core "
          f"({len(cases)} distinct openings, mean length {sum(len(t) for t, _ in cases) / len(cases):.0f} chars"
          f"{', caches off' if '--no-cache' in sys.argv else ''})")


if __name__ == "__main__":
    main()
