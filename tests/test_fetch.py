"""The fetcher against a scripted loopback server: conditional GET, timeouts, dropped
connections, retries, Retry-After, size caps, gzip bombs, redirects, robots.txt, per-host limits.

Timeouts and backoff are configured tiny here; the defaults stay realistic."""
from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from httpd_scripted import ScriptedServer, send, send_chunked
from scrapers.fetch import FetchConfig, Fetcher, FetchResult
from scrapers.politeness import Politeness, host_key, parse_retry_after, shared_politeness

pytestmark = pytest.mark.timeout(60)

MB = 1024 * 1024


def fast_config(**overrides) -> FetchConfig:
    values = dict(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0, max_bytes=1 * MB,
                  max_attempts=3, backoff_base=0.01, backoff_cap=0.05, max_retry_after=5.0,
                  min_delay_per_host=0.0, max_per_host=4)
    values.update(overrides)
    return FetchConfig(**values)


def make_fetcher(min_delay: float = 0.0, max_per_host: int = 4, **overrides) -> Fetcher:
    return Fetcher(fast_config(**overrides), politeness=Politeness(min_delay, max_per_host))


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        yield srv


@pytest.fixture
def fetcher():
    f = make_fetcher()
    yield f
    f.close()


RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"


# -- conditional GET ------------------------------------------------------------------------------

def test_ok_keeps_body_validators_and_freshness(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 200, RSS, {
        "Content-Type": "application/rss+xml", "ETag": '"v1"',
        "Last-Modified": "Mon, 20 Mar 2017 10:00:00 GMT", "Cache-Control": "max-age=900"}))
    res = fetcher.fetch(server.url("/feed"))
    assert (res.status, res.http_status, res.body) == ("ok", 200, RSS)
    assert res.etag == '"v1"' and res.last_modified == "Mon, 20 Mar 2017 10:00:00 GMT"
    assert res.cache_seconds == 900
    assert res.final_url == server.url("/feed") and res.attempts == 1
    sent = server.log[0].headers
    assert sent["User-Agent"].startswith("wirefeed/")
    assert sent["Accept-Encoding"] == "gzip, deflate"
    assert "If-None-Match" not in sent


def test_304_when_validators_match(server, fetcher):
    def feed(req, n):
        if req.headers.get("If-None-Match") == '"v1"':
            send(req, 304, headers={"ETag": '"v1"'})
        else:
            send(req, 200, RSS, {"ETag": '"v1"', "Last-Modified": "Mon, 20 Mar 2017 10:00:00 GMT"})
    server.route("/feed", feed)
    first = fetcher.fetch(server.url("/feed"))
    second = fetcher.fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert second.status == "not_modified" and second.http_status == 304 and second.body == b""
    assert second.etag == '"v1"'
    assert second.last_modified == "Mon, 20 Mar 2017 10:00:00 GMT"  # kept though the 304 omitted it
    assert server.log[1].headers["If-None-Match"] == '"v1"'
    assert server.log[1].headers["If-Modified-Since"] == "Mon, 20 Mar 2017 10:00:00 GMT"


def test_etag_change_gives_new_body(server, fetcher):
    version = {"tag": '"v1"', "body": RSS}

    def feed(req, n):
        if req.headers.get("If-None-Match") == version["tag"]:
            send(req, 304)
        else:
            send(req, 200, version["body"], {"ETag": version["tag"]})
    server.route("/feed", feed)
    first = fetcher.fetch(server.url("/feed"))
    assert fetcher.fetch(server.url("/feed"), etag=first.etag).status == "not_modified"
    version.update(tag='"v2"', body=RSS.replace(b"<title>t", b"<title>new"))
    third = fetcher.fetch(server.url("/feed"), etag=first.etag)
    assert third.status == "ok" and third.etag == '"v2"' and b"new" in third.body


@pytest.mark.parametrize("encoding,encode", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),                                  # zlib-wrapped, per the RFC
    ("deflate", lambda b: zlib.compress(b)[2:-4]),                # raw deflate, as some servers send
])
def test_compressed_bodies_are_decoded(server, fetcher, encoding, encode):
    server.route("/feed", lambda req, n: send(req, 200, encode(RSS * 50), {"Content-Encoding": encoding}))
    res = fetcher.fetch(server.url("/feed"))
    assert res.status == "ok" and res.body == RSS * 50
    assert res.bytes_received < len(RSS * 50)


# -- timeouts and dropped connections -----------------------------------------------------------

def test_slow_server_hits_whole_read_deadline(server):
    """Bytes keep arriving (the idle timeout never fires) but the whole read has a deadline."""
    def drip(req, n):
        req.send_response(200)
        req.send_header("Content-Length", "100000")
        req.end_headers()
        for _ in range(100000):
            req.wfile.write(b"x")
            req.wfile.flush()
            time.sleep(0.02)
    server.route("/slow", drip)
    f = make_fetcher(read_timeout=1.0, total_timeout=0.6)
    res = f.fetch(server.url("/slow"))
    assert res.status == "failed" and "deadline" in res.error
    assert res.attempts == 1                    # not retried: the server is alive, only too slow
    assert 0 < res.bytes_received < 100000      # it was cut mid-body
    assert res.duration_ms < 10_000             # stopped by the deadline, not by the 2000 s drip


def test_silent_server_hits_read_timeout_and_is_retried(server):
    stop = threading.Event()
    server.route("/silent", lambda req, n: stop.wait(3))
    f = make_fetcher(read_timeout=0.2, total_timeout=5.0, max_attempts=2)
    try:
        res = f.fetch(server.url("/silent"))
    finally:
        stop.set()
    assert res.status == "failed" and "timeout" in res.error
    assert res.attempts == 2 and server.hits["/silent"] == 2


def test_dropped_connection_is_retried(server, fetcher):
    def flaky(req, n):
        if n == 1:  # promise 1000 bytes, send 100, hang up
            req.send_response(200)
            req.send_header("Content-Length", "1000")
            req.end_headers()
            req.wfile.write(b"y" * 100)
            req.wfile.flush()
            req.close_connection = True
            req.connection.shutdown(2)
        else:
            send(req, 200, RSS)
    server.route("/feed", flaky)
    res = fetcher.fetch(server.url("/feed"))
    assert res.status == "ok" and res.body == RSS and res.attempts == 2


def test_connection_closed_before_answer_fails_after_retries(server, fetcher):
    def hang_up(req, n):
        req.close_connection = True
        req.connection.shutdown(2)
    server.route("/feed", hang_up)
    res = fetcher.fetch(server.url("/feed"))
    assert res.status == "failed" and "connection error" in res.error
    assert res.attempts == 3 and server.hits["/feed"] == 3


def test_refused_connection_fails(fetcher):
    with ScriptedServer() as srv:
        url = srv.url("/feed")
    res = fetcher.fetch(url)  # the server is gone: nothing listens on that port
    assert res.status == "failed" and "connection error" in res.error and res.attempts == 3


# -- status codes and retries -------------------------------------------------------------------

def test_500_then_200_retry_succeeds(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 500, b"oops") if n == 1 else send(req, 200, RSS))
    res = fetcher.fetch(server.url("/feed"))
    assert (res.status, res.http_status, res.attempts, res.error) == ("ok", 200, 2, "")


def test_persistent_503_fails_with_last_status(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 503))
    res = fetcher.fetch(server.url("/feed"))
    assert (res.status, res.http_status, res.attempts, res.error) == ("failed", 503, 3, "HTTP 503")


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410])
def test_4xx_is_not_retried(server, fetcher, code):
    server.route("/feed", lambda req, n: send(req, code))
    res = fetcher.fetch(server.url("/feed"))
    assert (res.status, res.http_status, res.attempts) == ("failed", code, 1)
    assert server.hits["/feed"] == 1


def test_408_is_retried(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 408) if n == 1 else send(req, 200, RSS))
    assert fetcher.fetch(server.url("/feed")).attempts == 2


def test_429_with_retry_after_waits_then_succeeds(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 429, headers={"Retry-After": "1"}) if n == 1
                 else send(req, 200, RSS))
    res = fetcher.fetch(server.url("/feed"))
    assert (res.status, res.attempts) == ("ok", 2)
    first, second = server.times("/feed")
    assert second - first >= 0.9  # the second request waited for Retry-After


def test_retry_after_applies_to_the_whole_host(server, fetcher):
    server.route("/a", lambda req, n: send(req, 503, headers={"Retry-After": "1"}) if n == 1
                 else send(req, 200, RSS))
    server.route("/b", lambda req, n: send(req, 200, RSS))
    t = threading.Thread(target=fetcher.fetch, args=(server.url("/a"),))
    t.start()
    while not server.hits["/a"]:
        time.sleep(0.01)
    time.sleep(0.1)
    fetcher.fetch(server.url("/b"))  # another feed of the same host also waits
    t.join()
    assert server.times("/b")[0] - server.times("/a")[0] >= 0.9


def test_retry_after_beyond_cap_is_reported_not_waited(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 429, headers={"Retry-After": "3600"}))
    res = fetcher.fetch(server.url("/feed"))
    assert res.status == "failed" and res.http_status == 429 and res.attempts == 1
    assert res.cache_seconds == 3600 and "Retry-After" in res.error
    assert server.hits["/feed"] == 1


def test_parse_retry_after_seconds_and_http_date():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == pytest.approx(60)
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 + 60) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


# -- size caps -----------------------------------------------------------------------------------

def test_2gb_response_is_cut_at_the_cap_with_small_memory(server, fetcher):
    sent = {}
    chunk = b"<item>" + b"z" * (64 * 1024 - 6)

    def huge(req, n):  # 2 GB, produced lazily by a generator, never held by the server
        sent["bytes"] = send_chunked(req, (chunk for _ in range(2 * 1024 * MB // len(chunk))),
                                     {"Content-Type": "application/rss+xml"})
    server.route("/huge", huge)
    tracemalloc.start()
    try:
        res = fetcher.fetch(server.url("/huge"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert res.status == "failed" and "larger than the cap" in res.error and res.attempts == 1
    assert res.body == b"" and res.bytes_received <= 2 * MB
    assert peak < 8 * MB
    deadline = time.monotonic() + 5
    while "bytes" not in sent and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sent.get("bytes", 0) < 100 * MB  # the client hung up; the server stopped long before 2 GB


def test_declared_oversize_is_refused_before_reading(server, fetcher):
    def declared(req, n):
        req.send_response(200)
        req.send_header("Content-Length", str(2 * 1024 * MB))
        req.end_headers()
        req.wfile.write(b"x" * 1024)
    server.route("/huge", declared)
    res = fetcher.fetch(server.url("/huge"))
    assert res.status == "failed" and "Content-Length" in res.error and res.bytes_received == 0


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """200 MB of zeros compressed to about 200 KB."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MB)
    return b"".join(comp.compress(zeros) for _ in range(200)) + comp.flush()


def test_gzip_bomb_is_stopped_at_the_decompressed_cap(server, fetcher, gzip_bomb):
    assert len(gzip_bomb) < MB  # under the cap on the wire: only the decompressed size gives it away
    server.route("/bomb", lambda req, n: send(req, 200, gzip_bomb, {"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        res = fetcher.fetch(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert res.status == "failed" and "decompressed body larger than the cap" in res.error
    assert res.attempts == 1
    assert peak < 8 * MB


# -- redirects -----------------------------------------------------------------------------------

def test_redirects_are_followed_and_final_url_kept(server, fetcher):
    server.route("/old", lambda req, n: send(req, 301, headers={"Location": "/moved"}))
    server.route("/moved", lambda req, n: send(req, 302, headers={"Location": server.url("/feed")}))
    server.route("/feed", lambda req, n: send(req, 200, RSS))
    res = fetcher.fetch(server.url("/old"))
    assert res.status == "ok" and res.body == RSS
    assert res.final_url == server.url("/feed")
    assert res.redirects == [server.url("/old"), server.url("/moved")]


def test_redirect_loop_fails_with_a_clear_error(server, fetcher):
    server.route("/x", lambda req, n: send(req, 302, headers={"Location": "/y"}))
    server.route("/y", lambda req, n: send(req, 302, headers={"Location": "/x"}))
    res = fetcher.fetch(server.url("/x"))
    assert res.status == "failed" and res.error.startswith("redirect loop:") and res.attempts == 1
    assert server.hits["/x"] == 1 and server.hits["/y"] == 1


def test_redirect_chain_longer_than_the_limit_fails(server):
    server.route("*", lambda req, n: send(req, 302, headers={"Location": f"/r{int(req.path[2:]) + 1}"}))
    f = make_fetcher(max_redirects=3)
    res = f.fetch(server.url("/r0"))
    assert res.status == "failed" and "too many redirects (more than 3)" in res.error
    assert sum(server.hits.values()) == 4


# -- robots.txt ----------------------------------------------------------------------------------

def test_robots_disallowed_page_is_not_fetched(server, fetcher):
    server.route("/robots.txt", lambda req, n: send(req, 200, b"User-agent: *\nDisallow: /private/\n"))
    server.route("*", lambda req, n: send(req, 200, b"<html><body>story</body></html>"))
    blocked = fetcher.fetch_page(server.url("/private/story-1"))
    allowed = fetcher.fetch_page(server.url("/news/story-2"))
    assert (blocked.status, blocked.error, blocked.attempts) == ("failed", "robots.txt disallows", 0)
    assert allowed.status == "ok"
    assert server.hits["/private/story-1"] == 0
    assert server.hits["/robots.txt"] == 1  # cached per origin


def test_robots_group_for_our_agent_wins(server, fetcher):
    server.route("/robots.txt", lambda req, n: send(
        req, 200, b"User-agent: *\nAllow: /\n\nUser-agent: wirefeed\nDisallow: /\n"))
    assert fetcher.fetch_page(server.url("/story")).error == "robots.txt disallows"


def test_missing_robots_allows_and_failing_robots_disallows(fetcher):
    with ScriptedServer() as missing, ScriptedServer() as broken:
        missing.route("/story", lambda req, n: send(req, 200, b"<html/>"))
        broken.route("/robots.txt", lambda req, n: send(req, 500))
        assert fetcher.fetch_page(missing.url("/story")).status == "ok"
        res = fetcher.fetch_page(broken.url("/story"))
        assert res.error == "robots.txt disallows" and broken.hits["/story"] == 0


def test_robots_crawl_delay_raises_the_host_delay(server):
    server.route("/robots.txt", lambda req, n: send(req, 200, b"User-agent: *\nCrawl-delay: 0.3\n"))
    server.route("*", lambda req, n: send(req, 200, b"<html/>"))
    f = make_fetcher()
    for i in range(3):
        assert f.fetch_page(server.url(f"/s{i}")).status == "ok"
    starts = [hit.at for hit in server.log if hit.path.startswith("/s")]
    assert all(b - a >= 0.25 for a, b in zip(starts, starts[1:]))


# -- per-host politeness -------------------------------------------------------------------------

def slow_feed(req, n):
    time.sleep(0.1)
    send(req, 200, RSS)


@pytest.mark.parametrize("cap", [1, 2])
def test_two_feeds_on_one_host_respect_the_concurrency_cap(server, cap):
    server.route("/feed-a", slow_feed)
    server.route("/feed-b", slow_feed)
    f = make_fetcher(max_per_host=cap)
    urls = [server.url("/feed-a"), server.url("/feed-b")] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(f.fetch, urls))
    assert all(r.status == "ok" for r in results)
    assert server.max_inflight <= cap  # measured by the server
    assert server.hits["/feed-a"] == 4 and server.hits["/feed-b"] == 4


def test_two_fetchers_sharing_politeness_share_the_cap(server):
    server.route("/feed-a", slow_feed)
    server.route("/feed-b", slow_feed)
    shared = Politeness(0.0, 1)
    fa, fb = Fetcher(fast_config(), politeness=shared), Fetcher(fast_config(), politeness=shared)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda p: p[0].fetch(server.url(p[1])), [(fa, "/feed-a"), (fb, "/feed-b")] * 2))
    assert server.max_inflight == 1


def test_min_delay_between_requests_to_one_host(server):
    """The booked starts are min_delay apart and no request starts before its booking: both
    are lower bounds, so a loaded machine (late threads) cannot make the test fail."""
    server.route("*", lambda req, n: send(req, 200, RSS))
    f = make_fetcher(min_delay=0.2, max_per_host=4)
    pol = f.politeness
    booked: dict[int, float] = {}  # a thread's last booking
    requests: list[tuple[float, float]] = []  # (booked start, actual start) of each request
    reserve, acquire = pol._reserve_start, pol.acquire

    def booking(state):  # when this thread's request may start, as the politeness booked it
        wait = reserve(state)
        booked[threading.get_ident()] = time.monotonic() + wait
        return wait

    def timed_acquire(*args, **kwargs):
        acquire(*args, **kwargs)
        requests.append((booked[threading.get_ident()], time.monotonic()))

    pol._reserve_start, pol.acquire = booking, timed_acquire
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(f.fetch, [server.url(f"/f{i}") for i in range(4)]))
    assert len(server.log) == 4 and len(requests) == 4
    slots = sorted(b for b, _ in requests)
    assert all(b - a >= 0.19 for a, b in zip(slots, slots[1:]))  # booked min_delay apart
    assert all(start >= b - 0.01 for b, start in requests)        # and none started early


def test_default_politeness_is_shared_per_process():
    assert Fetcher(FetchConfig()).politeness is Fetcher(FetchConfig()).politeness
    assert shared_politeness(1.0, 2) is not shared_politeness(2.0, 2)


def test_host_key_keeps_non_default_ports():
    assert host_key("https://Example.com:443/a") == "example.com"
    assert host_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"


def test_bad_url_fails_without_raising(fetcher):
    res = fetcher.fetch("not a url")
    assert isinstance(res, FetchResult) and res.status == "failed" and res.attempts == 1


# -- article pages for summary-only feeds ---------------------------------------------------------

def test_enrich_with_pages_replaces_summary_only_bodies(server, fetcher):
    from pathlib import Path

    from scrapers.pages import enrich_with_pages
    from scrapers.record import Article

    page = (Path(__file__).parent / "fixtures/html/reuters-article-knight-capital-2012.html").read_bytes()
    server.route("/robots.txt", lambda req, n: send(req, 200, b"User-agent: *\nDisallow: /private/\n"))
    server.route("/knight", lambda req, n: send(req, 200, page, {"Content-Type": "text/html"}))
    server.route("/gone", lambda req, n: send(req, 404))
    full_body = "A full story. " * 40
    articles = [
        Article(format="rss", guid="1", url=server.url("/knight"), headline="Knight", summary="Knight lost money."),
        Article(format="rss", guid="2", url=server.url("/gone"), summary="Summary kept."),
        Article(format="rss", guid="3", url=server.url("/private/x"), summary="Robots say no."),
        Article(format="rss", guid="4", url=server.url("/full"), body=full_body, summary="teaser"),
    ]
    out = enrich_with_pages(articles, fetcher)
    assert "software glitch that cost Knight Capital" in out[0].body
    assert out[0].summary == "Knight lost money." and out[0].extra["page"]["status"] == "ok"
    assert (out[1].body, out[1].summary) == ("", "Summary kept.")
    assert out[1].extra["page"] == {"status": "failed", "error": "HTTP 404", "http_status": 404}
    assert out[2].extra["page"]["error"] == "robots.txt disallows" and server.hits["/private/x"] == 0
    assert out[3] is articles[3] and server.hits["/full"] == 0  # already a full story: no page fetched
    assert articles[0].body == ""  # inputs are not modified


def test_enrich_with_pages_skips_known_urls_and_caps_the_batch(server, fetcher):
    from scrapers.pages import enrich_with_pages
    from scrapers.record import Article

    server.route("*", lambda req, n: send(req, 404))
    arts = [Article(format="rss", guid=str(i), url=server.url(f"/p{i}"), summary="s") for i in range(4)]
    out = enrich_with_pages(arts, fetcher, skip_urls={server.url("/p0")}, max_pages=2)
    assert server.hits["/p0"] == 0 and server.hits["/p1"] == 1 and server.hits["/p2"] == 1
    assert out[3].extra["page"]["status"] == "skipped" and server.hits["/p3"] == 0


def test_multi_member_gzip_is_decoded(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 200, gzip.compress(RSS) + gzip.compress(RSS),
                                              {"Content-Encoding": "gzip"}))
    assert fetcher.fetch(server.url("/feed")).body == RSS + RSS


def test_corrupt_gzip_fails_cleanly(server, fetcher):
    server.route("/feed", lambda req, n: send(req, 200, b"\x1f\x8b\x08\x00garbage-garbage",
                                              {"Content-Encoding": "gzip"}))
    res = fetcher.fetch(server.url("/feed"))
    assert res.status == "failed" and "corrupt gzip" in res.error and res.attempts == 1


def test_saturated_host_gives_a_failed_result_not_an_exception(server):
    server.route("/feed", lambda req, n: send(req, 200, RSS))
    shared = Politeness(0.0, 1)
    f = Fetcher(fast_config(slot_timeout=0.1), politeness=shared)
    with shared.slot(host_key(server.url("/"))):  # another worker holds the only slot
        res = f.fetch(server.url("/feed"))
    assert res.status == "failed" and "no free politeness slot" in res.error
    assert server.hits["/feed"] == 0


def test_politeness_spaces_starts_without_real_sleeping():
    clock = {"t": 100.0}
    slept = []

    def sleep(s):
        slept.append(round(s, 3))
        clock["t"] += s
    p = Politeness(min_delay=2.0, max_per_host=1, clock=lambda: clock["t"], sleep=sleep)
    for _ in range(3):
        with p.slot("h"):
            pass
    p.defer("h", 10)
    with p.slot("h"):
        pass
    assert slept == [2.0, 2.0, 10.0]
    with p.slot("other"):  # hosts are independent
        pass
    assert slept == [2.0, 2.0, 10.0]
