"""Wire-fidelity fields in the database: stored, kept out of the views when not usable,
re-derived by replay, and a feed's `timezone:` applied to naive wire times."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from scrapers.config import ConfigError, FeedConfig, load_feeds
from scrapers.pipeline import ingest, replay
from tests.conftest import FIXTURES

WIRE_FILES = ("wire-xml/pa-nitf-brexit.xml", "wire-xml/ntb-nitf-no.xml", "wire-xml/ritzau-feed-envelope.xml",
              "wire-xml/reuters-newsmlg2-kbn0fl0nm.xml", "wire-json/ninjs-ninjs_embargoed.json",
              "wire-text/dpa-iptc7901-twobyline.txt", "wire-xml/belga-newsml12.xml")


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in WIRE_FILES:
        shutil.copy(FIXTURES / name, folder / name.split("/")[1])
    return folder


def _row(conn, guid: str) -> dict:
    cur = conn.execute("SELECT agency, agency_source, byline, byline_title, status, embargoed_until, published_at, "
                       "killed_by FROM articles WHERE guid = %s", (guid,))
    names = [d.name for d in cur.description]
    return dict(zip(names, cur.fetchone()))


def test_fields_are_stored_and_the_feed_agency_is_the_last_resort(conn, drop):
    ingest(conn, [FeedConfig(name="drop", url=str(drop), kind="wire_dir", quiet_seconds=0, agency="Feedco")])
    pa = _row(conn, "4a82e12e-6b39-47eb-8e59-2c616a7e32a4HHH-13-1")
    assert (pa["agency"], pa["agency_source"], pa["byline"], pa["byline_title"], pa["status"]) == (
        "PA", "metadata", "Benjamin Wright", "Press Association", "embargoed")
    assert pa["embargoed_until"] == dt.datetime(2016, 9, 8, 23, 1, tzinfo=dt.timezone.utc)
    dpa = _row(conn, "iptc7901:ecp0007:20181121T1259")
    assert (dpa["agency"], dpa["agency_source"]) == ("tca/dpa", "dateline")
    sources = dict(conn.execute("SELECT agency_source, count(*) FROM articles GROUP BY 1").fetchall())
    assert "feed" not in sources and set(sources) <= {"dateline", "metadata"}


def test_feed_agency_fills_only_what_the_wire_leaves_empty(conn, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "item.json").write_text('{"uri": "urn:x:1", "headline": "Storm hits coast", "body_text": "Rain."}')
    ingest(conn, [FeedConfig(name="plain", url=str(folder), kind="wire_dir", quiet_seconds=0, agency="Feedco")])
    assert conn.execute("SELECT agency, agency_source FROM articles").fetchone() == ("Feedco", "feed")


def test_embargo_until_passed_is_public_and_future_one_is_not(conn, drop):
    ingest(conn, [FeedConfig(name="drop", url=str(drop), kind="wire_dir", quiet_seconds=0)])
    listed = {r[0] for r in conn.execute("SELECT headline FROM story_list")}
    assert "Trouble is brewing for the future of beer" in listed  # embargo of 2022 has passed
    conn.execute("UPDATE articles SET embargoed_until = now() + interval '1 day' WHERE status = 'embargoed'")
    listed = {r[0] for r in conn.execute("SELECT headline FROM story_list")}
    assert "Trouble is brewing for the future of beer" not in listed
    assert conn.execute("SELECT count(*) FROM articles WHERE status = 'embargoed'").fetchone()[0] == 2


def test_cancellation_notice_withdraws_the_story_it_names_and_views_hide_both(conn, drop, tmp_path):
    feed = [FeedConfig(name="drop", url=str(drop), kind="wire_dir", quiet_seconds=0)]
    ingest(conn, feed)
    kort = "4b9c198d-d6ec-4a7f-a4e9-551d9a5cba13"
    # Ritzau's cancellation: the real item re-sent as a new item with Annuleret=true naming the original
    notice = (FIXTURES / "wire-xml/ritzau-news.xml").read_text(encoding="utf-8")
    notice = notice.replace("<Annuleret>false</Annuleret>", "<Annuleret>true</Annuleret>")
    notice = notice.replace('<Replaces i:nil="true"/>', f"<Replaces>{kort}</Replaces>")
    (drop / "ritzau-cancel.xml").write_text(notice, encoding="utf-8")
    ingest(conn, feed, force=True)
    killed = _row(conn, kort)
    assert killed["status"] == "withdrawn" and killed["killed_by"] is not None
    assert _row(conn, "9a6955fc-11da-46b6-9903-439ebb288f2d")["status"] == "canceled"
    listed = {r[0] for r in conn.execute("SELECT headline FROM story_list")}
    assert "Kort om sport" not in listed and "PR / Spire Global, Inc." in listed
    # the killed story's own item, replayed, does not bring it back
    replay(conn)
    assert _row(conn, kort)["status"] == "withdrawn"


def test_unique_stories_skip_a_withdrawn_representative(conn, drop):
    ingest(conn, [FeedConfig(name="drop", url=str(drop), kind="wire_dir", quiet_seconds=0)])
    ids = [r[0] for r in conn.execute("SELECT id FROM articles WHERE guid LIKE %s ORDER BY id",
                                      ("urn:newsml:belga.be%",))]
    cid = conn.execute("INSERT INTO clusters (representative_id) VALUES (%s) RETURNING id", (ids[0],)).fetchone()[0]
    for aid in ids:
        conn.execute("INSERT INTO cluster_members (article_id, cluster_id, match_kind) VALUES (%s, %s, 'origin')",
                     (aid, cid))
    assert conn.execute("SELECT article_id, members FROM unique_stories").fetchone() == (ids[0], 2)
    conn.execute("UPDATE articles SET status = 'withdrawn' WHERE id = %s", (ids[0],))
    assert conn.execute("SELECT article_id, members FROM unique_stories").fetchone() == (ids[1], 1)
    conn.execute("UPDATE articles SET status = 'canceled' WHERE id = %s", (ids[1],))
    assert conn.execute("SELECT count(*) FROM unique_stories").fetchone()[0] == 0


def test_replay_rederives_the_new_fields(conn, drop):
    ingest(conn, [FeedConfig(name="drop", url=str(drop), kind="wire_dir", quiet_seconds=0)])
    before = conn.execute("SELECT guid, agency, agency_source, byline_title, status, embargoed_until, published_at "
                          "FROM articles ORDER BY guid").fetchall()
    conn.execute("UPDATE articles SET agency = '', agency_source = '', byline_title = '', status = 'usable', "
                 "embargoed_until = NULL, published_at = published_at + interval '2 hours'")
    conn.commit()
    counts = replay(conn)
    after = conn.execute("SELECT guid, agency, agency_source, byline_title, status, embargoed_until, published_at "
                         "FROM articles ORDER BY guid").fetchall()
    assert after == before and counts.stories_updated == len(before)


def test_feed_timezone_reads_naive_times_as_local(conn, tmp_path):
    folder = tmp_path / "stt"
    folder.mkdir()
    shutil.copy(FIXTURES / "wire-xml/stt-newsmlg2-archive-localtime.xml", folder / "stt.xml")
    ingest(conn, [FeedConfig(name="stt", url=str(folder), kind="wire_dir", quiet_seconds=0, timezone="America/New_York")])
    published, = conn.execute("SELECT published_at FROM articles").fetchone()
    assert published == dt.datetime(2013, 2, 16, 22, 36, 20, tzinfo=dt.timezone.utc)  # 17:36 EST
    assert conn.execute("SELECT timezone FROM feeds").fetchone() == ("America/New_York",)
    conn.execute("UPDATE articles SET published_at = NULL")
    conn.commit()
    replay(conn)
    assert conn.execute("SELECT published_at FROM articles").fetchone() == (published,)


def test_feeds_file_timezone_key(tmp_path):
    path = tmp_path / "feeds.yml"
    path.write_text("feeds:\n  - {name: stt, url: /srv/stt, kind: wire_dir, timezone: Europe/Helsinki}\n")
    assert load_feeds(path)[0].timezone == "Europe/Helsinki"
    path.write_text("feeds:\n  - {name: stt, url: /srv/stt, kind: wire_dir, timezone: Mars/Olympus}\n")
    with pytest.raises(ConfigError, match="unknown timezone"):
        load_feeds(path)


def test_a_row_keeps_no_nul_character_and_a_clean_row_is_left_as_built():
    import datetime as dt

    from scrapers import store
    from scrapers.record import Article

    at = dt.datetime(2024, 3, 2, tzinfo=dt.timezone.utc)
    dirty = store._row(1, Article(format="rss", guid="g\x00", headline="a\x00b", body="x\x00"), "d\x00", at)
    assert [v for v in dirty if type(v) is str and "\x00" in v] == []
    assert dirty[store._COLUMNS.index("headline")] == "ab" and dirty[store._GUID_IDX] == "g"
    assert dirty[store._COLUMNS.index("payload_sha256")] == "d"
    clean = store._row(1, Article(format="rss", guid="g", headline="ab", body="x"), "d", at)
    assert [v for i, v in enumerate(clean) if store._COLUMNS[i] != "content_hash"] == \
        [v for i, v in enumerate(dirty) if store._COLUMNS[i] != "content_hash"]
