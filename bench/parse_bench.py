"""Parse throughput per format as a ratio to a limit measured in the same run, min/median/max of 3.

Usage: .venv/bin/python bench/parse_bench.py [--seconds 1.0] [--runs 3]

For every fixture file (and a generated 1,000-item RSS 2.0 feed) three rates are measured back to
back: the limit (lxml parsing the same bytes, each element visited: `etree.iterparse`; for JSON
`json.loads`, for wire text a split into lines), the parser alone, and parse + normalise
(`parse_bytes`). Printed: parse / limit and parse+normalise / limit, min / median / max over the
runs, then the median records/s. The machine is shared, so only the ratios compare across runs.
An article page is also timed against `trafilatura.extract` on the same bytes, text only and with
metadata (issue 15: the page parser parses once, asks trafilatura for the text, and for its metadata
search only when the page's own tags leave a field such as the byline empty).
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

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


def limit(data: bytes) -> int:
    """The floor any parser of these bytes pays: lxml (or json / a line split) reading them."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return len(json.loads(data))
    if head == b"<":
        parser = etree.HTMLParser() if b"<html" in data[:2048].lower() else None
        if parser is not None:
            return len(etree.fromstring(data, parser))
        return sum(1 for _ in etree.iterparse(io.BytesIO(data), events=("end",), resolve_entities=False))
    return len(data.decode("latin-1").splitlines())


def rate(func, data: bytes, seconds: float) -> float:
    """Calls per second of func(data), run for about `seconds`."""
    func(data)
    calls, start = 0, time.perf_counter()
    while True:
        func(data)
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return calls / elapsed


def inputs() -> list[tuple[str, bytes]]:
    files = [("generated-1000-items.xml", generated_rss())]
    for d in ("rss", "wire-xml", "wire-text", "html"):
        files += [(p.name, p.read_bytes()) for p in sorted((FIX / d).iterdir()) if p.is_file()]
    return files


def main() -> None:
    from scrapers.formats import detect, parse_bytes

    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=0.3, help="per file, per measurement")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"{'format':<10} {'file':<44} {'recs':>4}  {'parse / limit':>18}  {'+normalise / limit':>18}  {'rec/s':>8}")
    for name, data in inputs():
        parser = detect(data)
        if parser is None:
            continue
        n = len(parser.parse(data, source=name))
        parse, full, rec = [], [], []
        for _ in range(args.runs):
            lim = rate(limit, data, args.seconds)
            p = rate(lambda b: parser.parse(b, source=name), data, args.seconds)
            f = rate(lambda b: parse_bytes(b, source=name), data, args.seconds)
            parse.append(p / lim)
            full.append(f / lim)
            rec.append(f * n)
        print(f"{parser.name:<10} {name[:44]:<44} {n:>4}  {_mmm(parse):>18}  {_mmm(full):>18}  {statistics.median(rec):>8,.0f}")
        if parser.name == "html":
            for label, meta in (("text only", False), ("with metadata", True)):
                print(f"{'':<10} {'  / trafilatura.extract, ' + label:<44} {'':>4}  {_mmm(_vs_extract(parser, data, meta, args)):>18}")


def _vs_extract(parser, data: bytes, metadata: bool, args) -> list[float]:
    """The page parser's rate over trafilatura.extract's on the same bytes, per run: text only
    (its defaults), and with metadata (byline, date, site: the fields the page parser also fills)."""
    import trafilatura

    out = []
    for _ in range(args.runs):
        ext = rate(lambda b: trafilatura.extract(b, with_metadata=metadata, output_format="json"), data, args.seconds)
        out.append(rate(lambda b: parser.parse(b), data, args.seconds) / ext)
    return out


def _mmm(values: list[float]) -> str:
    v = sorted(values)
    return f"{v[0]:.2f}/{statistics.median(v):.2f}/{v[-1]:.2f}"


if __name__ == "__main__":
    main()
