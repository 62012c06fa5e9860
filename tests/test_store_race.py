"""The store's direct COPY of new keys and its fallback: a story another writer stores between the
key lookup and the COPY is not lost nor duplicated (the batch goes through the staged upsert)."""
from __future__ import annotations

import datetime as dt
import threading

import psycopg

from scrapers import store
from scrapers.record import Article

T0 = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)


def _art(guid: str, headline: str) -> Article:
    return Article(format="rss", guid=guid, headline=headline, body=f"Text of {guid}.", published=T0)


def test_new_keys_copied_known_keys_upserted(conn):
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://f/') RETURNING id").fetchone()[0]
    counts = store.upsert_articles(conn, fid, [_art("a", "A"), _art("b", "B")], None, T0)
    assert (counts.new, counts.updated, counts.unchanged) == (2, 0, 0)
    later = T0 + dt.timedelta(hours=1)
    counts = store.upsert_articles(conn, fid, [_art("a", "A"), _art("b", "B2"), _art("c", "C")], None, later)
    conn.commit()
    assert (counts.new, counts.updated, counts.unchanged) == (1, 1, 1)
    assert conn.execute("SELECT guid, headline FROM articles ORDER BY guid").fetchall() == [
        ("a", "A"), ("b", "B2"), ("c", "C")]


def test_key_stored_by_another_writer_meanwhile(conn, db_url):
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://f/') RETURNING id").fetchone()[0]
    conn.commit()
    other = psycopg.connect(db_url)
    # the other writer holds an uncommitted row with key "x": our COPY of "x" waits for it
    store.upsert_articles(other, fid, [_art("x", "theirs")], None, T0)
    result = {}
    mine = threading.Thread(target=lambda: result.update(
        counts=store.upsert_articles(conn, fid, [_art("x", "ours"), _art("y", "Y")], None,
                                     T0 + dt.timedelta(hours=1))))
    mine.start()
    mine.join(1.0)
    other.commit()  # the COPY fails on the now stored "x": the batch is upserted instead
    other.close()
    mine.join(30)
    conn.commit()
    counts = result["counts"]
    assert (counts.new, counts.updated, counts.unchanged, counts.failed) == (1, 1, 0, [])
    assert conn.execute("SELECT guid, headline FROM articles ORDER BY guid").fetchall() == [
        ("x", "ours"), ("y", "Y")]


def test_stored_keys_are_probed_by_index_on_a_table_without_statistics(conn):
    """A replay into an empty database: the lookup of a batch's stored keys must not read the feed."""
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://f/') RETURNING id").fetchone()[0]
    store.upsert_articles(conn, fid, [_art(f"g{i}", f"H{i}") for i in range(3000)], None, T0)
    conn.commit()  # never analysed: the planner guesses how many rows the feed has
    keys = [f"g{i}" for i in range(2000, 3000)] + ["absent"]  # a payload's batch
    params = ([fid] * len(keys), keys)
    plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (ANALYZE, COSTS OFF) " + store.STORED_KEYS, params))
    # `feed_id = … AND guid = ANY(…)` was planned as a read of the whole feed with the guids as a filter
    assert "articles_feed_id_guid_key" in plan and "Seq Scan on articles" not in plan, plan
    assert "Rows Removed by Filter" not in plan, plan  # never the feed's other rows
    assert {g for (_, g) in conn.execute(store.STORED_KEYS, params)} == set(keys[:-1])


def test_a_replays_commit_does_not_wait_for_the_wal_and_an_ingests_does(conn):
    """wait_for_commit=False (replay) turns synchronous_commit off for that transaction only."""
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('f', 'http://f/') RETURNING id").fetchone()[0]
    conn.execute("SET synchronous_commit = on")
    conn.commit()
    setting = "SELECT current_setting('synchronous_commit')"
    store.upsert_articles(conn, fid, [_art("a", "A")], None, T0)
    assert conn.execute(setting).fetchone()[0] == "on"
    conn.commit()
    store.upsert_articles(conn, fid, [_art("b", "B")], None, T0, wait_for_commit=False)
    assert conn.execute(setting).fetchone()[0] == "off"
    conn.commit()
    assert conn.execute(setting).fetchone()[0] == "on"  # the next transaction waits again
