"""A scripted loopback HTTP server for the fetch tests.

Each path maps to a function `handler(req, n)` that writes the whole answer itself
(`req` is the BaseHTTPRequestHandler, `n` the 1-based hit count of that path), so a
test can misbehave freely: drip bytes, drop the connection, stream 2 GB, redirect in a loop.
The server records every request (time, path, headers) and the most requests it ever
had in flight at once — the measure of per-host concurrency.
"""
from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler, int], None]


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]


def send(req: BaseHTTPRequestHandler, status: int = 200, body: bytes = b"",
         headers: dict[str, str] | None = None) -> None:
    """A complete response with a Content-Length."""
    req.send_response(status)
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    if body:
        req.wfile.write(body)


def send_chunked(req: BaseHTTPRequestHandler, chunks, headers: dict[str, str] | None = None) -> int:
    """Stream `chunks` with chunked transfer encoding; returns bytes written before the client left."""
    req.send_response(200)
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.send_header("Transfer-Encoding", "chunked")
    req.end_headers()
    sent = 0
    try:
        for chunk in chunks:
            req.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        req.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        req.close_connection = True
    return sent


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Clients that hang up mid-keep-alive are expected here (caps, deadlines)."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class ScriptedServer:
    """ThreadingHTTPServer on 127.0.0.1 with per-path scripts; a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.log: list[Hit] = []
        self.inflight = 0
        self.max_inflight = 0
        self.lock = threading.Lock()
        self.stats: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - stdlib name
                path = self.path
                with server.lock:
                    server.hits[path] += 1
                    n = server.hits[path]
                    server.log.append(Hit(time.monotonic(), path, dict(self.headers)))
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                try:
                    route = server.routes.get(path) or server.routes.get("*")
                    if route is None:
                        send(self, 404, b"not found")
                    else:
                        route(self, n)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    with server.lock:
                        server.inflight -= 1

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = _QuietServer((host, 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, handler: Route) -> None:
        self.routes[path] = handler

    def times(self, path: str) -> list[float]:
        return [hit.at for hit in self.log if hit.path == path]

    def __enter__(self) -> "ScriptedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
