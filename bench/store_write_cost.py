"""What each part of `articles` costs the Postgres backend per new row, one part removed at a time.

    .venv/bin/python bench/store_write_cost.py [--stories 10000] [--rounds 3] [VARIANT ...]

For every variant a scratch database (`wirefeed_bench`, dropped after) is migrated, the variant
applied, and the rows the project stores (bench/store_bench.py's stories, payload digests
included) are copied in `--rounds` times (the first into the empty table, the others on top),
1,000 rows per COPY and commit, as replay stores them. Printed: the backend's CPU per row (read
from /proc: the server must run on this machine), median over the rounds, and its ratio to the
schema as migrated (`base`) measured in the same run. Variants (joined with `+`):
  base         the schema as migrated
  nosha        rows without a payload digest (no foreign key check against raw_payloads)
  nofk         every trigger disabled (both foreign key checks)
  nosearch     no `search` column (the generated tsvector) nor its GIN index
  nosearchidx  the `search` column without its GIN index
  ginnofast    the GIN index with fastupdate = off
  gin64        the GIN index with a 64 MB pending list
  noidx        no index but the primary key, the (feed_id, guid) key and the search index
  drop:NAME    without the index NAME
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

import store_bench as sb  # noqa: E402
from scrapers import pgserver, store  # noqa: E402
from scrapers.config import FeedConfig  # noqa: E402

VARIANTS = ["base", "nosha", "nofk", "nosearch", "nosearchidx", "ginnofast", "noidx"]
_KEEP = ("articles_pkey", "articles_feed_id_guid_key", "articles_search")


def apply(conn: psycopg.Connection, variant: str) -> None:
    for part in variant.split("+"):
        if part in ("base", "nosha"):
            continue
        sql = {"nofk": ["ALTER TABLE articles DISABLE TRIGGER ALL"],
               "nosearch": ["DROP INDEX articles_search", "ALTER TABLE articles DROP COLUMN search"],
               "nosearchidx": ["DROP INDEX articles_search"],
               "ginnofast": ["ALTER INDEX articles_search SET (fastupdate = off)"],
               "gin64": ["ALTER INDEX articles_search SET (gin_pending_list_limit = 65536)"]}.get(part)
        if part == "noidx":
            names = conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'articles' "
                                 "AND indexname <> ALL(%s)", (list(_KEEP),)).fetchall()
            sql = [f"DROP INDEX {name}" for (name,) in names]
        elif part.startswith("drop:"):
            sql = [f"DROP INDEX {part[5:]}"]
        if sql is None:
            raise SystemExit(f"unknown variant {part!r}")
        for statement in sql:
            conn.execute(statement)
    conn.commit()


def rows_of(feed_id: int, batches: list[list], digests: list[str | None], tag: str) -> list[list]:
    subj, guid = store._COLUMNS.index("subjects"), store._COLUMNS.index("guid")  # noqa: SLF001
    rows = []
    for batch, digest in zip(batches, digests):
        for art in batch:
            row = list(store._row(feed_id, art, digest, sb.FETCHED))  # noqa: SLF001
            row[subj] = Jsonb(row[subj], dumps=lambda s: s)
            row[guid] = f"{row[guid]}-{tag}"
            rows.append(row)
    return rows


def cpu_per_row(conn: psycopg.Connection, rows: list[list]) -> float:
    """Backend CPU seconds per row of COPYing `rows`, 1,000 a statement and a commit."""
    cols = ", ".join(store._COLUMNS)  # noqa: SLF001
    oids = dict(conn.execute("SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = 'articles'::regclass "
                             "AND attnum > 0 AND NOT attisdropped").fetchall())
    used = sb.backend_cpu(conn)
    before = used()
    for i in range(0, len(rows), 1000):
        with conn.cursor().copy(f"COPY articles ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([oids[c] for c in store._COLUMNS])  # noqa: SLF001
            for row in rows[i:i + 1000]:
                copy.write_row(row)
        conn.commit()
    return (used() - before) / len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("variants", nargs="*", default=VARIANTS)
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    server = os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server()
    items = sb.sample_items()
    payloads = [sb.build_payload(1000, s, items, random.Random(s)) for s in range(0, args.stories, 1000)]
    feed = FeedConfig(name="bench", url="http://bench.invalid/rss", agency="Reuters", language="en")
    batches = sb.parsed(feed, payloads)
    found = {}
    for variant in ["base"] + [v for v in args.variants if v != "base"]:
        with psycopg.connect(sb.fresh_database(server)) as conn:
            feed_id = sb.setup(conn, feed, payloads)
            apply(conn, variant)
            digests = [None if "nosha" in variant else store.sha256_hex(p) for p in payloads]
            per_round = [cpu_per_row(conn, rows_of(feed_id, batches, digests, str(r))) for r in range(args.rounds)]
        found[variant] = statistics.median(per_round)
        print(f"{variant:<28} {found[variant] * 1e6:6.1f} us/row  {found[variant] / found['base']:.2f} of base   "
              f"(rounds: {', '.join(f'{c * 1e6:.0f}' for c in per_round)} us)", flush=True)
    with psycopg.connect(urlunsplit(urlsplit(server)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {sb.DBNAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
