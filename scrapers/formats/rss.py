"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: an lxml fast path, feedparser for everything else.

Well-formed UTF-8 feeds in the common dialects are read with lxml through `safexml` and give
exactly the records feedparser would (`_rss_strict` says which documents qualify and parses them,
`_rss_fast` reads their entries); anything else goes to feedparser (bytes only: it never fetches).

Item description goes to `summary`, full content (content:encoded, Atom content) to `body`.
FeedBurner's origLink is preferred over its redirect link. Dublin Core creator/language/subject
and media:* are read through feedparser's normalised keys. The entity check of `safexml` runs
first, because feedparser's XML backend is not ours to configure.
"""
from __future__ import annotations

import datetime as dt
import time

from scrapers import safexml
from scrapers.formats._rss_fast import fast_entries
from scrapers.formats._rss_strict import forget, strict_root
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

__all__ = ["RSSParser", "forget", "strict_root"]  # the last two for recover.parse_payload

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
        fast = fast_entries(data)
        if fast is not None:
            entries, lang = fast
            return [_article(e, lang, source) for e in entries]
        return self.parse_feedparser(data, source)

    def parse_feedparser(self, data: bytes, source: str = "") -> list[Article]:
        """The general path: feedparser, for every dialect and for broken feeds."""
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
        return [_article(e, lang, source) for e in feed.entries]


def _article(e, feed_lang: str, source: str) -> Article:
    """An Article from a feedparser entry (or the fast path's equivalent of one)."""
    get = e.get
    a = Article(format=RSSParser.name, source=source)
    url = get("feedburner_origlink") or get("link") or ""
    a.url = url = url if url.lower().startswith(("http://", "https://")) else ""
    a.guid = get("id") or url
    a.headline = get("title") or ""
    summary = get("summary") or ""
    content = get("content") or ()
    body = ""
    if content:
        contents = [c.get("value", "") for c in content if c.get("value")]
        body = max(contents, key=len) if contents else ""
        if body and body.strip() == summary.strip():
            summary = ""
    a.body, a.summary = body, summary
    a.byline = get("author") or ""
    published, updated = get("published_parsed"), get("updated_parsed")
    a.updated = _dt(updated)
    a.published = (a.updated if published is updated else _dt(published)) or a.updated
    language = get("language")
    if not language:
        language = next((c.get("language") for c in content if c.get("language")), "")
    a.language = language or feed_lang
    for t in get("tags") or ():
        term = (t.get("term") or "").strip()
        if term:
            a.subjects.append(Subject(code=term, name=t.get("label") or "", scheme=t.get("scheme") or "category"))
    if "media_content" in e or "media_thumbnail" in e:
        media = [m.get("url") for m in (get("media_content") or []) + (get("media_thumbnail") or []) if m.get("url")]
        if media:
            a.extra["media"] = media
    if get("media_credit"):
        a.extra["media_credit"] = get("media_credit")
    return a


def _fatal(exc: Exception) -> bool:
    """feedparser recovers from most errors (bozo); only truly broken documents are refused."""
    name = type(exc).__name__
    return name in ("SAXParseException",) and "undefined entity" not in str(exc)


def _dt(value: time.struct_time | dt.datetime | None) -> dt.datetime | None:
    """feedparser's UTC 9-tuple as an aware datetime (the fast path gives plain RFC 822 dates as one)."""
    if not value:
        return None
    if type(value) is dt.datetime:
        return value
    try:
        return dt.datetime(*value[:6], tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        return None
