"""Dedupe at scale: sign and cluster N synthetic ~300-word stories in Postgres, then 10,000 more.

    .venv/bin/python bench/dedupe_scale.py --n 1000000          # full run
    .venv/bin/python bench/dedupe_scale.py --compare            # datasketch vs rensa signing speed

Stories are drawn from a Zipf vocabulary; ~10% are edited copies of a recent story (word
substitutions, a new lede, a trim) and ~2% verbatim copies on a partner feed, so the index sees
realistic bucket collisions. Loading the articles is not the measured part: the bench database
drops the full-text `search` column (its tsvector + GIN index would dominate loading).
Uses WIREFEED_DATABASE_URL (a server; a fresh database is created next to it) or the
embedded server from scrapers.pgserver.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.dedupe import run_dedupe  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402

VOCAB = 30_000
WORDS = 300
T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def vocabulary(rng: np.random.Generator) -> np.ndarray:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lens = rng.integers(2, 10, VOCAB)
    return np.array(["".join(rng.choice(letters, n)) for n in lens], dtype=object)


def stories(rng: np.random.Generator, vocab: np.ndarray, n: int, start: int):
    """Yield (guid, feed, body) with edited and verbatim copies of recent stories mixed in."""
    cdf = np.cumsum(1.0 / np.arange(1, VOCAB + 1) ** 1.05)
    cdf /= cdf[-1]

    def draw(k: int) -> np.ndarray:  # Zipf words; searchsorted on a fixed CDF is ~50x rng.choice(p=)
        return np.minimum(np.searchsorted(cdf, rng.random(k)), VOCAB - 1)

    recent: list[np.ndarray] = []
    for i in range(start, start + n):
        r = rng.random()
        if recent and r < 0.12:
            src = recent[rng.integers(len(recent))].copy()
            if r < 0.02:
                yield f"p{i}", 2, " ".join(vocab[src])
                continue
            kind = rng.integers(3)
            if kind == 0:  # corrections: a few words replaced
                idx = rng.integers(0, len(src), 6)
                src[idx] = draw(6)
            elif kind == 1:  # re-lede: new first sentence
                src = np.concatenate([draw(25), src[20:]])
            else:  # trim
                src = src[: int(len(src) * 0.88)]
            yield f"g{i}", 1, " ".join(vocab[src])
            continue
        words = draw(WORDS + int(rng.integers(-60, 60)))
        recent.append(words)
        if len(recent) > 5000:
            recent.pop(0)
        yield f"g{i}", 1, " ".join(vocab[words])


def load(conn: psycopg.Connection, rng, vocab, n: int, start: int) -> float:
    t = time.perf_counter()
    with conn.cursor() as cur, cur.copy(
        "COPY articles (feed_id, guid, format, agency, body, published_at, content_hash) FROM STDIN"
    ) as copy:
        for k, (guid, feed, body) in enumerate(stories(rng, vocab, n, start)):
            digest = hashlib.sha256(body.encode()).hexdigest()
            copy.write_row((feed, guid, "synthetic", "Wire", body, T0 + timedelta(seconds=start + k), digest))
    conn.commit()
    return time.perf_counter() - t


def database(name: str) -> str:
    base = os.environ.get("WIREFEED_DATABASE_URL")
    if base:
        info = psycopg.conninfo.conninfo_to_dict(base)
        admin = psycopg.conninfo.make_conninfo(base, dbname="postgres")
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
        return psycopg.conninfo.make_conninfo(base, dbname=name) if info else base
    from scrapers import pgserver

    url = pgserver.ensure_server()
    with psycopg.connect(psycopg.conninfo.make_conninfo(url, dbname="postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return psycopg.conninfo.make_conninfo(url, dbname=name)


def compare(n: int = 3000) -> None:
    """Signing throughput: datasketch (b=20,r=6 style, 120 perms) vs rensa vs numpy+rensa."""
    from datasketch import MinHash
    from rensa import RMinHash

    from scrapers.dedupe.minhash import signatures
    from scrapers.dedupe.shingles import shingle_batch, tokens

    rng = np.random.default_rng(1)
    docs = [b for _, _, b in stories(rng, vocabulary(rng), n, 0)]
    t = time.perf_counter()
    perm = MinHash(num_perm=120, seed=1)
    for d in docs:
        tk = tokens(d)
        m = MinHash(num_perm=120, seed=1, permutations=perm.permutations)
        m.update_batch([" ".join(tk[i : i + 3]).encode() for i in range(len(tk) - 2)])
    print(f"datasketch (shared permutations): {n / (time.perf_counter() - t):,.0f} docs/s")
    t = time.perf_counter()
    for d in docs:
        tk = tokens(d)
        m = RMinHash(120, 1)
        m.update([" ".join(tk[i : i + 3]) for i in range(len(tk) - 2)])
        m.digest()
    print(f"rensa, Python shingles:           {n / (time.perf_counter() - t):,.0f} docs/s")
    t = time.perf_counter()
    for i in range(0, n, 1000):
        signatures(*shingle_batch(docs[i : i + 1000]))
    print(f"numpy shingle hashes + rensa:     {n / (time.perf_counter() - t):,.0f} docs/s  (used)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--incremental", type=int, default=10_000)
    ap.add_argument("--batch-size", type=int, default=20_000)
    ap.add_argument("--db", default="wirefeed_bench_dedupe")
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    ap.add_argument("--no-overlap", action="store_true", help="sign each batch inline (no read-ahead thread)")
    args = ap.parse_args()
    if args.compare:
        compare()
        return
    url = database(args.db)
    rng = np.random.default_rng(42)
    vocab = vocabulary(rng)
    with psycopg.connect(url) as conn:
        migrate(conn)
        conn.execute("ALTER TABLE articles DROP COLUMN search")
        conn.execute("INSERT INTO feeds (id, name, url, agency) VALUES (1, 'wire', 'u1', 'Wire'),"
                     " (2, 'partner', 'u2', 'Partner')")
        conn.commit()
        print(f"load {args.n:,} stories: {load(conn, rng, vocab, args.n, 0):.1f}s", flush=True)
        conn.execute("VACUUM ANALYZE articles") if conn.autocommit else None
        gc.freeze()
        t = time.perf_counter()
        counts = run_dedupe(conn, batch_size=args.batch_size, overlap=not args.no_overlap)
        full = time.perf_counter() - t
        print(f"dedupe {args.n:,}: {full:.1f}s = {args.n / full:,.0f} docs/s  {counts}", flush=True)
        load(conn, rng, vocab, args.incremental, args.n)
        t = time.perf_counter()
        counts = run_dedupe(conn, batch_size=args.batch_size, overlap=not args.no_overlap)
        inc = time.perf_counter() - t
        print(f"incremental {args.incremental:,} on top: {inc:.1f}s  {counts}", flush=True)
        sizes = conn.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('lsh_buckets')), pg_size_pretty(pg_indexes_size('lsh_buckets')),"
            " pg_size_pretty(pg_total_relation_size('dedupe_signatures')),"
            " pg_size_pretty(pg_total_relation_size('clusters') + pg_total_relation_size('cluster_members')),"
            " (SELECT count(*) FROM clusters), (SELECT count(*) FROM cluster_members WHERE match_kind <> 'origin')"
        ).fetchone()
        print(f"lsh_buckets {sizes[0]} (indexes {sizes[1]}), dedupe_signatures {sizes[2]},"
              f" clusters+members {sizes[3]}; clusters {sizes[4]:,}, joined members {sizes[5]:,}", flush=True)
    if args.drop:
        admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')

if __name__ == "__main__":
    main()
