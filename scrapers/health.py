"""Feed health: when to poll a feed next.

A healthy feed is polled on the schedule (`interval_seconds`), or later when the server
says its content stays fresh longer (`<ttl>`, Cache-Control max-age, Expires). A failing
feed is backed off exponentially, with jitter so that the feeds of a host that went down
together do not come back in lock-step, and with a cap so that it is never forgotten:
it keeps being tried and comes back by itself once it answers again.

The `feed_health` view (sql/010_feed_health.sql) mirrors the state rule of `feed_state`.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping

from scrapers.httpdate import parse_http_date

MAX_BACKOFF_SECONDS = 6 * 3600      # a failing feed is still tried at least every 6 hours
MAX_CACHE_SECONDS = 24 * 3600       # a server's ttl cannot park a feed for more than a day
POLL_GRACE_SECONDS = 60             # scheduler drift: a feed due within a minute is polled now
BACKING_OFF_AFTER = 2               # failures from which the delay exceeds the schedule


def backoff_seconds(consecutive_failures: int, interval_seconds: int,
                    max_backoff: float = MAX_BACKOFF_SECONDS, rng: random.Random | None = None) -> float:
    """Delay before the next poll of a feed that failed `consecutive_failures` times in a row.

    interval * 2**(n-1), capped, with "equal jitter" (between half and all of it): a first
    failure keeps the normal schedule (one failure is often a blip), later ones double.
    Full jitter would sometimes retry a dead feed at once, which is what backing off avoids.
    """
    if consecutive_failures <= 0:
        return float(interval_seconds)
    rng = rng or random
    exponent = min(consecutive_failures - 1, 30)  # no overflow on absurd counts
    delay = min(max_backoff, interval_seconds * (2 ** exponent))
    delay = max(delay, float(interval_seconds))
    if consecutive_failures == 1:
        return delay
    return delay / 2 + rng.uniform(0, delay / 2)


def next_poll_at(now: dt.datetime, consecutive_failures: int, cache_seconds: int | None,
                 interval_seconds: int, *, max_backoff: float = MAX_BACKOFF_SECONDS,
                 max_cache: float = MAX_CACHE_SECONDS, rng: random.Random | None = None) -> dt.datetime:
    """When to poll a feed next, given the outcome just recorded.

    The larger of the schedule (or backoff) and the server's freshness lifetime wins;
    the freshness lifetime is capped at `max_cache`. For a failed fetch `cache_seconds`
    carries a Retry-After that was too long to wait for in-process, which is honoured the same way.
    """
    delay = backoff_seconds(consecutive_failures, interval_seconds, max_backoff, rng)
    if cache_seconds and cache_seconds > delay:
        delay = max(delay, min(float(cache_seconds), max_cache))
    return now + dt.timedelta(seconds=delay)


def should_poll(next_poll_at_value: dt.datetime | None, now: dt.datetime,
                grace_seconds: float = POLL_GRACE_SECONDS) -> bool:
    """True when the feed is due; never-polled feeds (NULL) are due.

    The grace absorbs scheduler drift: a run that starts a few seconds before
    `next_poll_at` would otherwise skip a whole cycle.
    """
    if next_poll_at_value is None:
        return True
    return next_poll_at_value <= now + dt.timedelta(seconds=grace_seconds)


def feed_state(consecutive_failures: int, next_poll_at_value: dt.datetime | None, now: dt.datetime) -> str:
    """ok | failing | backing_off, the same rule as the `feed_health` view.

    failing: the last fetch failed and the feed is still polled on schedule (or is due);
    backing_off: it failed repeatedly and its next poll has been pushed beyond the schedule.
    """
    if consecutive_failures <= 0:
        return "ok"
    if consecutive_failures >= BACKING_OFF_AFTER and next_poll_at_value is not None and next_poll_at_value > now:
        return "backing_off"
    return "failing"


def cache_seconds_from_headers(headers: Mapping[str, str], now: dt.datetime | None = None) -> int | None:
    """Freshness lifetime the server declares: Cache-Control max-age, else Expires - Date.

    no-store / no-cache give None (poll on schedule); so do missing or unparsable headers.
    """
    cc = (headers.get("Cache-Control") or "").lower()
    directives = {}
    for part in cc.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name] = value.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return None
    for name in ("s-maxage", "max-age"):
        if directives.get(name, "").isdigit():
            return min(int(directives[name]), MAX_CACHE_SECONDS)
    expires = parse_http_date(headers.get("Expires"))
    if expires is None:
        return None
    base = parse_http_date(headers.get("Date")) or now or dt.datetime.now(dt.timezone.utc)
    seconds = int((expires - base).total_seconds())
    return min(seconds, MAX_CACHE_SECONDS) if seconds > 0 else None


_TTL = re.compile(rb"<ttl>\s*(\d{1,7})\s*</ttl>", re.I)
_SY_PERIOD = re.compile(rb"<sy:updatePeriod>\s*(hourly|daily|weekly|monthly|yearly)\s*</sy:updatePeriod>", re.I)
_SY_FREQ = re.compile(rb"<sy:updateFrequency>\s*(\d{1,6})\s*</sy:updateFrequency>", re.I)
_PERIODS = {b"hourly": 3600, b"daily": 86400, b"weekly": 7 * 86400, b"monthly": 30 * 86400, b"yearly": 365 * 86400}


def feed_ttl_seconds(body: bytes) -> int | None:
    """A feed's own freshness hint: RSS `<ttl>` (minutes) or the syndication module's period.

    Only the channel head is looked at (the first 64 KB), where these elements live.
    The result goes to feeds.ttl_seconds and, via `next_poll_at(cache_seconds=...)`, into the schedule.
    """
    head = body[:65536]
    match = _TTL.search(head)
    if match:
        minutes = int(match.group(1))
        return min(minutes * 60, MAX_CACHE_SECONDS) if minutes > 0 else None
    period = _SY_PERIOD.search(head)
    if period:
        freq = _SY_FREQ.search(head)
        times = int(freq.group(1)) if freq else 1
        return min(_PERIODS[period.group(1).lower()] // max(times, 1), MAX_CACHE_SECONDS)
    return None
