"""Which feeds the RSS fast path takes, and their strict lxml tree (scrapers.formats._rss_fast).

A document qualifies when it is UTF-8 without a DOCTYPE and its namespace prefixes map one to one
onto namespaces, without redefining one of feedparser's canonical prefixes (feedparser maps names
through the prefix, the fast path through the namespace); it is then parsed strictly through
`safexml`. recover.parse_payload's well-formedness check keeps the tree for the parse that follows.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from scrapers import safexml
from scrapers.formats.base import ParseError

NS_MAP: dict[str, str] = {}  # lower-case namespace URI -> feedparser's canonical prefix
CANONICAL: set[str] = set()
_DECL_RE = re.compile(r"""xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def namespaces() -> dict[str, str]:
    """feedparser's namespace table (NS_MAP), read from feedparser once."""
    if not NS_MAP:
        from feedparser.mixin import _FeedParserMixin

        for uri, prefix in _FeedParserMixin.namespaces.items():
            NS_MAP[uri.lower()] = prefix
        CANONICAL.update(p for p in NS_MAP.values() if p)
    return NS_MAP


_READ = threading.local()  # the tree recover.parse_payload's well-formedness check kept (one per thread)


def strict_root(data: bytes, keep: bool = False):
    """The fast path's strict lxml tree of `data`, or None when the fast path does not take the
    document or it is not well-formed; ParseError when safexml refuses it.

    `keep=True` (recover.parse_payload's well-formedness check) keeps the tree for the parse of
    these very bytes that follows, so a well-formed feed is parsed once, not twice.
    """
    memo = getattr(_READ, "memo", None)
    if memo is not None and memo[0] is data:
        _READ.memo = None
        return memo[1]
    root = _strict_root(data)
    _READ.memo = (data, root) if keep and root is not None else None
    return root


def forget() -> None:
    """Drop a kept tree (the payload is done)."""
    _READ.memo = None


def _declarations(text: str) -> Iterator[re.Match[str]]:
    """_DECL_RE.finditer(text), found a faster way: every match starts with "xmlns", which str.find
    skips to in a C scan far quicker than the regex engine's search (a 1,000-story feed declares
    its namespaces once, on the root, and the search used to walk all 2.5 MB after it)."""
    match, find = _DECL_RE.match, text.find
    i = find("xmlns")
    while i != -1:
        m = match(text, i)
        if m is None:
            i = find("xmlns", i + 1)
        else:
            yield m
            i = find("xmlns", m.end())


def _strict_root(data: bytes):
    if len(data) > safexml.MAX_BYTES:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if safexml.declared_encoding(data) not in ("", "utf-8", "utf8"):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = text[:100_000]
    if "<!DOCTYPE" in head or "<!doctype" in head.lower():
        return None
    # prefixes must name one namespace each (feedparser maps names through the prefix)
    bound: dict[str, str] = {}
    uris: dict[str, str] = {}
    ns_map = namespaces()
    for m in _declarations(text):
        prefix, uri = m.group(1) or "", m.group(2) if m.group(2) is not None else m.group(3)
        if bound.setdefault(prefix, uri) != uri:
            return None
        if prefix and uris.setdefault(uri.lower(), prefix) != prefix:
            return None
        canonical = ns_map.get(uri.lower())
        if prefix and prefix.lower() in CANONICAL and canonical != prefix.lower():
            return None
    try:
        return safexml.parse_xml_text(text, encoded=data)  # `data` decoded strictly: the same bytes
    except safexml.UnsafeXMLError as exc:
        raise ParseError(str(exc)) from None
    except safexml.XMLParseError:
        return None

