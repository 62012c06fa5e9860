-- A version of the dedupe index (issue #15): every statement that changes dedupe_signatures bumps
-- the 'dedupe_index' watermark. A large dedupe run holds the index keys in memory
-- (scrapers/dedupe/mirror.py) and checks under its lock, before each batch, that nobody else
-- (another worker, a reprocess, a hand-made fix) changed the index since its own last write;
-- if anybody did, it goes back to the GIN for the rest of the run.
INSERT INTO watermarks (name, position) VALUES ('dedupe_index', 0) ON CONFLICT DO NOTHING;

CREATE FUNCTION dedupe_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO watermarks (name, position) VALUES ('dedupe_index', 1)
    ON CONFLICT (name) DO UPDATE SET position = watermarks.position + 1, updated_at = now();
    RETURN NULL;
END $$;

CREATE TRIGGER dedupe_signatures_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dedupe_signatures
    FOR EACH STATEMENT EXECUTE FUNCTION dedupe_index_changed();
