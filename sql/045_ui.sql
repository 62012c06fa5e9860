-- The wirefeed view in the Airflow UI (plugins/wirefeed_ui): a per-run record of the pipeline's
-- counts, the indexes its pages need, and rollups for the pages that summarise every story.

-- One row per Airflow run of a wirefeed DAG (written by its tasks, plugins/wirefeed_airflow/tasks.py).
-- counts holds one object per step: {"report": {...}} for ingest, {"dedupe": {...}},
-- {"tag": {...}}, {"renormalise": {...}, "rededupe": {...}, "retag": {...}} for reprocess.
CREATE TABLE pipeline_runs (
    id          bigserial PRIMARY KEY,
    stage       text NOT NULL CHECK (stage IN ('ingest', 'dedupe', 'tag', 'reprocess')),
    dag_id      text NOT NULL,
    run_id      text NOT NULL,
    started_at  timestamptz,
    finished_at timestamptz NOT NULL DEFAULT now(),
    counts      jsonb NOT NULL DEFAULT '{}',
    UNIQUE (dag_id, run_id)
);
CREATE INDEX pipeline_runs_stage_time ON pipeline_runs (stage, finished_at DESC);

-- Stories received per hour (Volume), per feed in the last 24 h (Feeds): index-only scans.
CREATE INDEX articles_first_seen ON articles (first_seen_at) INCLUDE (feed_id, agency);
-- A feed's item errors, newest first (feed page); errors by reason (Quality).
CREATE INDEX item_errors_feed_time ON item_errors (feed_id, created_at DESC);
-- Search results newest first.
CREATE INDEX articles_published_desc ON articles (published_at DESC NULLS LAST);

-- Per day, feed, agency and language: stories, dateline coverage and duplicate-cluster share.
-- A materialised view (refreshed by ui_refresh_rollups(), which the view calls when it is older
-- than a few minutes): the Volume-per-day and Quality pages read it instead of every story.
CREATE MATERIALIZED VIEW ui_story_rollup AS
WITH sizes AS (
    SELECT cluster_id, count(*) AS size FROM cluster_members GROUP BY cluster_id
)
SELECT (a.first_seen_at AT TIME ZONE 'UTC')::date AS day,
       a.feed_id,
       a.agency,
       a.language,
       count(*) AS stories,
       count(*) FILTER (WHERE a.city <> '') AS with_city,
       count(*) FILTER (WHERE a.agency <> '') AS with_agency,
       count(*) FILTER (WHERE a.dateline_date IS NOT NULL) AS with_date,
       count(*) FILTER (WHERE s.size > 1) AS in_duplicate_cluster
FROM articles a
LEFT JOIN cluster_members cm ON cm.article_id = a.id
LEFT JOIN sizes s ON s.cluster_id = cm.cluster_id
GROUP BY 1, 2, 3, 4
WITH NO DATA;
CREATE UNIQUE INDEX ui_story_rollup_key ON ui_story_rollup (day, feed_id, agency, language);

-- The dateline country of the stories (tag kind 'country'), per feed and agency.
CREATE MATERIALIZED VIEW ui_country_rollup AS
SELECT a.feed_id, a.agency, t.value AS country, min(t.label) AS label, count(DISTINCT a.id) AS stories
FROM tags t
JOIN articles a ON a.id = t.article_id
WHERE t.kind = 'country'
GROUP BY 1, 2, 3
WITH NO DATA;
CREATE UNIQUE INDEX ui_country_rollup_key ON ui_country_rollup (feed_id, agency, country);

CREATE TABLE ui_rollup_state (
    name         text PRIMARY KEY,
    refreshed_at timestamptz NOT NULL,
    seconds      real NOT NULL
);

-- Refresh both rollups (concurrently once populated: readers are never blocked). Returns false
-- when another session is refreshing already.
CREATE FUNCTION ui_refresh_rollups() RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
    populated boolean;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('ui_refresh_rollups')) THEN
        RETURN false;
    END IF;
    SELECT ispopulated INTO populated FROM pg_matviews WHERE matviewname = 'ui_story_rollup';
    IF populated THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY ui_story_rollup;
        REFRESH MATERIALIZED VIEW CONCURRENTLY ui_country_rollup;
    ELSE
        REFRESH MATERIALIZED VIEW ui_story_rollup;
        REFRESH MATERIALIZED VIEW ui_country_rollup;
    END IF;
    INSERT INTO ui_rollup_state (name, refreshed_at, seconds)
    VALUES ('rollups', now(), extract(epoch FROM clock_timestamp() - t0))
    ON CONFLICT (name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, seconds = EXCLUDED.seconds;
    RETURN true;
END $$;
