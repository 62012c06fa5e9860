-- A summary-only feed's poll reuses the article pages stored on earlier polls (pipeline._with_pages:
-- feed_id = … AND url = ANY(the poll's URLs)). No index had the URL: Postgres read every row of
-- `articles` for it, on every poll of such a feed (EXPLAIN, 5 feeds of 100k stories: a parallel
-- sequential scan of 500k rows, 242 ms; with this index, 50 index probes, 0.16 ms). Stories without
-- a URL (most wire files) are left out of it.
CREATE INDEX articles_feed_url ON articles (feed_id, url) WHERE url <> '';
