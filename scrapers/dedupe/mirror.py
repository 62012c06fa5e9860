"""The index keys held in memory for a large run: lookups without a GIN probe per key.

A GIN probe costs ~4 us of server CPU and ~3 us of client work per key, ~30 keys a story: at
1M stories that was the largest step of dedupe after signing (bench/dedupe_scale.py --phases).
When a run has many stories to place next to a moderately sized index, the stored keys are
read once (one binary COPY) and each batch's keys are matched in memory with a sorted search;
the run's own writes are added as it goes. The index's version (migration 057, bumped by every
statement that changes dedupe_signatures) is checked before each batch under the run's lock:
if anybody else changed the index, the run goes back to the GIN. Lookups return exactly what
lsh_store.lookup_rows returns, in the same order.
"""
from __future__ import annotations

import numpy as np
import psycopg

from .shingles import sorted_unique

from .lsh_store import rows_in_order

MAX_STORIES = 2_000_000  # held in memory: ~17 keys a story, 16 bytes a key (~550 MB at the cap)
# Reading the index costs ~100 us a stored story (unnest + COPY, under load), GIN lookups ~200 us a
# story placed: read it only for a run that places at least as many stories as it holds.
MIN_PENDING_SHARE = 1.0
_ROW = np.dtype([("fields", ">i2"), ("alen", ">i4"), ("aid", ">i8"), ("klen", ">i4"), ("key", ">i8")])
_HEADER = 19  # PGCOPY signature (11), flags (4), header extension length (4)


def version(conn: psycopg.Connection) -> int | None:
    """The index's version, its row locked until the transaction ends: another writer's bump
    (its trigger) waits for this batch to commit, so it can never be mistaken for this batch's own."""
    row = conn.execute("SELECT position FROM watermarks WHERE name = 'dedupe_index' FOR UPDATE").fetchone()
    return row[0] if row else None


class KeyMirror:
    """Sorted (key, article_id) segments, merged geometrically as batches are added."""

    def __init__(self, index_version: int | None) -> None:
        self.version = index_version
        self.segments: list[tuple[np.ndarray, np.ndarray]] = []

    @classmethod
    def for_run(cls, conn: psycopg.Connection, pending: int, batch_size: int) -> KeyMirror | None:
        """A mirror of the index if this run is large enough to pay for reading it, else None."""
        if pending < batch_size:
            return None
        indexed = conn.execute("SELECT count(*) FROM dedupe_signatures").fetchone()[0]
        if indexed + pending > MAX_STORIES or pending < MIN_PENDING_SHARE * indexed:
            return None
        mirror = cls(version(conn))
        if indexed:
            mirror._add(*_read_all(conn))
        return mirror

    def add(self, article_ids: np.ndarray, key_doc: np.ndarray, keys: np.ndarray) -> None:
        """Record a batch's stored keys (`keys[j]` belongs to article_ids[key_doc[j]])."""
        self._add(keys.astype(np.int64), article_ids[key_doc].astype(np.int64))

    def remove(self, article_ids) -> None:
        if not article_ids:
            return
        gone = np.fromiter(article_ids, dtype=np.int64)
        self.segments = [(k[keep], a[keep]) for k, a in self.segments
                         for keep in [~np.isin(a, gone)] if keep.any()]

    def lookup_rows(self, keys: np.ndarray) -> list[tuple[int, int, int]]:
        """(key, band, article_id) for every held story holding any of `keys`, as lsh_store.lookup_rows."""
        wanted = sorted_unique(keys)
        held, owner = [], []
        for seg_keys, seg_ids in self.segments:
            lo = np.searchsorted(seg_keys, wanted, "left")
            hi = np.searchsorted(seg_keys, wanted, "right")
            hit = np.flatnonzero(hi > lo)
            if len(hit) == 0:
                continue
            counts = hi[hit] - lo[hit]
            pos = np.repeat(lo[hit] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
            held.append(seg_keys[pos])
            owner.append(seg_ids[pos])
        if not held:
            return []
        return rows_in_order(np.concatenate(held), np.concatenate(owner))

    def _add(self, keys: np.ndarray, ids: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        self.segments.append((keys[order], ids[order]))
        while len(self.segments) > 1 and 2 * len(self.segments[-1][0]) >= len(self.segments[-2][0]):
            (k2, a2), (k1, a1) = self.segments.pop(), self.segments.pop()
            k, a = np.concatenate([k1, k2]), np.concatenate([a1, a2])
            order = np.argsort(k, kind="stable")  # two sorted runs: timsort merges them in one pass
            self.segments.append((k[order], a[order]))


def _read_all(conn: psycopg.Connection) -> tuple[np.ndarray, np.ndarray]:
    """(keys, article_ids) of the whole index, through one binary COPY of (article_id, key) rows."""
    chunks = []
    with conn.cursor() as cur:
        with cur.copy("COPY (SELECT article_id, unnest(keys) FROM dedupe_signatures) TO STDOUT (FORMAT binary)") as copy:
            for chunk in copy:
                chunks.append(bytes(chunk))
    data = b"".join(chunks)
    rows = np.frombuffer(data, dtype=_ROW, offset=_HEADER, count=(len(data) - _HEADER - 2) // _ROW.itemsize)
    return rows["key"].astype(np.int64), rows["aid"].astype(np.int64)
