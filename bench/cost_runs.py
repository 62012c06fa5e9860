"""What the per-story cost benches share (`worker_cost.py`, `writer_cost.py`): callgrind counts of
one pass, the ratio of alternating passes, and the load they ran at."""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def python_of(root: Path) -> str:
    """The interpreter to run a checkout with: its own `.venv`'s python when it has one, so that
    comparing two checkouts set up with different Pythons runs each on its own; else this one."""
    own = Path(root) / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def cost_arguments(ap: argparse.ArgumentParser) -> None:
    """The options both benches take: how much to run, the comparison, and the hidden modes their
    own subprocesses are started in (--serve: passes on request; --count: one pass for callgrind)."""
    ap.add_argument("--stories", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", metavar="DIR", help="another checkout to compare with, passes alternating")
    ap.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead")
    ap.add_argument("--serve", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--count", metavar="DIR", help=argparse.SUPPRESS)


def callgrind_per_story(commands: dict, stories: int) -> dict:
    """{key: instructions per story} of each command (a `--count` run that does its one pass inside
    functools.reduce, the one C function callgrind is told to collect), all under valgrind at once."""
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for k, (key, cmd) in enumerate(commands.items()):
            out = Path(tmp) / str(k)
            full = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
                    f"--callgrind-out-file={out}", *cmd]
            runs[key] = (out, subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        got = {}
        for key, (out, proc) in runs.items():
            if proc.wait():
                sys.exit(f"callgrind failed for {key}: {proc.stderr.read().decode()[-500:]}")
            totals = [ln for ln in out.read_text().splitlines() if ln.startswith(("totals:", "summary:"))]
            got[key] = int(totals[0].split()[1]) / stories
    return got


def pair_ratios(this: list[float], other: list[float]) -> str:
    """The median and quartiles of this / other over passes run in pairs (the same load on both)."""
    ratios = sorted(a / b for a, b in zip(this, other))
    return (f"median of the pair ratios {statistics.median(ratios):.3f} "
            f"(quartiles {ratios[len(ratios) // 4]:.3f}-{ratios[3 * len(ratios) // 4]:.3f})")


def min_median_max(xs: list[float], digits: int = 3) -> str:
    return f"{min(xs):.{digits}f} / {statistics.median(xs):.{digits}f} / {max(xs):.{digits}f}"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
