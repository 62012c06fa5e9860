"""HTTP fetching for feeds, wire endpoints and article pages, as a good citizen.

What a request goes through, and why:
- per-host politeness (`scrapers.politeness`): a minimum delay between request starts and a
  cap on requests in flight, shared by all feeds of a host and by every redirect hop;
- conditional GET (If-None-Match / If-Modified-Since), so an unchanged feed costs a 304;
- a connect timeout, an idle-read timeout *and* one deadline for connect, headers and body
  (`scrapers.netguard` arms it while the headers arrive), so a server that drips one byte a
  second cannot hold a worker for ever;
- the body read from the raw stream and decompressed (gzip/deflate, `scrapers.bodycap`) with a
  cap on the *decompressed* size, so neither a 2 GB response nor a gzip bomb can exhaust memory;
- redirects followed by hand, with a limit, loop detection and the final URL kept;
- retries with exponential backoff and full jitter for timeouts, dropped connections,
  5xx, 408 and 429 (no retry for other 4xx: asking again will not change the answer);
  Retry-After (seconds or HTTP date) on 429/503 honoured for the whole host, up to a cap —
  beyond it the fetch fails, the host is paused (its other feeds are not asked either) and the
  delay is reported in `retry_after` / `cache_seconds` for the scheduler;
- article pages (links from untrusted feed content) never reach internal addresses
  (`scrapers.netguard`), and credentials go only to the host they were configured for.
"""
from __future__ import annotations

import datetime as dt
import http.client
import random
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from scrapers import netguard
from scrapers.bodycap import CappedDecoder, FetchError
from scrapers.health import cache_seconds_from_headers
from scrapers.politeness import Politeness, host_key, parse_retry_after, shared_politeness
from scrapers.robots import RobotsCache
from scrapers.urls import redact_text

USER_AGENT = "wirefeed/0.1 (+https://example.invalid/wirefeed; wire-news ingest)"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECT_CODES = {301, 302, 303, 307, 308}
RETRY_CODES = {408, 429}  # the 4xx worth asking again; all 5xx are retried too


@dataclass
class FetchConfig:
    """Knobs of the fetcher; the defaults are for real servers, tests shrink them."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0          # longest silence between two reads
    total_timeout: float = 60.0         # whole response (all redirect hops) per attempt
    max_bytes: int = 20 * 1024 * 1024   # cap on the decompressed body
    user_agent: str = USER_AGENT
    max_redirects: int = 5
    max_attempts: int = 3               # first try + retries
    backoff_base: float = 1.0           # retry n waits uniform(0, min(cap, base * 2**(n-1)))
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0      # longest Retry-After waited in-process
    min_delay_per_host: float = 1.0     # seconds between request starts to one host
    max_per_host: int = 2               # requests in flight to one host
    slot_timeout: float = 600.0         # longest wait for a politeness slot
    chunk_size: int = 64 * 1024
    robots_max_bytes: int = 512 * 1024
    robots_ttl: float = 24 * 3600.0     # RFC 9309: do not use a robots.txt older than a day
    max_crawl_delay: float = 30.0       # robots.txt Crawl-delay honoured up to this


@dataclass
class FetchResult:
    url: str
    status: str  # ok | not_modified | failed
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    final_url: str = ""
    error: str = ""
    attempts: int = 1
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    duration_ms: int = 0
    cache_seconds: int | None = None  # how long the server says the feed stays fresh (or Retry-After when failed)
    bytes_received: int = 0           # bytes on the wire (compressed), last attempt
    redirects: list[str] = field(default_factory=list)  # URLs passed through before final_url
    retry_after: float | None = None  # a Retry-After the server sent with a failure (seconds)


class Fetcher:
    """Fetches URLs politely; one instance is shared by all feeds of a run (or of a host batch).

    `politeness` defaults to the process-wide instance for the configured limits, so that
    two Fetchers with the same config in one process still share each host's limits.
    """

    def __init__(self, config: FetchConfig | None = None, politeness: Politeness | None = None,
                 sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None) -> None:
        self.config = config or FetchConfig()
        self.politeness = politeness or shared_politeness(self.config.min_delay_per_host, self.config.max_per_host)
        self.session = requests.Session()
        self.session.trust_env = False  # no .netrc credentials or proxies picked up behind our back
        adapter = netguard.GuardedAdapter()
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({
            "User-Agent": self.config.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": FEED_ACCEPT,
        })
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.robots = RobotsCache(self)

    # -- public API -------------------------------------------------------------------------

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              auth: tuple[str, str] | None = None) -> FetchResult:
        """GET a feed, conditionally when a validator is known; never raises for network trouble.

        `auth` (user, password) is sent as HTTP basic auth to the URL's own host only, never to
        a host a redirect leads to.
        """
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = self._fetch(url, headers, self.config.max_bytes, auth=auth)
        if result.status == "not_modified":  # a 304 may omit validators: keep the ones we sent
            result.etag = result.etag or etag
            result.last_modified = result.last_modified or last_modified
        return result

    def fetch_page(self, url: str) -> FetchResult:
        """GET an article page, only where robots.txt allows it, under the same host limits."""
        refused = netguard.refusal(url)
        if refused:
            return FetchResult(url=url, status="failed", final_url=url, attempts=0, error=refused)
        if not self.robots.allowed(url):
            return FetchResult(url=url, status="failed", final_url=url, attempts=0,
                               error="robots.txt disallows")
        return self._fetch(url, {"Accept": PAGE_ACCEPT}, self.config.max_bytes)

    @contextmanager
    def private_hosts_allowed(self, hosts: tuple[str, ...] = ()) -> Iterator[None]:
        """Page fetches in this block refuse internal addresses, except on `hosts` (the feeds file's)."""
        with netguard.guarded(hosts):
            yield

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- attempts and retries -----------------------------------------------------------------

    def _fetch(self, url: str, headers: dict[str, str], max_bytes: int,
               max_attempts: int | None = None, auth: tuple[str, str] | None = None) -> FetchResult:
        """Run attempts until one succeeds, a non-retryable error occurs or attempts run out."""
        result = FetchResult(url=url, status="failed", final_url=url)
        start = time.monotonic()
        attempts = max_attempts or self.config.max_attempts
        for attempt in range(1, attempts + 1):
            result.attempts = attempt
            result.http_status = None
            try:
                self._attempt(url, headers, max_bytes, result, auth)
                result.error = ""
                break
            except FetchError as exc:
                result.status, result.error, result.body = "failed", exc.message, b""
                if exc.http_status is not None:
                    result.http_status = exc.http_status
                if exc.retry_after is not None and exc.retry_after > 0:
                    result.retry_after = exc.retry_after
                if not exc.retryable or attempt == attempts:
                    if exc.retry_after is not None and exc.retry_after > 0:
                        result.cache_seconds = int(min(exc.retry_after, 2**31 - 1) + 0.999)
                    break
                if not self._wait_before_retry(exc, attempt, result.final_url or url):
                    result.cache_seconds = int(min(exc.retry_after or 0, 2**31 - 1) + 0.999)
                    result.error += f" (Retry-After {exc.retry_after:.0f}s is beyond the cap; host paused)"
                    break
        result.duration_ms = int((time.monotonic() - start) * 1000)
        result.error = redact_text(result.error)
        return result

    def _wait_before_retry(self, exc: FetchError, attempt: int, url: str) -> bool:
        """Sleep before the next attempt; False when the server asks for a longer wait than allowed.

        A Retry-After is applied to the whole host through politeness (other feeds of the host
        wait too), so the next attempt's slot does the waiting. Otherwise: full jitter,
        uniform(0, min(cap, base * 2**(attempt-1))), which spreads retries of many clients.
        """
        if exc.retry_after is not None:
            if exc.retry_after > self.config.max_retry_after:
                self.politeness.pause(host_key(url), exc.retry_after)
                return False
            self.politeness.defer(host_key(url), exc.retry_after)
            return True
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * (2 ** (attempt - 1)))
        self._sleep(self._rng.uniform(0, ceiling))
        return True

    def _attempt(self, url: str, headers: dict[str, str], max_bytes: int, result: FetchResult,
                 auth: tuple[str, str] | None = None) -> None:
        """One attempt: follow redirects by hand, each hop inside its host's politeness slot."""
        deadline: float | None = None
        current, chain = url, []
        result.redirects = []
        origin = host_key(url)
        while True:
            result.final_url = current
            host = host_key(current)
            if chain and netguard.active() and (refused := netguard.refusal(current)):
                raise FetchError(f"redirect {refused}", retryable=False, http_status=result.http_status)
            paused = self.politeness.paused_for(host)
            if paused > self.config.max_retry_after:
                raise FetchError(f"host {host} asked to wait {paused:.0f}s (Retry-After); not asked again yet",
                                 retryable=False, retry_after=paused)
            try:
                self.politeness.acquire(host, timeout=self.config.slot_timeout)
            except TimeoutError as exc:  # the host was saturated by other workers for too long
                raise FetchError(str(exc), retryable=False) from exc
            try:
                if deadline is None:  # the deadline covers the network, not our own queueing
                    deadline = time.monotonic() + self.config.total_timeout
                location = self._request(current, headers, max_bytes, deadline, result,
                                         auth if host == origin else None)
            finally:
                self.politeness.release(host)
            if location is None:
                return
            chain.append(current)
            target = urljoin(current, location)
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise FetchError(f"redirect to unsupported URL {target!r}", retryable=False,
                                 http_status=result.http_status)
            if target in chain:
                raise FetchError("redirect loop: " + " -> ".join(chain + [target]), retryable=False,
                                 http_status=result.http_status)
            if len(chain) > self.config.max_redirects:
                raise FetchError(f"too many redirects (more than {self.config.max_redirects}): "
                                 + " -> ".join(chain + [target]), retryable=False, http_status=result.http_status)
            result.redirects = list(chain)
            current = target

    def _request(self, url: str, headers: dict[str, str], max_bytes: int, deadline: float,
                 result: FetchResult, auth: tuple[str, str] | None = None) -> str | None:
        """Send one GET and handle its answer; returns a redirect Location, or None when done."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"deadline of {self.config.total_timeout:g}s exceeded", retryable=False)
        netguard.take_refused()
        try:
            with netguard.deadline(deadline), self.session.get(
                    url, headers=headers, stream=True, allow_redirects=False, auth=auth,
                    timeout=(min(self.config.connect_timeout, remaining), min(self.config.read_timeout, remaining))
            ) as resp:
                result.http_status = resp.status_code
                if resp.status_code in REDIRECT_CODES and resp.headers.get("Location"):
                    return resp.headers["Location"]
                self._check_status(resp)
                result.content_type = resp.headers.get("Content-Type", "")
                result.etag = resp.headers.get("ETag")
                result.last_modified = resp.headers.get("Last-Modified")
                result.cache_seconds = cache_seconds_from_headers(resp.headers)
                if resp.status_code == 304:
                    result.status, result.body = "not_modified", b""
                    return None
                result.body = self._read_body(resp, max_bytes, deadline, result)
                result.status = "ok"
                return None
        except FetchError:
            raise
        except requests.exceptions.ConnectTimeout as exc:
            raise FetchError(f"connect timeout: {exc}", retryable=True) from exc
        except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, socket.timeout) as exc:
            if time.monotonic() >= deadline - 0.01:
                raise FetchError(f"deadline of {self.config.total_timeout:g}s exceeded", retryable=False) from exc
            raise FetchError(f"read timeout: {exc}", retryable=True) from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema, requests.exceptions.InvalidHeader) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", retryable=False) from exc
        except (requests.RequestException, urllib3.exceptions.HTTPError,
                http.client.HTTPException, OSError) as exc:
            refused = netguard.take_refused()
            if refused:
                raise FetchError(refused, retryable=False) from exc
            if time.monotonic() >= deadline - 0.01:
                raise FetchError(f"deadline of {self.config.total_timeout:g}s exceeded (before the response "
                                 "headers were complete)", retryable=False) from exc
            raise FetchError(f"connection error: {type(exc).__name__}: {exc}", retryable=True) from exc

    @staticmethod
    def _check_status(resp: requests.Response) -> None:
        """Turn an error status into a FetchError saying whether a retry can help."""
        code = resp.status_code
        if code < 300 or code == 304:
            return
        retry_after = parse_retry_after(resp.headers.get("Retry-After")) if code in (429, 503) else None
        if code >= 500 or code in RETRY_CODES:
            raise FetchError(f"HTTP {code}", retryable=True, http_status=code, retry_after=retry_after)
        if 300 <= code < 400:
            raise FetchError(f"HTTP {code} without a Location", retryable=False, http_status=code)
        raise FetchError(f"HTTP {code}", retryable=False, http_status=code)

    def _read_body(self, resp: requests.Response, max_bytes: int, deadline: float,
                   result: FetchResult) -> bytes:
        """Read the raw stream in chunks until EOF, the size cap, or the deadline.

        `read1` returns what one socket read gives, so the deadline is checked often even
        when the server drips; the socket timeout is also shrunk to what is left of it.
        """
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"body larger than the cap of {max_bytes} bytes (Content-Length {declared})",
                             retryable=False, http_status=resp.status_code)
        decoder = CappedDecoder(resp.headers.get("Content-Encoding", ""), max_bytes)
        raw = resp.raw
        result.bytes_received = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(f"deadline of {self.config.total_timeout:g}s exceeded while reading "
                                 f"({result.bytes_received} bytes in)", retryable=False, http_status=resp.status_code)
            _set_socket_timeout(raw, min(self.config.read_timeout, remaining))
            chunk = raw.read1(self.config.chunk_size, decode_content=False)
            if not chunk:
                break
            result.bytes_received += len(chunk)
            decoder.feed(chunk)
        return decoder.finish()


def _set_socket_timeout(raw: object, seconds: float) -> None:
    """Shrink the live socket's timeout so one blocking read cannot outlast the deadline."""
    conn = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(0.001, seconds))
        except OSError:
            pass
