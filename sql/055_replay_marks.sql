-- Replay marks (issue #15): which code and feed settings last re-normalised each fetched payload,
-- so a re-run of a replay (a retried task, a backfill run again) skips the payloads it would only
-- store unchanged. `normaliser` is a digest of the parsing code, its libraries and the feed's
-- settings (scrapers/replay_marks.py): any change to them re-normalises everything.
CREATE TABLE replay_marks (
    fetch_id    bigint PRIMARY KEY REFERENCES fetch_attempts (id) ON DELETE CASCADE,
    normaliser  text NOT NULL,
    stories     integer NOT NULL,  -- stories the payload stored (reported as unchanged when skipped)
    failed      integer NOT NULL,  -- items it could not parse (reported again when skipped)
    replayed_at timestamptz NOT NULL DEFAULT now()
);

-- A mark says "the stored rows are what this payload gives": stories deleted or truncated, or
-- changed by anything but the store's own upsert (which sets wirefeed.writer = 'store' for its
-- transaction), make every mark void, so the next replay re-derives them.
CREATE FUNCTION replay_marks_void() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('TRUNCATE', 'DELETE') OR coalesce(current_setting('wirefeed.writer', true), '') <> 'store' THEN
        DELETE FROM replay_marks;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER articles_void_replay_marks AFTER UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION replay_marks_void();
CREATE TRIGGER articles_truncate_void_replay_marks AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION replay_marks_void();
