"""Local drop folders: which files are ready to read, and reading one safely.

An agency (or anyone with write access) puts files in the folder, so nothing in it is trusted:
- only regular files directly inside the folder are read: symlinks (a link to /etc/passwd),
  sub-folders, FIFOs and devices are refused, and the file is opened with O_NOFOLLOW;
- a file is read in chunks up to the size cap, never whole: an over-size file is an error;
- a file is known by path, size and modification time, so one still being written at a poll is
  read again once it changed; and one that changed less than `quiet_seconds` ago is left for the
  next poll, as drop-folder ingesters do (writers rarely rename into place).

`ingest_dir` is the ingest of one drop-folder feed: each new file's bytes and fetch are committed
before it is parsed, and a big folder is parsed in a process pool (`workers`) while this
connection stores the files in name order, as a serial run would: consecutive files' stories
together (store_batch.store_grouped, the rule a replay uses; item errors and each fetch's counts
as when every file is stored on its own).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from scrapers import pipeline, store, store_batch
from scrapers.config import FeedConfig
from scrapers.parallel import ParseJob, parse_in_pool, workers_for
from scrapers.record import ParseFailure

log = logging.getLogger(__name__)
CHUNK = 1024 * 1024
MAX_WIRE_FILE = 20 * 1024 * 1024


class TooLarge(ValueError):
    """The file exceeds the size cap; it is recorded as an error, not read."""


@dataclass(frozen=True)
class DropFile:
    path: Path
    key: str  # size and mtime: a changed file has a new key
    size: int = 0
    ready: bool = True  # quiet for long enough
    refused: str = ""  # why it is not read at all (symlink, not a regular file)


def file_key(st: os.stat_result) -> str:
    return f"size={st.st_size};mtime_ns={st.st_mtime_ns}"


def scan(root: Path, quiet_seconds: float = 0.0, now: float | None = None) -> list[DropFile]:
    """The folder's entries (sub-folders left out), in name order, each with its key and readiness."""
    now = time.time() if now is None else now
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone since the listing
            path = Path(entry.path)
            if stat.S_ISDIR(st.st_mode):
                continue
            if stat.S_ISLNK(st.st_mode):
                found.append(DropFile(path, file_key(st), refused="a symbolic link, not read"))
            elif not stat.S_ISREG(st.st_mode):
                found.append(DropFile(path, file_key(st), refused="not a regular file, not read"))
            else:
                found.append(DropFile(path, file_key(st), st.st_size, ready=now - st.st_mtime >= quiet_seconds))
    return sorted(found, key=lambda f: f.path.name)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The whole file, read in chunks; TooLarge past `max_bytes` (checked before and while reading)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > max_bytes:
            raise TooLarge(f"file of {st.st_size} bytes exceeds the cap of {max_bytes} bytes; not read")
        parts, size = [], 0
        while True:
            chunk = fh.read(min(CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"file grew beyond the cap of {max_bytes} bytes while read; not read")
            parts.append(chunk)
    return b"".join(parts)


# --- ingest of a drop-folder feed ------------------------------------------------------------

def ingest_dir(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, workers: int = 1) -> "pipeline.IngestCounts":
    """A drop folder: every regular file not yet seen with its current size and mtime is one payload."""
    counts = pipeline.IngestCounts(feeds_polled=1)
    root = Path(feed.url)
    started = pipeline.now_utc()
    try:
        files = scan(root, feed.quiet_seconds) if root.is_dir() else None
        error = "" if files is not None else f"not a directory: {root}"
    except OSError as exc:
        files, error = None, f"cannot list {root}: {exc.strerror or exc}"
    if files is None:
        store.record_fetch(conn, feed_id, url=feed.url, status="failed", started_at=started, error=error)
        conn.execute("UPDATE feeds SET consecutive_failures = consecutive_failures + 1, last_error = %s, "
                     "last_error_at = now() WHERE id = %s", (error, feed_id))
        conn.commit()
        return pipeline.IngestCounts(feeds_polled=1, feeds_failed=1, failed_feeds=[feed.name])
    seen = _seen_files(conn, feed_id)
    new_files = [f for f in files if (str(f.path), f.key) not in seen]
    waiting = [f for f in new_files if f.ready is False and not f.refused]
    if waiting:
        log.info("feed %s: %d file(s) changed less than %gs ago, read at a later poll", feed.name,
                 len(waiting), feed.quiet_seconds)
    due = [f for f in new_files if f.ready or f.refused]
    jobs = _stored_files(conn, feed, feed_id, due, started, counts)
    parsed = parse_in_pool(jobs, workers_for(workers, sum(f.size for f in due if not f.refused)))
    counts.add(store_batch.store_grouped(conn, _split(parsed, feed, feed_id, started)))
    if not new_files:
        counts.feeds_not_modified = 1
    conn.execute("UPDATE feeds SET consecutive_failures = 0, last_success_at = now() WHERE id = %s", (feed_id,))
    conn.commit()
    return counts


def _split(parsed: Iterator[tuple[ParseJob, tuple]], feed: FeedConfig, feed_id: int,
           started: dt.datetime) -> Iterator[store_batch.Parsed]:
    """Each file's stories and failures (pipeline.split_records), to be stored with its fetch's counts."""
    for job, (records, notes) in parsed:
        job.data = b""  # the files in flight stay in memory, not all of them
        digest, fetch_id = job.key
        articles, failures = pipeline.split_records(records, feed)
        yield store_batch.Parsed(feed_id, digest, fetch_id, started, articles, failures, notes,
                                 records_total=len(records))


def _seen_files(conn: psycopg.Connection, feed_id: int) -> set[tuple[str, str]]:
    """(path, key) of the drop-folder files already dealt with (stored, or refused with a reason)."""
    return {(url, key) for url, key in conn.execute(
        "SELECT url, source_key FROM fetch_attempts WHERE feed_id = %s AND source_key IS NOT NULL", (feed_id,))}


# Files are kept (bytes, fetch, one commit) a block at a time: per file, the statements and the commit
# cost this process and the server more than a 20-50 story file's stories do together.
BLOCK_FILES = 32
BLOCK_BYTES = 4 * 1024 * 1024


def _stored_files(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, files: list[DropFile],
                  started: dt.datetime, counts: "pipeline.IngestCounts") -> Iterator[ParseJob]:
    """Each file stored with its fetch and committed, then handed on to be parsed (key: digest, fetch id);
    in name order, a block at a time (BLOCK_FILES, BLOCK_BYTES).

    A file refused or unreadable is recorded (once per key) with why it was not read, and counted.
    """
    block: list[tuple[DropFile, bytes]] = []
    for f in files:
        status, error = ("skipped", f.refused) if f.refused else ("ok", "")
        data = b""
        if not f.refused:
            try:
                data = read_capped(f.path, MAX_WIRE_FILE)
            except (OSError, ValueError) as exc:
                status, error = "failed", str(exc) if isinstance(exc, ValueError) else f"cannot read: {exc.strerror}"
        if status == "ok":
            block.append((f, data))
            if len(block) < BLOCK_FILES and sum(len(d) for _, d in block) < BLOCK_BYTES:
                continue
        yield from _kept(conn, feed, feed_id, block, started)  # before the failure: fetches in name order
        block = []
        if status != "ok":  # in fetch_attempts and, for SQL users looking for what was lost, in item_errors
            fetch_id = store.record_fetch(conn, feed_id, url=str(f.path), status=status, started_at=started,
                                          error=error, source_key=f.key)
            store.record_item_errors(conn, feed_id, fetch_id, None,
                                     [ParseFailure(source=str(f.path), error=error, guid=str(f.path))], stage="fetch")
            conn.commit()
            counts.stories_failed += 1 if status == "failed" else 0
    yield from _kept(conn, feed, feed_id, block, started)


def _kept(conn: psycopg.Connection, feed: FeedConfig, feed_id: int, block: list[tuple[DropFile, bytes]],
          started: dt.datetime) -> Iterator[ParseJob]:
    """The block's files stored with their fetches and committed; then each handed on to be parsed."""
    if not block:
        return
    digests = store.store_payloads(conn, [(data, "") for _, data in block])
    fetch_ids = store.record_fetches(conn, [dict(feed_id=feed_id, url=str(f.path), status="ok", started_at=started,
                                                 size=len(data), payload_sha256=digest, source_key=f.key)
                                            for (f, data), digest in zip(block, digests)])
    conn.commit()
    for (_, data), digest, fetch_id in zip(block, digests, fetch_ids):
        yield ParseJob((digest, fetch_id), data, feed.url, feed.language)
