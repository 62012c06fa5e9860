-- wirefeed schema v1: feeds, fetches, raw payloads, articles (with versions), item errors,
-- and the tables that dedupe and tagging fill. Applied once by `python -m scrapers migrate`.

CREATE TABLE feeds (
    id                   bigserial PRIMARY KEY,
    name                 text NOT NULL UNIQUE,
    url                  text NOT NULL,
    kind                 text NOT NULL DEFAULT 'feed' CHECK (kind IN ('feed', 'wire_dir', 'wire_url')),
    agency               text NOT NULL DEFAULT '',
    language             text NOT NULL DEFAULT '',
    host                 text NOT NULL DEFAULT '',
    fetch_pages          boolean NOT NULL DEFAULT false,
    enabled              boolean NOT NULL DEFAULT true,
    etag                 text,
    last_modified        text,
    ttl_seconds          integer,
    consecutive_failures integer NOT NULL DEFAULT 0,
    last_success_at      timestamptz,
    last_error           text,
    last_error_at        timestamptz,
    next_poll_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- What was fetched, gzip-compressed and content-addressed (same bytes stored once), for replay.
CREATE TABLE raw_payloads (
    sha256        text PRIMARY KEY,
    size_bytes    integer NOT NULL,
    content_type  text NOT NULL DEFAULT '',
    compression   text NOT NULL DEFAULT 'gzip',
    data          bytea NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fetch_attempts (
    id             bigserial PRIMARY KEY,
    feed_id        bigint REFERENCES feeds (id) ON DELETE CASCADE,
    url            text NOT NULL,
    final_url      text,
    started_at     timestamptz NOT NULL,
    duration_ms    integer,
    status         text NOT NULL CHECK (status IN ('ok', 'not_modified', 'failed', 'skipped')),
    http_status    integer,
    bytes          integer,
    attempts       integer NOT NULL DEFAULT 1,
    error          text,
    payload_sha256 text REFERENCES raw_payloads (sha256),
    items_total    integer NOT NULL DEFAULT 0,
    items_new      integer NOT NULL DEFAULT 0,
    items_updated  integer NOT NULL DEFAULT 0,
    items_failed   integer NOT NULL DEFAULT 0
);
CREATE INDEX fetch_attempts_feed_time ON fetch_attempts (feed_id, started_at DESC);
CREATE INDEX fetch_attempts_time ON fetch_attempts (started_at);

-- Every insert or content change takes the next number: dedupe and tagging keep a watermark on it.
CREATE SEQUENCE article_change_seq;

CREATE TABLE articles (
    id                 bigserial PRIMARY KEY,
    feed_id            bigint NOT NULL REFERENCES feeds (id),
    guid               text NOT NULL,
    format             text NOT NULL,
    agency             text NOT NULL DEFAULT '',
    city               text NOT NULL DEFAULT '',
    dateline_date_text text NOT NULL DEFAULT '',
    dateline_date      date,
    headline           text NOT NULL DEFAULT '',
    byline             text NOT NULL DEFAULT '',
    body               text NOT NULL DEFAULT '',
    summary            text NOT NULL DEFAULT '',
    url                text NOT NULL DEFAULT '',
    canonical_url      text NOT NULL DEFAULT '',
    language           text NOT NULL DEFAULT '',
    subjects           jsonb NOT NULL DEFAULT '[]',
    priority           smallint,
    published_at       timestamptz,
    source_updated_at  timestamptz,
    first_seen_at      timestamptz NOT NULL DEFAULT now(),
    fetched_at         timestamptz NOT NULL DEFAULT now(),
    changed_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    change_seq         bigint NOT NULL DEFAULT nextval('article_change_seq'),
    content_hash       text NOT NULL,
    payload_sha256     text REFERENCES raw_payloads (sha256),
    search             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', headline), 'A') || setweight(to_tsvector('simple', body), 'B')
    ) STORED,
    UNIQUE (feed_id, guid)
);
CREATE INDEX articles_search ON articles USING gin (search);
CREATE INDEX articles_published ON articles (published_at);
CREATE INDEX articles_agency_city ON articles (agency, city);
CREATE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_change_seq ON articles (change_seq);

-- Earlier versions of a story (same guid, changed text): corrections stay visible.
CREATE TABLE article_versions (
    article_id   bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version      integer NOT NULL,
    content_hash text NOT NULL,
    headline     text NOT NULL,
    body         text NOT NULL,
    fetched_at   timestamptz NOT NULL,
    replaced_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, version)
);

-- One place for the versioning rule: a content change keeps the old text and bumps the version.
CREATE FUNCTION articles_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN
        INSERT INTO article_versions (article_id, version, content_hash, headline, body, fetched_at)
        VALUES (OLD.id, OLD.version, OLD.content_hash, OLD.headline, OLD.body, OLD.fetched_at)
        ON CONFLICT DO NOTHING;
        NEW.version := OLD.version + 1;
        NEW.changed_at := now();
        NEW.change_seq := nextval('article_change_seq');
    ELSIF NEW IS DISTINCT FROM OLD THEN
        -- a re-normalisation (better parser) changed fields but not the story text
        NEW.change_seq := nextval('article_change_seq');
    END IF;
    NEW.first_seen_at := OLD.first_seen_at;
    RETURN NEW;
END $$;
CREATE TRIGGER articles_version BEFORE UPDATE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_keep_version();

-- Items that could not be parsed or stored: recorded with a reason, never silently dropped.
CREATE TABLE item_errors (
    id             bigserial PRIMARY KEY,
    feed_id        bigint REFERENCES feeds (id) ON DELETE CASCADE,
    fetch_id       bigint REFERENCES fetch_attempts (id) ON DELETE SET NULL,
    payload_sha256 text,
    guid           text NOT NULL DEFAULT '',
    stage          text NOT NULL,
    reason         text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (feed_id, payload_sha256, guid, stage)
);

-- Dedupe: every story belongs to one cluster.
CREATE TABLE clusters (
    id                bigserial PRIMARY KEY,
    representative_id bigint REFERENCES articles (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE cluster_members (
    article_id         bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    cluster_id         bigint NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    match_kind         text NOT NULL,      -- origin, guid, canonical_url, content_hash, near_duplicate
    matched_article_id bigint REFERENCES articles (id) ON DELETE SET NULL,
    similarity         real,
    joined_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id);

-- Tags: each tagger replaces only its own rows.
CREATE TABLE tags (
    article_id     bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind           text NOT NULL,          -- language, place, country, topic, agency, feed, person, org
    value          text NOT NULL,
    label          text NOT NULL DEFAULT '',
    confidence     real NOT NULL DEFAULT 1.0,
    tagger         text NOT NULL,
    tagger_version text NOT NULL,
    tagged_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, kind, value, tagger)
);
CREATE INDEX tags_kind_value ON tags (kind, value);

-- Progress of the incremental stages (dedupe, tag): the last article change_seq processed.
CREATE TABLE watermarks (
    name       text PRIMARY KEY,
    position   bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
