"""Per-item isolation against a real Postgres and a loopback server: one item that cannot be
stored never costs the others, the raw payload or the feed's schedule."""
from __future__ import annotations

from scrapers.config import FeedConfig
from scrapers.pipeline import ingest, replay
from tests.httpd_scripted import ScriptedServer, send


def rss(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
            '<link>http://example.com/</link><description>d</description>'
            + "".join(items) + "</channel></rss>").encode("utf-8")


def item(guid: str, title: str, body: str = "Text of the story.", link: str = "") -> str:
    link = link or f"http://example.com/{guid[:40]}"
    return (f"<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>"
            f"<description>Summary.</description><content:encoded>{body}</content:encoded></item>")


def serve(server: ScriptedServer, path: str, body: bytes, headers: dict[str, str] | None = None) -> str:
    server.route(path, lambda req, n: send(req, 200, body, {"Content-Type": "application/rss+xml",
                                                            **(headers or {})}))
    return server.url(path)


def feed(url: str, name: str = "f") -> list[FeedConfig]:
    return [FeedConfig(name=name, url=url, agency="Reuters")]


def test_overlong_keys_and_huge_body_are_stored(conn):
    huge_guid = "g" * 10_000
    huge_link = "http://example.com/" + "a" * 10_000
    big_body = ("word%d " * 400_000) % tuple(range(400_000))  # ~3.5 MB: more than a tsvector holds
    with ScriptedServer() as server:
        url = serve(server, "/f.xml", rss(item(huge_guid, "Long guid"), item("ok-1", "Clean"),
                                          item("link-1", "Long link", link=huge_link),
                                          item("big-1", "Big body", body=big_body)))
        counts = ingest(conn, feed(url))
    assert counts.stories_new == 4 and counts.stories_failed == 0 and counts.feeds_failed == 0
    guids = [g for (g,) in conn.execute("SELECT guid FROM articles ORDER BY headline")]
    assert all(len(g) < 1000 for g in guids)
    assert any("#sha256:" in g for g in guids)
    body_len, found = conn.execute(
        "SELECT length(body), search @@ to_tsquery('simple', 'word5') FROM articles "
        "WHERE headline = 'Big body'").fetchone()
    assert body_len > 3_000_000 and found  # the whole text stored, its head searchable
    # a re-poll matches the hashed keys: nothing new, nothing changed
    conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
    conn.commit()
    with ScriptedServer() as server:
        url2 = serve(server, "/f.xml", rss(item(huge_guid, "Long guid"), item("ok-1", "Clean"),
                                           item("link-1", "Long link", link=huge_link),
                                           item("big-1", "Big body", body=big_body)))
        conn.execute("UPDATE feeds SET url = %s", (url2,))
        conn.commit()
        again = ingest(conn, feed(url2), force=True)
    assert again.stories_new == 0 and again.stories_unchanged == 4


def test_an_item_postgres_refuses_is_recorded_and_the_rest_stored(conn):
    # a real constraint the poison item breaks: Postgres refuses that row only
    conn.execute("ALTER TABLE articles ADD CONSTRAINT test_no_poison CHECK (headline <> 'poison')")
    conn.commit()
    with ScriptedServer() as server:
        url = serve(server, "/f.xml", rss(item("a", "Alpha"), item("p", "poison"), item("b", "Beta")))
        counts = ingest(conn, feed(url))
    assert counts.stories_new == 2 and counts.stories_failed == 1 and counts.feeds_failed == 0
    assert {h for (h,) in conn.execute("SELECT headline FROM articles")} == {"Alpha", "Beta"}
    guid, stage, reason = conn.execute("SELECT guid, stage, reason FROM item_errors").fetchone()
    assert (guid, stage) == ("p", "store") and "test_no_poison" in reason
    assert conn.execute("SELECT count(*) FROM raw_payloads").fetchone()[0] == 1
    assert conn.execute("SELECT items_failed, items_new FROM fetch_attempts").fetchone() == (1, 2)
    state, failed_7d, last = conn.execute(
        "SELECT state, items_failed_7d, last_item_error FROM feed_health").fetchone()
    assert state == "items_failing" and failed_7d == 1 and "test_no_poison" in last
    # replay once the constraint is gone recovers the refused item from the stored payload,
    # without rewriting the fetch's own counts
    conn.execute("ALTER TABLE articles DROP CONSTRAINT test_no_poison")
    conn.commit()
    replayed = replay(conn)
    assert replayed.stories_new == 1
    assert conn.execute("SELECT items_failed, items_new FROM fetch_attempts").fetchone() == (1, 2)


def test_cache_lifetimes_far_in_the_future_are_clamped(conn):
    with ScriptedServer() as server:
        a = serve(server, "/a.xml", rss(item("a", "A")), {"Cache-Control": "max-age=3153600000"})
        b = serve(server, "/b.xml", rss(item("b", "B")), {"Expires": "Thu, 01 Jan 2099 00:00:00 GMT"})
        counts = ingest(conn, [FeedConfig(name="a", url=a), FeedConfig(name="b", url=b)])
    assert counts.feeds_failed == 0 and counts.stories_new == 2
    ttls = [t for (t,) in conn.execute("SELECT ttl_seconds FROM feeds")]
    assert all(0 < t <= 24 * 3600 for t in ttls)
    assert {s for (s,) in conn.execute("SELECT state FROM feed_health")} == {"ok"}


def test_nul_in_a_field_is_stripped_not_fatal(conn):
    from scrapers import store
    from scrapers.record import Article

    art = Article(format="rss", guid="n\x00ul", headline="Head\x00line", body="bo\x00dy")
    fid = conn.execute("INSERT INTO feeds (name, url) VALUES ('x', 'http://x/') RETURNING id").fetchone()[0]
    import datetime as dt

    counts = store.upsert_articles(conn, fid, [art, Article(format="rss", guid="fine", headline="Fine")],
                                   None, dt.datetime.now(dt.timezone.utc))
    assert counts.new == 2 and not counts.failed
    assert conn.execute("SELECT headline FROM articles WHERE guid = 'nul'").fetchone() == ("Headline",)
