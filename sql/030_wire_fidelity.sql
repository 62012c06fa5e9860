-- Wire fidelity (issue 11): where the agency came from, the byline's title, publication status
-- (usable / withdrawn / canceled / embargoed until a time), which kill notice withdrew a story,
-- and each feed's time zone for naive wire times. Withdrawn, canceled, killed and still
-- embargoed stories are kept out of story_list and unique_stories.

ALTER TABLE articles
    ADD COLUMN agency_source   text NOT NULL DEFAULT ''
        CHECK (agency_source IN ('', 'dateline', 'metadata', 'feed')),
    ADD COLUMN byline_title    text NOT NULL DEFAULT '',
    ADD COLUMN status          text NOT NULL DEFAULT 'usable'
        CHECK (status IN ('usable', 'withdrawn', 'canceled', 'embargoed')),
    ADD COLUMN embargoed_until timestamptz,
    ADD COLUMN killed_by       bigint REFERENCES articles (id) ON DELETE SET NULL;

CREATE INDEX articles_not_usable ON articles (status) WHERE status <> 'usable';
CREATE INDEX articles_killed_by ON articles (killed_by) WHERE killed_by IS NOT NULL;

ALTER TABLE feeds ADD COLUMN timezone text NOT NULL DEFAULT '';

-- Whether a story may be shown now: usable, or embargoed until a time that has passed.
CREATE FUNCTION article_is_public(status text, embargoed_until timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT status = 'usable' OR (status = 'embargoed' AND embargoed_until <= now())
$$;

CREATE OR REPLACE VIEW story_list AS
SELECT a.id, a.agency, a.city, a.dateline_date, a.dateline_date_text, a.headline,
       a.published_at, a.language, a.url, f.name AS feed, a.version, a.changed_at,
       a.agency_source, a.byline, a.byline_title, a.status
FROM articles a JOIN feeds f ON f.id = a.feed_id
WHERE article_is_public(a.status, a.embargoed_until);

-- The representative shown is the cluster's own one while it is public, else its first public member.
CREATE OR REPLACE VIEW unique_stories AS
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
    WHERE article_is_public(a.status, a.embargoed_until)
    GROUP BY m.cluster_id
) s ON s.cluster_id = c.id
JOIN LATERAL (
    SELECT a.id, a.headline, a.agency, a.city, a.published_at
    FROM cluster_members m JOIN articles a ON a.id = m.article_id
    WHERE m.cluster_id = c.id AND article_is_public(a.status, a.embargoed_until)
    ORDER BY a.id = c.representative_id DESC, a.published_at NULLS LAST, a.id
    LIMIT 1
) r ON true;
