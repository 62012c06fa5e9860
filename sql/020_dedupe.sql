-- Dedupe index in Postgres: shared by every worker, survives restarts, grows one batch at a time.

-- One row per (key, article). band >= 0: an LSH band bucket (hash of the band's MinHash rows);
-- band < 0: an exact key (-1 agency+guid, -2 canonical URL, -3 normalised body hash).
-- No foreign key on purpose: a per-row FK check would dominate bulk COPY, and a key left behind
-- by a deleted article is harmless (its candidate fails verification).
CREATE TABLE lsh_buckets (
    bucket     bigint   NOT NULL,
    band       smallint NOT NULL,
    article_id bigint   NOT NULL
);
CREATE INDEX lsh_buckets_bucket ON lsh_buckets (bucket, article_id);

-- What each article was signed from, so that an unchanged row is skipped and a changed one is
-- unindexed exactly (its old keys are listed here) before being re-signed and re-placed.
CREATE TABLE dedupe_signatures (
    article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    sign_key   bigint   NOT NULL,   -- hash of content_hash, agency, guid, canonical_url
    keys       bigint[] NOT NULL,   -- the lsh_buckets keys written for this article
    shingles   integer  NOT NULL,
    signed_at  timestamptz NOT NULL DEFAULT now()
);

-- Deleting an article nulls the links that point at it (FK ON DELETE SET NULL): keep that fast.
CREATE INDEX cluster_members_matched ON cluster_members (matched_article_id);

-- One row per story: the cluster's representative with the member count and agencies.
CREATE VIEW unique_stories AS
SELECT c.id AS cluster_id,
       r.id AS article_id,
       r.headline,
       r.agency,
       r.city,
       r.published_at,
       s.members,
       s.agencies,
       s.first_published_at,
       s.last_published_at
FROM clusters c
JOIN (
    SELECT m.cluster_id,
           count(*) AS members,
           coalesce(array_agg(DISTINCT a.agency ORDER BY a.agency) FILTER (WHERE a.agency <> ''), '{}') AS agencies,
           min(a.published_at) AS first_published_at,
           max(a.published_at) AS last_published_at
    FROM cluster_members m JOIN articles a ON a.id = m.article_id
    GROUP BY m.cluster_id
) s ON s.cluster_id = c.id
LEFT JOIN articles r ON r.id = c.representative_id;

-- Why two stories were joined: the member, the story it matched, how, and how similar.
CREATE VIEW duplicate_links AS
SELECT m.cluster_id,
       m.article_id,
       a.agency,
       a.headline,
       m.matched_article_id,
       b.agency   AS matched_agency,
       b.headline AS matched_headline,
       m.match_kind,
       m.similarity,
       m.joined_at
FROM cluster_members m
JOIN articles a ON a.id = m.article_id
LEFT JOIN articles b ON b.id = m.matched_article_id
WHERE m.match_kind <> 'origin';
