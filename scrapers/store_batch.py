"""Consecutive payloads' stories stored together: what a replay or a large ingest of small payloads needs.

A replay of a year of RSS polls, or a drop folder of agency files, is tens of thousands of payloads
of 20-50 stories. Stored one by one, each costs the same round trips (key lookup, COPY, savepoint,
counts, commit) whatever its size, and the writer, not parsing, sets the pace. `store_grouped`
is the one rule both use: consecutive payloads are stored together up to GROUP_STORIES stories,
in one transaction with their item errors, counts and replay marks (a payload's stories and its
bookkeeping still commit together, never half of one). A payload with kill notices ends its
group, so the stories it withdraws are withdrawn before a later payload's version of them is
stored. A group with a story the database refuses (or that lost a race with another writer) is
stored again payload by payload, exactly as a serial run does (pipeline.store_split: per item
failures, no replay mark for the payload concerned).

`upsert_payloads` stores a group as if one payload after the other: its rows are split into
layers, the first occurrence of every (feed, guid) key in the first layer, its second occurrence
(a later payload's version of the same story) in the second, and so on; each layer is one
store._upsert (key lookup, COPY of the new keys, upsert of the others), applied in order. A key's
versions are therefore applied in payload order (the later payload's version wins, the version
trigger sees every change), and new stories are inserted in the order a serial run inserts them.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import psycopg

from scrapers import pipeline, replay_marks, store
from scrapers.record import Article, ParseFailure

log = logging.getLogger(__name__)

GROUP_STORIES = 1000  # stories stored per transaction (a bigger payload is a group of its own)
Payload = tuple[int, list[Article], "str | None", dt.datetime]  # feed id, stories, payload digest, fetched at
Layer = tuple[list[tuple], list[int]]  # rows, and the index of the payload each row comes from


@dataclass
class Parsed:
    """One payload parsed (pipeline.split_records), to be stored."""

    feed_id: int
    digest: str | None
    fetch_id: int | None
    fetched_at: dt.datetime
    articles: list[Article]
    failures: list[ParseFailure]
    notes: list[ParseFailure]  # recover.parse_payload's recovery notes
    mark_key: str = ""  # a replay's: mark the fetch as replayed with it (replay_marks)
    records_total: int | None = None  # an ingest's: the fetch's item counts are set (not on a replay)


def store_grouped(conn: psycopg.Connection, payloads: Iterable[Parsed], wait_for_commit: bool = True) -> "pipeline.IngestCounts":
    """Store every payload, in order, consecutive ones together (GROUP_STORIES); one commit a group.

    `payloads` may be a generator that commits on this connection between items (a drop folder's
    files are kept before they are parsed): no transaction is open while it runs.
    `wait_for_commit=False` is a replay's (what a crash loses there, the next replay redoes)."""
    total = pipeline.IngestCounts()
    group: list[Parsed] = []
    stories = 0
    for p in payloads:
        group.append(p)
        stories += len(p.articles)
        if stories >= GROUP_STORIES or any(art.extra.get("kills") for art in p.articles):
            total.add(_store_group(conn, group, wait_for_commit))
            group, stories = [], 0
    if group:
        total.add(_store_group(conn, group, wait_for_commit))
    return total


def _store_group(conn: psycopg.Connection, group: list[Parsed], wait_for_commit: bool) -> "pipeline.IngestCounts":
    """The group's payloads in one transaction, together when the database takes every story."""
    try:
        counts = upsert_payloads(conn, [(p.feed_id, p.articles, p.digest, p.fetched_at) for p in group],
                                 wait_for_commit=wait_for_commit)
    except store.REFUSED as exc:  # UniqueViolation (a lost race) among them
        log.info("a group of %d payloads refused (%s); storing them one by one", len(group),
                 str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        total = pipeline.IngestCounts()
        for p in group:
            total.add(pipeline.store_split(conn, p.feed_id, p.articles, p.failures, p.notes, p.digest, p.fetch_id,
                                           p.fetched_at, mark_key=p.mark_key, records_total=p.records_total))
        conn.commit()
        return total
    for p in group:  # only the last payload can have kill notices
        store.mark_killed(conn, p.feed_id, p.articles)
        store.record_item_errors(conn, p.feed_id, p.fetch_id, p.digest, p.failures)
        store.record_item_errors(conn, p.feed_id, p.fetch_id, p.digest, p.notes, stage="recover")
    replay_marks.mark_many(conn, [(p.fetch_id, p.mark_key, len(p.articles), len(p.failures)) for p in group
                                  if p.mark_key and p.fetch_id is not None])
    store.set_fetch_counts_many(conn, [(p.fetch_id, p.records_total, c.new, c.updated, len(p.failures))
                                       for p, c in zip(group, counts)
                                       if p.fetch_id is not None and p.records_total is not None])
    conn.commit()
    return pipeline.IngestCounts(stories_new=sum(c.new for c in counts), stories_updated=sum(c.updated for c in counts),
                                 stories_unchanged=sum(c.unchanged for c in counts),
                                 stories_failed=sum(len(p.failures) for p in group))


def layers(payloads: list[Payload]) -> list[Layer]:
    """Rows of `payloads` in layers: layer n holds every key's (n+1)-th occurrence, in payload order."""
    out: list[Layer] = []
    seen: dict[tuple[int, str], int] = {}
    for i, (feed_id, articles, digest, fetched_at) in enumerate(payloads):
        for art in articles:
            row = store._row(feed_id, art, digest, fetched_at)  # noqa: SLF001 - the store's one row mapping
            key = (feed_id, row[store._GUID_IDX])  # noqa: SLF001
            n = seen.get(key, 0)
            seen[key] = n + 1
            if n == len(out):
                out.append(([], []))
            out[n][0].append(row)
            out[n][1].append(i)
    return out


def upsert_payloads(conn: psycopg.Connection, payloads: list[Payload],
                    wait_for_commit: bool = True) -> list[store.UpsertCounts]:
    """Store every payload's stories as successive upsert_articles calls would (kill notices aside);
    what each payload did (its stories new, updated, unchanged).

    In one savepoint: a refused row or a lost race raises (store.REFUSED, UniqueViolation among them) and
    leaves nothing of the batch, for the caller to store the payloads one by one. Guids must be
    unique within each payload (pipeline.split_records). `wait_for_commit=False` sets
    synchronous_commit off for the transaction (a replay's path).
    """
    counts = [store.UpsertCounts() for _ in payloads]
    if not any(articles for _, articles, _, _ in payloads):
        return counts
    store.as_store_writer(conn, wait_for_commit)
    with conn.transaction():
        for rows, owners in layers(payloads):
            changed: dict = {}
            store._upsert(conn, rows, changed)  # noqa: SLF001 - the store's one upsert
            fid, gid = store._FEED_IDX, store._GUID_IDX  # noqa: SLF001
            for row, i in zip(rows, owners):
                outcome = changed.get((row[fid], row[gid]))
                c = counts[i]
                if outcome is None:
                    c.unchanged += 1
                elif outcome:
                    c.new += 1
                else:
                    c.updated += 1
    return counts
