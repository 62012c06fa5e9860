"""Replay: re-parse and re-normalise stored payloads without the network, many payloads per commit.

A year of RSS polls is tens of thousands of payloads of 20-50 stories. One connection stores
what the parse workers (scrapers.parallel) give back, and per payload it used to pay the same
round trips whatever the payload's size (load it, look up its keys, COPY, savepoint, mark,
commit), which left the workers idle. Here payloads are read from the database a block at a
time, and consecutive payloads are stored together (store_batch) up to GROUP_STORIES stories,
with their replay marks, in one transaction: a payload's stories and its mark still commit
together, never half of one. A group with a story the database refuses (or that lost a race with
another writer) is stored again payload by payload, exactly as a serial replay does (per item
failures, no mark for the payload concerned); a payload with kill notices ends its group, so the
stories it withdraws are withdrawn before a later payload's version of them is stored.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg

from scrapers import replay_marks, store, store_batch
from scrapers.config import FeedConfig
from scrapers.parallel import ParseJob, parse_in_pool, workers_for
from scrapers.pipeline import IngestCounts, split_records, store_split
from scrapers.record import Article, ParseFailure

log = logging.getLogger(__name__)

GROUP_STORIES = 1000  # stories stored per transaction (a bigger payload is a group of its own)
LOAD_PAYLOADS = 64  # payloads read per query, at most
LOAD_BYTES = 8 * 1024 * 1024  # and at most this many bytes (before compression) per query

_PAYLOADS = (
    "SELECT fa.id, fa.started_at, fa.payload_sha256, f.id, f.name, f.url, f.kind, f.agency, f.language, "
    "rp.content_type, f.timezone, rp.size_bytes, rm.normaliser, rm.stories, rm.failed "
    "FROM fetch_attempts fa JOIN feeds f ON f.id = fa.feed_id "
    "JOIN raw_payloads rp ON rp.sha256 = fa.payload_sha256 LEFT JOIN replay_marks rm ON rm.fetch_id = fa.id "
    "WHERE fa.status = 'ok' AND fa.payload_sha256 IS NOT NULL "
    "AND (%(start)s::timestamptz IS NULL OR fa.started_at >= %(start)s) "
    "AND (%(end)s::timestamptz IS NULL OR fa.started_at < %(end)s) "
    "AND (%(names)s::text[] IS NULL OR f.name = ANY(%(names)s)) ORDER BY fa.started_at, fa.id")


@dataclass
class _Payload:
    """One payload to replay: where it comes from, then what it parsed into."""

    feed: FeedConfig
    feed_id: int
    digest: str
    fetch_id: int
    fetched_at: dt.datetime
    key: str  # replay_marks.normaliser_key
    size: int
    articles: list[Article] | None = None
    failures: list[ParseFailure] | None = None
    notes: list[ParseFailure] | None = None


def replay(conn: psycopg.Connection, start: dt.datetime | None = None, end: dt.datetime | None = None,
           feed_names: list[str] | None = None, workers: int = 1, force: bool = False) -> IngestCounts:
    """Re-parse and re-normalise payloads fetched in [start, end) without the network.

    Payloads are replayed oldest first; a story already stored from a later fetch is not
    rolled back, and identical results change nothing. A payload already replayed by the same
    code with the same feed settings is skipped unless `force` (scrapers.replay_marks); its
    stories count as unchanged. `workers` > 1 parses in a process pool (scrapers.parallel) when
    there is enough to parse; this connection still stores every payload, in the same order.
    """
    total, todo = IngestCounts(), []
    rows = conn.execute(_PAYLOADS, {"start": start, "end": end, "names": feed_names}).fetchall()
    for fetch_id, started_at, digest, feed_id, name, url, kind, agency, language, content_type, timezone, size, \
            marked, stories, failed in rows:
        feed = FeedConfig(name=name, url=url, kind=kind, agency=agency, language=language, timezone=timezone)
        key = replay_marks.normaliser_key(feed)
        if marked == key and not force:
            total.add(IngestCounts(stories_unchanged=stories, stories_failed=failed))
            continue
        todo.append(ParseJob(_Payload(feed, feed_id, digest, fetch_id, started_at, key, size or 0), b"",
                             feed.url, feed.language, content_type or ""))
    if len(todo) < len(rows):
        log.info("replay: %d of %d payloads already replayed by this code, skipped", len(rows) - len(todo), len(rows))
    group: list[_Payload] = []
    for job, (records, notes) in parse_in_pool(_loaded(conn, todo), workers_for(workers, sum(j.key.size for j in todo))):
        job.data = b""  # a long replay keeps the payloads in flight in memory, not all of them
        payload = job.key
        payload.articles, payload.failures = split_records(records, payload.feed)
        payload.notes = notes
        group.append(payload)
        if sum(len(p.articles) for p in group) >= GROUP_STORIES or _kills(payload.articles):
            total.add(_store_group(conn, group))
            group = []
    if group:
        total.add(_store_group(conn, group))
    return total


def _loaded(conn: psycopg.Connection, todo: list[ParseJob]) -> Iterator[ParseJob]:
    """The jobs with their payloads' bytes, read a block at a time (LOAD_PAYLOADS, LOAD_BYTES)."""
    i = 0
    while i < len(todo):
        block, size = [todo[i]], todo[i].key.size
        while i + len(block) < len(todo) and len(block) < LOAD_PAYLOADS and size + todo[i + len(block)].key.size <= LOAD_BYTES:
            size += todo[i + len(block)].key.size
            block.append(todo[i + len(block)])
        data = store.load_payloads(conn, [job.key.digest for job in block])
        for job in block:
            job.data = data[job.key.digest]
            yield job
        i += len(block)


def _kills(articles: list[Article]) -> bool:
    return any(art.extra.get("kills") for art in articles)


def _store_group(conn: psycopg.Connection, group: list[_Payload]) -> IngestCounts:
    """Store the group's payloads in one transaction, together when the database takes every story."""
    try:
        counts = store_batch.upsert_payloads(conn, [(p.feed_id, p.articles, p.digest, p.fetched_at) for p in group])
    except store.REFUSED as exc:  # UniqueViolation (a lost race) among them
        log.info("replay: a group of %d payloads refused (%s); storing them one by one", len(group),
                 str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        total = IngestCounts()
        for p in group:
            total.add(store_split(conn, p.feed_id, p.articles, p.failures, p.notes, p.digest, p.fetch_id,
                                  p.fetched_at, mark_key=p.key))
        conn.commit()
        return total
    for p in group:  # only the last payload can have kill notices
        store.mark_killed(conn, p.feed_id, p.articles)
        store.record_item_errors(conn, p.feed_id, p.fetch_id, p.digest, p.failures)
        store.record_item_errors(conn, p.feed_id, p.fetch_id, p.digest, p.notes, stage="recover")
    replay_marks.mark_many(conn, [(p.fetch_id, p.key, len(p.articles), len(p.failures)) for p in group])
    conn.commit()
    return IngestCounts(stories_new=counts.new, stories_updated=counts.updated, stories_unchanged=counts.unchanged,
                        stories_failed=sum(len(p.failures) for p in group))
