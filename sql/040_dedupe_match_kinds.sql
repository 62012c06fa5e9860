-- How a member joined its cluster (scrapers.dedupe.verify). Exact: guid (same agency guid),
-- canonical_url, content_hash (same normalised body), exact (same text once furniture is
-- stripped). Near: syndicated (a light edit, Jaccard >= 0.7), wrapped (the same text inside
-- a page's or partner's furniture), trimmed (a shorter cut of the other), updated (a later,
-- longer version that keeps the first take's lede and most of its text). 'origin': the first.
-- Rows written before this migration may say near_duplicate until their interval is reprocessed.
COMMENT ON COLUMN cluster_members.match_kind IS
    'origin | guid | canonical_url | content_hash | exact | syndicated | wrapped | trimmed | updated (near_duplicate: before 040)';
