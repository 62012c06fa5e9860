"""Growth with the store's size: disk per story and replay rate at 0.1M / 0.5M / 1M stories, and
a projection for 50M.

    .venv/bin/python bench/scale_bench.py [--sizes 100000,500000,1000000] [--workers 2] [--probe 5]

One database (`wirefeed_scale`, on $WIREFEED_DATABASE_URL's server or the embedded one) is grown
step by step to each size: stories are bare-COPYed into `articles` (the rows the project stores
for the RSS payloads of bench/store_bench.py, each copy with its own guid, URL and content hash)
and one raw payload (gzip, as stored) with its fetch per 1,000 stories, as a drop folder of
1,000-story files would leave them. At each size it measures
  disk      articles (table + TOAST), its indexes, raw_payloads, fetch_attempts: bytes per story;
  replay    `replay(workers=N)` of `--probe` new payloads (1,000 stories each) into the grown
            database, empty (new stories) and re-run, as a ratio to a bare COPY of the same
            number of rows at the same size, measured in the same step.
The projection takes the disk growth between the last two sizes and the rate at the largest.
The dedupe tables (LSH buckets, clusters) are not included: bench/dedupe_scale.py measures them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import psycopg  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

import store_bench as sb  # noqa: E402
from scrapers import pgserver, store  # noqa: E402
from scrapers.config import FeedConfig  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402
from scrapers.pipeline import replay  # noqa: E402

DBNAME = "wirefeed_scale"
PER_PAYLOAD = 1000
TARGET = 50_000_000
_GUID, _URL, _CANON, _HASH, _SHA, _SUBJ = (store._COLUMNS.index(c) for c in (  # noqa: SLF001
    "guid", "url", "canonical_url", "content_hash", "payload_sha256", "subjects"))


def template_rows(feed: FeedConfig, payloads: list[bytes]) -> list[list]:
    """The stored rows of the template payloads (parsed once)."""
    rows = []
    for batch in sb.parsed(feed, payloads):
        for art in batch:
            row = list(store._row(0, art, None, sb.FETCHED))  # noqa: SLF001
            row[_SUBJ] = Jsonb(row[_SUBJ], dumps=lambda s: s)
            rows.append(row)
    return rows


def fill(conn: psycopg.Connection, feed_id: int, oids: list[int], template: list[list], rng: random.Random,
         items: list, start: int, stop: int) -> None:
    """Stories start..stop-1: their payloads (one per 1,000, gzip) and fetches, then their rows by COPY."""
    cols = ", ".join(store._COLUMNS)  # noqa: SLF001
    for first in range(start, stop, PER_PAYLOAD):
        payload = sb.build_payload(PER_PAYLOAD, first, items, rng)
        digest = store.store_payload(conn, payload, "application/rss+xml")
        store.record_fetch(conn, feed_id, url=f"/drop/{first}.xml", status="ok", payload_sha256=digest,
                           started_at=sb.FETCHED - dt.timedelta(days=365) + dt.timedelta(seconds=first // PER_PAYLOAD),
                           size=len(payload))
        with conn.cursor().copy(f"COPY articles ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(oids)
            for i in range(first, min(first + PER_PAYLOAD, stop)):
                row = list(template[i % len(template)])
                row[0], row[_SHA] = feed_id, digest
                row[_GUID] = f"fill-{i}"
                row[_URL] = f"http://bench.invalid/fill/{i}"
                row[_CANON] = f"https://bench.invalid/fill/{i}"
                row[_HASH] = hashlib.sha256(f"{i}:{row[_HASH]}".encode()).hexdigest()
                copy.write_row(row)
        conn.commit()


def sizes(conn: psycopg.Connection) -> dict[str, int]:
    q = ("SELECT pg_table_size('articles'), pg_indexes_size('articles'), pg_total_relation_size('raw_payloads'), "
         "pg_total_relation_size('fetch_attempts') + pg_total_relation_size('item_errors') "
         "+ pg_total_relation_size('article_versions')")
    names = ("articles", "article indexes", "raw payloads", "fetches, errors, versions")
    return dict(zip(names, conn.execute(q).fetchone()))


def probe(conn: psycopg.Connection, feed_id: int, oids: list[int], template: list[list], n_payloads: int,
          step: int, workers: int, rng: random.Random, items: list) -> dict[str, float]:
    """Rates at this size: bare COPY of n rows (rolled back), replay of n new stories, its re-run."""
    n = n_payloads * PER_PAYLOAD
    cols = ", ".join(store._COLUMNS)  # noqa: SLF001
    t = time.perf_counter()
    with conn.cursor().copy(f"COPY articles ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(oids)
        for i in range(n):
            row = list(template[i % len(template)])
            row[0], row[_GUID] = feed_id, f"copy-{step}-{i}"
            copy.write_row(row)
    copy_rate = n / (time.perf_counter() - t)
    conn.rollback()
    start = sb.FETCHED + dt.timedelta(days=step)
    for k in range(n_payloads):
        payload = sb.build_payload(PER_PAYLOAD, 10**9 * (step + 1) + k * PER_PAYLOAD, items, rng)
        digest = store.store_payload(conn, payload, "application/rss+xml")
        store.record_fetch(conn, feed_id, url=f"/probe/{step}/{k}.xml", status="ok", payload_sha256=digest,
                           started_at=start + dt.timedelta(seconds=k), size=len(payload))
    conn.commit()
    rates = {"copy": copy_rate}
    for label, expect in (("replay, new stories", "stories_new"), ("replay, re-run", "stories_unchanged")):
        t = time.perf_counter()
        counts = replay(conn, start, start + dt.timedelta(hours=1), workers=workers)
        rates[label] = n / (time.perf_counter() - t)
        assert getattr(counts, expect) == n, counts
    return rates


def project(steps: list[tuple[int, dict, dict]]) -> None:
    (n0, s0, _), (n1, s1, r1) = steps[-2], steps[-1]
    print(f"\nprojection to {TARGET:,} stories (disk growth between {n0:,} and {n1:,}, rates at {n1:,}):")
    total = 0.0
    for key in s1:
        per = (s1[key] - s0[key]) / (n1 - n0)
        total += per * TARGET
        print(f"  {key:<26} {per:8.0f} bytes/story -> {per * TARGET / 1e9:7.1f} GB")
    print(f"  {'total':<26} {'':8}                -> {total / 1e9:7.1f} GB")
    for key in ("replay, new stories", "replay, re-run"):
        print(f"  {key:<26} {r1[key]:8,.0f} stories/s -> {TARGET / r1[key] / 3600:7.1f} h")
    print(f"  {'limit: bare COPY':<26} {r1['copy']:8,.0f} rows/s    -> {TARGET / r1['copy'] / 3600:7.1f} h")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,500000,1000000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--probe", type=int, default=5, help="payloads of 1,000 new stories replayed at each size")
    args = ap.parse_args()
    targets = [int(s) for s in args.sizes.split(",")]
    server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
    rng = random.Random(11)
    items = sb.sample_items()
    feed = FeedConfig(name="bench", url="http://bench.invalid/rss", agency="Reuters", language="en")
    template = template_rows(feed, [sb.build_payload(PER_PAYLOAD, k * PER_PAYLOAD, items, rng) for k in range(5)])
    admin_url = urlunsplit(urlsplit(server)._replace(path="/postgres"))
    url = urlunsplit(urlsplit(server)._replace(path=f"/{DBNAME}"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DBNAME}")
    steps = []
    with psycopg.connect(url) as conn:
        migrate(conn)
        feed_id = conn.execute("INSERT INTO feeds (name, url, agency, language) VALUES (%s, %s, %s, %s) "
                               "RETURNING id", (feed.name, feed.url, feed.agency, feed.language)).fetchone()[0]
        conn.commit()
        oids = [dict(conn.execute("SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = "
                                  "'articles'::regclass AND attnum > 0 AND NOT attisdropped").fetchall())[c]
                for c in store._COLUMNS]  # noqa: SLF001
        done = 0
        print(f"{'stories':>10} {'bytes/story':>12}  "
              + "  ".join(f"{k:>22}" for k in ("replay new / COPY", "re-run / COPY", "COPY rows/s")))
        for step, target in enumerate(targets):
            t = time.perf_counter()
            fill(conn, feed_id, oids, template, rng, items, done, target)
            done = target
            conn.autocommit = True
            conn.execute("VACUUM ANALYZE articles")
            conn.autocommit = False
            filled = time.perf_counter() - t
            size = sizes(conn)
            rates = probe(conn, feed_id, oids, template, args.probe, step, args.workers, rng, items)
            steps.append((target, size, rates))
            print(f"{target:>10,} {sum(size.values()) / target:>12,.0f}  "
                  f"{rates['replay, new stories'] / rates['copy']:>10.2f} ({rates['replay, new stories']:>6,.0f}/s)"
                  f"  {rates['replay, re-run'] / rates['copy']:>10.2f} ({rates['replay, re-run']:>6,.0f}/s)"
                  f"  {rates['copy']:>22,.0f}   [filled in {filled:.0f} s; {', '.join(f'{k} {v / 1e6:.0f} MB' for k, v in size.items())}]")
    project(steps)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
