-- Drop-folder files are known by path plus size and modification time (a file still being
-- written at one poll is read again once it changed); a feed may be one article page.
ALTER TABLE fetch_attempts ADD COLUMN source_key text;
CREATE INDEX fetch_attempts_feed_url ON fetch_attempts (feed_id, url);

ALTER TABLE feeds DROP CONSTRAINT IF EXISTS feeds_kind_check;
ALTER TABLE feeds ADD CONSTRAINT feeds_kind_check CHECK (kind IN ('feed', 'wire_dir', 'wire_url', 'page'));
