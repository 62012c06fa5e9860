"""Statements run again and again against a table that grows from empty keep using its index
whatever the plan cache holds (issue #15): the store's key lookup (a generic plan built while
`articles` was empty and analysed as such, autovacuum right after a TRUNCATE, read the whole table
once per key for the rest of a replay) and dedupe's cascade from dropped clusters to their members
(planned once per session while cluster_members had no statistics: a scan of the whole table at
every batch of a first dedupe run)."""
from __future__ import annotations

import datetime as dt

import psycopg

from scrapers import store
from scrapers.dedupe import clusters
from scrapers.record import Article

T0 = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)


def _batch(prefix: str, n: int) -> list[Article]:
    return [Article(format="rss", guid=f"{prefix}-{i}", headline=f"H {prefix} {i}", body=f"Text {prefix} {i}.",
                    published=T0) for i in range(n)]


def _rows_read_by_scans(conn: psycopg.Connection, table: str = "articles") -> int:
    """Rows of `table` read by sequential scans in the current transaction."""
    return conn.execute("SELECT seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = %s",
                        (table,)).fetchone()[0]


def test_key_lookup_does_not_scan_after_the_table_was_analysed_empty(conn, db_url):
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://f/') RETURNING id").fetchone()[0]
    conn.commit()
    # a first replay on this connection: enough batches for a prepared statement's plan cache to
    # prefer its generic plan (psycopg prepares after 5 calls, Postgres compares after 5 more)
    for b in range(15):
        store.upsert_articles(conn, fid, _batch(f"first{b}", 20), None, T0)
        conn.commit()
    conn.execute("TRUNCATE articles CASCADE")
    conn.commit()
    with psycopg.connect(db_url, autocommit=True) as admin:
        admin.execute("VACUUM ANALYZE articles")  # what autovacuum does when it comes right after
    # the next replay into the emptied table: a scan may be the cheapest plan while the table holds
    # a page or two, but not once it holds more (here 250 rows and up), and never one per key
    for b in range(5):
        store.upsert_articles(conn, fid, _batch(f"next{b}", 50), None, T0)
    before = _rows_read_by_scans(conn)
    for b in range(5, 10):
        counts = store.upsert_articles(conn, fid, _batch(f"next{b}", 50), None, T0)
        assert counts.new == 50
    assert _rows_read_by_scans(conn) - before < 250  # one scan per key: 50 x 250 rows and more
    conn.commit()


def test_dropping_a_few_clusters_probes_the_members_index_before_any_statistics(conn):
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://f/') RETURNING id").fetchone()[0]
    store.upsert_articles(conn, fid, _batch("s", 2000), None, T0)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    clusters.add_members(conn, [(a, c, "origin", None, None) for a, c in zip(ids, clusters.new_clusters(conn, ids))])
    conn.commit()  # cluster_members grew from empty and was never analysed: a first dedupe run
    for batch in (ids[:5], ids[5:10]):  # a batch takes a few stories out of their clusters
        before = _rows_read_by_scans(conn, "cluster_members")
        assert clusters.detach(conn, batch) == set()  # their clusters, left empty, are dropped
        assert _rows_read_by_scans(conn, "cluster_members") - before == 0  # a scan reads ~2,000
        conn.commit()


def test_a_poll_reuses_stored_pages_without_reading_the_feed_s_other_stories(conn):
    """pipeline._with_pages finds the pages of a summary-only feed's stories stored on earlier polls by
    sql/060's index on (feed_id, url), not by reading every stored story (once per poll)."""
    from scrapers import pipeline

    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('p', 'http://p/') RETURNING id").fetchone()[0]
    conn.execute("INSERT INTO articles (feed_id, guid, format, body, url, content_hash) SELECT %s, 'g' || i, 'rss', "
                 "repeat('page text ', 40), 'http://p/story/' || i, md5(i::text) FROM generate_series(1, 20000) i",
                 (fid,))
    conn.execute("ANALYZE articles")
    teasers = [Article(format="rss", guid=f"g{i}", url=f"http://p/story/{i}", summary="Teaser.") for i in range(19991, 20001)]
    before = _rows_read_by_scans(conn)
    polled = pipeline._with_pages(conn, fid, teasers, fetcher=None)  # every page stored: none fetched
    assert _rows_read_by_scans(conn) == before
    assert all(a.body.startswith("page text") for a in polled) and len(polled) == 10
