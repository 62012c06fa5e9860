"""A large run's signature rows, written on a second connection while the next batch is placed.

Inserting a batch's keys under the GIN was the largest step of the main connection at 1M
stories (140 s of 327 s, bench/dedupe_scale.py --phases), and the main connection is the run's
critical path. During a run that holds the index in memory (scrapers.dedupe.mirror), nothing in a
batch reads the signature rows of the batches before it: lookups go to the mirror, and the
representative rule is handed the shingle counts of the rows not yet visible. So batch N's rows
are written by a thread on its own connection, in its own transaction, after batch N's clusters
committed, while batch N+1 is placed (its index work runs in a second server process).

A batch's writes are thus split over two transactions, committed in this order:
1. the main one: clusters, members and the 'dedupe' watermark (end of batch N);
2. the writer's: the signature rows and the 'dedupe_signed' watermark (end of batch N).
A crash at any point leaves either both, only the first, or neither. Neither: the batch is
re-run. Only the first: stories clustered but not indexed, exactly those whose change_seq lies in
('dedupe_signed', 'dedupe'] (the main transaction of each batch puts 'dedupe_signed' no higher
than the batch's start); the next run repairs them before anything else (repair(): they are signed
again, signing being a function of the text alone, and their rows written) so the index holds
what an uninterrupted run would hold, and the stories after them are placed as that run places
them. The other order (signatures without clusters) never happens: a re-run would take such a
story for an unchanged one and skip it. While rows are pending, the run holds the dedupe lock for
its session, so no other worker reads the index (or repairs it) in between.

The index's version (migration 057) is bumped by the writer's insert too. Every bump waits for the
row lock the main transaction holds from its start, so the run's bumps form one chain: the writer
checks that its bump directly follows the run's last one (else somebody else changed the index and
the mirror is dropped), and the main connection, before comparing versions, waits for a commit the
writer has made but not yet recorded.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import psycopg

from . import lsh_store
from .mirror import KeyMirror
from .signing import SELECT, Doc, Signing, sign_key

SIGNED = "dedupe_signed"  # watermark: every story up to here that was placed has its signature row


class Drain(Exception):
    """Raised inside a batch's transaction when pending rows must be written before it can go on
    (the mirror is dropped, or the batch holds a story whose row is still pending): the batch is
    rolled back, the writer drained, and the batch run again."""


def init_watermark(conn: psycopg.Connection, watermark: str) -> None:
    """'dedupe_signed' starts where the run's watermark is (a database that wrote synchronously)."""
    conn.execute(
        "INSERT INTO watermarks (name, position) SELECT %s, position FROM watermarks WHERE name = %s"
        " ON CONFLICT DO NOTHING", (SIGNED, watermark))


class SignatureWriter:
    """One thread, one connection, batches written in order; at most `depth` batches pending."""

    def __init__(self, conn: psycopg.Connection, second: psycopg.Connection, mirror: KeyMirror, lock_id: int,
                 depth: int = 1) -> None:
        self.main, self.conn, self.mirror, self.lock_id, self.depth = conn, second, mirror, lock_id, depth
        conn.execute("SELECT pg_advisory_lock(%s)", (lock_id,))  # for the session: until close()
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="dedupe-write")
        self.pending: list[tuple[Future, np.ndarray, np.ndarray]] = []  # (job, article ids, shingles)
        self.cond = threading.Condition()
        self.committing = False
        self.failed = False  # a batch failed: the later ones are not written (the next run repairs them)

    @classmethod
    def open(cls, conn: psycopg.Connection, mirror: KeyMirror, lock_id: int) -> SignatureWriter | None:
        """A writer on a second connection to the same database, or None if none can be opened
        (the run then writes in its own transactions, as a small run does)."""
        try:
            second = psycopg.connect(conn.info.dsn, password=conn.info.password)
        except psycopg.OperationalError:
            return None
        return cls(conn, second, mirror, lock_id)

    def start_batch(self, start: int) -> None:
        """In the batch's main transaction: 'dedupe_signed' no higher than where the batch starts."""
        self.main.execute("UPDATE watermarks SET position = least(position, %s) WHERE name = %s", (start, SIGNED))

    def submit(self, end: int, ids: np.ndarray, sign_keys: np.ndarray, key_doc: np.ndarray, keys: np.ndarray,
               shingles: np.ndarray) -> None:
        """Write a batch's rows (after its main transaction committed)."""
        job = self.pool.submit(self._write, end, ids, sign_keys, key_doc, keys, shingles)
        self.pending.append((job, ids, shingles))

    def throttle(self) -> None:
        """Outside any transaction: wait until at most `depth` batches are pending."""
        while len(self.pending) > self.depth:
            self.pending.pop(0)[0].result()

    def drain(self) -> None:
        """Outside any transaction: wait for every pending batch."""
        while self.pending:
            self.pending.pop(0)[0].result()

    def holds(self, ids: list[int]) -> bool:
        """Is the row of any of these stories still pending?"""
        return any(np.isin(np.asarray(ids, dtype=np.int64), p[1]).any() for p in self.pending if not p[0].done())

    def unseen(self) -> tuple[np.ndarray, np.ndarray]:
        """(article ids, shingles) of rows the main transaction may not see yet."""
        live = [p for p in self.pending if not p[0].done()] or [(None, np.zeros(0, np.int64), np.zeros(0, np.int64))]
        return np.concatenate([p[1] for p in live]), np.concatenate([p[2] for p in live])

    def settle(self) -> None:
        """After taking the version row's lock: wait for a writer commit not yet recorded."""
        with self.cond:
            self.cond.wait_for(lambda: not self.committing)

    def _write(self, end: int, ids, sign_keys, key_doc, keys, shingles) -> None:
        conn = self.conn
        if self.failed:
            raise RuntimeError("an earlier batch's signature rows were not written")
        try:
            with conn.transaction():
                lsh_store.save_signature_arrays(conn, ids, sign_keys, key_doc, keys, shingles)
                # the trigger's bump waited for the main transaction's lock: the row is locked now
                bumped = conn.execute("SELECT position FROM watermarks WHERE name = 'dedupe_index'").fetchone()[0]
                conn.execute("UPDATE watermarks SET position = %s, updated_at = now() WHERE name = %s", (end, SIGNED))
                with self.cond:
                    self.committing = True
                    own = self.mirror.version is not None and bumped == self.mirror.version + 1
            with self.cond:
                self.mirror.version = bumped if own else None  # None: somebody else changed the index
        except BaseException:
            self.failed = True
            raise
        finally:
            with self.cond:
                self.committing = False
                self.cond.notify_all()

    def close(self) -> None:
        """Drain (if the run went well), stop the thread, release the session's lock."""
        try:
            self.pool.shutdown(wait=True)
        finally:
            self.conn.close()
            try:
                with self.main.transaction():
                    self.main.execute("SELECT pg_advisory_unlock(%s)", (self.lock_id,))
            except psycopg.Error:
                pass  # the connection is gone: so is its lock


def repair(conn: psycopg.Connection, position: int, sign: Callable[[list[Doc]], Signing]) -> int:
    """Under the run's lock, before its first batch: sign and index the stories a crash left
    clustered but not indexed (change_seq in ('dedupe_signed', position]); returns how many."""
    signed_to = conn.execute("SELECT position FROM watermarks WHERE name = %s", (SIGNED,)).fetchone()[0]
    if signed_to >= position:
        return 0
    docs = [Doc(*r) for r in conn.execute(
        SELECT + " WHERE a.change_seq > %s AND a.change_seq <= %s"
        " AND EXISTS (SELECT 1 FROM cluster_members m WHERE m.article_id = a.id)"
        " AND NOT EXISTS (SELECT 1 FROM dedupe_signatures s WHERE s.article_id = a.id) ORDER BY a.change_seq",
        (signed_to, position)).fetchall()]
    if docs:
        signing = sign(docs)
        ks = signing.ks
        lsh_store.save_signature_arrays(
            conn, np.asarray([d.id for d in docs], dtype=np.int64),
            np.asarray([sign_key(d) for d in docs], dtype=np.int64), signing.kd[ks], signing.kk[ks],
            signing.n_sh.astype(np.int64))
    conn.execute("UPDATE watermarks SET position = %s, updated_at = now() WHERE name = %s", (position, SIGNED))
    return len(docs)
