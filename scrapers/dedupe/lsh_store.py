"""The band buckets and exact keys in Postgres (`lsh_buckets`, `dedupe_signatures`).

Lookups send all keys of a batch in one `= ANY(array)` index scan, and writes go through
COPY: per-row INSERTs were the bottleneck at a million stories.
"""
from __future__ import annotations

from collections import defaultdict

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
