"""CPU per story of what a replay worker runs (`parallel.parse_job`: parse, normalise, content hash),
on store_bench's payloads, in this one process: for a feed declaring `en` and one declaring nothing.

    .venv/bin/python bench/worker_cost.py [--stories 5000] [--runs 5] [--profile declared|undeclared]
    .venv/bin/python bench/worker_cost.py --against /path/to/other/checkout [--runs 16]
    .venv/bin/python bench/worker_cost.py --instructions [--against DIR] [--stories 2000]

CPU time (not wall time) of the process, min / median / max over the runs, with `uptime` printed:
on a shared machine CPU time moves far less with the load than rates do. `--profile` prints the
cProfile functions by cumulative and by own time for one feed (the py-spy view:
`.venv/bin/py-spy record -o out.svg -- .venv/bin/python bench/worker_cost.py`). `--against DIR`
compares this checkout's code with DIR's (e.g. a `git worktree` of main) on the same payloads: one
process each, passes alternating (A B, B A, ...), so both see the same load; it prints each one's
figures and the median of the per-pair ratios (this / DIR); each side runs with its own `.venv`'s
python (cost_runs.python_of), so two checkouts set up with different Pythons compare too. `--instructions` counts instead the
instructions of one warm pass under callgrind (valgrind; ~2-3 min, the imports under valgrind most
of it): the same count at any load, so two checkouts compare without noise (instructions are not
time: C scans and cache misses weigh differently, but a change that removes work shows).
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from cost_runs import callgrind_per_story, cost_arguments, min_median_max, pair_ratios, python_of, uptime  # noqa: E402

FEEDS = {"declared": "en", "undeclared": ""}


def _payloads(stories: int, per_payload: int, code_root: Path) -> tuple[list[bytes], object, object]:
    """(payloads, parse_job, cpu_seconds), with the `scrapers` package of `code_root` (imported
    first, so that store_bench's own imports resolve to it too)."""
    sys.path[:0] = [str(code_root), str(ROOT / "bench")]
    from scrapers.parallel import _warm, parse_job

    from store_bench import build_payload, cpu_seconds, sample_items

    rng = random.Random(7)
    items = sample_items()
    payloads = [build_payload(min(per_payload, stories - s), s, items, rng) for s in range(0, stories, per_payload)]
    _warm()
    return payloads, parse_job, cpu_seconds


def per_story(payloads: list[bytes], language: str, n: int, parse_job, cpu_seconds) -> float:
    """CPU milliseconds per story of parse_job over every payload."""
    c = cpu_seconds()
    for p in payloads:
        parse_job(p, "http://bench.invalid/rss", language, "")
    return (cpu_seconds() - c) / n * 1e3


def serve(args: argparse.Namespace) -> None:
    """--serve: one pass per line read ('en' or '-'), its CPU ms per story written back."""
    payloads, parse_job, cpu_seconds = _payloads(args.stories, args.per_payload, Path(args.serve))
    for language in FEEDS.values():
        per_story(payloads, language, args.stories, parse_job, cpu_seconds)  # warm caches
    print("ready", flush=True)
    for line in sys.stdin:
        language = "" if line.strip() == "-" else line.strip()
        print(per_story(payloads, language, args.stories, parse_job, cpu_seconds), flush=True)


def count(args: argparse.Namespace) -> None:
    """--count: one warm pass inside functools.reduce, the one C function callgrind is told to collect."""
    payloads, parse_job, cpu_seconds = _payloads(args.stories, args.per_payload, Path(args.count))
    language = "" if args.language == "-" else args.language
    per_story(payloads, language, args.stories, parse_job, cpu_seconds)  # warm caches, outside the count
    functools.reduce(lambda _, p: parse_job(p, "http://bench.invalid/rss", language, ""), payloads, None)


def instructions(args: argparse.Namespace) -> None:
    """Instructions per story of one pass, this checkout (and --against's), each feed, 4 valgrinds at once."""
    roots = {"this": ROOT} | ({"other": Path(args.against).resolve()} if args.against else {})
    got = callgrind_per_story({(name, label): [python_of(root), __file__, "--stories", str(args.stories),
                                               "--per-payload", str(args.per_payload), "--count", str(root),
                                               "--language", language or "-"]
                               for name, root in roots.items() for label, language in FEEDS.items()}, args.stories)
    print(f"this: {ROOT}" + (f"  other: {roots['other']}" if args.against else ""))
    for label in FEEDS:
        line = f"{label:<10} instructions per story of one warm pass ({args.stories} stories): this {got['this', label]:,.0f}"
        if args.against:
            line += f", other {got['other', label]:,.0f}; this / other {got['this', label] / got['other', label]:.3f}"
        print(line)


def against(args: argparse.Namespace) -> None:
    """This checkout against another, passes alternating between one process each."""
    other = Path(args.against).resolve()
    cmd = [__file__, "--stories", str(args.stories), "--per-payload", str(args.per_payload), "--serve"]
    procs = {name: subprocess.Popen([python_of(root), *cmd, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for name, root in (("this", ROOT), ("other", other))}
    for p in procs.values():
        assert p.stdout.readline().strip() == "ready"

    def one(name: str, language: str) -> float:
        procs[name].stdin.write((language or "-") + "\n")
        procs[name].stdin.flush()
        return float(procs[name].stdout.readline())

    print(f"this: {ROOT}  other: {other}")
    for label, language in FEEDS.items():
        this, that = [], []
        for i in range(args.runs):
            order = ("this", "other") if i % 2 == 0 else ("other", "this")
            got = {name: one(name, language) for name in order}
            this.append(got["this"])
            that.append(got["other"])
        print(f"{label:<10} CPU per story, min / median / max of {args.runs}: this {min_median_max(this)} ms, "
              f"other {min_median_max(that)} ms; this / other: {pair_ratios(this, that)}")
    for p in procs.values():
        p.stdin.close()
        p.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cost_arguments(ap)
    ap.add_argument("--per-payload", type=int, default=1000)
    ap.add_argument("--profile", choices=tuple(FEEDS))
    ap.add_argument("--language", default="-", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        return serve(args)
    if args.count:
        return count(args)
    print(uptime())
    if args.instructions:
        instructions(args)
    elif args.against:
        against(args)
    else:
        payloads, parse_job, cpu_seconds = _payloads(args.stories, args.per_payload, ROOT)
        run = lambda language: per_story(payloads, language, args.stories, parse_job, cpu_seconds)  # noqa: E731
        if args.profile:
            run(FEEDS[args.profile])
            prof = cProfile.Profile()
            prof.runcall(run, FEEDS[args.profile])
            stats = pstats.Stats(prof)
            stats.sort_stats("cumulative").print_stats(35)
            stats.sort_stats("tottime").print_stats(30)
            return
        for label, language in FEEDS.items():
            run(language)  # warm caches
            ms = [run(language) for _ in range(args.runs)]
            print(f"{label:<10} parse + normalise CPU per story: {min_median_max(ms)} ms (min / median / max of {args.runs}, "
                  f"{args.stories} stories)")
    print(uptime())


if __name__ == "__main__":
    main()
