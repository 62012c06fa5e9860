"""Connection-level guards for the fetcher: one deadline for the whole response, and no page
fetch to internal addresses.

requests' timeouts are per socket operation: a server that sends its status line and headers one
byte a second never trips the read timeout, so a response could take for ever before the body
(where `Fetcher._read_body` checks its deadline) even starts. Here each connection arms a timer
at the request's deadline while it waits for the headers; when it fires the socket is shut down
and the wait ends with an error.

Article pages are fetched from links found in untrusted feed content, so such a link could point
the fetcher at the machine itself, the local network or a cloud metadata endpoint. While a guard
is active (`guarded(allowed_hosts)`), every hop is checked after DNS resolution
(`refusal(url)`) and every new connection is checked against the address it actually reached
(no DNS-rebinding gap): loopback, private, link-local, multicast and reserved addresses are
refused unless the feeds file allows the host (`allow_private_hosts`).
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests.adapters
from urllib3 import connection as u3conn
from urllib3 import connectionpool

_local = threading.local()


class AddressRefused(OSError):
    """A guarded fetch reached (or would reach) an internal address."""


def _is_internal(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


@contextmanager
def guarded(allowed_hosts: tuple[str, ...] | list[str] = ()) -> Iterator[None]:
    """Refuse internal addresses in this thread's fetches, except for `allowed_hosts`."""
    previous = getattr(_local, "allowed", None)
    _local.allowed = {h.lower().strip("[]") for h in allowed_hosts}
    _local.refused = ""
    try:
        yield
    finally:
        _local.allowed = previous


def active() -> bool:
    return getattr(_local, "allowed", None) is not None


def refusal(url: str) -> str:
    """Why a guarded fetch may not go to `url` ('' when it may), resolving its host name."""
    allowed = getattr(_local, "allowed", None)
    if allowed is None:
        return ""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return f"no host in {url!r}"
    if host in allowed:
        return ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve {host}: {exc}"
    for info in infos:
        address = str(info[4][0])
        if _is_internal(address):
            return f"refused: {host} resolves to the internal address {address} (not in allow_private_hosts)"
    return ""


def take_refused() -> str:
    """The refusal a connection raised in this thread (once), for the error message."""
    reason = getattr(_local, "refused", "")
    _local.refused = ""
    return reason


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Responses started in this thread must have their headers by `at` (time.monotonic())."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = at
    try:
        yield
    finally:
        _local.deadline = previous


def _check_peer(host: str, sock: socket.socket) -> None:
    allowed = getattr(_local, "allowed", None)
    if allowed is None or host.lower().strip("[]").rstrip(".") in allowed:
        return
    peer = str(sock.getpeername()[0])
    if _is_internal(peer):
        sock.close()
        _local.refused = f"refused: {host} connected to the internal address {peer} (not in allow_private_hosts)"
        raise AddressRefused(_local.refused)


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Guarded:
    """Mixed into urllib3's connection classes: the peer check and the header deadline."""

    def _new_conn(self):  # type: ignore[no-untyped-def]
        sock = super()._new_conn()  # type: ignore[misc]
        _check_peer(self.host, sock)  # type: ignore[attr-defined]
        return sock

    def getresponse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        at = getattr(_local, "deadline", None)
        sock = getattr(self, "sock", None)
        timer = None
        if at is not None and sock is not None:
            timer = threading.Timer(max(0.0, at - time.monotonic()), _shutdown, (sock,))
            timer.daemon = True
            timer.start()
        try:
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]
        finally:
            if timer is not None:
                timer.cancel()


class _HTTPConnection(_Guarded, u3conn.HTTPConnection):
    pass


class _HTTPSConnection(_Guarded, u3conn.HTTPSConnection):
    pass


class _HTTPPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class GuardedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with the guarded connection classes; mount it for http:// and https://."""

    def init_poolmanager(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
