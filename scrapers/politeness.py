"""Per-host politeness: a minimum delay between requests and a cap on concurrent requests.

Every request to a host (feeds, article pages, robots.txt, redirect hops) goes through
`Politeness.slot(host)`, so all feeds of one host share the same limits however many
threads fetch them. A server that answers 429/503 with Retry-After can push the whole
host back with `defer()`, not only the one request that got the answer.

Limits are per process: Airflow keeps cross-process politeness with pools (one mapped
task per host), this class keeps it inside the task.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapers.httpdate import parse_http_date

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str:
    """The politeness key of a URL: lower-case host, plus the port when it is not the default.

    An origin's port is part of it (as for robots.txt): two services on one machine on
    different ports are kept apart, and the loopback tests can run many "hosts" on 127.0.0.1.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad.

    Dates in the past give 0: the server allows a retry now.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = parse_http_date(value)
    if when is None:
        return None
    now_ts = time.time() if now is None else now
    return max(0.0, when.timestamp() - now_ts)


@dataclass
class _HostState:
    semaphore: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0  # monotonic time before which no new request may start
    paused_until: float = 0.0  # a Retry-After too long to wait in-process: the host is not asked before
    min_delay: float = 0.0
    active: int = 0


class Politeness:
    """Thread-safe per-host limits shared by every fetch in this process that uses the instance.

    `min_delay` is the minimum time between the *starts* of two requests to one host;
    `max_per_host` the most requests in flight to one host at once.
    """

    def __init__(self, min_delay: float = 1.0, max_per_host: int = 2,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if max_per_host < 1:
            raise ValueError("max_per_host must be at least 1")
        self.min_delay = max(0.0, min_delay)
        self.max_per_host = max_per_host
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()

    def _state(self, host: str) -> _HostState:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = _HostState(threading.BoundedSemaphore(self.max_per_host), min_delay=self.min_delay)
                self._hosts[host] = state
            return state

    def set_min_delay(self, host: str, seconds: float) -> None:
        """Raise one host's delay (robots.txt Crawl-delay); never lowers it below the default."""
        state = self._state(host)
        with state.lock:
            state.min_delay = max(self.min_delay, seconds)

    def defer(self, host: str, seconds: float) -> None:
        """No new request to `host` starts for `seconds` (Retry-After applies to the whole host)."""
        state = self._state(host)
        with state.lock:
            state.next_start = max(state.next_start, self._clock() + max(0.0, seconds))

    def pause(self, host: str, seconds: float) -> None:
        """The host asked for a wait longer than we sleep in-process: nobody asks it before then."""
        state = self._state(host)
        with state.lock:
            state.paused_until = max(state.paused_until, self._clock() + max(0.0, seconds))

    def paused_for(self, host: str) -> float:
        """Seconds left of a `pause` of `host` (0 when it is not paused)."""
        state = self._state(host)
        with state.lock:
            return max(0.0, state.paused_until - self._clock())

    def _reserve_start(self, state: _HostState) -> float:
        """Book the next start time for this host and return how long to sleep until it."""
        with state.lock:
            now = self._clock()
            start = max(now, state.next_start)
            state.next_start = start + state.min_delay
            return start - now

    def acquire(self, host: str, timeout: float | None = None) -> None:
        """Take one of the host's concurrency slots, then wait until its min delay allows a start.

        The slot is taken first and the delay waited inside it, so a thread that sleeps
        does not let a later thread overtake it. `timeout` bounds the wait for a slot
        (TimeoutError when it runs out), so that a stuck host cannot block a worker forever.
        Pair every successful call with `release(host)`.
        """
        state = self._state(host)
        if not state.semaphore.acquire(timeout=timeout if timeout is not None else -1):
            raise TimeoutError(f"no free politeness slot for {host} within {timeout:.1f}s")
        with state.lock:
            state.active += 1
        try:
            wait = self._reserve_start(state)
            if wait > 0:
                self._sleep(wait)
        except BaseException:
            self.release(host)
            raise

    def release(self, host: str) -> None:
        """Give back a slot taken by `acquire`."""
        state = self._state(host)
        with state.lock:
            state.active -= 1
        state.semaphore.release()

    @contextmanager
    def slot(self, host: str, timeout: float | None = None) -> Iterator[None]:
        """`acquire` / `release` as a context manager."""
        self.acquire(host, timeout)
        try:
            yield
        finally:
            self.release(host)

    def active(self, host: str) -> int:
        """Requests to `host` in flight now (for tests and metrics)."""
        state = self._state(host)
        with state.lock:
            return state.active


_shared: dict[tuple[float, int], Politeness] = {}
_shared_lock = threading.Lock()


def shared_politeness(min_delay: float, max_per_host: int) -> Politeness:
    """The process-wide instance for these limits: Fetchers built with the same config share hosts.

    This keeps the limits right even when a caller builds one Fetcher per feed by mistake.
    """
    key = (float(min_delay), int(max_per_host))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Politeness(min_delay, max_per_host)
        return _shared[key]
