-- Per-item isolation: nothing one item carries may make Postgres refuse the others.

-- A tsvector is limited to 1 MB: only a bounded prefix of very long texts is indexed for search
-- (the full body is still stored). PostgreSQL 15 cannot change a generated expression in place.
DROP INDEX IF EXISTS articles_search;
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', left(headline, 2000)), 'A')
    || setweight(to_tsvector('simple', left(body, 100000)), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING gin (search);

-- Feed health also shows feeds whose fetches succeed but some of whose items were refused:
-- state 'items_failing' when the latest stored fetch had failed items.
CREATE OR REPLACE VIEW feed_health AS
SELECT f.id,
       f.name,
       f.url,
       coalesce(nullif(f.host, ''), lower(substring(f.url FROM '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)')), '')
           AS host,
       f.enabled,
       f.last_success_at,
       f.last_error,
       f.last_error_at,
       f.consecutive_failures,
       coalesce(recent.items_7d, 0) AS items_7d,
       round(coalesce(recent.items_7d, 0) / 7.0, 2) AS items_per_day,
       f.next_poll_at,
       CASE
           WHEN f.consecutive_failures = 0 AND coalesce(last_ok.items_failed, 0) > 0 THEN 'items_failing'
           WHEN f.consecutive_failures = 0 THEN 'ok'
           WHEN f.consecutive_failures >= 2 AND f.next_poll_at > now() THEN 'backing_off'
           ELSE 'failing'
       END AS state,
       coalesce(errs.items_failed_7d, 0) AS items_failed_7d,
       errs.last_item_error,
       errs.last_item_error_at
FROM feeds f
LEFT JOIN (
    SELECT feed_id, count(*) AS items_7d
    FROM articles
    WHERE first_seen_at >= now() - interval '7 days'
    GROUP BY feed_id
) recent ON recent.feed_id = f.id
LEFT JOIN LATERAL (
    SELECT fa.items_failed
    FROM fetch_attempts fa
    WHERE fa.feed_id = f.id AND fa.status = 'ok' AND fa.payload_sha256 IS NOT NULL
    ORDER BY fa.started_at DESC, fa.id DESC
    LIMIT 1
) last_ok ON true
LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.created_at >= now() - interval '7 days' AND e.stage <> 'recover')
               AS items_failed_7d,
           (array_agg(e.reason ORDER BY e.id DESC) FILTER (WHERE e.stage <> 'recover'))[1] AS last_item_error,
           max(e.created_at) FILTER (WHERE e.stage <> 'recover') AS last_item_error_at
    FROM item_errors e
    WHERE e.feed_id = f.id
) errs ON true;

CREATE INDEX IF NOT EXISTS item_errors_feed ON item_errors (feed_id, id);
