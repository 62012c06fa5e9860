"""Feed health: backoff with jitter and a cap, ttl / Cache-Control, and the feed_health view
following a feed that fails ten times against a loopback server and then recovers."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from httpd_scripted import ScriptedServer, send
from scrapers import health
from scrapers.fetch import FetchConfig, Fetcher
from scrapers.politeness import Politeness

pytestmark = pytest.mark.timeout(60)

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
INTERVAL = 300


def delay(failures: int, cache: int | None = None, seed: int = 1) -> float:
    when = health.next_poll_at(NOW, failures, cache, INTERVAL, rng=random.Random(seed))
    return (when - NOW).total_seconds()


def test_healthy_feed_is_polled_on_schedule():
    assert delay(0) == INTERVAL
    assert delay(1) == INTERVAL  # one failure is often a blip: no backoff yet


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    for n in range(2, 12):
        full = min(health.MAX_BACKOFF_SECONDS, INTERVAL * 2 ** (n - 1))
        for seed in range(20):
            assert full / 2 <= delay(n, seed=seed) <= full
    assert max(delay(50, seed=s) for s in range(50)) <= health.MAX_BACKOFF_SECONDS
    assert len({delay(5, seed=s) for s in range(10)}) > 1  # jittered, feeds do not come back in lock-step


def test_ttl_longer_than_the_schedule_is_respected():
    assert delay(0, cache=1800) == 1800
    assert delay(0, cache=60) == INTERVAL                      # shorter than the schedule: ignored
    assert delay(0, cache=10 ** 7) == health.MAX_CACHE_SECONDS  # a year-long ttl cannot park a feed
    assert delay(2, cache=3600) == 3600                        # a long Retry-After on a failure, too


def test_should_poll():
    assert health.should_poll(None, NOW)
    assert health.should_poll(NOW - dt.timedelta(seconds=1), NOW)
    assert health.should_poll(NOW + dt.timedelta(seconds=20), NOW)  # scheduler drift within the grace
    assert not health.should_poll(NOW + dt.timedelta(minutes=10), NOW)


def test_feed_state_rule():
    later = NOW + dt.timedelta(hours=1)
    assert health.feed_state(0, later, NOW) == "ok"
    assert health.feed_state(1, later, NOW) == "failing"
    assert health.feed_state(3, later, NOW) == "backing_off"
    assert health.feed_state(3, NOW - dt.timedelta(seconds=1), NOW) == "failing"


def test_ten_failures_back_off_then_recover():
    """Simulated clock: a feed that fails ten times is skipped by most cycles, then comes back."""
    rng = random.Random(7)
    now, failures, next_at, polls, cycles = NOW, 0, None, 0, 0
    outcomes = iter([False] * 10 + [True])
    while True:
        cycles += 1
        now += dt.timedelta(seconds=INTERVAL)
        if not health.should_poll(next_at, now):
            continue
        polls += 1
        ok = next(outcomes)
        failures = 0 if ok else failures + 1
        next_at = health.next_poll_at(now, failures, None, INTERVAL, rng=rng)
        if ok:
            break
    assert polls == 11
    assert cycles > 3 * polls  # backed off: most cycles skipped it
    assert failures == 0 and next_at - now == dt.timedelta(seconds=INTERVAL)


def test_cache_seconds_from_headers():
    assert health.cache_seconds_from_headers({"Cache-Control": "public, max-age=600"}) == 600
    assert health.cache_seconds_from_headers({"Cache-Control": "max-age=600, s-maxage=1200"}) == 1200
    assert health.cache_seconds_from_headers({"Cache-Control": "no-cache, max-age=600"}) is None
    assert health.cache_seconds_from_headers({
        "Date": "Wed, 01 May 2024 12:00:00 GMT", "Expires": "Wed, 01 May 2024 12:30:00 GMT"}) == 1800
    assert health.cache_seconds_from_headers({"Expires": "0"}) is None
    assert health.cache_seconds_from_headers({}) is None


def test_feed_ttl_seconds():
    assert health.feed_ttl_seconds(b"<rss><channel><ttl>30</ttl></channel></rss>") == 1800
    assert health.feed_ttl_seconds(
        b"<channel><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>") == 1800
    assert health.feed_ttl_seconds(b"<rss><channel><title>x</title></channel></rss>") is None


# -- the feed_health view, driven by real fetches ---------------------------------------------------

def _record(conn, feed_id: int, res, failures: int, now: dt.datetime) -> int:
    """What the pipeline does after a fetch (kept minimal here): streak, errors, next poll."""
    if res.status == "failed":
        failures += 1
        conn.execute("UPDATE feeds SET consecutive_failures = %s, last_error = %s, last_error_at = %s, "
                     "next_poll_at = %s WHERE id = %s",
                     (failures, res.error, now, health.next_poll_at(now, failures, res.cache_seconds, INTERVAL),
                      feed_id))
    else:
        failures = 0
        conn.execute("UPDATE feeds SET consecutive_failures = 0, last_success_at = %s, next_poll_at = %s "
                     "WHERE id = %s", (now, health.next_poll_at(now, 0, res.cache_seconds, INTERVAL), feed_id))
    conn.commit()
    return failures


def _health_row(conn, name: str) -> dict:
    cur = conn.execute("SELECT * FROM feed_health WHERE name = %s", (name,))
    cols = [c.name for c in cur.description]
    return dict(zip(cols, cur.fetchone()))


def test_feed_health_view_follows_ten_failures_and_recovery(conn):
    broken = {"on": True}
    with ScriptedServer() as srv:
        srv.route("/feed.xml", lambda req, n: send(req, 500, b"down") if broken["on"]
                  else send(req, 200, b"<rss><channel><ttl>5</ttl></channel></rss>"))
        feed_id = conn.execute("INSERT INTO feeds (name, url) VALUES ('flaky', %s) RETURNING id",
                               (srv.url("/feed.xml"),)).fetchone()[0]
        fetcher = Fetcher(FetchConfig(max_attempts=1, connect_timeout=1, read_timeout=1, total_timeout=2),
                          politeness=Politeness(0, 1))
        failures = 0
        for _ in range(10):
            res = fetcher.fetch(srv.url("/feed.xml"))
            assert res.status == "failed" and res.http_status == 500
            failures = _record(conn, feed_id, res, failures, dt.datetime.now(dt.timezone.utc))
        row = _health_row(conn, "flaky")
        assert row["consecutive_failures"] == 10 and row["last_error"] == "HTTP 500"
        assert row["state"] == "backing_off" and row["last_success_at"] is None
        assert row["host"] == "127.0.0.1"
        assert row["next_poll_at"] - row["last_error_at"] >= dt.timedelta(seconds=INTERVAL * 2)

        broken["on"] = False
        res = fetcher.fetch(srv.url("/feed.xml"))
        failures = _record(conn, feed_id, res, failures, dt.datetime.now(dt.timezone.utc))
        fetcher.close()
    row = _health_row(conn, "flaky")
    assert res.status == "ok" and row["state"] == "ok" and row["consecutive_failures"] == 0
    assert row["last_success_at"] is not None
    assert row["last_error"] == "HTTP 500"  # the last error stays visible after recovery


def test_feed_health_items_per_day(conn):
    feed_id = conn.execute("INSERT INTO feeds (name, url, host) VALUES ('busy', 'https://news.example/rss', "
                           "'news.example') RETURNING id").fetchone()[0]
    conn.execute("INSERT INTO feeds (name, url) VALUES ('quiet', 'https://Quiet.Example:8443/rss')")
    for i in range(14):
        conn.execute("INSERT INTO articles (feed_id, guid, format, content_hash, first_seen_at) "
                     "VALUES (%s, %s, 'rss', 'h', now() - %s * interval '11 hours')", (feed_id, f"g{i}", i))
    conn.execute("INSERT INTO articles (feed_id, guid, format, content_hash, first_seen_at) "
                 "VALUES (%s, 'old', 'rss', 'h', now() - interval '30 days')", (feed_id,))
    busy, quiet = _health_row(conn, "busy"), _health_row(conn, "quiet")
    assert busy["items_7d"] == 14 and float(busy["items_per_day"]) == 2.0
    assert busy["state"] == "ok" and busy["next_poll_at"] is None
    assert quiet["items_per_day"] == 0 and quiet["host"] == "quiet.example"
