-- Compact LSH (issue #15): a story's index keys live in one bigint[] on its signature row under a
-- GIN index, instead of one lsh_buckets row per key (3.1 KB a story, most of it row headers and
-- a btree entry per key). A key carries its band in its low byte (exact keys -1..-3 as 255..253,
-- bands 0..9, lede windows 100..104, the subject key 110); bands 10..29 are no longer indexed.
-- Existing rows are converted here from lsh_buckets, in the order the signer writes them, so
-- stories signed before this migration are found at once; a story gets its subject key when it
-- is next re-signed (a reprocess of its interval).
UPDATE dedupe_signatures s
SET keys = k.keys
FROM (
    SELECT b.article_id,
           array_agg((b.bucket & ~255::bigint) | (b.band::bigint & 255) ORDER BY b.band < 0 DESC, abs(b.band)) AS keys
    FROM lsh_buckets b
    WHERE b.band < 10 OR b.band >= 100
    GROUP BY b.article_id
) k
WHERE k.article_id = s.article_id;

UPDATE dedupe_signatures s SET keys = '{}'
WHERE keys <> '{}' AND NOT EXISTS (SELECT 1 FROM lsh_buckets b WHERE b.article_id = s.article_id);

DROP TABLE lsh_buckets;

-- fastupdate off: the pending list made the index a third larger (1,116 vs 811 B a story for 21
-- random keys, 100k stories) and lookups scan it whole; batches insert in bulk anyway.
CREATE INDEX dedupe_signatures_keys ON dedupe_signatures USING gin (keys) WITH (fastupdate = off);

COMMENT ON COLUMN dedupe_signatures.keys IS
    'index keys (GIN): band in the low byte; 255..253 guid / canonical_url / content_hash, 0..9 LSH bands, 100..104 lede windows, 110 subject';
