-- Feed health at a glance: one row per feed with its last success and last error, the failure
-- streak, items per day over the last 7 days, the next poll time and a state:
--   ok           the last fetch succeeded (no failure streak);
--   failing      the last fetch failed and the feed is still polled on schedule (or is due now);
--   backing_off  it failed repeatedly (2+ in a row) and its next poll is pushed beyond the schedule.
-- The same rule as scrapers.health.feed_state; a failing feed stays listed until it recovers.

CREATE VIEW feed_health AS
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
           WHEN f.consecutive_failures = 0 THEN 'ok'
           WHEN f.consecutive_failures >= 2 AND f.next_poll_at > now() THEN 'backing_off'
           ELSE 'failing'
       END AS state
FROM feeds f
LEFT JOIN (
    SELECT feed_id, count(*) AS items_7d
    FROM articles
    WHERE first_seen_at >= now() - interval '7 days'
    GROUP BY feed_id
) recent ON recent.feed_id = f.id;
