"""Writing to Postgres: raw payloads, fetch attempts, articles (idempotent upsert), item errors.

Articles go through `COPY` into a temporary table and one `INSERT … SELECT … ON CONFLICT`:
psycopg 3's COPY is the fastest path measured here and the conflict clause keeps re-runs from
duplicating rows. A row is only touched when a stored field would change, so re-ingesting the
same feed, or replaying a payload, changes nothing.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from dataclasses import dataclass

import psycopg

from scrapers.record import Article, ParseFailure

# Article fields as stored, in COPY order (one mapping, used by both the COPY and the upsert).
_COLUMNS = (
    "feed_id", "guid", "format", "agency", "city", "dateline_date_text", "dateline_date",
    "headline", "byline", "body", "summary", "url", "canonical_url", "language", "subjects",
    "priority", "published_at", "source_updated_at", "fetched_at", "content_hash", "payload_sha256",
)
# Fields whose change counts as an update (everything but keys and bookkeeping).
_COMPARED = tuple(c for c in _COLUMNS if c not in ("feed_id", "guid", "fetched_at", "payload_sha256"))


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_payload(conn: psycopg.Connection, data: bytes, content_type: str = "") -> str:
    """Keep fetched bytes (gzip, content-addressed: the same bytes are stored once)."""
    digest = sha256_hex(data)
    conn.execute(
        "INSERT INTO raw_payloads (sha256, size_bytes, content_type, data) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (sha256) DO NOTHING",
        (digest, len(data), content_type[:200], gzip.compress(data, compresslevel=6)),
    )
    return digest


def load_payload(conn: psycopg.Connection, digest: str) -> bytes:
    row = conn.execute("SELECT compression, data FROM raw_payloads WHERE sha256 = %s", (digest,)).fetchone()
    if row is None:
        raise KeyError(f"no stored payload {digest}")
    compression, data = row
    return gzip.decompress(data) if compression == "gzip" else bytes(data)


def record_fetch(conn: psycopg.Connection, feed_id: int | None, *, url: str, status: str,
                 started_at: dt.datetime, duration_ms: int = 0, http_status: int | None = None,
                 final_url: str = "", size: int | None = None, attempts: int = 1, error: str = "",
                 payload_sha256: str | None = None) -> int:
    """Log one fetch attempt (every poll is logged, whatever its outcome); return its id."""
    return conn.execute(
        "INSERT INTO fetch_attempts (feed_id, url, final_url, started_at, duration_ms, status, http_status,"
        " bytes, attempts, error, payload_sha256) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
        (feed_id, url, final_url or None, started_at, duration_ms, status, http_status, size, attempts,
         error or None, payload_sha256),
    ).fetchone()[0]


def set_fetch_counts(conn: psycopg.Connection, fetch_id: int, total: int, counts: UpsertCounts, failed: int) -> None:
    conn.execute(
        "UPDATE fetch_attempts SET items_total = %s, items_new = %s, items_updated = %s, items_failed = %s "
        "WHERE id = %s", (total, counts.new, counts.updated, failed, fetch_id))


def _row(feed_id: int, art: Article, payload_sha256: str | None, fetched_at: dt.datetime) -> tuple:
    subjects = json.dumps([{"code": s.code, "name": s.name, "scheme": s.scheme} for s in art.subjects],
                          ensure_ascii=False)
    return (
        feed_id, art.guid, art.format, art.agency, art.city, art.dateline_date, art.dateline_resolved,
        art.headline, art.byline, art.body, art.summary, art.url, art.canonical_url, art.language, subjects,
        art.priority, art.published, art.updated, fetched_at, art.content_hash(), payload_sha256,
    )


def upsert_articles(conn: psycopg.Connection, feed_id: int, articles: list[Article],
                    payload_sha256: str | None, fetched_at: dt.datetime) -> UpsertCounts:
    """Insert new stories, update changed ones, leave identical ones untouched.

    Keyed on (feed_id, guid); guids must be unique within `articles`. A payload fetched
    earlier than the stored version never overwrites it (so replaying old data is safe).
    """
    if not articles:
        return UpsertCounts()
    cols = ", ".join(_COLUMNS)
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS stage_articles AS SELECT {cols} FROM articles WITH NO DATA")
    conn.execute("TRUNCATE stage_articles")
    with conn.cursor().copy(f"COPY stage_articles ({cols}) FROM STDIN") as copy:
        for art in articles:
            copy.write_row(_row(feed_id, art, payload_sha256, fetched_at))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS if c not in ("feed_id", "guid", "fetched_at"))
    differs = " OR ".join(f"articles.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in _COMPARED)
    rows = conn.execute(
        f"INSERT INTO articles ({cols}) SELECT {cols} FROM stage_articles "
        f"ON CONFLICT (feed_id, guid) DO UPDATE SET {updates}, "
        "fetched_at = CASE WHEN articles.content_hash = EXCLUDED.content_hash "
        "                  THEN articles.fetched_at ELSE EXCLUDED.fetched_at END "
        f"WHERE EXCLUDED.fetched_at >= articles.fetched_at AND ({differs}) "
        "RETURNING (xmax = 0) AS inserted"
    ).fetchall()
    new = sum(1 for (inserted,) in rows if inserted)
    return UpsertCounts(new=new, updated=len(rows) - new, unchanged=len(articles) - len(rows))


def record_item_errors(conn: psycopg.Connection, feed_id: int | None, fetch_id: int | None,
                       payload_sha256: str | None, failures: list[ParseFailure], stage: str = "parse") -> int:
    """Keep what could not be parsed, with its reason (once per payload and item)."""
    for failure in failures:
        conn.execute(
            "INSERT INTO item_errors (feed_id, fetch_id, payload_sha256, guid, stage, reason) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (feed_id, fetch_id, payload_sha256, failure.guid, stage, failure.error[:2000]),
        )
    return len(failures)
