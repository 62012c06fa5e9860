"""Hostile hosts, end to end against real Postgres and scripted loopback servers: a header drip,
a long Retry-After, page links to internal addresses, credentials and listings that try to leave
their folder."""
from __future__ import annotations

import time

from scrapers.config import FeedConfig
from scrapers.fetch import FetchConfig, Fetcher
from scrapers.pipeline import ingest
from scrapers.politeness import Politeness
from tests.httpd_scripted import ScriptedServer, send

RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://e/</link>'
       '<description>d</description>{items}</channel></rss>')


def rss(*items: tuple[str, str]) -> bytes:
    return RSS.format(items="".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{title}</guid>"
        f"<description>Teaser of {title}.</description></item>" for title, link in items)).encode()


def fetcher(**changes) -> Fetcher:
    config = FetchConfig(min_delay_per_host=0, backoff_base=0.01, max_attempts=1, **changes)
    return Fetcher(config, politeness=Politeness(0, 2))


def test_one_deadline_covers_dripped_headers(conn):
    def drip(req, n):
        req.wfile.write(b"HTTP/1.1 200 OK\r\n")
        try:
            for _ in range(60):
                req.wfile.write(b"X")
                req.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass
        req.close_connection = True

    with ScriptedServer() as server:
        server.route("/f", drip)
        started = time.monotonic()
        counts = ingest(conn, [FeedConfig(name="drip", url=server.url("/f"))],
                        fetcher=fetcher(total_timeout=1.0, read_timeout=0.5))
        took = time.monotonic() - started
    assert counts.feeds_failed == 1 and took < 4
    error = conn.execute("SELECT error FROM fetch_attempts").fetchone()[0]
    assert "deadline" in error


def test_retry_after_beyond_the_cap_pauses_the_whole_host(conn):
    with ScriptedServer() as server:
        server.route("/a", lambda req, n: send(req, 429, b"slow down", {"Retry-After": "3600"}))
        server.route("/b", lambda req, n: send(req, 200, rss(("B", "http://e/b"))))
        feeds = [FeedConfig(name="a", url=server.url("/a")), FeedConfig(name="b", url=server.url("/b"))]
        counts = ingest(conn, feeds, fetcher=fetcher(max_retry_after=5))
        assert server.hits["/b"] == 0  # the host's other feed was not asked
    assert counts.feeds_failed == 1 and counts.feeds_skipped == 1
    rows = dict(conn.execute("SELECT name, next_poll_at > now() + interval '50 minutes' FROM feeds"))
    assert rows == {"a": True, "b": True}
    assert conn.execute("SELECT count(*) FROM fetch_attempts fa JOIN feeds f ON f.id = fa.feed_id "
                        "WHERE f.name = 'b' AND fa.status <> 'skipped'").fetchone()[0] == 0


def test_page_links_to_internal_addresses_are_refused_unless_allowed(conn):
    with ScriptedServer() as server:
        secret = server.url("/secret")
        server.route("/secret", lambda req, n: send(req, 200, b"<html><body><p>internal</p></body></html>"))
        # a page on the allowed address that redirects to another internal name
        server.route("/hop", lambda req, n: send(req, 302, b"", {"Location": secret.replace("127.0.0.1",
                                                                                              "localhost")}))
        server.route("/f", lambda req, n: send(req, 200, rss(("Direct", secret), ("Hop", server.url("/hop")))))
        feed = FeedConfig(name="f", url=server.url("/f"), fetch_pages=True)
        ingest(conn, [feed], fetcher=fetcher())
        assert server.hits["/secret"] == 0 and server.hits["/hop"] == 0
        conn.execute("DELETE FROM articles")
        conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
        conn.commit()
        allowed = FeedConfig(name="f", url=server.url("/f"), fetch_pages=True, allow_private_hosts=("127.0.0.1",))
        ingest(conn, [allowed], fetcher=fetcher(), force=True)
        # the allowed address is fetched; the redirect from it to 'localhost' (not allowed) is refused
        assert server.hits["/hop"] == 1 and server.hits["/secret"] == 1
        assert [h.headers.get("Host", "").split(":")[0] for h in server.log if h.path == "/secret"] == ["127.0.0.1"]
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # stories kept, without pages


def test_credentials_come_from_the_environment_and_are_never_stored(conn, monkeypatch):
    import base64

    monkeypatch.setenv("WIRE_PW", "s3cret-pw")
    seen = []

    def guarded(req, n):
        seen.append(req.headers.get("Authorization", ""))
        if req.headers.get("Authorization") != "Basic " + base64.b64encode(b"bob:s3cret-pw").decode():
            send(req, 401, b"no")
        else:
            send(req, 200, rss(("Secret story", "http://e/s")))

    with ScriptedServer() as server:
        server.route("/f?token=abc123", guarded)
        feed = FeedConfig(name="f", url=server.url("/f?token=abc123"), auth_user="bob", auth_password_env="WIRE_PW")
        inline = FeedConfig(name="g", url=server.url("/f?token=abc123").replace("http://", "http://bob:s3cret-pw@"))
        counts = ingest(conn, [feed, inline], fetcher=fetcher())
    assert counts.stories_new == 2 and counts.feeds_failed == 0 and "" not in seen
    dump = " ".join(str(v) for row in conn.execute(
        "SELECT f.url, fa.url, fa.final_url, fa.error, f.last_error FROM fetch_attempts fa "
        "JOIN feeds f ON f.id = fa.feed_id") for v in row)
    assert "s3cret-pw" not in dump and "abc123" not in dump and "REDACTED" in dump


def test_missing_password_variable_is_a_clear_feed_error(conn, monkeypatch):
    monkeypatch.delenv("NO_SUCH_PW", raising=False)
    counts = ingest(conn, [FeedConfig(name="f", url="http://127.0.0.1:9/f", auth_user="u",
                                      auth_password_env="NO_SUCH_PW")], fetcher=fetcher())
    assert counts.feeds_failed == 1 and counts.failed_feeds == ["f"]
    assert "NO_SUCH_PW" in conn.execute("SELECT error FROM fetch_attempts").fetchone()[0]


def test_http_listing_links_cannot_escape_the_folder(conn):
    wire = (b'<?xml version="1.0"?><nitf><head><title>Drop story</title></head><body><body.content>'
            b'<p>ROME (ANSA) - A story from the drop.</p></body.content></body></nitf>')
    listing = (b'<html><body><a href="a.xml">a</a><a href="/drop/../secret.xml">s</a>'
               b'<a href="/drop/%2e%2e/secret2.xml">s2</a><a href="..%2fsecret3.xml">s3</a>'
               b'<a href="/drop/.%2E/secret4.xml">s4</a></body></html>')
    with ScriptedServer() as server:
        server.route("/drop/", lambda req, n: send(req, 200, listing, {"Content-Type": "text/html"}))
        server.route("/drop/a.xml", lambda req, n: send(req, 200, wire))
        server.route("*", lambda req, n: send(req, 200, wire))  # a server that would serve anything
        counts = ingest(conn, [FeedConfig(name="d", url=server.url("/drop/"), kind="wire_url")], fetcher=fetcher())
        asked = {hit.path for hit in server.log}
    assert asked == {"/drop/", "/drop/a.xml"}
    assert counts.stories_new == 1
