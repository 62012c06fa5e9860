"""The ingest stage: poll feeds, keep what was fetched, parse, normalise and store stories.

Used the same way by the command line and by Airflow's tasks. Every step is idempotent:
re-running a poll or replaying stored payloads never duplicates or loses a row.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields

import psycopg

from scrapers import dropfolder, health, provenance, recover, replay_marks, store
from scrapers.config import ConfigError, FeedConfig
from scrapers.fetch import Fetcher, FetchResult
from scrapers.politeness import host_key
from scrapers.record import Article, ParseFailure
from scrapers.urls import redact_text, redact_url
from scrapers.wire_index import index_links, is_index_url

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 15 * 60  # seconds between scheduled polls


@dataclass
class IngestCounts:
    """What one run did: shown in task logs, the Airflow UI and the CLI."""

    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_skipped: int = 0
    stories_new: int = 0
    stories_updated: int = 0
    stories_unchanged: int = 0
    stories_failed: int = 0
    failed_feeds: list[str] = field(default_factory=list)  # names, for the user

    def add(self, other: "IngestCounts") -> "IngestCounts":
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def group_by_host(feeds: list[FeedConfig]) -> dict[str, list[FeedConfig]]:
    """Feeds batched per host: one batch is polled by one worker, so per-host limits hold."""
    groups: dict[str, list[FeedConfig]] = defaultdict(list)
    for feed in feeds:
        groups[feed.host].append(feed)
    return dict(groups)


def sync_feeds(conn: psycopg.Connection, feeds: list[FeedConfig]) -> dict[str, int]:
    """Make the `feeds` table match the configuration (unchanged rows untouched); name → id."""
    ids = {}
    for feed in feeds:
        conn.execute(
            "INSERT INTO feeds (name, url, kind, agency, language, host, fetch_pages) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
            "url = EXCLUDED.url, kind = EXCLUDED.kind, agency = EXCLUDED.agency, language = EXCLUDED.language, "
            "host = EXCLUDED.host, fetch_pages = EXCLUDED.fetch_pages, updated_at = now() "
            "WHERE (feeds.url, feeds.kind, feeds.agency, feeds.language, feeds.host, feeds.fetch_pages) "
            "IS DISTINCT FROM (EXCLUDED.url, EXCLUDED.kind, EXCLUDED.agency, EXCLUDED.language, "
            "EXCLUDED.host, EXCLUDED.fetch_pages)",
            (feed.name, redact_url(feed.url), feed.kind, feed.agency, feed.language, feed.host, feed.fetch_pages),
        )
        conn.execute("UPDATE feeds SET timezone = %s WHERE name = %s AND timezone <> %s",
                     (feed.timezone, feed.name, feed.timezone))
        ids[feed.name] = conn.execute("SELECT id FROM feeds WHERE name = %s", (feed.name,)).fetchone()[0]
    conn.commit()
    return ids


def ingest(conn: psycopg.Connection, feeds: list[FeedConfig], fetcher: Fetcher | None = None,
           interval: int = DEFAULT_INTERVAL, force: bool = False, workers: int = 1) -> IngestCounts:
    """Poll every feed once (those backed off are skipped unless `force`); return the counts.

    `workers` > 1 parses the files of a drop folder in that many processes (scrapers.parallel).
    """
    ids = sync_feeds(conn, feeds)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    total = IngestCounts()
    try:
        for feed in feeds:
            counts = ingest_feed(conn, feed, ids[feed.name], fetcher, interval=interval, force=force,
                                 workers=workers)
            if counts.feeds_failed:
                counts.failed_feeds = [feed.name]
            log.info("feed %s: %s", feed.name, counts.as_dict())
            total.add(counts)
    finally:
        if own_fetcher:
            fetcher.close()
    return total


def ingest_feed(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, fetcher: Fetcher,
                interval: int = DEFAULT_INTERVAL, force: bool = False, workers: int = 1) -> IngestCounts:
    """Poll one feed; its failure is recorded and never raised, so the other feeds go on."""
    etag, last_modified, next_poll, failures = conn.execute(
        "SELECT etag, last_modified, next_poll_at, consecutive_failures FROM feeds WHERE id = %s",
        (feed_id,)).fetchone()
    if not force and not health.should_poll(next_poll, now_utc()):
        return IngestCounts(feeds_skipped=1)
    if feed.kind == "wire_dir":
        return dropfolder.ingest_dir(conn, feed, feed_id, workers)
    paused = fetcher.politeness.paused_for(host_key(feed.url))
    if paused > fetcher.config.max_retry_after:
        return _skip_paused_host(conn, feed, feed_id, paused)
    try:
        auth = feed.credentials()
    except ConfigError as exc:
        result = FetchResult(url=feed.url, status="failed", attempts=0, error=str(exc))
    else:
        result = fetcher.fetch(feed.url, etag=etag, last_modified=last_modified, auth=auth)
    counts = IngestCounts(feeds_polled=1)
    try:
        if result.status == "ok" and feed.kind == "wire_url" and is_index_url(feed.url):
            counts.add(_ingest_wire_index(conn, feed, feed_id, result, fetcher))
        elif result.status == "ok" and (refusal := recover.refuse_document(feed.kind, result.body,
                                                                           result.content_type)):
            result.status, result.error = "failed", refusal
            counts.feeds_failed = 1
            digest = store.store_payload(conn, result.body, result.content_type)
            _record_result(conn, feed, feed_id, result, payload_sha256=digest)
        elif result.status == "ok":
            counts.add(_store_fetched(conn, feed, feed_id, result, fetcher))
        elif result.status == "not_modified":
            counts.feeds_not_modified = 1
            _record_result(conn, feed, feed_id, result)
        else:
            counts.feeds_failed = 1
            _record_result(conn, feed, feed_id, result)
        _update_feed_state(conn, feed_id, result, failures, interval)
        if result.retry_after and result.retry_after > fetcher.config.max_retry_after:
            _pause_host(conn, feed, result.retry_after)
        conn.commit()
    except psycopg.Error as exc:
        conn.rollback()  # what was committed before (the raw payload) stays
        log.exception("feed %s: storing failed", feed.name)
        store.record_fetch(conn, feed_id, url=feed.url, status="failed", started_at=result.started_at,
                           error=f"store failed: {exc}")
        conn.execute("UPDATE feeds SET consecutive_failures = consecutive_failures + 1, last_error = %s, "
                     "last_error_at = now() WHERE id = %s", (f"store failed: {exc}"[:2000], feed_id))
        conn.commit()
        return IngestCounts(feeds_polled=1, feeds_failed=1)
    return counts


def _record_result(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, result: FetchResult,
                   payload_sha256: str | None = None) -> int:
    return store.record_fetch(conn, feed_id, url=feed.url, status=result.status, started_at=result.started_at,
                              duration_ms=result.duration_ms, http_status=result.http_status,
                              final_url=result.final_url, attempts=result.attempts, error=result.error,
                              size=len(result.body) if payload_sha256 else None, payload_sha256=payload_sha256)


def _skip_paused_host(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, paused: float) -> IngestCounts:
    """Another feed of this host got a long Retry-After in this run: this one waits too."""
    error = f"host {host_key(feed.url)} asked to wait {paused:.0f}s (Retry-After); not polled"
    store.record_fetch(conn, feed_id, url=feed.url, status="skipped", started_at=now_utc(), attempts=0,
                       error=error)
    _pause_host(conn, feed, paused)
    conn.commit()
    return IngestCounts(feeds_skipped=1)


def _pause_host(conn: psycopg.Connection, feed: FeedConfig, seconds: float) -> None:
    """Retry-After pauses the whole host: every feed on it is next polled after the wait (capped)."""
    until = now_utc() + dt.timedelta(seconds=min(seconds, health.MAX_CACHE_SECONDS))
    conn.execute("UPDATE feeds SET next_poll_at = greatest(coalesce(next_poll_at, %s), %s) "
                 "WHERE host = %s AND kind <> 'wire_dir'", (until, until, feed.host))


def _update_feed_state(conn: psycopg.Connection, feed_id: int, result: FetchResult, failures: int,
                       interval: int) -> None:
    """Conditional-GET validators, failure count and next poll time (backoff) for one feed."""
    now = now_utc()
    if result.status == "failed":
        failures += 1
        conn.execute(
            "UPDATE feeds SET consecutive_failures = %s, last_error = %s, last_error_at = %s, "
            "next_poll_at = %s WHERE id = %s",
            (failures, redact_text(result.error)[:2000], now, health.next_poll_at(now, failures, result.cache_seconds, interval),
             feed_id))
        return
    # the longer of the server's Cache-Control and the feed's own <ttl> / sy:updatePeriod
    hints = [s for s in (result.cache_seconds, health.feed_ttl_seconds(result.body)) if s]
    fresh_for = min(max(hints), health.MAX_CACHE_SECONDS) if hints else None
    conn.execute(
        "UPDATE feeds SET consecutive_failures = 0, last_success_at = %s, next_poll_at = %s, ttl_seconds = %s, "
        "etag = coalesce(%s, etag), last_modified = coalesce(%s, last_modified) WHERE id = %s",
        (now, health.next_poll_at(now, 0, fresh_for, interval), fresh_for, result.etag, result.last_modified,
         feed_id))


def _store_fetched(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, result: FetchResult,
                   fetcher: Fetcher | None, url: str = "") -> IngestCounts:
    """Keep the payload and its fetch first, committed on their own; then parse and store its stories."""
    digest = store.store_payload(conn, result.body, result.content_type)
    fetch_id = store.record_fetch(
        conn, feed_id, url=url or result.url, status="ok", started_at=result.started_at,
        duration_ms=result.duration_ms, http_status=result.http_status, final_url=result.final_url,
        size=len(result.body), attempts=result.attempts, payload_sha256=digest)
    conn.commit()
    return process_payload(conn, feed, feed_id, result.body, digest, fetch_id, result.started_at, fetcher,
                           content_type=result.content_type)


def process_payload(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, data: bytes, digest: str,
                    fetch_id: int | None, fetched_at: dt.datetime, fetcher: Fetcher | None = None,
                    content_type: str = "") -> IngestCounts:
    """Parse one stored payload and upsert its stories, item by item where Postgres refuses one.

    Parse failures, refused items and recoveries (repaired characters, a recovered document)
    become item_errors rows; the other stories are stored, and the fetch's item counts set.
    Replays and drop folders store many payloads together instead (store_batch.store_grouped).
    """
    records, notes = recover.parse_payload(data, content_type=content_type, source=feed.url,
                                           feed_language=feed.language)
    articles, failures = split_records(records, feed)
    if feed.fetch_pages and fetcher is not None:
        with fetcher.private_hosts_allowed(feed.allow_private_hosts):
            articles = _with_pages(conn, feed_id, articles, fetcher)
    return store_split(conn, feed_id, articles, failures, notes, digest, fetch_id, fetched_at,
                       records_total=len(records))


def store_split(conn: psycopg.Connection, feed_id: int, articles: list[Article], failures: list[ParseFailure],
                notes: list[ParseFailure], digest: str, fetch_id: int | None, fetched_at: dt.datetime,
                mark_key: str = "", records_total: int | None = None) -> IngestCounts:
    """process_payload's store step, and store_batch's for a payload of a refused group: the stories
    (item by item where Postgres refuses one), the item errors, the replay mark (`mark_key`) and,
    given `records_total`, the fetch's counts."""
    # What a replay stores (`mark_key`), a re-run rebuilds: its commits need not wait for the WAL to
    # reach the disk. A server crash loses at most the last few (each payload's stories and replay
    # mark commit together, so nothing is half stored) and the next replay redoes them.
    counts = store.upsert_articles(conn, feed_id, articles, digest, fetched_at, wait_for_commit=not mark_key)
    store.record_item_errors(conn, feed_id, fetch_id, digest, failures)
    store.record_item_errors(conn, feed_id, fetch_id, digest, counts.failed, stage="store")
    store.record_item_errors(conn, feed_id, fetch_id, digest, notes, stage="recover")
    failed = len(failures) + len(counts.failed)
    if mark_key and fetch_id is not None and not counts.failed:
        replay_marks.mark(conn, fetch_id, mark_key, len(articles), len(failures))
    if fetch_id is not None and records_total is not None:
        store.set_fetch_counts(conn, fetch_id, records_total, counts, failed)
    return IngestCounts(stories_new=counts.new, stories_updated=counts.updated,
                        stories_unchanged=counts.unchanged, stories_failed=failed)


def _with_pages(conn: psycopg.Connection, feed_id: int, articles: list[Article], fetcher: Fetcher) -> list[Article]:
    """Article pages for a summary-only feed; a page fetched on an earlier poll is reused, not re-fetched."""
    from scrapers.pages import MIN_BODY_CHARS, enrich_with_pages, merge_page

    # by the index on (feed_id, url) (sql/060), planned at every call (not prepared: see store.STORED_KEYS)
    rows = conn.execute(
        "SELECT url, body, byline, language, published_at FROM articles "
        "WHERE feed_id = %s AND url = ANY(%s) AND url <> '' AND length(body) >= %s",
        (feed_id, [a.url for a in articles if a.url], MIN_BODY_CHARS), prepare=False).fetchall()
    stored = {url: Article(format="html", url=url, body=body, byline=byline, language=language, published=published)
              for url, body, byline, language, published in rows}
    reused = [merge_page(a, stored[a.url], a.url) if a.url in stored else a for a in articles]
    return enrich_with_pages(reused, fetcher, skip_urls=stored.keys())


def split_records(records: list[Article | ParseFailure], feed: FeedConfig) -> tuple[list[Article], list[ParseFailure]]:
    """Stories to store and failures to record; repeated guids in one payload are failures.

    A story without a guid is keyed by its URL, else by its content hash, so it still upserts.
    The feed's agency fills the agency of stories whose text credits none.
    """
    articles: list[Article] = []
    failures: list[ParseFailure] = []
    seen: set[str] = set()
    for rec in records:
        if isinstance(rec, ParseFailure):
            failures.append(rec)
            continue
        rec.guid = rec.guid or rec.url or "sha256:" + store.content_hash(rec)
        provenance.apply_feed(rec, feed.agency, feed.timezone)
        rec.language = rec.language or feed.language
        if rec.guid in seen:
            failures.append(ParseFailure(source=rec.source, error="duplicate guid within one payload; first kept",
                                         format=rec.format, guid=rec.guid))
            continue
        seen.add(rec.guid)
        articles.append(rec)
    return articles, failures


def _ingest_wire_index(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, index: FetchResult,
                       fetcher: Fetcher) -> IngestCounts:
    """An HTTP drop folder: fetch every listed file this feed has not stored yet (one payload each)."""
    store.record_fetch(conn, feed_id, url=feed.url, status="ok", started_at=index.started_at,
                       duration_ms=index.duration_ms, http_status=index.http_status, size=len(index.body))
    conn.commit()
    seen = _fetched_urls(conn, feed_id)
    counts = IngestCounts()
    auth = feed.credentials()
    for url in index_links(index.body, index.final_url or feed.url):
        if redact_url(url) in seen:
            continue
        result = fetcher.fetch(url, auth=auth)
        if result.status == "ok":
            counts.add(_store_fetched(conn, feed, feed_id, result, fetcher))
        else:
            store.record_fetch(conn, feed_id, url=url, status="failed", started_at=result.started_at,
                               duration_ms=result.duration_ms, http_status=result.http_status,
                               attempts=result.attempts, error=result.error)
            counts.stories_failed += 1
        conn.commit()
    return counts


def _fetched_urls(conn: psycopg.Connection, feed_id: int) -> set[str]:
    """Files of an HTTP drop folder already stored for this feed (they are not fetched again)."""
    return {row[0] for row in conn.execute(
        "SELECT url FROM fetch_attempts WHERE feed_id = %s AND status = 'ok' AND payload_sha256 IS NOT NULL",
        (feed_id,))}


def replay(conn: psycopg.Connection, start: dt.datetime | None = None, end: dt.datetime | None = None,
           feed_names: list[str] | None = None, workers: int = 1, force: bool = False) -> IngestCounts:
    """Re-parse and re-normalise payloads fetched in [start, end) without the network (scrapers.replay)."""
    from scrapers.replay import replay as run

    return run(conn, start, end, feed_names, workers, force)
