"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds, via feedparser (bytes only: it never fetches).

Item description goes to `summary`, full content (content:encoded, Atom content) to `body`.
FeedBurner's origLink is preferred over its redirect link. Dublin Core creator/language/subject
and media:* are read through feedparser's normalised keys. The entity check of `safexml` runs
first, because feedparser's XML backend is not ours to configure.
"""
from __future__ import annotations

import datetime as dt
import re
import time

from scrapers import safexml
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_ROOTS = {"rss", "RDF", "feed", "channel"}


class RSSParser:
    """RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 feeds."""

    name = "rss"

    def can_parse(self, data: bytes) -> bool:
        root, rest = safexml.sniff_root(data)
        if root == "RDF":
            return b"purl.org/rss" in data[:4096] or b"<item" in data[:65536] or b"<channel" in data[:65536]
        return root in ("rss", "feed", "channel")

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        if len(data) > safexml.MAX_BYTES:
            raise ParseError(f"feed of {len(data)} bytes exceeds the {safexml.MAX_BYTES}-byte limit")
        try:
            safexml.check_entities(safexml.decode_xml(data[:2_100_000]))
        except ValueError as exc:
            raise ParseError(str(exc)) from None
        import feedparser

        feed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
        if not feed.entries:
            reason = str(getattr(feed, "bozo_exception", "") or "no items")
            if feed.get("bozo") or not feed.feed:
                raise ParseError(f"feed could not be parsed: {reason}")
            return []
        if feed.get("bozo") and isinstance(feed.get("bozo_exception"), Exception) and _fatal(feed.bozo_exception):
            raise ParseError(f"feed is not well-formed: {feed.bozo_exception}")
        lang = (feed.feed.get("language") or "")
        out = []
        for e in feed.entries:
            out.append(self._entry(e, lang, source, feed.feed))
        return out

    def _entry(self, e, feed_lang: str, source: str, chan) -> Article:
        a = Article(format=self.name, source=source)
        a.url = e.get("feedburner_origlink") or e.get("link") or ""
        if not a.url.lower().startswith(("http://", "https://")):
            a.url = ""
        a.guid = e.get("id") or a.url
        a.headline = e.get("title") or ""
        summary = e.get("summary") or ""
        contents = [c.get("value", "") for c in e.get("content") or [] if c.get("value")]
        body = max(contents, key=len) if contents else ""
        if body and body.strip() == summary.strip():
            summary = ""
        a.body, a.summary = body, summary
        a.byline = e.get("author") or ""
        a.published = _dt(e.get("published_parsed")) or _dt(e.get("updated_parsed"))
        a.updated = _dt(e.get("updated_parsed"))
        a.language = e.get("language") or next((c.get("language") for c in e.get("content") or [] if c.get("language")), "") \
            or feed_lang
        for t in e.get("tags") or []:
            term = (t.get("term") or "").strip()
            if term:
                a.subjects.append(Subject(code=term, name=t.get("label") or "", scheme=t.get("scheme") or "category"))
        media = [m.get("url") for m in (e.get("media_content") or []) + (e.get("media_thumbnail") or []) if m.get("url")]
        if media:
            a.extra["media"] = media
        if e.get("media_credit"):
            a.extra["media_credit"] = e.get("media_credit")
        return a


def _fatal(exc: Exception) -> bool:
    """feedparser recovers from most errors (bozo); only truly broken documents are refused."""
    name = type(exc).__name__
    return name in ("SAXParseException",) and "undefined entity" not in str(exc)


def _dt(value: time.struct_time | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        return None
