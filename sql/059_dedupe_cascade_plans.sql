-- Dedupe's cascades planned for each statement's own rows (issue #15). Migration 058's cascade
-- triggers joined the transition table (`gone`) to cluster_members in static SQL, whose plan
-- PL/pgSQL keeps for the session: planned while cluster_members had no statistics (a new
-- deployment's first dedupe run, when the table grows from empty) for a statement that dropped a
-- few clusters, it was a sequential scan of all of cluster_members, then kept for every later
-- statement (measured: 20,000 rows read to drop 5 clusters, at every batch until autovacuum
-- analysed the table). The ids go as an array parameter to a statement planned at every call
-- (EXECUTE, as dedupe_require does): the index for a few ids, a scan only when many are gone.
CREATE OR REPLACE FUNCTION clusters_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'DELETE FROM cluster_members WHERE cluster_id = ANY($1)' USING (SELECT array_agg(id) FROM gone);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION articles_dedupe_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    ids := (SELECT array_agg(id) FROM gone);
    EXECUTE 'DELETE FROM cluster_members WHERE article_id = ANY($1)' USING ids;
    EXECUTE 'DELETE FROM dedupe_signatures WHERE article_id = ANY($1)' USING ids;
    EXECUTE 'UPDATE cluster_members SET matched_article_id = NULL WHERE matched_article_id = ANY($1)' USING ids;
    EXECUTE 'UPDATE clusters SET representative_id = NULL WHERE representative_id = ANY($1)' USING ids;
    RETURN NULL;
END $$;
