"""Replay N stories from stored raw payloads, end to end, as a ratio to a bare COPY of the same rows.

    .venv/bin/python bench/store_bench.py [--stories 20000] [--per-payload 1000] [--workers 2] [--runs 3]

Every run, for a feed that declares its language (`en`) and one that does not (the detector runs on
every story), in a fresh database:
  limit     a bare psycopg binary COPY of the very rows the project stores (each with the digest of
            its payload, as the project stores it: the key checked against `raw_payloads`), into
            `articles`, in one statement;
  store     the project's upsert of the already parsed stories (store vs COPY);
  end to end, empty database: `replay(conn, workers=N)`: load, parse, normalise, store, counts;
  end to end, re-run: the same replay again (nothing changes: every payload is skipped, as
            replayed by this code, scrapers.replay_marks);
  re-run --force: the same replay again, re-normalising every payload (what a re-run costs
            without the marks, or after a parser change).
Each figure is printed as a ratio to the COPY rate measured in the same run (the machine is shared,
absolute rates drift), min / median / max over the runs; and the CPU time per story of parse +
normalise (what a worker runs) and of the store's client side, measured in one process; and the
CPU per story of the Postgres backend that served each step (read from /proc when the server runs
on this machine: what the database's own work costs, whatever the load) and of the replaying
process (the writer, its pool's threads and what it parses itself while the pool starts: the
narrow lane of a replay of small payloads, --per-payload 30). Uses $WIREFEED_DATABASE_URL's server if
set (a database `wirefeed_bench` is created there), else the embedded server. The payloads are RSS
2.0 files built from the real Reuters fixture items (datelines, ~2 KB bodies) with unique guids.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402
import psycopg  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from scrapers import pgserver, store  # noqa: E402
from scrapers.config import FeedConfig  # noqa: E402
from scrapers.formats import parse_bytes  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402
from scrapers.parallel import parse_job  # noqa: E402
from scrapers.pipeline import replay, split_records  # noqa: E402

DBNAME = "wirefeed_bench"
FETCHED = dt.datetime(2024, 3, 2, tzinfo=dt.timezone.utc)


def sample_items() -> list[tuple[str, str]]:
    """(title, description) pairs from the real fixture feeds."""
    items = []
    for path in sorted((ROOT / "tests/fixtures/rss").glob("reuters-*.xml")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            items.append((entry.get("title", ""), entry.get("summary", "")))
    return [i for i in items if i[1]]


def build_payload(n: int, start: int, items: list[tuple[str, str]], rng: random.Random) -> bytes:
    """An RSS 2.0 file of n stories; it declares no language (the feed configuration may)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>'
           '<link>http://bench.invalid/</link><description>bench</description>']
    base = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    for i in range(start, start + n):
        title, desc = items[rng.randrange(len(items))]
        body = " ".join([desc] + [items[rng.randrange(len(items))][1].split(" - ", 1)[-1] for _ in range(6)])
        pub = (base + dt.timedelta(minutes=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        out.append(f"<item><title>{html.escape(title)} #{i}</title><link>http://bench.invalid/story/{i}</link>"
                   f"<guid>bench-{i}</guid><pubDate>{pub}</pubDate>"
                   f"<description>{html.escape(body[:2000])}</description></item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def fresh_database(server_url: str) -> str:
    """The bench database, dropped and made anew on the server; its URL."""
    drop_database(server_url)
    with psycopg.connect(_on(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DBNAME}")
    return _on(server_url, DBNAME)


def drop_database(server_url: str) -> None:
    with psycopg.connect(_on(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")


def _on(server_url: str, dbname: str) -> str:
    """The server's URL for database `dbname`."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{dbname}"))


def setup(conn: psycopg.Connection, feed: FeedConfig, payloads: list[bytes]) -> int:
    """Migrated database with the feed and its payloads stored as fetched (nothing parsed yet)."""
    migrate(conn)
    feed_id = conn.execute("INSERT INTO feeds (name, url, agency, language) VALUES (%s, %s, %s, %s) RETURNING id",
                           (feed.name, feed.url, feed.agency, feed.language)).fetchone()[0]
    for i, payload in enumerate(payloads):
        digest = store.store_payload(conn, payload, "application/rss+xml")
        store.record_fetch(conn, feed_id, url=feed.url, status="ok", started_at=FETCHED + dt.timedelta(seconds=i),
                           payload_sha256=digest)
    conn.commit()
    return feed_id


def parsed(feed: FeedConfig, payloads: list[bytes]) -> list[list]:
    """The stories each payload stores (parsed once, outside every timing)."""
    return [split_records(parse_bytes(p, source=feed.url, feed_language=feed.language), feed)[0] for p in payloads]


def bare_copy(conn: psycopg.Connection, feed_id: int, batches: list[list], digests: list[str]) -> float:
    """Seconds for a binary COPY of the stored rows straight into `articles` (the limit)."""
    cols = ", ".join(store._COLUMNS)  # noqa: SLF001 - the one column list of the store
    oids = dict(conn.execute("SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = 'articles'::regclass "
                             "AND attnum > 0 AND NOT attisdropped").fetchall())
    subj = store._COLUMNS.index("subjects")  # noqa: SLF001
    rows = []
    for batch, digest in zip(batches, digests):
        for art in batch:
            row = list(store._row(feed_id, art, digest, FETCHED))  # noqa: SLF001
            row[subj] = Jsonb(row[subj], dumps=lambda s: s)
            rows.append(row)
    t = time.perf_counter()
    with conn.cursor().copy(f"COPY articles ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([oids[c] for c in store._COLUMNS])  # noqa: SLF001
        for row in rows:
            copy.write_row(row)
    conn.commit()
    return time.perf_counter() - t


def store_only(conn: psycopg.Connection, feed_id: int, batches: list[list], digests: list[str]) -> tuple[float, float]:
    """(wall seconds, client CPU seconds) of the project's upsert of the parsed stories."""
    t, c = time.perf_counter(), cpu_seconds()
    for batch, digest in zip(batches, digests):
        store.upsert_articles(conn, feed_id, batch, digest, FETCHED)
        conn.commit()
    return time.perf_counter() - t, cpu_seconds() - c


def parse_cpu(feed: FeedConfig, payloads: list[bytes]) -> float:
    """CPU seconds of what a replay worker runs on every payload (parallel.parse_job), in this process."""
    c = cpu_seconds()
    for p in payloads:
        parse_job(p, feed.url, feed.language, "")
    return cpu_seconds() - c


def empty(conn: psycopg.Connection) -> None:
    conn.execute("TRUNCATE articles CASCADE")
    conn.commit()


def cpu_seconds() -> float:
    """CPU time of this process (the pool's workers are the fork server's children, not ours)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def backend_cpu(conn: psycopg.Connection) -> Callable[[], float]:
    """CPU seconds used so far by the server process behind `conn` (/proc; 0.0 when not readable)."""
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    tick = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a server on another machine
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick
    return used


def timed_replay(conn: psycopg.Connection, workers: int, force: bool = False) -> tuple[float, object]:
    t = time.perf_counter()
    counts = replay(conn, workers=workers, force=force)
    return time.perf_counter() - t, counts


def one_run(server: str, feed: FeedConfig, payloads: list[bytes], batches: list[list], workers: int) -> dict:
    """Rates (stories/s) of one run: COPY, store, end to end empty and re-run."""
    n = sum(len(b) for b in batches)
    url = fresh_database(server)
    digests = [store.sha256_hex(p) for p in payloads]
    with psycopg.connect(url) as conn:
        feed_id = setup(conn, feed, payloads)
        server_cpu = backend_cpu(conn)
        rates: dict = {"server": {}, "writer": {}}

        def step(key: str, run: Callable[[], float]) -> float:
            before, own = server_cpu(), cpu_seconds()
            secs = run()
            rates["server"][key] = (server_cpu() - before) / n
            rates["writer"][key] = (cpu_seconds() - own) / n
            return secs
        rates["copy"] = n / step("copy", lambda: bare_copy(conn, feed_id, batches, digests))
        empty(conn)
        secs, cpu = store_only(conn, feed_id, batches, digests)
        rates["store"], rates["store cpu"] = n / secs, cpu / n
        rates["parse cpu"] = parse_cpu(feed, payloads) / n
        empty(conn)
        for key, expect, force in (("end to end, empty database", "stories_new", False),
                                   ("end to end, re-run", "stories_unchanged", False),
                                   ("re-run --force", "stories_unchanged", True)):
            result = {}
            secs = step(key, lambda: _replayed(conn, workers, force, result))
            assert getattr(result["counts"], expect) == n, result["counts"]
            rates[key] = n / secs
    return rates


def _replayed(conn: psycopg.Connection, workers: int, force: bool, result: dict) -> float:
    secs, result["counts"] = timed_replay(conn, workers, force)
    return secs


def report(label: str, runs: list[dict]) -> None:
    print(f"{label}: ratio to the bare COPY rate of the same run, min / median / max of {len(runs)} runs")
    for key in ("store", "end to end, empty database", "end to end, re-run", "re-run --force"):
        ratios = sorted(r[key] / r["copy"] for r in runs)
        print(f"  {key:<28} {ratios[0]:.2f} / {statistics.median(ratios):.2f} / {ratios[-1]:.2f}"
              f"   (median {statistics.median(r[key] for r in runs):,.0f} stories/s)")
    print(f"  {'limit: bare COPY':<28} median {statistics.median(r['copy'] for r in runs):,.0f} rows/s")
    print(f"  {'CPU per story':<28} parse + normalise {statistics.median(r['parse cpu'] for r in runs) * 1e3:.2f} ms, "
          f"store (client side) {statistics.median(r['store cpu'] for r in runs) * 1e3:.2f} ms "
          "(one process; load changes these far less than the rates)")
    server = {k: statistics.median(r["server"][k] for r in runs) * 1e3 for k in runs[0]["server"]}
    if any(server.values()):
        print(f"  {'Postgres backend CPU/story':<28} " + ", ".join(f"{k} {v:.3f} ms" for k, v in server.items()))
    writer = {k: statistics.median(r["writer"][k] for r in runs) * 1e3 for k in runs[0]["writer"]}
    print(f"  {'writer process CPU/story':<28} " + ", ".join(f"{k} {v:.3f} ms" for k, v in writer.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=20_000)
    ap.add_argument("--per-payload", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=("declared", "undeclared"), help="one of the two feeds")
    ap.add_argument("--db", default="wirefeed_bench", help="the scratch database (two benches on one server: two names)")
    ap.add_argument("--worker-nice", type=int, default=None, metavar="N",
                    help="the parse workers' niceness above the replaying process (parallel.WORKER_NICE)")
    args = ap.parse_args()
    if args.worker_nice is not None:
        from scrapers import parallel
        parallel.WORKER_NICE = args.worker_nice
    global DBNAME
    DBNAME = args.db
    server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
    rng = random.Random(7)
    items = sample_items()
    payloads = [build_payload(min(args.per_payload, args.stories - s), s, items, rng)
                for s in range(0, args.stories, args.per_payload)]
    print(f"{len(payloads)} payloads, {args.stories} stories, {args.workers} workers; load {os.getloadavg()[0]:.2f}")
    for label, language in (("declared", "en"), ("undeclared", "")):
        if args.only and args.only != label:
            continue
        feed = FeedConfig(name="bench", url="http://bench.invalid/rss", agency="Reuters", language=language)
        batches = parsed(feed, payloads)
        runs = [one_run(server, feed, payloads, batches, args.workers) for _ in range(args.runs)]
        report(f"feed with {'a declared language (en)' if language else 'no declared language'}", runs)
    drop_database(server)


if __name__ == "__main__":
    main()
