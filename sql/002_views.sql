-- Views that make direct SQL pleasant.

-- One row per story with its feed, ready to filter by agency / city / dateline date.
CREATE VIEW story_list AS
SELECT a.id, a.agency, a.city, a.dateline_date, a.dateline_date_text, a.headline,
       a.published_at, a.language, a.url, f.name AS feed, a.version, a.changed_at
FROM articles a JOIN feeds f ON f.id = a.feed_id;

-- Articles per agency and city, the demo's summary.
CREATE VIEW agency_city_counts AS
SELECT coalesce(nullif(a.agency, ''), '(none)') AS agency,
       coalesce(nullif(a.city, ''), '(none)') AS city,
       count(*) AS articles,
       min(a.dateline_date) AS first_dateline_date,
       max(a.dateline_date) AS last_dateline_date
FROM articles a
GROUP BY 1, 2;
