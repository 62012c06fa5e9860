"""The SQL of each page. Every query is bounded by an index or reads a rollup (see migration 045);
bench/ui_bench.py times them on a million stories."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wirefeed_ui.db import TimedConnection

# The columns of each stage's runs table: (label, step in pipeline_runs.counts, key).
RUN_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "ingest": [("hosts", "report", "hosts"), ("hosts failed", "report", "hosts_failed"),
               ("feeds polled", "report", "feeds_polled"), ("not modified", "report", "feeds_not_modified"),
               ("feeds failed", "report", "feeds_failed"), ("skipped", "report", "feeds_skipped"),
               ("stories new", "report", "stories_new"), ("updated", "report", "stories_updated"),
               ("unchanged", "report", "stories_unchanged"), ("failed", "report", "stories_failed")],
    "dedupe": [("processed", "dedupe", "processed"), ("new clusters", "dedupe", "clusters_new"),
               ("exact duplicates", "dedupe", "exact_duplicates"), ("near duplicates", "dedupe", "near_duplicates")],
    "tag": [("processed", "tag", "processed"), ("tags", "tag", "tags")],
    "reprocess": [("stories new", "renormalise", "stories_new"), ("updated", "renormalise", "stories_updated"),
                  ("unchanged", "renormalise", "stories_unchanged"), ("failed", "renormalise", "stories_failed"),
                  ("re-clustered", "rededupe", "processed"), ("re-tagged", "retag", "processed")],
}
STAGE_DAGS = {"ingest": "wirefeed_ingest", "dedupe": "wirefeed_dedupe", "tag": "wirefeed_tag",
              "reprocess": "wirefeed_reprocess"}
SICK_ORDER = "CASE state WHEN 'failing' THEN 0 WHEN 'backing_off' THEN 1 WHEN 'ok' THEN 2 ELSE 3 END"


def runs(db: TimedConnection, stage: str, limit: int = 20) -> list[dict]:
    return db.all("SELECT dag_id, run_id, started_at, finished_at, counts FROM pipeline_runs "
                  "WHERE stage = %s ORDER BY finished_at DESC LIMIT %s", (stage, limit))


def feeds(db: TimedConnection, feed_id: int | None = None) -> list[dict]:
    """Every feed (or one) with its state, last fetch and stories of the last 24 h, sick ones first.

    The state is the feed_health view's (one rule, also in scrapers.health), 'disabled' when off."""
    return db.all(f"""
        WITH recent AS (
            SELECT feed_id, count(*) AS stories_24h FROM articles
            WHERE first_seen_at >= now() - interval '24 hours' GROUP BY feed_id)
        SELECT * FROM (
            SELECT f.id, f.name, f.url, f.kind, f.agency, f.host, f.enabled, f.last_success_at,
                   f.consecutive_failures, f.next_poll_at, f.last_error, f.last_error_at,
                   CASE WHEN NOT f.enabled THEN 'disabled' ELSE h.state END AS state,
                   last.http_status, last.status AS last_status, last.started_at AS last_fetch_at,
                   coalesce(r.stories_24h, 0) AS stories_24h
            FROM feeds f
            JOIN feed_health h ON h.id = f.id
            LEFT JOIN recent r ON r.feed_id = f.id
            LEFT JOIN LATERAL (
                SELECT http_status, status, started_at FROM fetch_attempts fa
                WHERE fa.feed_id = f.id ORDER BY started_at DESC LIMIT 1) last ON true
            WHERE %(feed)s::bigint IS NULL OR f.id = %(feed)s
        ) s
        ORDER BY {SICK_ORDER}, consecutive_failures DESC, name""", {"feed": feed_id})


def state_counts(feed_rows: list[dict]) -> dict[str, int]:
    counts = {"failing": 0, "backing_off": 0, "ok": 0, "disabled": 0}
    for row in feed_rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return counts


def fetch_history(db: TimedConnection, feed_id: int, limit: int = 50) -> list[dict]:
    return db.all("SELECT id, started_at, duration_ms, status, http_status, bytes, attempts, error, "
                  "items_total, items_new, items_updated, items_failed FROM fetch_attempts "
                  "WHERE feed_id = %s ORDER BY started_at DESC LIMIT %s", (feed_id, limit))


def feed_item_errors(db: TimedConnection, feed_id: int, limit: int = 50) -> list[dict]:
    return db.all("SELECT created_at, stage, guid, reason, fetch_id FROM item_errors "
                  "WHERE feed_id = %s ORDER BY created_at DESC LIMIT %s", (feed_id, limit))


def hourly_volume(db: TimedConnection, hours: int = 48) -> list[dict]:
    """Stories received per hour and agency (live, index-only on articles_first_seen)."""
    return db.all("SELECT date_trunc('hour', first_seen_at) AS bucket, agency, count(*) AS stories "
                  "FROM articles WHERE first_seen_at >= date_trunc('hour', now()) - make_interval(hours => %s) "
                  "GROUP BY 1, 2", (hours - 1,))


def daily_volume(db: TimedConnection, days: int = 30) -> list[dict]:
    """Stories received per day and agency (the rollup)."""
    return db.all("SELECT day AS bucket, agency, sum(stories)::bigint AS stories FROM ui_story_rollup "
                  "WHERE day > current_date - %s GROUP BY 1, 2", (days,))


QUALITY_SUMS = """sum(stories)::bigint AS stories, sum(with_city)::bigint AS with_city,
    sum(with_agency)::bigint AS with_agency, sum(with_date)::bigint AS with_date,
    sum(in_duplicate_cluster)::bigint AS in_duplicate_cluster"""


def quality_by_feed(db: TimedConnection) -> list[dict]:
    return db.all(f"""
        SELECT f.id, f.name, coalesce(q.stories, 0) AS stories, q.with_city, q.with_agency, q.with_date,
               q.in_duplicate_cluster, coalesce(e.errors, 0) AS item_errors
        FROM feeds f
        LEFT JOIN (SELECT feed_id, {QUALITY_SUMS} FROM ui_story_rollup GROUP BY feed_id) q ON q.feed_id = f.id
        LEFT JOIN (SELECT feed_id, count(*) AS errors FROM item_errors GROUP BY feed_id) e ON e.feed_id = f.id
        WHERE q.feed_id IS NOT NULL OR e.errors > 0
        ORDER BY stories DESC, f.name""")


def quality_by_agency(db: TimedConnection, limit: int = 50) -> list[dict]:
    return db.all(f"SELECT agency, {QUALITY_SUMS} FROM ui_story_rollup GROUP BY agency "
                  "ORDER BY stories DESC LIMIT %s", (limit,))


def error_reasons(db: TimedConnection, limit: int = 20) -> list[dict]:
    """Item errors by stage and reason (the text before the first colon: the kind of error)."""
    return db.all("SELECT stage, left(split_part(reason, ':', 1), 80) AS reason, count(*) AS errors, "
                  "max(created_at) AS last_at FROM item_errors GROUP BY 1, 2 ORDER BY errors DESC LIMIT %s",
                  (limit,))


def language_mix(db: TimedConnection) -> list[dict]:
    return db.all("SELECT nullif(language, '') AS language, sum(stories)::bigint AS stories "
                  "FROM ui_story_rollup GROUP BY 1 ORDER BY stories DESC")


def country_mix(db: TimedConnection, limit: int = 25) -> list[dict]:
    return db.all("SELECT country, min(label) AS label, sum(stories)::bigint AS stories "
                  "FROM ui_country_rollup GROUP BY 1 ORDER BY stories DESC LIMIT %s", (limit,))


SEARCH_CAP, SEARCH_LIMIT = 2000, 50  # matches counted at most; shown per page
# Time budgets of a search (ms): counting the matches through the GIN index, then (when there
# are too many, or counting them would take longer) walking the stories newest first.
SEARCH_COUNT_MS, SEARCH_WALK_MS = 100.0, 150.0
SEARCH_COLUMNS = """a.id, a.headline, a.agency, a.city, a.dateline_date, a.published_at, f.name AS feed,
    (SELECT count(*) FROM cluster_members m WHERE m.cluster_id = cm.cluster_id) AS cluster_size
    FROM articles a JOIN feeds f ON f.id = a.feed_id LEFT JOIN cluster_members cm ON cm.article_id = a.id"""
TSQUERY = "websearch_to_tsquery('simple', %(q)s)"


@dataclass
class Search:
    """A search's results (newest first) and how far it got."""

    rows: list[dict] = field(default_factory=list)
    total: int | None = 0       # every match counted; None: not counted (too many, or no time)
    over_cap: bool = False      # counted up to SEARCH_CAP and there were more
    partial: bool = False       # the time ran out before `limit` matches: older stories not searched
    scanned: int = 0            # stories read by the newest-first walk
    reached: tuple[dt.datetime, int] | None = None  # the last story read or shown: (published_at, id)


def search(db: TimedConnection, text: str, limit: int | None = None,
           before: tuple[dt.datetime, int] | None = None) -> Search:
    """Full-text matches newest first (after the story `before`, if given), with cluster sizes.

    No single plan is fast for every query. Up to SEARCH_CAP matches are collected through the
    GIN index (articles_search) and sorted. A common term matches more than that, so walking the
    stories newest first (articles_published_desc) meets `limit` matches quickly. A phrase of
    common words is the hard case: the index finds the stories holding both words (a fifth of
    them) and each must be read to check that the words are adjacent, so neither step ends in
    time. The walk then stops at its budget and says how far back it searched; the page offers
    to go on from there (`before`).
    """
    limit = limit or SEARCH_LIMIT
    at, after_id = before or (None, None)
    params = {"q": text, "at": at, "id": after_id, "cap": SEARCH_CAP + 1}
    if before is None:
        found, counted = db.within(SEARCH_COUNT_MS, f"SELECT id FROM articles WHERE search @@ {TSQUERY} LIMIT %(cap)s",
                                   params, batch=SEARCH_CAP + 1)
        if counted and len(found) <= SEARCH_CAP:
            rows = _rows(db, [r["id"] for r in found], limit)
            last = (rows[-1]["published_at"], rows[-1]["id"]) if len(found) > len(rows) else None
            return Search(rows=rows, total=len(found), reached=last)
        over_cap = counted
    else:
        over_cap = False
    walked, complete = db.within(
        SEARCH_WALK_MS, f"SELECT a.id, a.published_at, a.search @@ {TSQUERY} AS hit FROM articles a "
        "WHERE %(at)s::timestamptz IS NULL OR (a.published_at, a.id) < (%(at)s, %(id)s) "
        "ORDER BY a.published_at DESC NULLS LAST, a.id DESC", params, batch=250,
        enough=lambda rows: sum(r["hit"] for r in rows) >= limit)
    hits = [r for r in walked if r["hit"]][:limit]
    scanned = walked if len(hits) < limit else walked[:walked.index(hits[-1]) + 1]
    everything = complete and before is None  # walked every story: all the matches are counted
    return Search(rows=_rows(db, [r["id"] for r in hits], limit),
                  total=sum(r["hit"] for r in walked) if everything else None, over_cap=over_cap,
                  partial=not complete and len(hits) < limit, scanned=len(scanned),
                  reached=(scanned[-1]["published_at"], scanned[-1]["id"]) if scanned else None)


def _rows(db: TimedConnection, ids: list[int], limit: int) -> list[dict]:
    return db.all(f"SELECT {SEARCH_COLUMNS} WHERE a.id = ANY(%s) "
                  "ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT %s", (ids, limit))


def story(db: TimedConnection, article_id: int) -> dict | None:
    """One story with its tags, earlier versions and the members of its duplicate cluster."""
    row = db.one("SELECT a.*, f.name AS feed, cm.cluster_id, cm.match_kind FROM articles a "
                 "JOIN feeds f ON f.id = a.feed_id LEFT JOIN cluster_members cm ON cm.article_id = a.id "
                 "WHERE a.id = %s", (article_id,))
    if row is None:
        return None
    row["tags"] = db.all("SELECT kind, value, label, confidence, tagger FROM tags WHERE article_id = %s "
                         "ORDER BY kind, confidence DESC, value", (article_id,))
    row["versions"] = db.all("SELECT version, headline, body, fetched_at, replaced_at FROM article_versions "
                             "WHERE article_id = %s ORDER BY version DESC", (article_id,))
    row["members"] = [] if row["cluster_id"] is None else db.all(
        "SELECT a.id, a.headline, a.agency, a.city, a.published_at, f.name AS feed, m.match_kind, m.similarity "
        "FROM cluster_members m JOIN articles a ON a.id = m.article_id JOIN feeds f ON f.id = a.feed_id "
        "WHERE m.cluster_id = %s ORDER BY a.published_at NULLS LAST, a.id LIMIT 200", (row["cluster_id"],))
    return row
