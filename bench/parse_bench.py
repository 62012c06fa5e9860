"""Parse throughput per format, in records per second (parse only, and parse + normalise).

Usage: .venv/bin/python bench/parse_bench.py [--seconds 1.0]
Includes a generated 1,000-item RSS 2.0 file. For RSS the feedparser path (the fallback of the
lxml fast path) is timed on that file too. Figures depend on the machine; they are printed,
not asserted.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIX = ROOT / "tests" / "fixtures"


def generated_rss(n: int = 1000) -> bytes:
    """A 1,000-item RSS 2.0 feed with Dublin Core and media fields."""
    items = []
    for i in range(n):
        items.append(
            f"<item><title>Story number {i} about markets</title>"
            f"<link>https://example.com/news/{i}?utm_source=rss</link><guid isPermaLink='false'>id-{i}</guid>"
            f"<description>&lt;p&gt;LONDON (Reuters) - Shares rose on day {i} as investors weighed data.&lt;/p&gt;</description>"
            f"<pubDate>Mon, 20 Mar 2017 20:{i % 60:02d}:30 -0400</pubDate><dc:creator>Reporter {i}</dc:creator>"
            f"<category>business</category><media:content url='https://example.com/img/{i}.jpg'/></item>")
    return ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/' "
            "xmlns:media='http://search.yahoo.com/mrss/'><channel><title>Bench</title><link>https://example.com/</link>"
            "<description>d</description><language>en</language>" + "".join(items) + "</channel></rss>").encode()


def measure(func, data: bytes, seconds: float) -> tuple[float, int]:
    """(records per second, records per call) running func(data) repeatedly for ~seconds."""
    n_records = len(func(data))
    calls, start = 0, time.perf_counter()
    while True:
        func(data)
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls * n_records / elapsed, n_records


def main() -> None:
    from scrapers.formats import detect, parse_bytes, parsers

    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()
    inputs: dict[str, list[tuple[str, bytes]]] = {}
    for d in ("rss", "wire-xml", "wire-json", "wire-text", "html"):
        for p in sorted((FIX / d).iterdir()):
            data = p.read_bytes()
            parser = detect(data)
            if parser is not None:
                inputs.setdefault(parser.name, []).append((p.name, data))
    inputs.setdefault("rss", []).insert(0, ("generated-1000-items.xml", generated_rss()))
    print(f"{'format':<12} {'file':<46} {'recs':>5} {'parse rec/s':>12} {'+normalise rec/s':>17}")
    for fmt, files in inputs.items():
        parser = next(p for p in parsers() if p.name == fmt)
        totals = []
        for name, data in files:
            rate, n = measure(lambda b: parser.parse(b, source=name), data, args.seconds / max(1, len(files)))
            full, _ = measure(lambda b: parse_bytes(b, source=name), data, args.seconds / max(1, len(files)))
            totals.append((rate, full))
            print(f"{fmt:<12} {name[:46]:<46} {n:>5} {rate:>12,.0f} {full:>17,.0f}")
        print(f"{fmt:<12} {'(mean of files)':<46} {'':>5} {sum(t[0] for t in totals) / len(totals):>12,.0f}"
              f" {sum(t[1] for t in totals) / len(totals):>17,.0f}")
        if hasattr(parser, "parse_feedparser"):  # RSS: the general (feedparser) path, for comparison
            name, data = files[0]
            rate, n = measure(lambda b: parser.parse_feedparser(b, source=name), data, args.seconds)
            print(f"{fmt:<12} {('feedparser path: ' + name)[:46]:<46} {n:>5} {rate:>12,.0f}")


if __name__ == "__main__":
    main()
