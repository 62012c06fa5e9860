"""Incremental dedupe: sign new/changed articles, look up the shared index, verify, cluster.

Each batch is one transaction that also moves the 'dedupe' watermark, so a crash loses nothing
and a re-run over the same stories changes nothing (a large run writes the signature rows in a
second transaction: scrapers.dedupe.writer says why that is safe). Workers serialise on an advisory lock.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime

import numpy as np
import psycopg

from . import clusters, lsh_store, reconcile, verify
from . import writer as writer_mod
from . import signing as signing_mod
from .candidates import KIND_RANK, candidates
from .mirror import KeyMirror
from .mirror import version as index_version
from .signing import SELECT as _SELECT
from .signing import Doc, Signing, sign, sign_key, sides

WATERMARK = "dedupe"
# Jaccard threshold for syndicated copies: 0.7 keeps precision 1.000 and reaches recall 0.992 on
# tests/dedupe_pairs.jsonl (0.8 missed short corrections: recall 0.935); same-event stories stay < 0.05.
# Trimmed, wrapped and updated copies are found by containment and the lede (scrapers.dedupe.verify).
DEFAULT_THRESHOLD = verify.JACCARD
_LOCK_ID = 7_211_306
_EXACT_KINDS = ("guid", "canonical_url", "content_hash")


def _lock_and_watermark(conn: psycopg.Connection) -> int:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
    conn.execute("INSERT INTO watermarks (name, position) VALUES ('dedupe_index', 0) ON CONFLICT DO NOTHING")
    conn.execute("INSERT INTO watermarks (name, position) VALUES (%s, 0) ON CONFLICT DO NOTHING", (WATERMARK,))
    writer_mod.init_watermark(conn, WATERMARK)
    return conn.execute("SELECT position FROM watermarks WHERE name = %s", (WATERMARK,)).fetchone()[0]


class _Signer:
    """Signs read-ahead batches off the main thread: split over `workers` processes (signing is
    mostly Python under the GIL, so a thread overlapped little of it with the main thread's own
    work), or in one thread when `workers` is 0. The pool starts on the first full batch."""

    def __init__(self, workers: int) -> None:
        self.workers, self.pool = workers, None

    def submit(self, docs: list[Doc]) -> Callable[[], Signing]:
        if self.pool is None:
            self.pool = self._start()
        if self.workers < 1:
            return self.pool.submit(sign, docs).result
        step = -(-len(docs) // self.workers)
        parts = [self.pool.submit(signing_mod.sign, docs[i : i + step]) for i in range(0, len(docs), step)]
        return lambda: Signing.concat([f.result() for f in parts])

    def sign_now(self, docs: list[Doc]) -> Signing:
        """Sign a batch with the pool and wait (the first batch of a run has no read-ahead)."""
        return self.submit(docs)()

    def _start(self) -> Executor:
        if multiprocessing.current_process().daemon:  # a daemonic process may not start children
            self.workers = 0
        if self.workers < 1:
            return ThreadPoolExecutor(1, thread_name_prefix="dedupe-sign")
        ctx = multiprocessing.get_context("forkserver")  # never fork a process holding connections
        ctx.set_forkserver_preload(["scrapers.dedupe.signing"])
        return ProcessPoolExecutor(self.workers, mp_context=ctx)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _collect(result: Callable[[], Signing]) -> Signing:
    """Wait for a read-ahead signing (a step of its own in bench/dedupe_scale.py --phases)."""
    return result()


SIGN_WORKERS = min(os.cpu_count() or 1, 4)


def run_dedupe(conn: psycopg.Connection, threshold: float = DEFAULT_THRESHOLD, batch_size: int = 5000,
               overlap: bool = True, sign_workers: int = SIGN_WORKERS) -> dict:
    """Process articles changed since the 'dedupe' watermark; return counts.

    With `overlap`, the next batch is read ahead and signed (shingles, MinHash, keys: pure CPU)
    by `sign_workers` processes (0: one thread) while this batch waits on Postgres. Under the
    lock the next batch is re-listed (ids and change_seq) and the read-ahead is used only if it
    is exactly that batch, so another worker or a concurrent update never makes it process stale text.
    A run that holds the index in memory also writes each batch's signature rows on a second
    connection while the next batch is placed (scrapers.dedupe.writer), when `conn` is not inside
    a transaction of the caller's (the second connection must see what the first commits).
    """
    run = _Run(conn, threshold, batch_size, overlap, sign_workers)
    try:
        while run.step():
            pass
        if run.writer is not None:
            run.writer.drain()
    finally:
        run.close()
    return dict(run.counts)


class _Run:
    """What lives from one batch to the next in a run: counts, the read-ahead, the key mirror and
    the second connection's writer."""

    def __init__(self, conn: psycopg.Connection, threshold: float, batch_size: int, overlap: bool,
                 sign_workers: int) -> None:
        self.conn, self.threshold, self.batch_size = conn, threshold, batch_size
        self.counts: Counter = Counter(processed=0, clusters_new=0, exact_duplicates=0, near_duplicates=0)
        self.pool = _Signer(sign_workers) if overlap else None
        self.may_write = overlap and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        self.ahead = None  # (watermark it follows, docs, a call returning their Signing)
        self.mirror: KeyMirror | None = None
        self.writer: writer_mod.SignatureWriter | None = None
        self.batches = 0

    def step(self) -> bool:
        """One batch in its own transaction; False when nothing is left after it."""
        if self.writer is not None:
            self.writer.throttle()
        saved, deferred = self.counts.copy(), []
        try:
            with self.conn.transaction():
                docs = self._batch(deferred)
        except writer_mod.Drain:  # rolled back: write what is pending, then run the batch again
            self.counts.clear()
            self.counts.update(saved)
            self.writer.drain()
            self.writer.close()
            self.writer = None
            return True
        if deferred:
            self.writer.submit(docs[-1].change_seq, *deferred[0])
        return len(docs) == self.batch_size

    def _batch(self, deferred: list) -> list[Doc]:
        """Place the batch after the watermark and move the watermark(s) past it."""
        conn = self.conn
        position = _lock_and_watermark(conn)
        if self.batches == 0:
            self.counts["repaired"] += writer_mod.repair(conn, position, sign)
        self.mirror = _mirror_for_batch(conn, self.mirror, self.batches == 0, position, self.batch_size, self.writer)
        docs, signing, self.ahead = _next_batch(conn, position, self.batch_size, self.ahead, self.pool)
        if not docs:
            return docs
        if self.writer is None and self.may_write and self.mirror is not None and len(docs) == self.batch_size:
            self.writer = writer_mod.SignatureWriter.open(conn, self.mirror, _LOCK_ID)
            self.may_write = self.writer is not None
        if self.writer is not None:
            if self.writer.holds([d.id for d in docs]):
                raise writer_mod.Drain  # a story of this batch has its row pending
            self.writer.start_batch(position)
        process_batch(conn, docs, self.threshold, self.counts, signing, self.mirror,
                      self.pool.sign_now if self.pool is not None else None, self.writer, deferred)
        self.batches += 1
        if self.mirror is not None:
            self.mirror.version = index_version(conn)  # after this batch's own writes
        conn.execute(
            "UPDATE watermarks SET position = %s, updated_at = now() WHERE name = ANY(%s)",
            (docs[-1].change_seq, [WATERMARK] if self.writer is not None else [WATERMARK, writer_mod.SIGNED]),
        )
        return docs

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.pool is not None:
            self.pool.close()


def _next_batch(conn: psycopg.Connection, position: int, batch_size: int, ahead, pool: _Signer | None):
    """(docs, their Signing or None, the next read-ahead) of the batch after `position`."""
    docs = signing = None
    if ahead is not None and ahead[0] == position:
        signed_ahead = _collect(ahead[2])
        listed = conn.execute(
            "SELECT id, change_seq FROM articles WHERE change_seq > %s ORDER BY change_seq LIMIT %s",
            (position, batch_size),
        ).fetchall()
        if listed == [(d.id, d.change_seq) for d in ahead[1]]:
            docs, signing = ahead[1], signed_ahead
    ahead = None
    if docs is None:
        rows = conn.execute(
            _SELECT + " WHERE a.change_seq > %s ORDER BY a.change_seq LIMIT %s", (position, batch_size)
        ).fetchall()
        if not rows:
            return [], None, None
        docs = [Doc(*r) for r in rows]
    if pool is not None and len(docs) == batch_size:
        nxt = [Doc(*r) for r in conn.execute(
            _SELECT + " WHERE a.change_seq > %s ORDER BY a.change_seq LIMIT %s",
            (docs[-1].change_seq, batch_size),
        ).fetchall()]
        if nxt:
            ahead = (docs[-1].change_seq, nxt, pool.submit(nxt))
    return docs, signing, ahead


def _mirror_for_batch(conn: psycopg.Connection, mirror: KeyMirror | None, first: bool, position: int,
                      batch_size: int, writer: writer_mod.SignatureWriter | None = None) -> KeyMirror | None:
    """The in-memory index for this batch: read at the first batch of a large run, kept only
    while nobody else changed the index since this run's last write (checked under the lock)
    and while it stays under mirror.MAX_STORIES. Dropping it while rows are pending raises Drain."""
    if mirror is not None:
        current = index_version(conn)
        if writer is not None:
            writer.settle()  # a commit of the writer's that its thread has not recorded yet
        if current != mirror.version or mirror.full(batch_size):
            if writer is not None:
                raise writer_mod.Drain
            return None
    if first:
        pending = conn.execute("SELECT count(*) FROM articles WHERE change_seq > %s", (position,)).fetchone()[0]
        return KeyMirror.for_run(conn, pending, batch_size)
    return mirror


def rebuild_dedupe(conn: psycopg.Connection, start: datetime, end: datetime, threshold: float = DEFAULT_THRESHOLD,
                   batch_size: int = 5000) -> dict:
    """Regroup the articles that arrived (first_seen_at) in [start, end): the reprocess time axis.

    They are unindexed and taken out of their clusters, then re-placed in change_seq order
    against everything else, in one transaction: readers never see the interval half-built.
    The new grouping is written as a difference (reconcile): a cluster whose members did not
    change keeps its id and rows, so reprocessing an unchanged interval changes no row.
    """
    counts: Counter = Counter(processed=0, clusters_new=0, exact_duplicates=0, near_duplicates=0)
    with conn.transaction():
        _lock_and_watermark(conn)
        rows = conn.execute(
            _SELECT + " WHERE a.first_seen_at >= %s AND a.first_seen_at < %s ORDER BY a.change_seq",
            (start, end),
        ).fetchall()
        docs = [Doc(*r) for r in rows]
        ids = [d.id for d in docs]
        old_sigs = reconcile.signatures(conn, ids)
        affected = set(reconcile.members_of_clusters(conn, ids))
        with conn.transaction() as savepoint:  # compute the new grouping, read it, roll it back
            lsh_store.remove(conn, list(old_sigs))
            touched = clusters.detach(conn, ids)
            for i in range(0, len(docs), batch_size):
                process_batch(conn, docs[i : i + batch_size], threshold, counts)
            clusters.refresh_representatives(conn, _existing(conn, touched))
            result = reconcile.capture(conn, ids, affected, old_sigs)
            raise psycopg.Rollback(savepoint)
        counts.update(reconcile.apply(conn, result, old_sigs))  # write only what differs
    return dict(counts)


def _existing(conn: psycopg.Connection, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return {r[0] for r in conn.execute("SELECT id FROM clusters WHERE id = ANY(%s)", (list(ids),)).fetchall()}


def process_batch(conn: psycopg.Connection, docs: list[Doc], threshold: float, counts: Counter,
                  signing: Signing | None = None, mirror: KeyMirror | None = None,
                  sign_with: Callable[[list[Doc]], Signing] | None = None,
                  writer: writer_mod.SignatureWriter | None = None, deferred: list | None = None) -> None:
    """Place a batch of articles (in change_seq order) into clusters.

    `signing` is sign(docs) if already computed; it is used only when every doc needs placing
    (else `sign_with` or sign() signs what does).
    `mirror` is the index held in memory, kept in step with this batch's writes (else the GIN is asked).
    With a `writer`, the batch's signature rows are appended to `deferred` (written after the commit).
    """
    counts["processed"] += len(docs)
    prior = lsh_store.signed(conn, [d.id for d in docs])
    todo, skeys, changed = [], [], {}
    for d in docs:
        key = sign_key(d)
        if d.id in prior and prior[d.id][0] == key:
            counts["unchanged"] += 1
            continue
        if d.id in prior:
            changed[d.id] = prior[d.id][1]
        todo.append(d)
        skeys.append(key)
    if not todo:
        return
    lsh_store.remove(conn, list(changed))
    if mirror is not None:
        mirror.remove(list(changed))
    touched = clusters.detach(conn, [d.id for d in todo])
    counts["resigned"] += len(changed)

    if signing is None or len(todo) != len(docs) or signing.ids != [d.id for d in todo]:
        signing = (sign_with or sign)(todo)
    kd, kk, kb, ks = signing.kd, signing.kk, signing.kb, signing.ks
    found = mirror.lookup_rows(kk) if mirror is not None else lsh_store.lookup_rows(conn, kk)
    exact, near = candidates(kd, kk, kb, found, [d.id for d in todo])
    matches = _verify(conn, todo, signing, exact, near, threshold)
    ids = np.fromiter((d.id for d in todo), dtype=np.int64, count=len(todo))
    rows = (ids, np.asarray(skeys, dtype=np.int64), kd[ks], kk[ks], signing.n_sh.astype(np.int64))
    unseen = None
    if writer is not None and deferred is not None:
        deferred.append(rows)
        pending_ids, pending_shingles = writer.unseen()
        unseen = (np.concatenate([pending_ids, rows[0]]), np.concatenate([pending_shingles, rows[4]]))
    else:
        lsh_store.save_signature_arrays(conn, *rows)
    if mirror is not None:
        mirror.add(ids, kd[ks], kk[ks])
    _place(conn, todo, matches, touched, counts, unseen)


def _verify(conn: psycopg.Connection, todo: list[Doc], signing: Signing, exact: list[dict], near: list[list],
            threshold: float) -> list[list[tuple]]:
    """Per doc: [(target, kind, similarity)] of the candidates that are copies (verify.judge on
    the exact shingle sets, never the MinHash estimate); exact keys always match."""
    side: dict = {}
    ext_ids = sorted({t[1] for i in range(len(todo)) for t in list(exact[i]) + near[i] if t[0] == "a"})
    if ext_ids:
        ext = [Doc(*r) for r in conn.execute(_SELECT + " WHERE a.id = ANY(%s)", (ext_ids,)).fetchall()]
        side.update({("a", e.id): s for e, s in zip(ext, sides(ext))})

    def get(t: tuple):
        if t not in side and t[0] == "b":
            side[t] = signing.side(t[1], todo[t[1]])
        return side.get(t)

    matches: list[list[tuple]] = []
    for i in range(len(todo)):
        found_i = []
        if exact[i] or near[i]:
            mine = get(("b", i))
            for t, kind in exact[i].items():
                other = get(t)
                found_i.append((t, kind, verify.jaccard(mine, other) if other is not None else 1.0))
            for t in near[i]:
                other = get(t)
                if other is None:
                    continue  # candidate deleted since it was indexed
                got = verify.judge(mine, other, threshold)
                if got is not None:
                    found_i.append((t, got[0], got[1]))
        matches.append(found_i)
    return matches


def _place(conn: psycopg.Connection, todo: list[Doc], matches: list[list[tuple]], touched: set[int],
           counts: Counter, unseen: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """Union the batch with the clusters it matched; write members and representatives."""
    ext_ids = sorted({t[1] for ms in matches for t, _, _ in ms if t[0] == "a"})
    member_of = clusters.cluster_of(conn, ext_ids)
    uf = clusters.UnionFind()
    for i, ms in enumerate(matches):
        uf.find(("d", i))
        for t, _, _ in ms:
            if t[0] == "b":
                uf.union(("d", i), ("d", t[1]))
            elif t[1] in member_of:
                uf.union(("d", i), ("c", member_of[t[1]]))
    groups: dict = defaultdict(lambda: ([], []))
    for node in list(uf.parent):
        kind, value = node
        groups[uf.find(node)][0 if kind == "d" else 1].append(value)

    moves: dict[int, int] = {}
    target_of: dict = {}
    fresh: list = []
    refresh = set(touched)
    for root, (members, cids) in groups.items():
        if cids:
            target = min(cids)
            moves.update({c: target for c in cids if c != target})
            target_of[root] = target
            refresh.add(target)
        else:
            fresh.append(root)
    clusters.merge(conn, moves)
    refresh -= set(moves)
    reps = [todo[groups[r][0][0]].id if len(groups[r][0]) == 1 else None for r in fresh]
    for root, cid in zip(fresh, clusters.new_clusters(conn, reps)):
        target_of[root] = cid
        if len(groups[root][0]) > 1:
            refresh.add(cid)
    counts["clusters_new"] += len(fresh)
    counts["clusters_merged"] += len(moves)

    rows = []
    for i, d in enumerate(todo):
        cid = target_of[uf.find(("d", i))]
        if not matches[i]:
            rows.append((d.id, cid, "origin", None, None))
            continue
        t, kind, sim = min(matches[i], key=lambda m: (KIND_RANK[m[1]], -m[2]))
        other = todo[t[1]].id if t[0] == "b" else t[1]
        rows.append((d.id, cid, kind, other, round(float(sim), 4)))
        counts["exact_duplicates" if kind in _EXACT_KINDS else "near_duplicates"] += 1
        counts["kind_" + kind] += 1
    clusters.add_members(conn, rows)
    clusters.refresh_representatives(conn, refresh, unseen)
