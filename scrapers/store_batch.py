"""Several payloads' stories stored in a few statements: what a replay of many small payloads needs.

A replay of a year of RSS polls is tens of thousands of payloads of 20-50 stories. Stored one by
one, each costs the same round trips (key lookup, COPY, savepoint, mark, commit) whatever its size,
and the writer, not parsing, sets the pace. `upsert_payloads` stores a run of payloads as if one
after the other: their rows are split into layers, the first occurrence of every (feed, guid) key
in the first layer, its second occurrence (a later payload's version of the same story) in the
second, and so on; each layer is one store._upsert (key lookup, COPY of the new keys, upsert of
the others), applied in order. A key's versions are therefore applied in payload order (the later
payload's version wins, the version trigger sees every change), and new stories are inserted in
the order a serial run inserts them. Refused rows and kill notices are the caller's: see
scrapers.replay, which stores such payloads one by one.
"""
from __future__ import annotations

import datetime as dt

import psycopg

from scrapers import store
from scrapers.record import Article

Payload = tuple[int, list[Article], "str | None", dt.datetime]  # feed id, stories, payload digest, fetched at


def layers(payloads: list[Payload]) -> list[list[tuple]]:
    """Rows of `payloads` in layers: layer n holds every key's (n+1)-th occurrence, in payload order."""
    out: list[list[tuple]] = []
    seen: dict[tuple[int, str], int] = {}
    for feed_id, articles, digest, fetched_at in payloads:
        for art in articles:
            row = store._row(feed_id, art, digest, fetched_at)  # noqa: SLF001 - the store's one row mapping
            key = (feed_id, row[store._GUID_IDX])  # noqa: SLF001
            n = seen.get(key, 0)
            seen[key] = n + 1
            if n == len(out):
                out.append([])
            out[n].append(row)
    return out


def upsert_payloads(conn: psycopg.Connection, payloads: list[Payload]) -> store.UpsertCounts:
    """Store every payload's stories as successive upsert_articles calls would (kill notices aside).

    In one savepoint: a refused row or a lost race raises (store.REFUSED, UniqueViolation among them) and
    leaves nothing of the batch, for the caller to store the payloads one by one. Guids must be
    unique within each payload (pipeline.split_records). synchronous_commit is off for the
    transaction: this is a replay's path (what a crash loses, the next replay redoes).
    """
    total = store.UpsertCounts()
    if not any(articles for _, articles, _, _ in payloads):
        return total
    conn.execute("SELECT set_config('wirefeed.writer', 'store', true), set_config('synchronous_commit', 'off', true)")
    with conn.transaction():
        for rows in layers(payloads):
            counts = store._upsert(conn, rows)  # noqa: SLF001 - the store's one upsert
            total.new += counts.new
            total.updated += counts.updated
            total.unchanged += counts.unchanged
    return total
