-- Tagging: place tags carry coordinates; a view for slicing stories by tag.
ALTER TABLE tags ADD COLUMN latitude double precision, ADD COLUMN longitude double precision;
CREATE INDEX tags_tagger ON tags (tagger);

-- One row per article with its language, dateline country and topics, for quick SQL slicing.
CREATE VIEW article_tag_summary AS
SELECT t.article_id,
       max(t.value) FILTER (WHERE t.kind = 'language') AS language,
       max(t.value) FILTER (WHERE t.kind = 'country')  AS country,
       max(t.label) FILTER (WHERE t.kind = 'place')    AS place,
       coalesce(array_agg(DISTINCT t.value) FILTER (WHERE t.kind = 'topic'), '{}') AS topics,
       coalesce(array_agg(DISTINCT t.value) FILTER (WHERE t.kind = 'country_mention'), '{}') AS countries_mentioned
FROM tags t
GROUP BY t.article_id;
