"""Writing to Postgres: raw payloads, fetch attempts, articles (idempotent upsert), item errors.

Articles whose key is not stored yet are copied straight into `articles` (psycopg 3's COPY is
the fastest path measured here); the others go through `COPY` into a temporary table and one
`INSERT … SELECT … ON CONFLICT`, which keeps re-runs from duplicating rows (as does a batch that
lost a race with another writer, retried that way). A row is only touched when a stored field
would change, so re-ingesting the same feed, or replaying a payload, changes nothing.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
import weakref
from dataclasses import dataclass, field

import psycopg
from psycopg import pq
from psycopg.adapt import Dumper

from scrapers.record import Article, ParseFailure
from scrapers.urls import redact_text, redact_url

log = logging.getLogger(__name__)

# Article fields as stored, in COPY order (one mapping, used by both the COPY and the upsert).
_COLUMNS = (
    "feed_id", "guid", "format", "agency", "city", "dateline_date_text", "dateline_date",
    "headline", "byline", "body", "summary", "url", "canonical_url", "language", "subjects",
    "priority", "published_at", "source_updated_at", "fetched_at", "content_hash", "payload_sha256",
    "agency_source", "byline_title", "status", "embargoed_until",
)
# Fields whose change counts as an update (everything but keys and bookkeeping).
_COMPARED = tuple(c for c in _COLUMNS if c not in ("feed_id", "guid", "fetched_at", "payload_sha256"))


@dataclass
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[ParseFailure] = field(default_factory=list)  # items Postgres refused, with its reason


# Bounds on what could overflow an index or a column. A btree index row holds at most ~2.7 KB,
# so a longer key is replaced by a prefix plus the hash of the whole key (still unique and
# stable, so re-polls keep matching); display fields in an index are cut.
MAX_KEY_CHARS = 500
MAX_INDEXED_TEXT = 200  # agency, city (the agency_city index)
# a key this short is within both bounds whatever its characters (at most 4 UTF-8 bytes each):
# bounded_key returns it without encoding it
_SHORT_KEY = MAX_KEY_CHARS // 2
_SMALLINT = (-32768, 32767)
# what Postgres (or the COPY dumpers) raise for one bad row; connection trouble is not among them
REFUSED = (psycopg.DataError, psycopg.IntegrityError, psycopg.errors.ProgramLimitExceeded,
            UnicodeError, ValueError, OverflowError)


def bounded_key(value: str) -> str:
    """`value` itself when short; else its first 100 characters, '…#sha256:' and the hash of all of it."""
    if len(value) <= _SHORT_KEY or len(value) <= MAX_KEY_CHARS and len(value.encode("utf-8", "surrogatepass")) <= MAX_KEY_CHARS * 2:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{value[:100]}…#sha256:{digest}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_payload(conn: psycopg.Connection, data: bytes, content_type: str = "") -> str:
    """Keep fetched bytes (gzip, content-addressed: the same bytes are stored once); their digest."""
    return store_payloads(conn, [(data, content_type)])[0]


def store_payloads(conn: psycopg.Connection, payloads: list[tuple[bytes, str]]) -> list[str]:
    """store_payload for every (bytes, content type), in a few statements (a drop folder's files a block
    at a time). Bytes already stored (a feed serving the same document again, a re-delivered file) are
    not compressed again: gzip is most of what keeping a payload costs this process."""
    digests = [sha256_hex(data) for data, _ in payloads]
    stored = {d for (d,) in conn.execute("SELECT sha256 FROM raw_payloads WHERE sha256 = ANY(%s)",
                                         (list(set(digests)),), prepare=False)}
    new: dict[str, tuple] = {}
    for digest, (data, content_type) in zip(digests, payloads):
        if digest not in stored and digest not in new:
            new[digest] = (digest, len(data), _clean(content_type[:200]), gzip.compress(data, compresslevel=6))
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO raw_payloads (sha256, size_bytes, content_type, data) VALUES (%s, %s, %s, %s) "
                        "ON CONFLICT (sha256) DO NOTHING", list(new.values()))
    return digests


def stored_payloads(conn: psycopg.Connection, digests: list[str]) -> dict[str, tuple[str, bytes]]:
    """(compression, bytes as stored) of every digest, in one query (a replay reads its payloads a block at
    a time, and leaves inflating them to its parse workers: parallel.ParseJob.compression)."""
    rows = conn.execute("SELECT sha256, compression, data FROM raw_payloads WHERE sha256 = ANY(%s)",
                        (list(set(digests)),), prepare=False, binary=True).fetchall()  # bytea as is, not hex
    found = {digest: (compression, bytes(data)) for digest, compression, data in rows}
    missing = [d for d in digests if d not in found]
    if missing:
        raise KeyError(f"no stored payload {missing[0]}")
    return found


def record_fetch(conn: psycopg.Connection, feed_id: int | None, *, url: str, status: str,
                 started_at: dt.datetime, duration_ms: int = 0, http_status: int | None = None,
                 final_url: str = "", size: int | None = None, attempts: int = 1, error: str = "",
                 payload_sha256: str | None = None, source_key: str | None = None) -> int:
    """Log one fetch attempt (every poll is logged, whatever its outcome); return its id.

    URLs and the error text are stored with any password or secret query value redacted.
    """
    return record_fetches(conn, [dict(feed_id=feed_id, url=url, status=status, started_at=started_at,
                                      duration_ms=duration_ms, http_status=http_status, final_url=final_url,
                                      size=size, attempts=attempts, error=error, payload_sha256=payload_sha256,
                                      source_key=source_key)])[0]


def record_fetches(conn: psycopg.Connection, fetches: list[dict]) -> list[int]:
    """record_fetch for every dict of its arguments (feed_id included), in one round trip; their ids in order."""
    rows = [(f["feed_id"], _clean(redact_url(f["url"])), _clean(redact_url(f.get("final_url", ""))) or None,
             f["started_at"], f.get("duration_ms", 0), f["status"], f.get("http_status"), f.get("size"),
             f.get("attempts", 1), _clean(redact_text(f.get("error", "")))[:4000] or None, f.get("payload_sha256"),
             f.get("source_key")) for f in fetches]
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO fetch_attempts (feed_id, url, final_url, started_at, duration_ms, status, http_status,"
            " bytes, attempts, error, payload_sha256, source_key) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
            "RETURNING id", rows, returning=True)
        return [c.fetchone()[0] for c in cur.results()]


def set_fetch_counts(conn: psycopg.Connection, fetch_id: int, total: int, counts: UpsertCounts, failed: int) -> None:
    set_fetch_counts_many(conn, [(fetch_id, total, counts.new, counts.updated, failed)])


def set_fetch_counts_many(conn: psycopg.Connection, rows: list[tuple[int, int, int, int, int]]) -> None:
    """A fetch's item counts for every (fetch id, total, new, updated, failed): one round trip (a
    pipeline), each row by its primary key whatever the table's statistics say."""
    with conn.cursor() as cur:
        cur.executemany("UPDATE fetch_attempts SET items_total = %s, items_new = %s, items_updated = %s, "
                        "items_failed = %s WHERE id = %s", [(t, n, u, f, i) for i, t, n, u, f in rows])


HASH_MEMO = "_hash_memo"  # the attribute remember_hash keeps it in (parallel.py carries it across processes)


def remember_hash(art: Article) -> None:
    """Keep `art.content_hash()` on the story (not a field: never stored or compared), so that the
    writer reuses what a parse worker computed instead of hashing every story again itself."""
    art.__dict__[HASH_MEMO] = (art.headline, art.body or art.summary, art.content_hash())


def content_hash(art: Article) -> str:
    """`art.content_hash()`: the remembered value while the text it hashed is unchanged."""
    memo = art.__dict__.get(HASH_MEMO)
    if memo is not None and memo[0] == art.headline and memo[1] == (art.body or art.summary):
        return memo[2]
    return art.content_hash()


def _row(feed_id: int, art: Article, payload_sha256: str | None, fetched_at: dt.datetime) -> tuple:
    subjects = json.dumps([{"code": s.code, "name": s.name, "scheme": s.scheme} for s in art.subjects],
                          ensure_ascii=False).replace("\\u0000", "") if art.subjects else "[]"
    priority = art.priority
    if type(priority) is int and not _SMALLINT[0] <= priority <= _SMALLINT[1]:
        priority = None
    row = (
        feed_id, bounded_key(art.guid), art.format, art.agency[:MAX_INDEXED_TEXT], art.city[:MAX_INDEXED_TEXT],
        art.dateline_date, art.dateline_resolved, art.headline, art.byline, art.body, art.summary, art.url,
        bounded_key(art.canonical_url), art.language, subjects,
        priority, art.published, art.updated, fetched_at, content_hash(art), payload_sha256,
        art.agency_source, art.byline_title, art.status, art.embargoed_until,
    )
    return _without_nul(row) if _may_hold_nul(row) else row


def _without_nul(row: tuple) -> tuple:
    """The row with NUL removed from its strings (COPY cannot carry it)."""
    return tuple(v.replace("\x00", "") if type(v) is str and "\x00" in v else v for v in row)


def _may_hold_nul(row: tuple) -> bool:
    """False only when no string of the row holds a NUL, so that _without_nul would return it unchanged.

    One search of the text fields joined by an f-string (one C copy of ~4 KB), and a type test of the
    others, where a string is never expected: ~4x cheaper than _without_nul's generator over 25 values
    (a tenth of the writer's work a story). A non-string in a text field is formatted into the probe:
    a NUL there only sends the row to _without_nul, which leaves it as it is."""
    (f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22,
     f23, f24) = row
    return ("\x00" in f"{f1}{f2}{f3}{f4}{f5}{f7}{f8}{f9}{f10}{f11}{f12}{f13}{f14}{f19}{f20}{f21}{f22}{f23}"
            or str in (type(f0), type(f6), type(f15), type(f16), type(f17), type(f18), type(f24)))


def _scrubbed(row: tuple) -> tuple:
    """A row whose strings are valid UTF-8 (lone surrogates replaced): used on the per-item path."""
    return tuple(v.encode("utf-8", "replace").decode("utf-8") if type(v) is str else v for v in row)


# Binary COPY is markedly cheaper than text COPY on both ends, but its dumpers are strict about
# Python types (a naive datetime, a str priority...) where the text format lets the server cast.
# Rows whose values are not exactly the expected types go through the text format.
_STAGE = "stage_articles_v3"
_TEXT_IDX = tuple(i for i, c in enumerate(_COLUMNS) if c in (
    "guid", "format", "agency", "city", "dateline_date_text", "headline", "byline", "body", "summary", "url",
    "canonical_url", "language", "content_hash", "agency_source", "byline_title", "status"))
_TS_IDX = tuple(_COLUMNS.index(c) for c in ("published_at", "source_updated_at", "fetched_at", "embargoed_until"))
_DATE_IDX = _COLUMNS.index("dateline_date")
_PRIO_IDX = _COLUMNS.index("priority")
_FEED_IDX = _COLUMNS.index("feed_id")
_SHA_IDX = _COLUMNS.index("payload_sha256")
_GUID_IDX = _COLUMNS.index("guid")
_STAGE_TYPES: "weakref.WeakKeyDictionary[psycopg.Connection, list[int]]" = weakref.WeakKeyDictionary()


def _binary_ok(rows: list[tuple]) -> bool:
    str_ = str
    for r in rows:
        for i in _TEXT_IDX:
            if type(r[i]) is not str_:
                return False
        for i in _TS_IDX:
            v = r[i]
            if v is not None and (type(v) is not dt.datetime or v.utcoffset() is None):
                return False
        v = r[_DATE_IDX]
        if v is not None and type(v) is not dt.date:
            return False
        v = r[_PRIO_IDX]
        if v is not None and (type(v) is not int or not -32768 <= v <= 32767):
            return False
        if type(r[_FEED_IDX]) is not int or (r[_SHA_IDX] is not None and type(r[_SHA_IDX]) is not str_):
            return False
    return True


def _types(conn: psycopg.Connection) -> list[int]:
    """The type oids of `_COLUMNS` in `articles` (and so in the staging table), once per connection."""
    oids = _STAGE_TYPES.get(conn)
    if oids is None:
        found = dict(conn.execute(
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = 'articles'::regclass AND attnum > 0 "
            "AND NOT attisdropped").fetchall())
        oids = [found[c] for c in _COLUMNS]
        _STAGE_TYPES[conn] = oids
    return oids


def _stage(conn: psycopg.Connection) -> None:
    """The session's staging table (emptied at every commit), created when an upsert needs it."""
    # every time: a rolled-back transaction takes the table it created with it
    cols = ", ".join(_COLUMNS)
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} ON COMMIT DELETE ROWS "
                 f"AS SELECT {cols} FROM articles WITH NO DATA")


def upsert_articles(conn: psycopg.Connection, feed_id: int, articles: list[Article],
                    payload_sha256: str | None, fetched_at: dt.datetime,
                    wait_for_commit: bool = True) -> UpsertCounts:
    """Insert new stories, update changed ones, leave identical ones untouched.

    Keyed on (feed_id, guid); guids must be unique within `articles`. A payload fetched
    earlier than the stored version never overwrites it (so replaying old data is safe).
    `wait_for_commit=False` sets synchronous_commit off for the caller's transaction (a replay's:
    what a crash loses there, the next replay redoes).
    """
    if not articles:
        return UpsertCounts()
    # the staging table only keeps its rows until the end of a transaction; inside one, this is a
    # savepoint, so a refused batch leaves what the caller did before (the payload) intact
    rows = [_row(feed_id, art, payload_sha256, fetched_at) for art in articles]
    as_store_writer(conn, wait_for_commit)
    try:
        counts = _upsert_in_savepoint(conn, rows)
    except REFUSED as exc:
        log.info("batch of %d refused (%s); storing item by item", len(rows), str(exc).splitlines()[0])
        counts = _upsert_each(conn, articles, rows)
    mark_killed(conn, feed_id, articles)
    return counts


def as_store_writer(conn: psycopg.Connection, wait_for_commit: bool = True) -> None:
    """The transaction's writes are the store's: they leave replay marks standing (migration 055's
    trigger voids them otherwise); `wait_for_commit=False`: synchronous_commit off for it."""
    conn.execute("SELECT set_config('wirefeed.writer', 'store', true)" if wait_for_commit else
                 "SELECT set_config('wirefeed.writer', 'store', true), set_config('synchronous_commit', 'off', true)")


def _upsert_each(conn: psycopg.Connection, articles: list[Article], rows: list[tuple]) -> UpsertCounts:
    """One savepoint per item: an item Postgres refuses becomes a failure, the others are stored."""
    total = UpsertCounts()
    for art, row in zip(articles, rows):
        try:
            counts = _upsert_in_savepoint(conn, [_scrubbed(row)])
        except REFUSED as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            total.failed.append(ParseFailure(source=art.source, error=f"refused by the database: {reason}",
                                             format=art.format, guid=row[_COLUMNS.index("guid")]))
            continue
        total.new += counts.new
        total.updated += counts.updated
        total.unchanged += counts.unchanged
    return total


# The batch's keys already stored: one probe of the (feed_id, guid) index per key, whatever the
# statistics say. `feed_id = … AND guid = ANY(…)` let the planner read every row of the feed
# (the index on feed_id alone, the guids as a filter) while the table filled without fresh
# statistics: a cost growing with the feed's size on every payload, quadratic over a replay into
# an empty database (a LATERAL … LIMIT 1 cannot be turned into that plan). It is never prepared
# (`prepare=False`, so planned at every call for the table's current size): a server-side prepared
# statement's generic plan, built once while the table is empty and analysed as such (autovacuum
# after a TRUNCATE), is a per-key sequential scan that Postgres kept for a whole replay (issue #15:
# ~30x the backend's CPU, the table read once per key).
# The keys are sent as binary arrays (%b): half the client's CPU of text arrays, nothing to escape.
STORED_KEYS = ("SELECT k.feed_id, k.guid FROM unnest(%b::bigint[], %b::text[]) AS k(feed_id, guid), LATERAL "
               "(SELECT FROM articles a WHERE a.feed_id = k.feed_id AND a.guid = k.guid LIMIT 1) AS stored")


def _upsert_in_savepoint(conn: psycopg.Connection, rows: list[tuple]) -> UpsertCounts:
    """_upsert in a savepoint; the rows all upserted when one of their new keys was stored meanwhile."""
    try:
        with conn.transaction():
            return _upsert(conn, rows)
    except psycopg.errors.UniqueViolation:  # another writer stored one of the keys copied as new
        with conn.transaction():
            return _upsert_staged(conn, _types(conn), rows)


def _upsert(conn: psycopg.Connection, rows: list[tuple], changed: dict | None = None) -> UpsertCounts:
    """Rows whose key is not stored yet are copied straight into `articles` (no staging table, no
    conflict handling: the common case of a new payload); the others go through the upsert.
    Keys ((feed_id, guid)) must be unique within `rows`; they may be of several feeds (store_batch).
    `changed`, when given, gets every inserted (True) or updated (False) row's key: what each of
    several payloads stored together did (store_batch).

    The COPY raises UniqueViolation when another writer stored one of the new keys meanwhile (the
    caller then upserts the whole batch): one savepoint per batch, not one more for the COPY."""
    oids = _types(conn)
    keys = ([r[_FEED_IDX] for r in rows], [r[_GUID_IDX] for r in rows])
    stored = set(conn.execute(STORED_KEYS, keys, prepare=False).fetchall())
    new = [r for r in rows if (r[_FEED_IDX], r[_GUID_IDX]) not in stored] if stored else rows
    if new:
        _copy(conn, "articles", oids, new)
        if changed is not None:
            changed.update(((r[_FEED_IDX], r[_GUID_IDX]), True) for r in new)
    counts = _upsert_staged(conn, oids, [r for r in rows if (r[_FEED_IDX], r[_GUID_IDX]) in stored] if new else rows,
                            changed)
    counts.new += len(new)
    return counts


class _JsonText(Dumper):
    """jsonb's binary form of a string that already is JSON text (_row's subjects): what psycopg's
    jsonb dumper makes of Jsonb(text, dumps=lambda t: t), without that wrapper and a copy of every row
    to hold it (tests/test_store_rows.py compares them)."""

    format = pq.Format.BINARY
    oid = psycopg.adapters.types["jsonb"].oid

    def dump(self, obj: str) -> bytes:
        return b"\x01" + obj.encode()


def _copy(conn: psycopg.Connection, table: str, oids: list[int], rows: list[tuple]) -> None:
    cols = ", ".join(_COLUMNS)
    if _binary_ok(rows):
        cur = conn.cursor()
        cur.adapters.register_dumper(None, _JsonText)  # by oid, this cursor's COPY only (set_types)
        with cur.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(oids)
            for r in rows:
                copy.write_row(r)
    else:
        with conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)


def _upsert_staged(conn: psycopg.Connection, oids: list[int], rows: list[tuple],
                   changed: dict | None = None) -> UpsertCounts:
    if not rows:
        return UpsertCounts()
    cols = ", ".join(_COLUMNS)
    _stage(conn)
    _copy(conn, _STAGE, oids, rows)
    updates = ", ".join(_KEEP_KILLED.get(c, f"{c} = EXCLUDED.{c}") for c in _COLUMNS
                        if c not in ("feed_id", "guid", "fetched_at"))
    differs = " OR ".join(_KILLED_DIFFERS.get(c, f"articles.{c} IS DISTINCT FROM EXCLUDED.{c}") for c in _COMPARED)
    result = conn.execute(
        f"INSERT INTO articles ({cols}) SELECT {cols} FROM {_STAGE} "
        f"ON CONFLICT (feed_id, guid) DO UPDATE SET {updates}, "
        "fetched_at = CASE WHEN articles.content_hash = EXCLUDED.content_hash "
        "                  THEN articles.fetched_at ELSE EXCLUDED.fetched_at END "
        f"WHERE EXCLUDED.fetched_at >= articles.fetched_at AND ({differs}) "
        "RETURNING (xmax = 0) AS inserted, feed_id, guid"
    ).fetchall()
    # several upserts in one transaction: start the next one from an empty table
    conn.execute(f"DELETE FROM {_STAGE}")
    if changed is not None:
        changed.update(((feed_id, guid), inserted) for inserted, feed_id, guid in result)
    new = sum(1 for (inserted, _, _) in result if inserted)
    return UpsertCounts(new=new, updated=len(result) - new, unchanged=len(rows) - len(result))


# A story withdrawn by a kill notice stays withdrawn when its own item is re-sent or replayed.
_KEEP_KILLED = {"status": "status = CASE WHEN articles.killed_by IS NULL THEN EXCLUDED.status ELSE articles.status END"}
_KILLED_DIFFERS = {"status": "(articles.killed_by IS NULL AND articles.status IS DISTINCT FROM EXCLUDED.status)"}


def mark_killed(conn: psycopg.Connection, feed_id: int, articles: list[Article]) -> int:
    """Kill notices (``extra["kills"]``: guids of this feed) withdraw the stories they name."""
    marked = 0
    for art in articles:
        kills = [str(k) for k in art.extra.get("kills") or () if k]
        if kills:
            marked += conn.execute(
                "UPDATE articles SET status = 'withdrawn', killed_by = n.id FROM articles n "
                "WHERE n.feed_id = %(feed)s AND n.guid = %(notice)s AND articles.feed_id = %(feed)s "
                "AND articles.guid = ANY(%(kills)s) AND articles.id <> n.id "
                "AND articles.killed_by IS DISTINCT FROM n.id",  # never prepared: see STORED_KEYS
                {"feed": feed_id, "notice": art.guid, "kills": kills}, prepare=False).rowcount
    return marked


def record_item_errors(conn: psycopg.Connection, feed_id: int | None, fetch_id: int | None,
                       payload_sha256: str | None, failures: list[ParseFailure], stage: str = "parse") -> int:
    """Keep what could not be parsed, with its reason (once per payload and item)."""
    for failure in failures:
        conn.execute(
            "INSERT INTO item_errors (feed_id, fetch_id, payload_sha256, guid, stage, reason) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (feed_id, fetch_id, payload_sha256, bounded_key(_clean(failure.guid)), stage,
             _clean(failure.error[:2000])),
        )
    return len(failures)


def _clean(text: str) -> str:
    """Text Postgres accepts: no NUL, valid UTF-8."""
    return (text or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
