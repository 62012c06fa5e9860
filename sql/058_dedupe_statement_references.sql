-- Dedupe's references checked once per statement (issue #15): the foreign keys of clusters,
-- cluster_members and dedupe_signatures checked every row on its own (a query and a row lock per
-- reference, ~4 a story): at 1M stories that was most of the time dedupe spent placing stories.
-- The same rules hold, one statement at a time, from the rows it wrote (transition tables):
-- a row must reference stories and clusters that exist, and it locks them FOR KEY SHARE as a
-- foreign key does, so a concurrent delete waits for it; deleting a story deletes its membership
-- and signature and unlinks it where it is matched or represents; deleting a cluster deletes its
-- members; truncating articles empties the dedupe tables.

ALTER TABLE cluster_members DROP CONSTRAINT IF EXISTS cluster_members_article_id_fkey,
                            DROP CONSTRAINT IF EXISTS cluster_members_cluster_id_fkey,
                            DROP CONSTRAINT IF EXISTS cluster_members_matched_article_id_fkey;
ALTER TABLE clusters DROP CONSTRAINT IF EXISTS clusters_representative_id_fkey;
ALTER TABLE dedupe_signatures DROP CONSTRAINT IF EXISTS dedupe_signatures_article_id_fkey;

-- Raises foreign_key_violation unless every non-null id in `ids` is a row of `tab` (locked FOR KEY SHARE).
CREATE FUNCTION dedupe_require(tab regclass, ids bigint[], what text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    wanted bigint;
    found  bigint;
BEGIN
    SELECT count(DISTINCT i) INTO wanted FROM unnest(ids) i WHERE i IS NOT NULL;
    IF wanted = 0 THEN
        RETURN;
    END IF;
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s t WHERE t.id = ANY($1) FOR KEY SHARE OF t) x', tab)
        INTO found USING ids;
    IF found <> wanted THEN
        RAISE EXCEPTION '% references a row missing from %', what, tab USING ERRCODE = 'foreign_key_violation';
    END IF;
END $$;

CREATE FUNCTION cluster_members_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dedupe_require('articles', (SELECT array_agg(article_id) FROM added), 'cluster_members.article_id');
    PERFORM dedupe_require('articles', (SELECT array_agg(matched_article_id) FROM added), 'cluster_members.matched_article_id');
    PERFORM dedupe_require('clusters', (SELECT array_agg(cluster_id) FROM added), 'cluster_members.cluster_id');
    RETURN NULL;
END $$;
CREATE TRIGGER cluster_members_check_insert AFTER INSERT ON cluster_members
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cluster_members_check();
CREATE TRIGGER cluster_members_check_update AFTER UPDATE ON cluster_members
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cluster_members_check();

CREATE FUNCTION clusters_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dedupe_require('articles', (SELECT array_agg(representative_id) FROM added), 'clusters.representative_id');
    RETURN NULL;
END $$;
CREATE TRIGGER clusters_check_insert AFTER INSERT ON clusters
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION clusters_check();
CREATE TRIGGER clusters_check_update AFTER UPDATE ON clusters
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION clusters_check();

CREATE FUNCTION dedupe_signatures_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dedupe_require('articles', (SELECT array_agg(article_id) FROM added), 'dedupe_signatures.article_id');
    RETURN NULL;
END $$;
CREATE TRIGGER dedupe_signatures_check_insert AFTER INSERT ON dedupe_signatures
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION dedupe_signatures_check();
CREATE TRIGGER dedupe_signatures_check_update AFTER UPDATE ON dedupe_signatures
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION dedupe_signatures_check();

-- What the foreign keys did on delete: cascade (memberships, signatures) or unlink (matched, representative).
CREATE FUNCTION articles_dedupe_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cluster_members m USING gone g WHERE m.article_id = g.id;
    DELETE FROM dedupe_signatures s USING gone g WHERE s.article_id = g.id;
    UPDATE cluster_members m SET matched_article_id = NULL FROM gone g WHERE m.matched_article_id = g.id;
    UPDATE clusters c SET representative_id = NULL FROM gone g WHERE c.representative_id = g.id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_dedupe_cascade AFTER DELETE ON articles
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION articles_dedupe_cascade();

CREATE FUNCTION clusters_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cluster_members m USING gone g WHERE m.cluster_id = g.id;
    RETURN NULL;
END $$;
CREATE TRIGGER clusters_cascade AFTER DELETE ON clusters
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION clusters_cascade();

-- (A table already truncated by the same statement is empty here, and may not be truncated again.)
CREATE FUNCTION clusters_truncate_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cluster_members) THEN
        TRUNCATE cluster_members;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER clusters_truncate_members AFTER TRUNCATE ON clusters
    FOR EACH STATEMENT EXECUTE FUNCTION clusters_truncate_members();

CREATE FUNCTION articles_truncate_dedupe() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cluster_members) THEN
        TRUNCATE cluster_members;
    END IF;
    IF EXISTS (SELECT 1 FROM dedupe_signatures) THEN
        TRUNCATE dedupe_signatures;
    END IF;
    IF EXISTS (SELECT 1 FROM clusters) THEN
        TRUNCATE clusters;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_truncate_dedupe AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION articles_truncate_dedupe();

-- cluster_members_matched (020) served the foreign key's ON DELETE SET NULL: it serves the trigger's now.
