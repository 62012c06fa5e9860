"""CPU per story of a replay's writing process alone (no parse workers): what it does with the
workers' results, on store_bench's payloads, into an empty database.

    .venv/bin/python bench/writer_cost.py [--stories 5000] [--runs 5] [--language en|-]
    .venv/bin/python bench/writer_cost.py --against /path/to/other/checkout [--runs 8]
    .venv/bin/python bench/writer_cost.py --instructions [--against DIR]

The workers' results are made first, outside every measure: each payload parsed and packed as a
worker packs it (`parallel._parse_packed`) and pickled, as it crosses the pipe. Measured: the real
`replay(conn, force=True)` into an empty `articles` table with `parallel.parse_in_pool` replaced by
one that unpickles those results and unpacks them as the pool does (`parallel._unpack`): load the
payloads, unpickle, unpack, split, build rows, look keys up, COPY, marks, commits. The process'
CPU time per story, min / median / max over the runs (`uptime` printed); `--against DIR` runs DIR's
code in a second process, passes alternating, and prints the median of the pair ratios;
`--instructions` counts the instructions of one pass under callgrind instead (the Postgres backend
is another process: not counted), the same at any load. Uses $WIREFEED_DATABASE_URL's server, else
the embedded one (WIREFEED_PG_PORT); databases `wirefeed_writer_a` / `_b`, dropped after.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from cost_runs import callgrind_per_story, cost_arguments, min_median_max, pair_ratios, uptime  # noqa: E402


class Bench:
    """One checkout's code (`code_root`) and one scratch database, ready for passes."""

    def __init__(self, code_root: Path, stories: int, language: str, dbname: str) -> None:
        sys.path[:0] = [str(code_root), str(ROOT / "bench")]
        import psycopg

        # `scrapers` of code_root imported first: store_bench puts its own checkout first on sys.path
        # and imports scrapers, which before session 15 made --against compare this checkout with itself
        from scrapers import parallel, pgserver, replay
        from scrapers.config import FeedConfig
        import store_bench as sb
        assert Path(replay.__file__).resolve().is_relative_to(code_root.resolve()), replay.__file__

        server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
        rng, items = random.Random(7), sb.sample_items()
        payloads = [sb.build_payload(min(1000, stories - s), s, items, rng) for s in range(0, stories, 1000)]
        feed = FeedConfig(name="bench", url="http://bench.invalid/rss", agency="Reuters", language=language)
        self.results = {sb.store.sha256_hex(p): pickle.dumps(parallel._parse_packed(  # noqa: SLF001
            [(gzip.compress(p), feed.url, language, "", "gzip")])[0]) for p in payloads}
        self.stories, self.server, self.dbname = stories, server, dbname
        with psycopg.connect(sb._on(server, "postgres"), autocommit=True) as conn:  # noqa: SLF001
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {dbname}")
        self.conn = psycopg.connect(sb._on(server, dbname))  # noqa: SLF001
        sb.setup(self.conn, feed, payloads)
        replay.parse_in_pool = self._results  # the workers' part, already done
        self._unpack, self._replay, self._cpu, self._empty = parallel._unpack, replay.replay, sb.cpu_seconds, sb.empty  # noqa: SLF001
        self._on = sb._on  # noqa: SLF001
        self.one()  # warm: connection, types, plans

    def _results(self, jobs, workers=None):
        for job in jobs:
            records, notes = pickle.loads(self.results[job.key.digest])
            yield job, (self._unpack(records), notes)

    def one(self) -> None:
        """One replay into an empty table, nothing else."""
        counts = self._replay(self.conn, force=True)
        assert counts.stories_new == self.stories, counts

    def per_story(self) -> float:
        """CPU milliseconds per story of one pass (the emptying outside it)."""
        self._empty(self.conn)
        c = self._cpu()
        self.one()
        return (self._cpu() - c) / self.stories * 1e3

    def close(self) -> None:
        import psycopg
        self.conn.close()
        with psycopg.connect(self._on(self.server, "postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)")


def serve(args: argparse.Namespace) -> None:
    """--serve: one pass per line read, its CPU ms per story written back."""
    bench = Bench(Path(args.serve), args.stories, args.language, args.dbname)
    print("ready", flush=True)
    for _ in sys.stdin:
        print(bench.per_story(), flush=True)
    bench.close()


def count(args: argparse.Namespace) -> None:
    """--count: one pass inside functools.reduce, the one C function callgrind is told to collect."""
    bench = Bench(Path(args.count), args.stories, args.language, args.dbname)
    bench._empty(bench.conn)  # noqa: SLF001
    functools.reduce(lambda _, __: bench.one(), [None], None)
    bench.close()


def _roots(args: argparse.Namespace) -> dict[str, Path]:
    return {"this": ROOT} | ({"other": Path(args.against).resolve()} if args.against else {})


def _cmd(args: argparse.Namespace, mode: str, root: Path, dbname: str) -> list[str]:
    return [sys.executable, __file__, "--stories", str(args.stories), "--language", args.language,
            "--dbname", dbname, mode, str(root)]


def instructions(args: argparse.Namespace) -> None:
    """Instructions per story of one pass, this checkout (and --against's), one valgrind each at once."""
    got = callgrind_per_story({name: _cmd(args, "--count", root, db) for (name, root), db
                               in zip(_roots(args).items(), ("wirefeed_writer_a", "wirefeed_writer_b"))}, args.stories)
    line = f"writer instructions per story of one pass ({args.stories} stories, language {args.language}): this {got['this']:,.0f}"
    if args.against:
        line += f", other {got['other']:,.0f}; this / other {got['this'] / got['other']:.3f}"
    print(line)


def against(args: argparse.Namespace) -> None:
    """Passes alternating between this checkout and --against's, one process each."""
    procs = {name: subprocess.Popen(_cmd(args, "--serve", root, db), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    text=True)
             for (name, root), db in zip(_roots(args).items(), ("wirefeed_writer_a", "wirefeed_writer_b"))}
    for p in procs.values():
        assert p.stdout.readline().strip() == "ready"

    def one(name: str) -> float:
        procs[name].stdin.write("\n")
        procs[name].stdin.flush()
        return float(procs[name].stdout.readline())

    got: dict[str, list[float]] = {name: [] for name in procs}
    for i in range(args.runs):
        for name in (list(procs) if i % 2 == 0 else list(reversed(procs))):
            got[name].append(one(name))
    for p in procs.values():
        p.stdin.close()
        p.wait()
    for name, xs in got.items():
        print(f"{name:<6} writer CPU per story, min / median / max of {args.runs}: {min_median_max(xs, 4)} ms")
    if args.against:
        print(f"this / other: {pair_ratios(got['this'], got['other'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cost_arguments(ap)
    ap.add_argument("--language", default="en", help="the feed's declared language ('-': none)")
    ap.add_argument("--dbname", default="wirefeed_writer_a", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.language = "" if args.language == "-" else args.language
    if args.serve:
        return serve(args)
    if args.count:
        return count(args)
    print(uptime())
    if args.instructions:
        instructions(args)
    else:
        against(args)
    print(uptime())


if __name__ == "__main__":
    main()
