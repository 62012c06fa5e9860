"""Poll 500 feeds on 20 loopback hosts at the configured politeness; print the rate as a ratio to
a bare client measured in the same run, and peak memory.

The 20 "hosts" are ThreadingHTTPServers on 127.0.0.1 … 127.0.0.20 in a child process (so the
client's memory figure is the client's alone). Each serves 25 RSS feeds of 30–200 KB, gzip-
compressed when asked (as real servers do), with an ETag, after a small simulated server time.
The client is what Airflow runs: one worker per host (one mapped task per host), all sharing
one Fetcher, feeds of a host polled one after another.

Round 1 fetches everything (200s); round 2 sends the ETags back (304s), like the next poll.

The limit, measured in the same run: a bare `requests` session per host making the same requests
in the same order (ETags, gzip) and waiting the same minimum delay between request starts, with
none of the project's machinery (politeness bookkeeping, deadlines, capped decoding, retries).
Each round's rate is printed as a ratio to the limit's, min / median / max over `--runs`.

    .venv/bin/python bench/poll_bench.py                  # default politeness (FetchConfig())
    .venv/bin/python bench/poll_bench.py --min-delay 0    # raw throughput, no per-host delay
    .venv/bin/python bench/poll_bench.py --runs 1         # one run (default 3)
"""
from __future__ import annotations

import argparse
import gzip
import multiprocessing as mp
import random
import resource
import statistics
import sys
import threading
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from scrapers.fetch import FetchConfig, Fetcher, FetchResult  # noqa: E402
from scrapers.politeness import Politeness  # noqa: E402

WORDS = ("minister government talks agency reported said official capital city economy market "
         "president election security council police court trade oil prices week statement "
         "foreign ministry border agreement parliament vote crisis energy bank rates").split()


def make_feed(seed: int, size: int) -> bytes:
    """An RSS document of about `size` bytes with news-like text (compresses like real feeds)."""
    rng = random.Random(seed)
    items, total, i = [], 0, 0
    while total < size:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 160)))
        item = (f"<item><title>Story {seed}-{i}</title><link>https://news.example/{seed}/{i}</link>"
                f"<guid>{seed}-{i}</guid><pubDate>Wed, 01 May 2024 12:{i % 60:02d}:00 GMT</pubDate>"
                f"<description>{text}</description></item>\n")
        items.append(item)
        total += len(item)
        i += 1
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>bench</title>\n"
            + "".join(items) + "</channel></rss>\n").encode()


def serve(hosts: int, feeds_per_host: int, latency: float, ready: mp.Queue, stop: mp.Event) -> None:
    """Child process: start the servers, report their base URLs, serve until told to stop."""
    bodies: dict[str, tuple[bytes, bytes, str]] = {}
    rng = random.Random(42)
    for f in range(feeds_per_host):
        raw = make_feed(f, rng.randint(30_000, 200_000))
        bodies[f"/feed/{f}.xml"] = (raw, gzip.compress(raw, 6), f'"{f}-v1"')

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            entry = bodies.get(self.path)
            time.sleep(latency)
            if entry is None:
                self._send(404, b"", {})
                return
            raw, packed, etag = entry
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", {"ETag": etag})
            elif "gzip" in (self.headers.get("Accept-Encoding") or ""):
                self._send(200, packed, {"ETag": etag, "Content-Encoding": "gzip",
                                         "Content-Type": "application/rss+xml"})
            else:
                self._send(200, raw, {"ETag": etag, "Content-Type": "application/rss+xml"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    servers = []
    for h in range(hosts):
        httpd = ThreadingHTTPServer((f"127.0.0.{h + 1}", 0), Handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    raw_total = sum(len(b[0]) for b in bodies.values()) * hosts
    wire_total = sum(len(b[1]) for b in bodies.values()) * hosts
    ready.put(([f"http://{s.server_address[0]}:{s.server_address[1]}" for s in servers], raw_total, wire_total))
    stop.wait()
    for s in servers:
        s.shutdown()


def poll_round(fetcher: Fetcher, bases: list[str], feeds_per_host: int,
               etags: dict[str, str | None]) -> tuple[float, list[FetchResult]]:
    """One poll of every feed: a worker per host, the host's feeds in sequence."""
    def host_batch(base: str) -> list[FetchResult]:
        out = []
        for f in range(feeds_per_host):
            url = f"{base}/feed/{f}.xml"
            res = fetcher.fetch(url, etag=etags.get(url))
            etags[url] = res.etag
            res.body = b""  # the pipeline stores and drops each body; do not keep 500 in memory here
            out.append(res)
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(bases)) as pool:
        results = [r for batch in pool.map(host_batch, bases) for r in batch]
    return time.perf_counter() - start, results


def bare_round(bases: list[str], feeds_per_host: int, etags: dict[str, str | None],
               min_delay: float) -> float:
    """The limit: the same requests with a plain session per host, the same delay between starts."""
    def host_batch(base: str) -> None:
        with requests.Session() as session:
            next_start = 0.0
            for f in range(feeds_per_host):
                time.sleep(max(0.0, next_start - time.monotonic()))
                next_start = time.monotonic() + min_delay
                url = f"{base}/feed/{f}.xml"
                headers = {"If-None-Match": etags[url]} if etags.get(url) else {}
                resp = session.get(url, headers=headers, timeout=30)
                resp.content  # noqa: B018 - read (and gunzip) the body, as the fetcher does
                etags[url] = resp.headers.get("ETag")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(bases)) as pool:
        list(pool.map(host_batch, bases))
    return time.perf_counter() - start


def one_run(bases: list[str], per_host: int, args: argparse.Namespace) -> list[tuple[str, float, float, dict]]:
    """(round, project wall, limit wall, statuses) for the full and the conditional round."""
    config = FetchConfig(min_delay_per_host=args.min_delay, max_per_host=args.max_per_host)
    fetcher = Fetcher(config, politeness=Politeness(args.min_delay, args.max_per_host))
    etags: dict[str, str | None] = {}
    bare_etags: dict[str, str | None] = {}
    out = []
    try:
        for name in ("full (200)", "conditional (304)"):
            wall, results = poll_round(fetcher, bases, per_host, etags)
            statuses: dict[str, int] = {}
            for r in results:
                statuses[r.status] = statuses.get(r.status, 0) + 1
            out.append((name, wall, bare_round(bases, per_host, bare_etags, args.min_delay), statuses))
    finally:
        fetcher.close()
    return out


def main() -> None:
    defaults = FetchConfig()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--feeds", type=int, default=500, help="total feeds, spread evenly over the hosts")
    ap.add_argument("--min-delay", type=float, default=defaults.min_delay_per_host)
    ap.add_argument("--max-per-host", type=int, default=defaults.max_per_host)
    ap.add_argument("--latency-ms", type=float, default=20.0, help="simulated server time per request")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tracemalloc", action="store_true", help="also report Python-heap peak (slower)")
    args = ap.parse_args()
    per_host = max(1, args.feeds // args.hosts)

    ctx = mp.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=serve, args=(args.hosts, per_host, args.latency_ms / 1000, ready, stop), daemon=True)
    proc.start()
    bases, raw_total, wire_total = ready.get(timeout=120)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.tracemalloc:
        tracemalloc.start()
    try:
        runs = [one_run(bases, per_host, args) for _ in range(args.runs)]
    finally:
        stop.set()
        proc.join(10)
    heap_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

    n = args.hosts * per_host
    print(f"poll_bench: {n} feeds on {args.hosts} loopback hosts ({per_host} per host), "
          f"bodies {raw_total / n / 1024:.0f} KB average ({wire_total / n / 1024:.0f} KB gzip on the wire), "
          f"server time {args.latency_ms:g} ms")
    print(f"politeness: min delay {args.min_delay:g} s per host, at most {args.max_per_host} in flight per host; "
          f"{args.hosts} workers (one per host)")
    print(f"rate as a ratio to the bare client's in the same run, min / median / max of {len(runs)} runs:")
    for i, name in enumerate(("full (200)", "conditional (304)")):
        ratios = sorted(run[i][2] / run[i][1] for run in runs)
        wall = statistics.median(run[i][1] for run in runs)
        limit = statistics.median(run[i][2] for run in runs)
        print(f"  round {name:18s} {ratios[0]:.2f} / {statistics.median(ratios):.2f} / {ratios[-1]:.2f}   "
              f"(median {n / wall:.1f} req/s, wall {wall:.2f} s; limit {n / limit:.1f} req/s)   "
              f"statuses {runs[-1][i][3]}")
    print(f"peak RSS of the client process: {rss_peak / 1024:.1f} MB (before polling {rss_before / 1024:.1f} MB)")
    if heap_peak is not None:
        print(f"peak Python heap while polling (tracemalloc): {heap_peak / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
