"""Replay: re-parse and re-normalise stored payloads without the network, many payloads per commit.

A year of RSS polls is tens of thousands of payloads of 20-50 stories. One connection stores
what the parse workers (scrapers.parallel) give back, and per payload it used to pay the same
round trips whatever the payload's size (load it, look up its keys, COPY, savepoint, mark,
commit), which left the workers idle. Here payloads are read from the database a block at a
time, and consecutive payloads are stored together with their replay marks (store_batch's rule,
which a large drop-folder ingest shares: groups of up to store_batch.GROUP_STORIES stories, a
payload's stories and its mark committed together, a refused group stored again payload by
payload, a payload with kill notices ending its group).
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
from scrapers.pipeline import IngestCounts, split_records

log = logging.getLogger(__name__)

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
    """One payload to replay: where it comes from."""

    feed: FeedConfig
    feed_id: int
    digest: str
    fetch_id: int
    fetched_at: dt.datetime
    key: str  # replay_marks.normaliser_key
    size: int


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
    parsed = parse_in_pool(_loaded(conn, todo), workers_for(workers, sum(j.key.size for j in todo)))
    return total.add(store_batch.store_grouped(conn, _split(parsed), wait_for_commit=False))


def _split(parsed: Iterator[tuple[ParseJob, tuple]]) -> Iterator[store_batch.Parsed]:
    """Each payload's stories and failures (pipeline.split_records), to be stored with its mark."""
    for job, (records, notes) in parsed:
        job.data = b""  # a long replay keeps the payloads in flight in memory, not all of them
        p = job.key
        articles, failures = split_records(records, p.feed)
        yield store_batch.Parsed(p.feed_id, p.digest, p.fetch_id, p.fetched_at, articles, failures, notes,
                                 mark_key=p.key)


def _loaded(conn: psycopg.Connection, todo: list[ParseJob]) -> Iterator[ParseJob]:
    """The jobs with their payloads' bytes, read a block at a time (LOAD_PAYLOADS, LOAD_BYTES)."""
    i = 0
    while i < len(todo):
        block, size = [todo[i]], todo[i].key.size
        while i + len(block) < len(todo) and len(block) < LOAD_PAYLOADS and size + todo[i + len(block)].key.size <= LOAD_BYTES:
            size += todo[i + len(block)].key.size
            block.append(todo[i + len(block)])
        stored = store.stored_payloads(conn, [job.key.digest for job in block])
        for job in block:
            job.compression, job.data = stored[job.key.digest]  # inflated by the worker (parallel._parse_stored)
            job.size = job.key.size
            yield job
        i += len(block)
