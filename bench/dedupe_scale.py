"""Dedupe at scale: sign and cluster N synthetic ~300-word stories in Postgres, then 10,000 more.

    .venv/bin/python bench/dedupe_scale.py --n 1000000          # full run
    .venv/bin/python bench/dedupe_scale.py --n 100000 --runs 3  # min/median/max of 3 runs
    .venv/bin/python bench/dedupe_scale.py --sizes 100000,500000,1000000   # growth, 50M projection
    .venv/bin/python bench/dedupe_scale.py --compare            # datasketch vs rensa signing speed
    .venv/bin/python bench/dedupe_scale.py --n 500000 --phases 100000   # time per step, per 100k

Every figure is also printed as a ratio to its limit measured in the same run: clustering time
over the time of signing alone (clean, shingle, MinHash and key the same stories, no database),
since absolute times drift with the load of a shared machine. Storage is printed per story
(the signature rows with their index keys, table and indexes: pg_total_relation_size).

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
from scrapers.dedupe.run import SIGN_WORKERS  # noqa: E402
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
    perm = MinHash(num_perm=120, seed=1, scheme="legacy")  # datasketch 2 wants the scheme named
    for d in docs:
        tk = tokens(d)
        m = MinHash(num_perm=120, seed=1, permutations=perm.permutations, scheme="legacy")
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


def sign_only(conn: psycopg.Connection, batch: int) -> float:
    """Seconds to sign every stored story (read time excluded): the limit dedupe is measured against."""
    from scrapers.dedupe.signing import SELECT, Doc, sign

    total, last = 0.0, 0
    while True:
        docs = [Doc(*r) for r in conn.execute(SELECT + " WHERE a.id > %s ORDER BY a.id LIMIT %s", (last, batch))]
        if not docs:
            return total
        t = time.perf_counter()
        sign(docs)
        total += time.perf_counter() - t
        last = docs[-1].id


class Phases:
    """Seconds spent in each step of run_dedupe (--phases), main thread and read-ahead apart,
    printed per slice of `every` stories as well as in total: whether a step grows with the
    size of the index (a step whose time per slice rises is what makes clustering super-linear)."""

    STEPS = [("run", "sign"), ("run", "_collect"), ("run", "_verify"), ("run", "_place"), ("lsh_store", "lookup_rows"),
             ("lsh_store", "save_signature_arrays"), ("lsh_store", "signed"), ("lsh_store", "remove"),
             ("clusters", "detach"), ("run", "process_batch"), ("KeyMirror", "lookup_rows"), ("KeyMirror", "add"),
             ("KeyMirror", "for_run")]

    def __init__(self, every: int) -> None:
        import threading
        from collections import Counter

        from scrapers.dedupe import clusters, lsh_store, run
        from scrapers.dedupe.mirror import KeyMirror

        self.spent: Counter = Counter()
        self.every, self.done, self._mark = every, 0, Counter()
        self._modules = {"run": run, "lsh_store": lsh_store, "clusters": clusters, "KeyMirror": KeyMirror}
        self._saved = []
        for mod_name, fn in self.STEPS:
            mod = self._modules[mod_name]
            orig = mod.__dict__[fn]  # for_run stays a classmethod when put back
            self._saved.append((mod, fn, orig))
            call = getattr(mod, fn)
            label = "in-memory " + fn if mod_name == "KeyMirror" else fn

            def timed(*a, _orig=call, _name=label, **kw):
                t = time.perf_counter()
                try:
                    return _orig(*a, **kw)
                finally:
                    thread = threading.current_thread()
                    where = "" if thread is threading.main_thread() else f" ({thread.name.split('_')[0]} thread)"
                    self.spent[_name + where] += time.perf_counter() - t
                    if _name == "process_batch":
                        self._slice(len(a[1]))
            setattr(mod, fn, staticmethod(timed) if isinstance(orig, classmethod) else timed)

    def _slice(self, n: int) -> None:
        before = self.done // self.every
        self.done += n
        if self.done // self.every > before:
            delta = self.spent - self._mark
            print(f"  up to {self.done:,}: " + ", ".join(f"{k} {v:.1f}s" for k, v in delta.most_common()), flush=True)
            self._mark = self.spent.copy()

    def close(self) -> str:
        for mod, fn, orig in self._saved:
            setattr(mod, fn, orig)
        return ", ".join(f"{k} {v:.1f}s" for k, v in self.spent.most_common())


def one_run(args: argparse.Namespace, n: int) -> dict:
    """Load n stories into a fresh database, sign them alone, then cluster them; sizes per story."""
    print(f"load average at the start: {os.getloadavg()[0]:.2f}", flush=True)
    url = database(args.db)
    rng = np.random.default_rng(42)
    vocab = vocabulary(rng)
    with psycopg.connect(url) as conn:
        migrate(conn)
        conn.execute("ALTER TABLE articles DROP COLUMN search")
        conn.execute("INSERT INTO feeds (id, name, url, agency) VALUES (1, 'wire', 'u1', 'Wire'),"
                     " (2, 'partner', 'u2', 'Partner')")
        conn.commit()
        print(f"load {n:,} stories: {load(conn, rng, vocab, n, 0):.1f}s", flush=True)
        gc.freeze()
        signing = sign_only(conn, args.batch_size)
        conn.rollback()
        phases = Phases(args.phases) if args.phases else None
        t = time.perf_counter()
        counts = run_dedupe(conn, batch_size=args.batch_size, overlap=not args.no_overlap,
                            sign_workers=args.sign_workers)
        full = time.perf_counter() - t
        print(f"dedupe {n:,}: {full:.1f}s = {n / full:,.0f} docs/s; signing alone {signing:.1f}s;"
              f" ratio {full / signing:.2f}  {counts}", flush=True)
        if phases is not None:
            print(f"  phases: {phases.close()}", flush=True)
        print(f"load average (1/5/15 min) after clustering: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        load(conn, rng, vocab, args.incremental, n)
        t = time.perf_counter()
        counts = run_dedupe(conn, batch_size=args.batch_size, overlap=not args.no_overlap,
                            sign_workers=args.sign_workers)
        print(f"incremental {args.incremental:,} on top: {time.perf_counter() - t:.1f}s  {counts}", flush=True)
        row = conn.execute(
            "SELECT pg_total_relation_size('dedupe_signatures'), pg_indexes_size('dedupe_signatures'),"
            " pg_relation_size('dedupe_signatures_keys'),"
            " pg_total_relation_size('clusters') + pg_total_relation_size('cluster_members'),"
            " (SELECT count(*) FROM articles), (SELECT avg(cardinality(keys)) FROM dedupe_signatures)"
        ).fetchone()
        stories = row[4]
        out = {"n": n, "dedupe_s": full, "sign_s": signing, "ratio": full / signing,
               "lsh_per_story": row[0] / stories, "lsh_index_per_story": row[1] / stories,
               "gin_per_story": row[2] / stories, "clusters_per_story": row[3] / stories,
               "keys_per_story": float(row[5])}
        print(f"per story: LSH keys with signatures {out['lsh_per_story']:,.0f} B (table + indexes; of which"
              f" indexes {out['lsh_index_per_story']:,.0f} B, the GIN {out['gin_per_story']:,.0f} B;"
              f" {out['keys_per_story']:.1f} keys), clusters+members {out['clusters_per_story']:,.0f} B", flush=True)
    if args.drop:
        admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    return out


def summary(runs: list[dict]) -> None:
    for key in ("dedupe_s", "sign_s", "ratio", "lsh_per_story"):
        vals = sorted(r[key] for r in runs)
        print(f"{key:14s} min {vals[0]:10.2f}  median {vals[len(vals) // 2]:10.2f}  max {vals[-1]:10.2f}")


def project(runs: list[dict], target: int = 50_000_000) -> None:
    """Least-squares line of time and disk over the measured sizes, extended to `target` stories."""
    ns = np.array([r["n"] for r in runs], dtype=float)
    for key, unit in (("dedupe_s", "s"), ("sign_s", "s")):
        slope, icpt = np.polyfit(ns, [r[key] for r in runs], 1)
        print(f"projection {target:,}: {key} {icpt + slope * target:,.0f} {unit} ({slope * 1e6:,.1f} s per 1M)")
    per = [r["lsh_per_story"] for r in runs]
    slope, icpt = np.polyfit(ns, per, 1)
    print(f"projection {target:,}: LSH keys with signatures {(icpt + slope * target) * target / 1e9:,.0f} GB"
          f" ({icpt + slope * target:,.0f} B per story)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--sizes", default="", help="comma-separated sizes: growth and a 50M projection")
    ap.add_argument("--incremental", type=int, default=10_000)
    ap.add_argument("--batch-size", type=int, default=20_000)
    ap.add_argument("--db", default="wirefeed_bench_dedupe")
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    ap.add_argument("--no-overlap", action="store_true", help="sign each batch inline (no read-ahead thread)")
    ap.add_argument("--sign-workers", type=int, default=SIGN_WORKERS,
                    help="processes signing the read-ahead batch (0: one thread, as before session 5)")
    ap.add_argument("--phases", type=int, default=0, metavar="EVERY",
                    help="print the seconds spent in each step of dedupe, per slice of EVERY stories")
    args = ap.parse_args()
    if args.compare:
        compare()
        return
    if args.sizes:
        runs = [one_run(args, int(n)) for n in args.sizes.split(",")]
        project(runs)
    else:
        runs = [one_run(args, args.n) for _ in range(args.runs)]
    summary(runs)


if __name__ == "__main__":
    main()
