"""Re-normalise and store N stories from stored raw payloads: into an empty database, then again
into the full one (the idempotent re-run). Prints parse, normalise and store time separately.

    .venv/bin/python bench/store_bench.py [--stories 100000] [--per-payload 1000]

Uses $WIREFEED_DATABASE_URL's server if set (a database `wirefeed_bench` is created there),
else the embedded server. The payloads are RSS 2.0 files built from the real Reuters fixture
items (datelines, ~2 KB bodies) with unique guids.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402
import psycopg  # noqa: E402

from scrapers import pgserver, store  # noqa: E402
from scrapers.config import FeedConfig  # noqa: E402
from scrapers.formats import detect  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402
from scrapers.normalise import normalise  # noqa: E402
from scrapers.pipeline import split_records  # noqa: E402

DBNAME = "wirefeed_bench"


def sample_items() -> list[tuple[str, str]]:
    """(title, description) pairs from the real fixture feeds."""
    items = []
    for path in sorted((ROOT / "tests/fixtures/rss").glob("reuters-*.xml")):
        for entry in feedparser.parse(path.read_bytes()).entries:
            items.append((entry.get("title", ""), entry.get("summary", "")))
    return [i for i in items if i[1]]


def build_payload(n: int, start: int, items: list[tuple[str, str]], rng: random.Random) -> bytes:
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
    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DBNAME}")
    return urlunsplit(parts._replace(path=f"/{DBNAME}"))


def run_pass(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, digests: list[str]) -> dict[str, float]:
    """One replay of every payload with each stage timed on its own."""
    t = {"load": 0.0, "parse": 0.0, "normalise": 0.0, "store": 0.0, "new": 0, "unchanged": 0, "stories": 0}
    fetched_at = dt.datetime(2024, 3, 2, tzinfo=dt.timezone.utc)
    for digest in digests:
        t0 = time.perf_counter()
        data = store.load_payload(conn, digest)
        t1 = time.perf_counter()
        parsed = detect(data).parse(data, source=feed.url)
        t2 = time.perf_counter()
        records = [normalise(a, published_hint=fetched_at, feed_language="en") for a in parsed]
        articles, _ = split_records(records, feed)
        t3 = time.perf_counter()
        counts = store.upsert_articles(conn, feed_id, articles, digest, fetched_at)
        conn.commit()
        t4 = time.perf_counter()
        t["load"] += t1 - t0
        t["parse"] += t2 - t1
        t["normalise"] += t3 - t2
        t["store"] += t4 - t3
        t["new"] += counts.new
        t["unchanged"] += counts.unchanged
        t["stories"] += len(articles)
    return t


def report(label: str, t: dict[str, float]) -> None:
    total = t["load"] + t["parse"] + t["normalise"] + t["store"]
    n = t["stories"]
    print(f"{label}: {n} stories in {total:.1f} s = {n / total:,.0f} stories/s "
          f"(new {t['new']}, unchanged {t['unchanged']})")
    for stage in ("load", "parse", "normalise", "store"):
        print(f"  {stage:<9} {t[stage]:7.2f} s  {n / t[stage] if t[stage] else float('inf'):>10,.0f} stories/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=100_000)
    ap.add_argument("--per-payload", type=int, default=1000)
    args = ap.parse_args()
    server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
    url = fresh_database(server)
    rng = random.Random(7)
    items = sample_items()
    with psycopg.connect(url) as conn:
        migrate(conn)
        feed = FeedConfig(name="bench", url="http://bench.invalid/rss", agency="Reuters", language="en")
        feed_id = conn.execute("INSERT INTO feeds (name, url) VALUES ('bench', %s) RETURNING id", (feed.url,)).fetchone()[0]
        digests = []
        for start in range(0, args.stories, args.per_payload):
            payload = build_payload(min(args.per_payload, args.stories - start), start, items, rng)
            digests.append(store.store_payload(conn, payload, "application/rss+xml"))
        conn.commit()
        print(f"{len(digests)} stored payloads, {args.stories} stories; parser: {detect(store.load_payload(conn, digests[0])).name}")
        report("empty database", run_pass(conn, feed, feed_id, digests))
        report("full database (re-run)", run_pass(conn, feed, feed_id, digests))
    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DBNAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
