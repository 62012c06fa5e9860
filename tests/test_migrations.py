"""Schema migrations apply to an empty database and re-apply as a no-op."""
import psycopg
import pytest

from scrapers import pgserver
from scrapers.migrate import MigrationError, migrate, migration_files


def test_fresh_database_gets_every_migration(pg_port):
    pgserver.create_database(pg_port, "empty_for_migrate")
    url = f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/empty_for_migrate"
    with psycopg.connect(url) as conn:
        applied = migrate(conn)
        assert applied == [p.name for p in migration_files()]
        assert migrate(conn) == []
        tables = {r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert {"feeds", "fetch_attempts", "raw_payloads", "articles", "article_versions",
            "item_errors", "clusters", "cluster_members", "tags", "watermarks", "schema_migrations"} <= tables


def test_changed_migration_is_refused(conn, tmp_path):
    (tmp_path / "001_init.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        migrate(conn, sql_dir=tmp_path)


def test_article_update_keeps_old_version(conn):
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://x') RETURNING id").fetchone()[0]
    aid = conn.execute(
        "INSERT INTO articles (feed_id, guid, format, headline, body, content_hash) "
        "VALUES (%s, 'g1', 'rss', 'Old', 'old body', 'h1') RETURNING id", (fid,)).fetchone()[0]
    conn.execute("UPDATE articles SET headline = 'New', body = 'new body', content_hash = 'h2' WHERE id = %s", (aid,))
    version, = conn.execute("SELECT version FROM articles WHERE id = %s", (aid,)).fetchone()
    old = conn.execute("SELECT version, headline FROM article_versions WHERE article_id = %s", (aid,)).fetchall()
    assert version == 2
    assert old == [(1, "Old")]


def test_full_text_index_finds_headline_words(conn):
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://x') RETURNING id").fetchone()[0]
    conn.execute("INSERT INTO articles (feed_id, guid, format, headline, body, content_hash) "
                 "VALUES (%s, 'g1', 'rss', 'Defense cooperation', 'Minsk talks', 'h')", (fid,))
    hits = conn.execute("SELECT count(*) FROM articles WHERE search @@ plainto_tsquery('simple', 'cooperation')").fetchone()
    assert hits == (1,)
