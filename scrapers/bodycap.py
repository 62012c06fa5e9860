"""The error of a failed fetch, and reading a response body under a cap on its decoded size.

A gzip or deflate body is decompressed chunk by chunk with a bound on each step's output, so
neither a 2 GB response nor a gzip bomb can exhaust memory (used by `scrapers.fetch`).
"""
from __future__ import annotations

import zlib


class FetchError(Exception):
    """One failed attempt; `retryable` says whether asking again may help."""

    def __init__(self, message: str, retryable: bool, http_status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.http_status = http_status
        self.retry_after = retry_after


class CappedDecoder:
    """Decodes a Content-Encoding stream chunk by chunk, refusing to produce more than `limit` bytes.

    zlib's `max_length` bounds each step's output, so a gzip bomb is stopped after at most
    `limit` + one step of output instead of being inflated in one go.
    """

    def __init__(self, encoding: str, limit: int) -> None:
        enc = (encoding or "").strip().lower()
        if enc not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", retryable=False)
        self.encoding = enc
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if enc in ("gzip", "x-gzip") else None

    def feed(self, data: bytes) -> None:
        if self.encoding in ("", "identity"):
            self._add(data)
            return
        if self._z is None:  # deflate: zlib-wrapped per the RFC, raw deflate from some servers
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        try:
            while data:
                if self._z.eof:  # a second gzip member follows; trailing bytes after deflate are ignored
                    if self.encoding == "deflate":
                        return
                    self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._add(self._z.decompress(data, self.limit - self.size + 1))
                data = self._z.unconsumed_tail or (self._z.unused_data if self._z.eof else b"")
        except zlib.error as exc:
            raise FetchError(f"corrupt {self.encoding} body: {exc}", retryable=False) from exc

    def finish(self) -> bytes:
        if self._z is not None and not self._z.eof and self.encoding != "deflate":
            raise FetchError(f"truncated {self.encoding} body", retryable=True)
        return b"".join(self.parts)

    def _add(self, out: bytes) -> None:
        self.size += len(out)
        if self.size > self.limit:
            what = "decompressed body" if self._z is not None else "body"
            raise FetchError(f"{what} larger than the cap of {self.limit} bytes", retryable=False)
        if out:
            self.parts.append(out)
