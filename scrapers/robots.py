"""robots.txt for article pages (RFC 9309), parsed with protego, cached per origin.

Feeds are polled whatever robots.txt says (a feed is published to be polled, as every
aggregator does); article pages are crawling, so they obey it. Rules from the RFC:
- 2xx: the rules apply; 4xx (not found, forbidden, gone...): no rules, everything allowed;
- 5xx, 429 or unreachable: treat the whole site as disallowed, and ask again sooner;
- a cached copy is not used for more than `robots_ttl` (24 hours by default).
A Crawl-delay for our agent raises the host's politeness delay (up to a cap).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

from scrapers.politeness import host_key

if TYPE_CHECKING:
    from scrapers.fetch import Fetcher

UNREACHABLE_TTL = 600.0  # a site whose robots.txt failed is asked again after 10 minutes


@dataclass
class _Entry:
    parser: Protego | None  # None: no rules (allow all)
    allow_all: bool
    expires: float
    reason: str = ""


def origin_of(url: str) -> str:
    """scheme://host[:port] — robots.txt is per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ('wirefeed' of 'wirefeed/0.1 (...)')."""
    return (user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*").lower()


class RobotsCache:
    """Answers `allowed(url)` for a Fetcher, fetching each origin's robots.txt once per TTL."""

    def __init__(self, fetcher: "Fetcher") -> None:
        self.fetcher = fetcher
        self.agent = agent_token(fetcher.config.user_agent)
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """True when our agent may fetch `url`."""
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return False
        entry = self._entry(origin_of(url))
        if entry.allow_all:
            return True
        if entry.parser is None:
            return False
        return entry.parser.can_fetch(url, self.agent)

    def reason(self, url: str) -> str:
        """Why an origin is treated the way it is (for logs)."""
        entry = self._entries.get(origin_of(url))
        return entry.reason if entry else ""

    def _entry(self, origin: str) -> _Entry:
        """The cached entry, refreshed under a per-origin lock so concurrent pages fetch it once."""
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            entry = self._entries.get(origin)
            if entry is None or entry.expires <= time.monotonic():
                entry = self._load(origin)
                self._entries[origin] = entry
            return entry

    def _load(self, origin: str) -> _Entry:
        cfg = self.fetcher.config
        res = self.fetcher._fetch(origin + "/robots.txt", {"Accept": "text/plain, */*;q=0.5"},
                                  cfg.robots_max_bytes)
        now = time.monotonic()
        if res.status == "ok":
            parser = Protego.parse(res.body.decode("utf-8", errors="replace"))
            delay = parser.crawl_delay(self.agent)
            if delay:
                self.fetcher.politeness.set_min_delay(host_key(origin), min(float(delay), cfg.max_crawl_delay))
            return _Entry(parser, False, now + cfg.robots_ttl, "robots.txt rules")
        status = res.http_status or 0
        if 400 <= status < 500 and status != 429:
            return _Entry(None, True, now + cfg.robots_ttl, f"robots.txt HTTP {status}: no rules")
        return _Entry(None, False, now + min(UNREACHABLE_TTL, cfg.robots_ttl),
                      f"robots.txt unreachable ({res.error}): site treated as disallowed")
