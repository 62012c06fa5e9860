"""Ritzau (Danish agency) XML: a flat <RBNews> record with escaped HTML content.

The dateline is structured: <town> is the place and <origin> (e.g. "/ritzau/") the credit.
"""
from __future__ import annotations

from scrapers import safexml
from scrapers.formats._util import child, html_fragment_text, local, parse_datetime, text, to_int, xml_root
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject


class RitzauParser:
    """Ritzau <RBNews> items."""

    name = "ritzau"

    def can_parse(self, data: bytes) -> bool:
        return safexml.sniff_root(data)[0] == "RBNews"

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        root = xml_root(data)
        if local(root) != "RBNews":
            raise ParseError(f"not a Ritzau RBNews document (root <{local(root)}>)")
        a = Article(format=self.name, source=source)
        a.guid = text(child(root, "NewsID"))
        a.headline = text(child(root, "headline")) or text(child(root, "subtitle"))
        a.summary = text(child(root, "subtitle")) if text(child(root, "headline")) else ""
        a.body = html_fragment_text("".join(child(root, "content").itertext()) if child(root, "content") is not None else "")
        a.byline = text(child(root, "byLine"))
        a.city = text(child(root, "town"))
        a.agency = text(child(root, "origin")).strip("/ ")
        a.published = parse_datetime(text(child(root, "PublishDate")))
        a.priority = to_int(text(child(root, "Priority")))
        section = text(child(root, "section"))
        if section:
            a.subjects.append(Subject(code=text(child(root, "sectionShort")) or section, name=section, scheme="ritzau-section"))
        a.extra.update({k: text(child(root, k)) for k in ("strapline", "format", "version") if text(child(root, k))})
        return [a]
