"""The index keys in Postgres: one `dedupe_signatures` row per story, its keys in one bigint[]
under a GIN index (migration 052; before it, one `lsh_buckets` row per key took 3.1 KB a story).

A key carries its band in its low byte (signing.with_band): exact keys -1..-3 (guid, canonical
URL, body hash) as 255..253, LSH bands 0..9, lede windows 100..104, the subject key 110,
the figures key 111.
A lookup sends a batch's keys as one array: `keys && $1` probes the GIN once per distinct key,
and the matching keys of each story found are picked out here. Deleting a story's signature
row unindexes it. Writes go through one binary COPY laid out by numpy.
"""
from __future__ import annotations

import struct

import numpy as np
import psycopg

from .shingles import sorted_unique

EXACT_GUID, EXACT_URL, EXACT_BODY = -1, -2, -3
EXACT_KIND = {EXACT_GUID: "guid", EXACT_URL: "canonical_url", EXACT_BODY: "content_hash"}
LOOKUP_CHUNK = 256  # keys per GIN scan: a scan de-duplicates its keys pairwise (quadratic), see lookup_rows


def band_of(keys: np.ndarray) -> np.ndarray:
    """The band of each key, from its low byte (255..253 are the exact kinds -1..-3)."""
    code = (keys & np.int64(0xFF)).astype(np.int16)
    return np.where(code >= 128, code - 256, code).astype(np.int16)


def array_literal(values: np.ndarray) -> str:
    return "{" + ",".join(map(str, values.tolist())) + "}"


def lookup_rows(conn: psycopg.Connection, keys: np.ndarray) -> list[tuple[int, int, int]]:
    """(key, band, article_id) for every indexed story holding any of `keys` (each once).

    The keys go as array literals (psycopg's per-element list dumping cost more than the query).
    """
    if len(keys) == 0:
        return []
    wanted = sorted_unique(keys)
    # GIN de-duplicates a scan's keys pairwise (quadratic in their number: 400k keys took an
    # hour; 4,096 keys a scan cost 4x more per key than 256), so a batch is looked up in chunks,
    # all in one statement (a LATERAL scan per chunk: one round trip); and the planner's
    # estimate for `&&` with many keys favours a sequential scan comparing every stored array
    # with the whole list: only the GIN makes this a probe per key. The same estimate fires JIT
    # compilation (~10 ms a query, measured by the lead at 400k stories), for a plan that needs none.
    chunks = [array_literal(wanted[i : i + LOOKUP_CHUNK]) for i in range(0, len(wanted), LOOKUP_CHUNK)]
    conn.execute("SET LOCAL enable_seqscan = off")
    conn.execute("SET LOCAL jit = off")
    try:
        stored = dict(conn.execute(
            "SELECT DISTINCT s.article_id, s.keys FROM unnest(%s::text[]) c(chunk),"
            " LATERAL (SELECT article_id, keys FROM dedupe_signatures WHERE keys && c.chunk::bigint[]) s",
            (chunks,)).fetchall())
    finally:
        conn.execute("SET LOCAL enable_seqscan TO DEFAULT")
        conn.execute("SET LOCAL jit TO DEFAULT")
    if not stored:
        return []
    counts = np.fromiter((len(k) for k in stored.values()), dtype=np.int64, count=len(stored))
    held = np.fromiter((k for ks in stored.values() for k in ks), dtype=np.int64, count=int(counts.sum()))
    owner = np.repeat(np.fromiter(stored, dtype=np.int64, count=len(stored)), counts)
    hit = np.isin(held, wanted)
    return rows_in_order(held[hit], owner[hit])


def rows_in_order(held: np.ndarray, owner: np.ndarray) -> list[tuple[int, int, int]]:
    """(key, band, article_id) rows, unique, ordered by article then key: the candidates' tie-breaks
    (scrapers.dedupe.candidates) see the same order whichever way the keys were found."""
    if len(held) == 0:
        return []
    pairs = np.unique(np.stack([owner, held], axis=1), axis=0)
    owner, held = pairs[:, 0], pairs[:, 1]
    return list(zip(held.tolist(), band_of(held).tolist(), owner.tolist()))


_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)
_INT8_OID = 20
_ELEM = np.dtype([("len", ">i4"), ("value", ">i8")])


def save_signature_arrays(conn: psycopg.Connection, article_ids: np.ndarray, sign_keys: np.ndarray,
                          key_doc: np.ndarray, keys: np.ndarray, shingles: np.ndarray) -> None:
    """Record (article_id, sign_key, keys, shingles) for a batch: `keys[key_doc == i]` (in their
    order) are the keys of article i. One binary COPY; the bigint[] values are laid out by numpy."""
    n = len(article_ids)
    if n == 0:
        return
    order = np.argsort(key_doc, kind="stable")
    elems = np.empty(len(keys), dtype=_ELEM)
    elems["len"] = 8
    elems["value"] = keys[order]
    blob = elems.tobytes()
    per_doc = np.bincount(key_doc, minlength=n)
    ends = (np.cumsum(per_doc) * _ELEM.itemsize).tolist()
    pieces = [_COPY_HEADER]
    start = 0
    for aid, skey, cnt, nsh, end in zip(article_ids.tolist(), sign_keys.tolist(), per_doc.tolist(),
                                        shingles.tolist(), ends):
        arr = struct.pack(">iiiii", 1, 0, _INT8_OID, cnt, 1) if cnt else struct.pack(">iii", 0, 0, _INT8_OID)
        pieces.append(struct.pack(">hiqiqi", 4, 8, aid, 8, skey, len(arr) + end - start))
        pieces.append(arr)
        pieces.append(blob[start:end])
        pieces.append(struct.pack(">ii", 4, nsh))
        start = end
    pieces.append(_COPY_TRAILER)
    with conn.cursor() as cur:
        with cur.copy("COPY dedupe_signatures (article_id, sign_key, keys, shingles) FROM STDIN (FORMAT binary)") as copy:
            copy.write(b"".join(pieces))


def save_signatures(conn: psycopg.Connection, rows: list[tuple[int, int, list[int], int]]) -> None:
    """Record (article_id, sign_key, keys, shingles) for newly signed articles."""
    if not rows:
        return
    data = "".join(f"{a}\t{k}\t{{{','.join(map(str, keys))}}}\t{n}\n" for a, k, keys, n in rows)
    with conn.cursor() as cur:
        with cur.copy("COPY dedupe_signatures (article_id, sign_key, keys, shingles) FROM STDIN") as copy:
            copy.write(data)


def signed(conn: psycopg.Connection, ids: list[int]) -> dict[int, tuple[int, list[int]]]:
    """article_id -> (sign_key, keys) for those already signed. A batch of stories newer than
    every signed one (a backfill's) is answered by one look at the highest signed id instead of
    a probe per story."""
    if not ids or above_all(conn, "dedupe_signatures", ids):
        return {}
    rows = conn.execute(
        "SELECT article_id, sign_key, keys FROM dedupe_signatures WHERE article_id = ANY(%s)", (ids,)
    ).fetchall()
    return {a: (k, ks) for a, k, ks in rows}


def above_all(conn: psycopg.Connection, table: str, ids: list[int]) -> bool:
    """Is every id above the highest article_id of `table` (dedupe_signatures, cluster_members:
    its primary key, so this is one index descent), i.e. none of them is in it?"""
    top = conn.execute(f"SELECT max(article_id) FROM {table}").fetchone()[0]
    return top is None or min(ids) > top


def remove(conn: psycopg.Connection, article_ids) -> None:
    """Unindex articles: their signature rows hold their keys."""
    if article_ids:
        conn.execute("DELETE FROM dedupe_signatures WHERE article_id = ANY(%s)", (list(article_ids),))
