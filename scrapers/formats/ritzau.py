"""Ritzau (Danish agency) XML: flat <RBNews> records with escaped HTML content.

A file is one <RBNews>, or Ritzau's feed envelope (<XMLNewsQueuedResponse> holding a
<ListOfRBNews>) with several. <town> is Ritzau's place metadata and <origin> ("/ritzau/",
"Via Ritzau") who distributed it: a dateline printed in the text wins over both (press releases
"Via Ritzau" print their own). Times carry no offset: Copenhagen time (``scrapers.provenance``).
A flash has no headline: its first sentence is the headline. <Annuleret> true = canceled, and
the item named in <Replaces> / <replacedID> is withdrawn with it.
"""
from __future__ import annotations

import re

from scrapers import safexml
from scrapers.formats._util import child, desc, html_fragment_text, local, parse_datetime, text, to_int, xml_root
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_ROOTS = ("RBNews", "XMLNewsQueuedResponse")
_SENTENCE = re.compile(r"^(.{20,300}?[.!?])(?:\s|$)", re.S)


class RitzauParser:
    """Ritzau <RBNews> items, alone or in an XMLNewsQueuedResponse envelope."""

    name = "ritzau"

    def can_parse(self, data: bytes) -> bool:
        return safexml.sniff_root(data)[0] in _ROOTS

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        root = xml_root(data)
        if local(root) not in _ROOTS:
            raise ParseError(f"not a Ritzau RBNews document (root <{local(root)}>)")
        items = [root] if local(root) == "RBNews" else list(desc(root, "RBNews"))
        if not items:
            error = text(next(desc(root, "errormsg"), None))
            raise ParseError("Ritzau envelope without RBNews items" + (f": {error}" if error else ""))
        return [self._item(item, source) for item in items]

    def _item(self, root, source: str) -> Article:
        a = Article(format=self.name, source=source)
        a.guid = text(child(root, "NewsID"))
        content = child(root, "content")
        a.body = html_fragment_text("".join(content.itertext()) if content is not None else "")
        a.headline = text(child(root, "headline")) or text(child(root, "subtitle"))
        if not a.headline and a.body:
            a.headline, a.extra["headline_from_body"] = _first_sentence(a.body), True
        a.summary = text(child(root, "subtitle")) if text(child(root, "headline")) else ""
        a.byline = text(child(root, "byLine"))
        if text(child(root, "town")):
            a.extra["located"] = text(child(root, "town"))
        a.provider = text(child(root, "origin")).strip("/ ") or "Ritzau"
        a.extra["sender"] = "Ritzau"
        a.published = parse_datetime(text(child(root, "PublishDate")))
        a.priority = to_int(text(child(root, "Priority")))
        if text(child(root, "Annuleret")).lower() == "true":
            a.status = "canceled"  # a cancellation notice: it cancels the item it replaces
            a.extra["kills"] = [r for r in (text(child(root, "Replaces")), text(child(root, "replacedID"))) if r]
        section = text(child(root, "section"))
        if section:
            a.subjects.append(Subject(code=text(child(root, "sectionShort")) or section, name=section, scheme="ritzau-section"))
        a.extra.update({k: text(child(root, k)) for k in ("strapline", "format", "version") if text(child(root, k))})
        return a


def _first_sentence(body: str) -> str:
    first = body.split("\n\n", 1)[0].strip()
    m = _SENTENCE.match(first)
    return m.group(1) if m else first[:300]
