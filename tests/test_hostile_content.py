"""Hostile feed content, end to end against real Postgres and a loopback server: damaged
characters, wrong or missing encodings, not-well-formed XML and HTML at a feed URL. Each bad item
is recovered or recorded with a reason in item_errors; the clean items are stored exactly."""
from __future__ import annotations

from scrapers.config import FeedConfig
from scrapers.pipeline import ingest, replay
from tests.httpd_scripted import ScriptedServer, send

HEAD = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        '<link>http://example.com/</link><description>d</description>')


def item(guid: str, title: str, body: str = "Text.") -> str:
    return (f"<item><title>{title}</title><link>http://example.com/{guid}</link><guid>{guid}</guid>"
            f"<description>{body}</description></item>")


def feed_bytes(*items: str, head: str = HEAD) -> bytes:
    return (head + "".join(items) + "</channel></rss>").encode("utf-8")


def run(conn, body: bytes, content_type: str = "application/rss+xml", kind: str = "feed"):
    with ScriptedServer() as server:
        server.route("/f", lambda req, n: send(req, 200, body, {"Content-Type": content_type}))
        counts = ingest(conn, [FeedConfig(name="f", url=server.url("/f"), kind=kind)])
    return counts


def headlines(conn) -> dict[str, str]:
    return dict(conn.execute("SELECT guid, headline FROM articles"))


def errors(conn) -> dict[str, tuple[str, str]]:
    return {g: (stage, reason) for g, stage, reason in conn.execute("SELECT guid, stage, reason FROM item_errors")}


def test_nul_and_control_characters_cost_only_their_item(conn):
    body = feed_bytes(item("a", "Zürich clean"), item("b", "Dirty\x00 NUL"), item("c", "Bell\x07 and\x0b tab"),
                      item("d", "Also clean"))
    counts = run(conn, body)
    assert counts.feeds_failed == 0 and counts.stories_new == 4
    assert headlines(conn) == {"a": "Zürich clean", "b": "Dirty NUL", "c": "Bell and tab", "d": "Also clean"}
    errs = errors(conn)
    assert set(errs) == {"b", "c"} and all(stage == "recover" for stage, _ in errs.values())


def test_invalid_utf8_in_one_item_leaves_the_others_exact(conn):
    body = feed_bytes(item("a", "Zürich"), item("b", "Genève"), item("x", "bad"), item("c", "Kraków"))
    body = body.replace(b"<title>bad</title>", b"<title>bad \xff\xfe bytes</title>")
    counts = run(conn, body)
    assert counts.stories_new == 4
    heads = headlines(conn)
    assert heads["a"] == "Zürich" and heads["b"] == "Genève" and heads["c"] == "Kraków"
    assert heads["x"].startswith("bad ") and "\ufffd" in heads["x"]
    assert set(errors(conn)) == {"x"}


def test_http_charset_is_used_when_the_document_declares_none(conn):
    text = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://e/</link>'
            '<description>d</description>' + item("r", "Москва заявила") + "</channel></rss>")
    counts = run(conn, text.encode("windows-1251"), "application/rss+xml; charset=windows-1251")
    assert counts.stories_new == 1
    assert headlines(conn)["r"] == "Москва заявила"
    # replay reads the stored Content-Type the same way
    conn.execute("UPDATE articles SET headline = 'x'")
    conn.commit()
    replay(conn)
    assert headlines(conn)["r"] == "Москва заявила"


def test_a_latin1_charset_header_on_utf8_bytes_is_not_believed(conn):
    counts = run(conn, feed_bytes(item("a", "Zürich")).replace(b' encoding="utf-8"', b""),
                 "text/xml; charset=ISO-8859-1")
    assert counts.stories_new == 1 and headlines(conn)["a"] == "Zürich"


def test_bare_ampersand_is_recovered_and_recorded(conn):
    body = feed_bytes(item("a", "AT&T results"), item("b", "Clean one"), item("c", "Q&amp;A fine"),
                      item("d", "<![CDATA[M&S in CDATA]]>"))
    counts = run(conn, body)
    assert counts.stories_new == 4 and counts.feeds_failed == 0
    heads = headlines(conn)
    assert heads["a"] == "AT&T results" and heads["c"] == "Q&A fine" and heads["d"] == "M&S in CDATA"
    assert set(errors(conn)) == {"a"}


def test_unclosed_tag_is_read_in_recover_mode_and_recorded(conn):
    body = feed_bytes(item("a", "First"), "<item><title>Second<b>bold</title><link>http://e/2</link>"
                      "<guid>b</guid></item>", item("c", "Third"))
    counts = run(conn, body)
    assert counts.feeds_failed == 0 and counts.stories_new >= 2
    heads = headlines(conn)
    assert heads["a"] == "First" and heads["c"] == "Third"
    (stage, reason), = [v for k, v in errors(conn).items() if k == ""]
    assert stage == "recover" and "recover mode" in reason


def test_bomless_utf16_and_utf32_feeds_are_read(conn):
    text = feed_bytes(item("u", "Zürich – ünïcode")).decode("utf-8").replace("utf-8", "utf-16")
    for i, enc in enumerate(("utf-16-le", "utf-16-be", "utf-32-le")):
        with ScriptedServer() as server:
            server.route("/f", lambda req, n, data=text.replace('"u"', f'"u{i}"').encode(enc): send(
                req, 200, data, {"Content-Type": "application/xml"}))
            counts = ingest(conn, [FeedConfig(name=f"f{i}", url=server.url("/f"))])
        assert counts.stories_new == 1, enc
    assert set(headlines(conn).values()) == {"Zürich – ünïcode"}
    assert sum(1 for _, reason in errors(conn).values() if "byte order mark" in reason) >= 1


def test_html_page_at_a_feed_url_is_a_fetch_error(conn):
    page = (b"<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body>"
            b"<h1>We'll be back soon</h1><p>" + b"Our site is under maintenance. " * 40 + b"</p></body></html>")
    counts = run(conn, page, "text/html; charset=utf-8")
    assert counts.feeds_failed == 1 and counts.stories_new == 0
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    status, error = conn.execute("SELECT status, error FROM fetch_attempts").fetchone()
    assert status == "failed" and "HTML page" in error
    assert conn.execute("SELECT state FROM feed_health").fetchone()[0] == "failing"


def test_entities_stay_refused_even_in_recover_mode(conn):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<rss version="2.0"><channel><title>&b;</title><item><title>&b; & broken<b></title>'
            b'<guid>1</guid></item></channel></rss>')
    counts = run(conn, bomb)
    assert counts.stories_new == 0
    assert any("entit" in reason for _, reason in errors(conn).values())
