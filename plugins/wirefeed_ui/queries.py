"""The SQL of each page. Every query is bounded by an index or reads a rollup (see migration 045);
bench/ui_bench.py times them on a million stories."""
from __future__ import annotations

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


SEARCH_CAP = 2000
# Time budgets of a search (ms): counting the matches through the GIN index, then (when there
# are too many, or counting them would take longer) walking the stories newest first.
SEARCH_COUNT_MS, SEARCH_WALK_MS = 100.0, 150.0
SEARCH_COLUMNS = """a.id, a.headline, a.agency, a.city, a.dateline_date, a.published_at, f.name AS feed,
    (SELECT count(*) FROM cluster_members m WHERE m.cluster_id = cm.cluster_id) AS cluster_size
    FROM articles a JOIN feeds f ON f.id = a.feed_id LEFT JOIN cluster_members cm ON cm.article_id = a.id"""


def search(db: TimedConnection, text: str, limit: int = 50) -> tuple[list[dict], int | None, bool]:
    """Full-text matches newest first with their cluster size; their number (None: not counted);
    and whether the list may miss newer matches (the time budget ran out: partial results).

    No single plan is fast for every query. Up to SEARCH_CAP matches are collected through the
    GIN index (articles_search) and sorted. A common term matches more than that, so walking the
    stories newest first (articles_published_desc) meets `limit` matches quickly. A phrase of
    common words is the hard case: the GIN index finds stories holding both words (a fifth of
    them) and each must be read to check that they are adjacent; both steps then run out of time
    and the page shows the matches found so far, saying so.
    """
    query = "websearch_to_tsquery('simple', %s)"
    found, counted = db.within(SEARCH_COUNT_MS, f"SELECT id FROM articles WHERE search @@ {query} LIMIT %s",
                               (text, SEARCH_CAP + 1), batch=SEARCH_CAP + 1)
    ids = [r["id"] for r in found]
    if counted and len(ids) <= SEARCH_CAP:
        rows = db.all(f"SELECT {SEARCH_COLUMNS} WHERE a.id = ANY(%s) "
                      "ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT %s", (ids, limit))
        return rows, len(ids), False
    rows, complete = db.within(SEARCH_WALK_MS, f"SELECT {SEARCH_COLUMNS} WHERE a.search @@ {query} "
                               "ORDER BY a.published_at DESC NULLS LAST LIMIT %s", (text, limit))
    return rows, None, not complete and len(rows) < limit


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
