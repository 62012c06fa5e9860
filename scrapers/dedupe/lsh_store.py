"""The band buckets and exact keys in Postgres (`lsh_buckets`, `dedupe_signatures`).

Lookups send all keys of a batch in one `= ANY(array)` index scan, and writes go through
COPY: per-row INSERTs were the bottleneck at a million stories.
"""
from __future__ import annotations

import struct
from collections import defaultdict

import numpy as np
import psycopg

EXACT_GUID, EXACT_URL, EXACT_BODY = -1, -2, -3
EXACT_KIND = {EXACT_GUID: "guid", EXACT_URL: "canonical_url", EXACT_BODY: "content_hash"}


def lookup(conn: psycopg.Connection, keys: list[int]) -> dict[int, list[tuple[int, int]]]:
    """bucket key -> [(band, article_id), ...] already in the index."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if not keys:
        return found
    rows = conn.execute(
        "SELECT bucket, band, article_id FROM lsh_buckets WHERE bucket = ANY(%s)", (list(set(keys)),)
    ).fetchall()
    for bucket, band, article_id in rows:
        found[bucket].append((band, article_id))
    return found


def _array_literal(values: np.ndarray) -> str:
    return "{" + ",".join(map(str, values.tolist())) + "}"


def lookup_rows(conn: psycopg.Connection, keys: np.ndarray) -> list[tuple[int, int, int]]:
    """(bucket, band, article_id) rows already in the index for any of `keys`, in one round trip.

    The keys go as one array literal (psycopg's per-element list dumping cost more than the
    query); the server probes the bucket index once per distinct key.
    """
    if len(keys) == 0:
        return []
    return conn.execute(
        "SELECT bucket, band, article_id FROM lsh_buckets WHERE bucket = ANY(%s::bigint[])",
        (_array_literal(np.unique(keys)),),
    ).fetchall()


_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)
_BUCKET_ROW = np.dtype([("nf", ">i2"), ("l1", ">i4"), ("bucket", ">i8"), ("l2", ">i4"), ("band", ">i2"),
                        ("l3", ">i4"), ("article_id", ">i8")])


def insert_arrays(conn: psycopg.Connection, buckets: np.ndarray, bands: np.ndarray, article_ids: np.ndarray) -> None:
    """Add (bucket, band, article_id) rows with one binary COPY built by numpy (no per-row Python),
    in bucket order."""
    if len(buckets) == 0:
        return
    order = np.argsort(buckets, kind="stable")  # sorted: consecutive index inserts share leaf pages
    rows = np.empty(len(buckets), dtype=_BUCKET_ROW)
    rows["nf"], rows["l1"], rows["l2"], rows["l3"] = 3, 8, 2, 8
    rows["bucket"], rows["band"], rows["article_id"] = buckets[order], bands[order], article_ids[order]
    with conn.cursor() as cur:
        with cur.copy("COPY lsh_buckets (bucket, band, article_id) FROM STDIN (FORMAT binary)") as copy:
            copy.write(_COPY_HEADER + rows.tobytes() + _COPY_TRAILER)


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
    for i, (aid, skey, cnt, nsh, end) in enumerate(zip(article_ids.tolist(), sign_keys.tolist(), per_doc.tolist(),
                                                       shingles.tolist(), ends)):
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


def insert(conn: psycopg.Connection, rows: list[tuple[int, int, int]]) -> None:
    """Add (bucket, band, article_id) rows."""
    if not rows:
        return
    data = "".join(f"{b}\t{band}\t{a}\n" for b, band, a in rows)  # one text block: ~5x write_row
    with conn.cursor() as cur:
        with cur.copy("COPY lsh_buckets (bucket, band, article_id) FROM STDIN") as copy:
            copy.write(data)


def save_signatures(conn: psycopg.Connection, rows: list[tuple[int, int, list[int], int]]) -> None:
    """Record (article_id, sign_key, keys, shingles) for newly signed articles."""
    if not rows:
        return
    data = "".join(f"{a}\t{k}\t{{{','.join(map(str, keys))}}}\t{n}\n" for a, k, keys, n in rows)
    with conn.cursor() as cur:
        with cur.copy("COPY dedupe_signatures (article_id, sign_key, keys, shingles) FROM STDIN") as copy:
            copy.write(data)


def signed(conn: psycopg.Connection, ids: list[int]) -> dict[int, tuple[int, list[int]]]:
    """article_id -> (sign_key, keys) for those already signed."""
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT article_id, sign_key, keys FROM dedupe_signatures WHERE article_id = ANY(%s)", (ids,)
    ).fetchall()
    return {a: (k, ks) for a, k, ks in rows}


def remove(conn: psycopg.Connection, old: dict[int, list[int]]) -> None:
    """Unindex articles: delete their listed keys and their signature rows."""
    if not old:
        return
    buckets, ids = [], []
    for article_id, keys in old.items():
        buckets.extend(keys)
        ids.extend([article_id] * len(keys))
    conn.execute(
        "DELETE FROM lsh_buckets b USING unnest(%s::bigint[], %s::bigint[]) AS o(bucket, article_id)"
        " WHERE b.bucket = o.bucket AND b.article_id = o.article_id",
        (buckets, ids),
    )
    conn.execute("DELETE FROM dedupe_signatures WHERE article_id = ANY(%s)", (list(old),))
