"""Where a replay waits: CPU and state of every process taking part, sampled during one replay.

    .venv/bin/python bench/replay_timeline.py [--stories 20000] [--workers 2] [--language en|""] [--force] [--drop-folder]

Builds bench/store_bench.py's payloads in a fresh database (`wirefeed_bench`) and runs
`replay(conn, workers=N)` once (after a first replay: the process' fork server is started, as in store_bench's later runs
and a long replay) while a separate sampler process reads /proc every few ms: the CPU
time and state (running/runnable or waiting, and in which system call) of the replaying process'
main thread (the writer) and its other threads, the fork server, each parse worker, the Postgres
backend that stores, and the server's other processes (WAL writer, checkpointer...); and the
backend's wait event (pg_stat_activity). Printed: each part's CPU seconds against wall x cores, the
share of samples in which 0, 1, 2, 3+ of them were runnable (below the core count = cores left
idle by this replay), what the writer and the workers wait on, and a timeline (CPU per part per
tenth of the run). The server must run on this machine.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TICK = os.sysconf("SC_CLK_TCK")
# syscalls a waiting thread sits in (x86_64): what it waits on
WAITS = {"0": "read", "1": "write", "7": "poll", "23": "select", "202": "futex", "232": "epoll", "45": "recvfrom",
         "44": "sendto", "270": "pselect", "271": "ppoll", "281": "epoll_pwait", "61": "wait4", "35": "nanosleep"}


def _stat(path: str) -> tuple[str, int, int] | None:
    """(state, cpu ticks, ppid) of /proc/…/stat."""
    try:
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[11]) + int(fields[12]), int(fields[1])


def _runq(path: str) -> int:
    """Nanoseconds spent runnable but waiting for a core (/proc/…/schedstat's second field)."""
    try:
        with open(path) as f:
            return int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _syscall(path: str) -> str:
    try:
        with open(path) as f:
            first = f.read().split(" ", 1)[0].strip()
    except OSError:
        return "?"
    return WAITS.get(first, first)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _pg_title(pid: int) -> str:
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")[0].decode()[10:30]
    except OSError:
        return "?"


def _kind(pid: int) -> str:
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read()
    except OSError:
        return "?"
    return "forkserver" if b"forkserver" in cmd else "tracker" if b"resource_tracker" in cmd else f"child{pid}"


def sampler(main: int, backend: int, postmaster: int, url: str, out: str, period: float) -> None:
    """Runs in its own process until stdin closes; writes its samples as JSON lines to `out`."""
    import psycopg
    import select

    conn = psycopg.connect(url, autocommit=True)
    own_backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    names: dict[int, str] = {}
    last_scan = 0.0
    with open(out, "w") as sink:
        while not select.select([sys.stdin], [], [], 0)[0]:
            now = time.monotonic()
            if now - last_scan > 0.1:
                last_scan = now
                names = {backend: "backend"}
                for pid in _children(postmaster):
                    if pid not in (backend, own_backend):
                        names[pid] = "pg:" + _pg_title(pid)
                for child in _children(main):
                    if child == os.getpid():  # the sampler itself
                        continue
                    names[child] = _kind(child)
                    for i, worker in enumerate(sorted(_children(child))):
                        names[worker] = f"worker{i}"
            row: dict = {"t": now}
            for tid in os.listdir(f"/proc/{main}/task"):
                st = _stat(f"/proc/{main}/task/{tid}/stat")
                if st:
                    key = "writer" if int(tid) == main else "main-threads"
                    state = st[0] if st[0] == "R" else _syscall(f"/proc/{main}/task/{tid}/syscall")
                    prev = row.get(key)
                    wait = _runq(f"/proc/{main}/task/{tid}/schedstat")
                    row[key] = [state if not prev or state == "R" else prev[0], st[1] + (prev[1] if prev else 0),
                                wait + (prev[2] if prev else 0)]
            for pid, name in names.items():
                st = _stat(f"/proc/{pid}/stat")
                if st:
                    row[name] = [st[0] if st[0] == "R" else _syscall(f"/proc/{pid}/syscall"), st[1],
                                 _runq(f"/proc/{pid}/schedstat")]
            wait = conn.execute("SELECT state, coalesce(wait_event, ''), left(query, 60) FROM pg_stat_activity "
                                "WHERE pid = %s", (backend,)).fetchone()
            row["pgwait"] = f"{wait[0]}:{wait[1]}" if wait else "?"
            if wait and wait[0] == "active":
                row["query"] = wait[2]
            sink.write(json.dumps(row) + "\n")
            time.sleep(max(0.0, period - (time.monotonic() - now)))


def role(name: str) -> str:
    if name.startswith("worker"):
        return "workers"
    if name.startswith("pg:"):
        return "pg-other"
    if name.startswith("child") or name == "tracker":
        return "other"
    return name


def analyse(path: str, cores: int, start: float, end: float) -> None:
    samples = [s for s in map(json.loads, open(path)) if start <= s["t"] <= end]
    wall = samples[-1]["t"] - samples[0]["t"]
    roles = ("writer", "main-threads", "forkserver", "workers", "backend", "pg-other", "other")
    first: dict[str, list] = {}
    last: dict[str, list] = {}
    for s in samples:
        for k, v in s.items():
            if isinstance(v, list):
                first.setdefault(k, v)
                last[k] = v
    cpu = collections.Counter()
    runq = collections.Counter()  # seconds runnable but waiting for a core
    for k in last:
        cpu[role(k)] += (last[k][1] - first[k][1]) / TICK
        runq[role(k)] += (last[k][2] - first[k][2]) / 1e9
    total = sum(cpu.values())
    print(f"wall {wall:.2f} s, {len(samples)} samples; CPU {total:.2f} s = {total / (wall * cores):.0%} of "
          f"{cores} cores x wall")
    for r in roles:
        print(f"  {r:<13} CPU {cpu[r]:6.2f} s ({cpu[r] / wall:5.0%} of one core), waiting for a core "
              f"{runq[r]:5.2f} s")
    pg = {k: (last[k][1] - first[k][1]) / TICK for k in last if k.startswith("pg:") and last[k][1] > first[k][1]}
    print("  pg-other: " + ", ".join(f"{k[3:]} {v:.2f} s" for k, v in sorted(pg.items(), key=lambda kv: -kv[1])))
    runnable = collections.Counter()
    states: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    pgwait = collections.Counter()
    idle, prev_t = 0.0, samples[0]["t"]
    for s in samples:
        n = 0
        for k, v in s.items():
            if isinstance(v, list):
                n += v[0] == "R"
                states[role(k)][v[0]] += 1
        runnable[min(n, 3)] += 1
        pgwait[s["pgwait"]] += 1
        idle += max(0, cores - n) * (s["t"] - prev_t)
        prev_t = s["t"]
    print("  runnable parts per sample: " + ", ".join(f"{n}{'+' if n == 3 else ''}: {runnable[n] / len(samples):.0%}"
                                                  for n in range(4))
          + f"; cores this replay left idle: {idle:.2f} core-s ({idle / (wall * cores):.0%} of wall x cores)")
    for r in ("writer", "main-threads", "workers", "backend"):
        c = states[r]
        tot = sum(c.values()) or 1
        print(f"  {r:<13} " + ", ".join(f"{k} {v / tot:.0%}" for k, v in c.most_common(5)))
    queries = collections.Counter(s["query"] for s in samples if "query" in s)
    print("  backend active in: " + "; ".join(f"{v / len(samples):.0%} {k!r}" for k, v in queries.most_common(4)))
    tot = sum(pgwait.values())
    print("  backend (pg_stat_activity) " + ", ".join(f"{k} {v / tot:.0%}" for k, v in pgwait.most_common(6)))
    timeline(samples, roles, wall)


def timeline(samples: list[dict], roles: tuple, wall: float, buckets: int = 20) -> None:
    """CPU share of one core per part in each 1/buckets of the run."""
    t0 = samples[0]["t"]
    edges = [[] for _ in range(buckets)]
    for s in samples:
        edges[min(buckets - 1, int((s["t"] - t0) / wall * buckets))].append(s)
    print(f"  timeline, CPU % of one core per {wall / buckets:.2f} s: " + " ".join(f"{r[:8]:>8}" for r in roles))
    prev = samples[0]
    for i, group in enumerate(edges):
        if not group:
            continue
        end = group[-1]
        span = end["t"] - prev["t"] or 1e-9
        used = collections.Counter()
        for k, v in end.items():
            if isinstance(v, list) and isinstance(prev.get(k), list):
                used[role(k)] += (v[1] - prev[k][1]) / TICK
        print(f"  {i * wall / buckets:6.2f} s {'':>36}" + " ".join(f"{used[r] / span:8.0%}" for r in roles))
        prev = end


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--sampler":
        main_pid, backend, postmaster = (int(a) for a in sys.argv[2:5])
        sampler(main_pid, backend, postmaster, sys.argv[5], sys.argv[6], float(sys.argv[7]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=20_000)
    ap.add_argument("--per-payload", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--language", default="en")
    ap.add_argument("--period", type=float, default=0.005)
    ap.add_argument("--force", action="store_true", help="sample a --force re-run instead of an empty database")
    ap.add_argument("--explain-slow", type=int, default=0, metavar="MS",
                    help="log the plans of statements slower than MS (auto_explain, server's log)")
    ap.add_argument("--drop-folder", action="store_true",
                    help="sample an ingest of bench/drop_bench.py's folder (--stories, 3 files of 1,000) instead")
    ap.add_argument("--out", default="/tmp/replay_timeline.jsonl")
    ap.add_argument("--worker-nice", type=int, default=None, metavar="N",
                    help="the parse workers' niceness above the replaying process (parallel.WORKER_NICE)")
    args = ap.parse_args()
    if args.worker_nice is not None:
        from scrapers import parallel
        parallel.WORKER_NICE = args.worker_nice
    import random

    import psycopg

    import store_bench as sb
    from scrapers import pgserver
    from scrapers.config import FeedConfig
    from scrapers.pipeline import replay

    server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
    rng = random.Random(7)
    items = sb.sample_items()
    payloads = [sb.build_payload(min(args.per_payload, args.stories - s), s, items, rng)
                for s in range(0, args.stories, args.per_payload)]
    feed = FeedConfig(name="bench", url="http://bench.invalid/rss", agency="Reuters", language=args.language)
    if args.drop_folder:
        import tempfile

        import drop_bench
        from scrapers.migrate import migrate
        from scrapers.pipeline import ingest
        folder = Path(tempfile.mkdtemp(prefix="timeline_drop"))
        drop_bench.build_folder(folder, args.stories, 3, 1000, rng)
        feed = FeedConfig(name="drop", url=str(folder), kind="wire_dir", agency="Reuters", language=args.language,
                          quiet_seconds=0)

        def replay(conn: psycopg.Connection, workers: int, force: bool = False):  # noqa: F811 - what is sampled
            return ingest(conn, [feed], workers=workers, force=True)
    url = sb.fresh_database(server)
    with psycopg.connect(url) as conn:
        if args.drop_folder:
            migrate(conn)
        else:
            sb.setup(conn, feed, payloads)
        replay(conn, workers=args.workers)  # the process' fork server started, as in a long run
        if args.drop_folder:  # an empty database again: the files unseen, their bytes not kept
            conn.execute("TRUNCATE articles, fetch_attempts, raw_payloads CASCADE")
            conn.commit()
        elif not args.force:
            sb.empty(conn)
        if args.explain_slow:  # plans of slow statements (nested ones too) into the server's log
            conn.execute("LOAD 'auto_explain'")
            conn.execute(f"SET auto_explain.log_min_duration = {int(args.explain_slow)}")
            conn.execute("SET auto_explain.log_nested_statements = on")
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        postmaster = int((pgserver.DEFAULT_DATA_DIR / "postmaster.pid").read_text().split()[0])
        proc = subprocess.Popen([sys.executable, __file__, "--sampler", str(os.getpid()), str(backend),
                                 str(postmaster), url, args.out, str(args.period)], stdin=subprocess.PIPE)
        time.sleep(1.0)  # the sampler's own start
        t = time.monotonic()
        counts = replay(conn, workers=args.workers, force=args.force)
        end = time.monotonic()
        secs = end - t
        proc.stdin.close()
        proc.wait()
    n = args.stories
    print(f"{'ingest' if args.drop_folder else 'replay'} of {n} stories: {secs:.2f} s, {n / secs:,.0f} stories/s ({counts.stories_new} new, "
          f"{counts.stories_unchanged} unchanged); load {os.getloadavg()[0]:.2f}")
    analyse(args.out, os.cpu_count() or 1, t, end)


if __name__ == "__main__":
    main()
