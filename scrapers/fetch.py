"""HTTP fetching for feeds and wire endpoints.

First slice: requests with a timeout, a User-Agent, a size cap and conditional GET.
(The politeness layer — per-host limits, retries with backoff, Retry-After — builds on this.)
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

import requests

USER_AGENT = "wirefeed/0.1 (+https://example.invalid/wirefeed; wire-news ingest)"


@dataclass
class FetchConfig:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    user_agent: str = USER_AGENT


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
    cache_seconds: int | None = None  # how long the server says the feed stays fresh


class Fetcher:
    """Fetches URLs; one instance is shared by all feeds of a run."""

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config or FetchConfig()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.config.user_agent

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = FetchResult(url=url, status="failed")
        start = time.monotonic()
        try:
            with self.session.get(url, headers=headers, stream=True,
                                  timeout=(self.config.connect_timeout, self.config.read_timeout)) as resp:
                result.http_status = resp.status_code
                result.final_url = resp.url
                if resp.status_code == 304:
                    result.status = "not_modified"
                elif resp.status_code >= 400:
                    result.error = f"HTTP {resp.status_code}"
                else:
                    result.body = self._read_capped(resp)
                    result.status = "ok"
                    result.content_type = resp.headers.get("Content-Type", "")
                    result.etag = resp.headers.get("ETag")
                    result.last_modified = resp.headers.get("Last-Modified")
        except (requests.RequestException, ValueError) as exc:
            result.error = f"{type(exc).__name__}: {exc}"
        result.duration_ms = int((time.monotonic() - start) * 1000)
        return result

    def _read_capped(self, resp: requests.Response) -> bytes:
        chunks, total = [], 0
        for chunk in resp.iter_content(64 * 1024):
            total += len(chunk)
            if total > self.config.max_bytes:
                raise ValueError(f"response larger than {self.config.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.session.close()
