"""Ingest a drop folder end to end, as a ratio to a bare COPY of the same rows in the same run.

    .venv/bin/python bench/drop_bench.py [--stories 10000] [--large 3] [--large-size 1000] [--workers 2] [--runs 3]

A drop folder as an agency drop or a year of saved polls looks: RSS files of 20-50 stories (sizes
drawn at random) and a few large files (`--large` files of `--large-size` stories), built from the
real Reuters fixture items as bench/store_bench.py builds its payloads. Every run, for a feed that
declares its language (`en`) and one that does not, in a fresh database each time:
  limit     a bare binary COPY of the very rows the project stores (store_bench.bare_copy: the payload
            digests stored first, outside the timing), into `articles`, in one statement;
  end to end, empty database: `ingest(conn, [feed], workers=N)`: read every file, keep its bytes and
            its fetch (committed), parse and normalise (N processes), store the stories, the counts;
  re-run    the same ingest again (every file already seen: nothing is read);
  re-run, files touched: every file's mtime changed (a new key), so each is read, kept and parsed
            again and its stories found unchanged (what re-delivered files cost).
Printed as ratios to the COPY rate of the same run, min / median / max of the runs, with `uptime`;
and the CPU per story of each process of the ingest: the ingesting process (reading files, gzip,
the writer, its pool's threads, what it parses itself while the pool starts), the pool's workers
(read from the fork server's reaped children; the fork server is started before the first run), the
Postgres backend; and of parse + normalise
measured in this process (parallel.parse_job). The server must run on this machine for the backend's
and the workers' CPU (else 0).
"""
from __future__ import annotations

import argparse
import multiprocessing.forkserver as forkserver
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402

import store_bench as sb  # noqa: E402
from scrapers import parallel, pgserver, store  # noqa: E402
from scrapers.config import FeedConfig  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402
from scrapers.pipeline import ingest  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
sb.DBNAME = "wirefeed_drop_bench"  # its own: other sessions' store_bench drop theirs at will


def build_folder(folder: Path, stories: int, large: int, large_size: int, rng: random.Random) -> list[bytes]:
    """The folder's files (names in ingest order: large ones spread among the small), their bytes."""
    items = sb.sample_items()
    sizes = [large_size] * large
    left = stories - large * large_size
    while left > 0:
        sizes.append(min(left, rng.randint(20, 50)))
        left -= sizes[-1]
    rng.shuffle(sizes)
    payloads, start = [], 0
    for i, n in enumerate(sizes):
        data = sb.build_payload(n, start, items, rng)
        (folder / f"{i:06d}.xml").write_bytes(data)
        payloads.append(data)
        start += n
    return payloads


def workers_cpu() -> float:
    """CPU seconds of the fork server's reaped children (the pool's workers that have exited)."""
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # noqa: SLF001
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / TICK


def copy_rate(server: str, feed: FeedConfig, payloads: list[bytes], batches: list[list]) -> tuple[float, float]:
    """(rows/s, backend CPU a row) of a bare COPY of the stored rows, payloads stored beforehand."""
    url = sb.fresh_database(server)
    with psycopg.connect(url) as conn:
        feed_id = sb.setup(conn, feed, payloads)
        backend = sb.backend_cpu(conn)
        n = sum(len(b) for b in batches)
        before = backend()
        secs = sb.bare_copy(conn, feed_id, batches, [store.sha256_hex(p) for p in payloads])
        return n / secs, (backend() - before) / n


def one_run(server: str, feed: FeedConfig, folder: Path, payloads: list[bytes], batches: list[list],
            workers: int) -> dict:
    n = sum(len(b) for b in batches)
    rates: dict = {"cpu": {}}
    rates["copy"], rates["cpu"]["copy backend"] = copy_rate(server, feed, payloads, batches)
    url = sb.fresh_database(server)
    with psycopg.connect(url) as conn:
        migrate(conn)
        conn.commit()
        backend = sb.backend_cpu(conn)
        for key, expect, touch in (("end to end, empty database", "stories_new", False),
                                   ("re-run", None, False),
                                   ("re-run, files touched", "stories_unchanged", True)):
            if touch:
                now = time.time() - 60  # in the past: a file changed in the future is not ready
                for p in sorted(folder.iterdir()):
                    now += 0.001
                    os.utime(p, (now, now))
            own, back, work = sb.cpu_seconds(), backend(), workers_cpu()
            t = time.perf_counter()
            counts = ingest(conn, [feed], workers=workers, force=True)
            secs = time.perf_counter() - t
            time.sleep(0.3)  # the fork server reaps the workers
            if expect:
                assert getattr(counts, expect) == n, counts
            else:
                assert counts.stories_new + counts.stories_updated + counts.stories_unchanged == 0, counts
            rates[key] = n / secs
            rates["cpu"][f"{key}: ingesting process"] = (sb.cpu_seconds() - own) / n
            rates["cpu"][f"{key}: workers"] = (workers_cpu() - work) / n
            rates["cpu"][f"{key}: backend"] = (backend() - back) / n
    rates["cpu"]["parse + normalise (one process)"] = sb.parse_cpu(feed, payloads) / n
    return rates


def report(label: str, runs: list[dict], loads: list[str]) -> None:
    print(f"{label}: ratio to the bare COPY rate of the same run, min / median / max of {len(runs)} runs")
    for key in ("end to end, empty database", "re-run", "re-run, files touched"):
        ratios = sorted(r[key] / r["copy"] for r in runs)
        print(f"  {key:<28} {ratios[0]:.2f} / {statistics.median(ratios):.2f} / {ratios[-1]:.2f}"
              f"   (median {statistics.median(r[key] for r in runs):,.0f} stories/s)")
    print(f"  {'limit: bare COPY':<28} median {statistics.median(r['copy'] for r in runs):,.0f} rows/s")
    print("  CPU per story, ms (median):")
    for key in runs[0]["cpu"]:
        print(f"    {key:<48} {statistics.median(r['cpu'][key] for r in runs) * 1e3:.3f}")
    print("  load: " + " | ".join(loads))


def uptime() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=3, help="files of --large-size stories among the small ones")
    ap.add_argument("--large-size", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=("declared", "undeclared"))
    args = ap.parse_args()
    server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
    # every run alike: the process' fork server started before the first (as in a long-lived worker)
    list(parallel.parse_in_pool([parallel.ParseJob(i, sb.build_payload(2, 0, sb.sample_items(), random.Random(i)))
                                 for i in range(4)], args.workers))
    with tempfile.TemporaryDirectory(prefix="drop_bench") as tmp:
        folder = Path(tmp)
        payloads = build_folder(folder, args.stories, args.large, args.large_size, random.Random(7))
        print(f"{len(payloads)} files ({args.large} of {args.large_size} stories), {args.stories} stories, "
              f"{sum(map(len, payloads)) / 1e6:.1f} MB, {args.workers} workers")
        for label, language in (("declared", "en"), ("undeclared", "")):
            if args.only and args.only != label:
                continue
            feed = FeedConfig(name="drop", url=str(folder), kind="wire_dir", agency="Reuters", language=language,
                              quiet_seconds=0)
            batches = sb.parsed(feed, payloads)
            runs, loads = [], []
            for _ in range(args.runs):
                loads.append(uptime())
                runs.append(one_run(server, feed, folder, payloads, batches, args.workers))
            loads.append(uptime())
            report(f"drop folder, {'a declared language (en)' if language else 'no declared language'}", runs, loads)
    sb.drop_database(server)


if __name__ == "__main__":
    main()
