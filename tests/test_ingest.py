"""Ingest end to end against real Postgres, with feeds served over loopback HTTP."""
import datetime as dt


from scrapers.config import FeedConfig
from scrapers.pipeline import group_by_host, ingest, replay

FEEDS = [
    ("reuters-top", "rss/reuters-topnews-2017-03-20.xml", "Reuters"),
    ("reuters-world", "rss/reuters-worldnews-2018-01-30.xml", "Reuters"),
    ("wenn", "rss/wenn-atom-2015-01-30.xml", "WENN"),
]


def demo_feeds(base: str) -> list[FeedConfig]:
    return [FeedConfig(name=n, url=f"{base}/{path}", agency=a, language="en") for n, path, a in FEEDS]


def count(conn, sql: str, *params) -> int:
    return conn.execute(sql, params).fetchone()[0]


def test_ingest_stores_every_item_with_its_dateline(conn, fixture_server):
    counts = ingest(conn, demo_feeds(fixture_server.base_url))
    assert counts.feeds_polled == 3 and counts.feeds_failed == 0
    assert counts.stories_new == 22 == count(conn, "SELECT count(*) FROM articles")
    washington = count(conn, "SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id "
                             "WHERE f.name = 'reuters-top' AND a.city = 'Washington' AND a.agency = 'Reuters'")
    assert washington == 7
    mosul = conn.execute("SELECT city, agency, headline FROM articles WHERE headline LIKE 'Islamic State%%captured%%' "
                         "OR summary LIKE 'MOSUL, Iraq%%'").fetchone()
    assert mosul[:2] == ("Mosul", "Reuters")


def test_stored_fields_are_filled(conn, fixture_server):
    ingest(conn, demo_feeds(fixture_server.base_url))
    row = conn.execute(
        "SELECT guid, url, canonical_url, published_at, language, format, content_hash, payload_sha256 "
        "FROM articles WHERE headline = 'U.S. general says North Korea not demonstrated all components of ICBM'"
    ).fetchone()
    guid, url, canonical, published, language, fmt, content_hash, payload = row
    assert "idUSKBN1FJ23Z" in guid
    assert "feedType" in url and "feedType" not in canonical
    assert published.tzinfo is not None and published.year == 2018
    assert (language, fmt) == ("en", "rss")
    assert len(content_hash) == 64 and payload is not None


def test_second_ingest_adds_nothing(conn, fixture_server):
    feeds = demo_feeds(fixture_server.base_url)
    ingest(conn, feeds)
    before = conn.execute("SELECT id, change_seq, version FROM articles ORDER BY id").fetchall()
    again = ingest(conn, feeds, force=True)
    assert again.stories_new == 0 and again.stories_updated == 0
    assert again.feeds_not_modified == 3  # conditional GET: the loopback server answers 304
    assert conn.execute("SELECT id, change_seq, version FROM articles ORDER BY id").fetchall() == before


def test_unconditional_refetch_changes_nothing(conn, fixture_server):
    feeds = demo_feeds(fixture_server.base_url)
    ingest(conn, feeds)
    conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
    again = ingest(conn, feeds, force=True)
    assert again.feeds_not_modified == 0
    assert (again.stories_new, again.stories_updated, again.stories_unchanged) == (0, 0, 22)
    assert count(conn, "SELECT count(*) FROM raw_payloads") == 3  # same bytes stored once


def test_broken_feeds_are_recorded_and_others_go_on(conn, fixture_server):
    base = fixture_server.base_url
    feeds = [
        FeedConfig(name="missing", url=f"{base}/rss/no-such-feed.xml"),
        FeedConfig(name="truncated", url=f"{base}/broken/truncated-reuters.xml"),
        FeedConfig(name="binary", url=f"{base}/broken/not-a-feed.bin"),
        FeedConfig(name="refused", url="http://127.0.0.1:9/feed.xml"),
        *demo_feeds(base)[:1],
    ]
    counts = ingest(conn, feeds)
    assert counts.stories_new == 10
    failed = dict(conn.execute("SELECT f.name, fa.error FROM fetch_attempts fa JOIN feeds f ON f.id = fa.feed_id "
                               "WHERE fa.status = 'failed'").fetchall())
    assert set(failed) == {"missing", "refused"}
    assert "404" in failed["missing"]
    errors = dict(conn.execute("SELECT f.name, e.reason FROM item_errors e JOIN feeds f ON f.id = e.feed_id").fetchall())
    assert {"truncated", "binary"} <= set(errors)
    assert all(reason for reason in errors.values())
    state = dict(conn.execute("SELECT name, consecutive_failures FROM feeds").fetchall())
    assert state["missing"] == 1 and state["reuters-top"] == 0


def test_changed_item_updates_its_row_and_keeps_the_old_version(conn, fixture_server, tmp_path):
    from scrapers.localserver import DirectoryServer

    original = (fixture_server_root() / "rss/reuters-topnews-2017-03-20.xml").read_text(encoding="utf-8")
    (tmp_path / "feed.xml").write_text(original, encoding="utf-8")
    with DirectoryServer(tmp_path) as server:
        feed = [FeedConfig(name="t", url=f"{server.base_url}/feed.xml", agency="Reuters")]
        ingest(conn, feed)
        edited = original.replace("FBI Director James Comey on Monday confirmed",
                                  "FBI Director James Comey on Monday publicly confirmed")
        assert edited != original
        (tmp_path / "feed.xml").write_text(edited, encoding="utf-8")
        conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
        counts = ingest(conn, feed, force=True)
    assert (counts.stories_new, counts.stories_updated) == (0, 1)
    version, changed, first = conn.execute(
        "SELECT version, changed_at, first_seen_at FROM articles WHERE summary LIKE '%%publicly confirmed%%'").fetchone()
    assert version == 2 and changed > first
    assert count(conn, "SELECT count(*) FROM article_versions") == 1


def fixture_server_root():
    from tests.conftest import FIXTURES

    return FIXTURES


def test_replay_reparses_stored_payloads_without_change(conn, fixture_server):
    ingest(conn, demo_feeds(fixture_server.base_url))
    before = conn.execute("SELECT id, change_seq FROM articles ORDER BY id").fetchall()
    counts = replay(conn)
    assert (counts.stories_new, counts.stories_updated, counts.stories_unchanged) == (0, 0, 22)
    assert conn.execute("SELECT id, change_seq FROM articles ORDER BY id").fetchall() == before


def test_replay_restores_a_lost_row_and_respects_the_interval(conn, fixture_server):
    ingest(conn, demo_feeds(fixture_server.base_url))
    conn.execute("DELETE FROM articles WHERE city = 'Seoul'")
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    assert replay(conn, start=future).stories_new == 0
    assert replay(conn, end=future).stories_new == 1
    assert count(conn, "SELECT count(*) FROM articles") == 22


def test_wire_drop_folder_is_ingested_once(conn):
    from tests.conftest import FIXTURES

    feed = [FeedConfig(name="drop", url=str(FIXTURES / "wire-xml"), kind="wire_dir")]
    first = ingest(conn, feed)
    files = len(list((FIXTURES / "wire-xml").iterdir()))
    assert count(conn, "SELECT count(*) FROM fetch_attempts WHERE status = 'ok'") == files
    assert first.stories_new + first.stories_failed >= files
    second = ingest(conn, feed, force=True)
    assert (second.stories_new, second.feeds_not_modified) == (0, 1)


def test_feeds_are_grouped_by_host():
    feeds = [FeedConfig(name="a", url="https://tass.com/rss/v2.xml"), FeedConfig(name="b", url="https://TASS.com/x"),
             FeedConfig(name="c", url="https://ria.ru/export/rss2/archive/index.xml")]
    groups = group_by_host(feeds)
    assert sorted(groups) == ["ria.ru", "tass.com"]
    assert [f.name for f in groups["tass.com"]] == ["a", "b"]


def test_summary_only_feed_gets_the_article_page_once(conn, tmp_path):
    import shutil

    from scrapers.localserver import DirectoryServer
    from tests.conftest import FIXTURES

    shutil.copy(FIXTURES / "html/reuters-article-knight-capital-2012.html", tmp_path / "story.html")
    with DirectoryServer(tmp_path) as server:
        (tmp_path / "feed.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x/</link>'
            '<description>d</description><item><title>Knight Capital</title>'
            f'<link>{server.base_url}/story.html</link><guid>knight-1</guid>'
            '<description>(Reuters) - Knight Capital teaser.</description></item></channel></rss>')
        feed = [FeedConfig(name="pages", url=f"{server.base_url}/feed.xml", agency="Reuters", fetch_pages=True,
                           allow_private_hosts=("127.0.0.1",))]
        first = ingest(conn, feed)
        body, summary = conn.execute("SELECT body, summary FROM articles").fetchone()
        conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
        (tmp_path / "story.html").unlink()  # a re-fetch of the page would now fail
        second = ingest(conn, feed, force=True)
    assert first.stories_new == 1
    assert "Knight" in body and len(body) > 1000 and "teaser" in summary
    assert (second.stories_new, second.stories_updated, second.stories_unchanged) == (0, 0, 1)


def test_http_drop_folder_is_ingested_file_by_file_once(conn, fixture_server):
    from tests.conftest import FIXTURES

    feed = [FeedConfig(name="http-drop", url=f"{fixture_server.base_url}/wire-text/", kind="wire_url")]
    first = ingest(conn, feed)
    files = sorted(p.name for p in (FIXTURES / "wire-text").iterdir())
    stored = sorted(u.rsplit("/", 1)[1] for (u,) in conn.execute(
        "SELECT url FROM fetch_attempts WHERE payload_sha256 IS NOT NULL").fetchall())
    assert stored == files
    assert first.stories_new >= len(files)
    formats = {f for (f,) in conn.execute("SELECT DISTINCT format FROM articles")}
    assert formats == {"anpa1312", "iptc7901"}
    second = ingest(conn, feed, force=True)
    assert (second.stories_new, second.stories_updated) == (0, 0)


def test_index_links_keep_files_of_the_folder_only():
    from scrapers.wire_index import index_links

    page = (b'<html><body><a href="../">up</a><a href="?C=N;O=D">sort</a><a href="sub/">sub</a>'
            b'<a href="a.xml">a</a><a href="/other/b.xml">b</a><a href="http://elsewhere/c.xml">c</a>'
            b'<a href="a.xml#x">again</a><a href="d%20e.nitf">d</a></body></html>')
    assert index_links(page, "http://h/drop/") == ["http://h/drop/a.xml", "http://h/drop/d%20e.nitf"]
