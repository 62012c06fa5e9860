-- The LSH lookup and the unindexing DELETE probe lsh_buckets by bucket only (band and article_id
-- are read from the row): a (bucket) btree is about a third smaller than (bucket, article_id),
-- so more of it stays cached as the index grows past a million stories. Writers COPY each batch
-- sorted by bucket, so consecutive inserts land on the same leaf pages.
CREATE INDEX lsh_buckets_bucket_only ON lsh_buckets (bucket);
DROP INDEX lsh_buckets_bucket;
ALTER INDEX lsh_buckets_bucket_only RENAME TO lsh_buckets_bucket;
