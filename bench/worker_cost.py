"""CPU per story of what a replay worker runs (`parallel.parse_job`: parse, normalise, content hash),
on store_bench's payloads, in this one process: for a feed declaring `en` and one declaring nothing.

    .venv/bin/python bench/worker_cost.py [--stories 5000] [--runs 5] [--profile declared|undeclared]

CPU time (not wall time) of the process, min / median / max over the runs, with `uptime` printed:
on a shared machine CPU time moves far less with the load than rates do. `--profile` prints the
cProfile functions by cumulative and by own time for one feed (the py-spy view:
`.venv/bin/py-spy record -o out.svg -- .venv/bin/python bench/worker_cost.py`).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scrapers.parallel import _warm, parse_job  # noqa: E402
from store_bench import build_payload, cpu_seconds, sample_items  # noqa: E402


def per_story(payloads: list[bytes], language: str, n: int) -> float:
    """CPU milliseconds per story of parse_job over every payload."""
    c = cpu_seconds()
    for p in payloads:
        parse_job(p, "http://bench.invalid/rss", language, "")
    return (cpu_seconds() - c) / n * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=5000)
    ap.add_argument("--per-payload", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", choices=("declared", "undeclared"))
    args = ap.parse_args()
    rng = random.Random(7)
    items = sample_items()
    payloads = [build_payload(min(args.per_payload, args.stories - s), s, items, rng)
                for s in range(0, args.stories, args.per_payload)]
    _warm()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    feeds = {"declared": "en", "undeclared": ""}
    if args.profile:
        language = feeds[args.profile]
        per_story(payloads, language, args.stories)
        prof = cProfile.Profile()
        prof.enable()
        per_story(payloads, language, args.stories)
        prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(30)
        return
    for label, language in feeds.items():
        per_story(payloads, language, args.stories)  # warm caches
        ms = sorted(per_story(payloads, language, args.stories) for _ in range(args.runs))
        print(f"{label:<10} parse + normalise CPU per story: {ms[0]:.3f} / {statistics.median(ms):.3f} / "
              f"{ms[-1]:.3f} ms (min / median / max of {args.runs}, {args.stories} stories)")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
