"""The one registry of wire-format parsers, in detection order, and the never-raising entry point.

Detection is by content only (root element, control characters, JSON keys), never by file
name. Order matters where formats overlap: WordPress exports (RSS with wp: records) before RSS,
the XML formats before the HTML page parser (XHTML), ANPA 1312 before IPTC 7901 (both start
with SOH), AP's JSON before ninjs (AP's sniff only takes AP's own documents).
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable

from scrapers.formats.base import ParseError, Parser
from scrapers.record import Article, ParseFailure

log = logging.getLogger(__name__)


@functools.cache
def parsers() -> list[Parser]:
    """All parsers in detection order (imported lazily so format modules stay independent)."""
    from scrapers.formats.anpa1312 import ANPA1312Parser
    from scrapers.formats.ap_json import APJSONParser
    from scrapers.formats.html_page import HTMLPageParser
    from scrapers.formats.iptc7901 import IPTC7901Parser
    from scrapers.formats.newsml12 import NewsML12Parser
    from scrapers.formats.newsml_g2 import NewsMLG2Parser
    from scrapers.formats.ninjs import NINJSParser
    from scrapers.formats.nitf import NITFParser
    from scrapers.formats.ritzau import RitzauParser
    from scrapers.formats.rss import RSSParser
    from scrapers.formats.wxr import WXRParser

    return [WXRParser(), RSSParser(), NewsMLG2Parser(), NewsML12Parser(), NITFParser(), RitzauParser(),
            APJSONParser(), NINJSParser(), ANPA1312Parser(), IPTC7901Parser(), HTMLPageParser()]


def __getattr__(name: str):
    if name == "PARSERS":
        return parsers()
    raise AttributeError(name)


def detect(data: bytes) -> Parser | None:
    """The first registered parser whose content sniff accepts `data`, or None."""
    for parser in parsers():
        try:
            if parser.can_parse(data):
                return parser
        except Exception:  # noqa: BLE001 - a sniff must never break detection
            log.debug("can_parse failed for %s", parser.name, exc_info=True)
    return None


def parse_bytes(data: bytes, source: str = "", published_hint: dt.datetime | None = None,
                feed_language: str = "", feed_timezone: str = "",
                before_normalise: Callable[[Article], Article] | None = None) -> list[Article | ParseFailure]:
    """Detect, parse and normalise; never raises. A bad file gives [ParseFailure(...)].

    `before_normalise` sees each parsed story first (the repair path takes its marks out there)."""
    from scrapers.normalise import detect_languages, normalise

    if not data or not data.strip():
        return [ParseFailure(source=source, error="empty input", format="")]
    parser = detect(data)
    if parser is None:
        return [ParseFailure(source=source, error="unknown format: no parser recognised the content")]
    try:
        articles = parser.parse(data, source=source)
    except ParseError as exc:
        return [ParseFailure(source=source, error=str(exc), format=parser.name)]
    except Exception as exc:  # noqa: BLE001 - any parser bug becomes an error record
        log.warning("parser %s crashed on %s", parser.name, source, exc_info=True)
        return [ParseFailure(source=source, error=f"{type(exc).__name__}: {exc}", format=parser.name)]
    if not articles:
        return [ParseFailure(source=source, error="no stories found", format=parser.name)]
    out: list[Article | ParseFailure] = []
    pending: list[tuple[Article, str]] = []  # stories whose language is detected after the loop
    for art in articles:
        try:
            if before_normalise is not None:
                art = before_normalise(art)
            out.append(normalise(art, published_hint=published_hint, feed_language=feed_language,
                                 feed_timezone=feed_timezone, detect_later=pending))
        except Exception as exc:  # noqa: BLE001
            out.append(ParseFailure(source=source, error=f"normalise failed: {exc}", format=parser.name,
                                    guid=art.guid))
    if failed := detect_languages(pending):
        out = [ParseFailure(source=source, error=f"normalise failed: {failed[id(rec)]}", format=parser.name,
                            guid=rec.guid) if id(rec) in failed else rec for rec in out]
    return out


__all__ = ["parsers", "ParseError", "Parser", "detect", "parse_bytes"]
