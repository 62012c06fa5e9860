"""IPTC ninjs (News in JSON) 1.x and 2.x, with the BBC and AAP/Superdesk variants.

- 1.x: flat ``headline``, ``body_text`` / ``body_html`` / ``body_xhtml``, ``description_text``,
  ``byline``, ``located``, ``copyrightholder``, ``pubstatus``, ``embargoed``.
- 2.x: lists ``headlines`` / ``bodies`` / ``descriptions`` of ``{role, contenttype, value}``,
  ``by``, ``infosources``, ``altids``.
- BBC: an envelope ``{total, limit, offset, item: [...]}`` of 1.x items without offsets on times.
- AAP / Superdesk: 1.x plus ``source`` (the original agency: a Reuters story distributed by AAP
  has ``source`` Reuters and ``copyrightholder`` AAP) and ``authors``.
AP Media API documents are AP's own format (``scrapers.formats.ap_json``), not this parser's.
"""
from __future__ import annotations

import re
from typing import Any

from scrapers.formats._util import html_fragment_text, parse_datetime, plain_lines, to_int
from scrapers.formats import jsondoc
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_SNIFF = re.compile(rb'"(?:uri|guid|headlines?|body_text|body_html|bodies|pubstatus|versioncreated)"\s*:')
_ITEM_KEYS = ("uri", "guid", "headline", "headlines", "body_text", "body_html", "bodies")
_SUBJECT_LISTS = ("subject", "subjects", "genre", "genres")


class NINJSParser:
    """ninjs items (one object, a list, or the BBC's paged envelope)."""

    name = "ninjs"

    def can_parse(self, data: bytes) -> bool:
        return jsondoc.looks_like(data, _SNIFF)

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        doc = jsondoc.load(data)
        items, variant = _items(doc)
        if not items:
            raise ParseError("ninjs document without an item")
        return [self._item(item, variant, source) for item in items]

    def _item(self, item: dict[str, Any], variant: str, source: str) -> Article:
        a = Article(format=self.name, source=source)
        a.guid = _s(item.get("guid") or item.get("uri") or item.get("id"))
        a.headline = _s(item.get("headline")) or _role_value(item.get("headlines"), "main")
        a.summary = _s(item.get("description_text")) or html_fragment_text(_s(item.get("description_html"))) \
            or _role_value(item.get("descriptions"), "summary")
        a.body = _body(item)
        _byline(item, a)
        a.language = _s(item.get("language"))
        a.priority = to_int(item.get("urgency"))
        a.published = parse_datetime(_s(item.get("firstpublished") or item.get("firstcreated")
                                         or item.get("versioncreated")))
        a.updated = parse_datetime(_s(item.get("versioncreated")))
        a.url = next((_s(l.get("href")) for l in item.get("links") or [] if isinstance(l, dict)
                      and "canonical" in _s(l.get("rel"))), "") or (_s(item.get("uri")) if _s(item.get("uri")).startswith("http") else "")
        located = item.get("located")
        if isinstance(located, dict):
            located = located.get("name") or located.get("city")
        if _s(located):
            a.extra["located"] = _s(located)
        infos = [i for i in item.get("infosources") or item.get("infosource") or [] if isinstance(i, dict)]
        a.provider = (_s(item.get("source")) or next((_s(i.get("name")) for i in infos), "")
                      or _s(item.get("copyrightholder")) or ("BBC" if variant == "bbc" else ""))
        if _s(item.get("copyrightholder")):
            a.extra["sender"] = _s(item.get("copyrightholder"))
        a.status = _s(item.get("pubstatus")) or "usable"
        a.embargoed_until = parse_datetime(_s(item.get("embargoed")))
        for key in _SUBJECT_LISTS:
            for s in item.get(key) or []:
                if isinstance(s, dict) and (s.get("code") or s.get("uri")):
                    a.subjects.append(Subject(code=_s(s.get("code") or s.get("uri")), name=_s(s.get("name")),
                                              scheme="genre" if key.startswith("genre") else _s(s.get("scheme"))))
        for k in item.get("keywords") or []:
            a.subjects.append(Subject(code=_s(k), scheme="keyword"))
        for key in ("slugline", "ednote", "type", "version"):
            if item.get(key):
                a.extra[key] = item[key]
        return a


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _role_value(entries: Any, role: str) -> str:
    """The value of the entry with `role` (else the first) of a ninjs 2.x list."""
    entries = [e for e in entries or [] if isinstance(e, dict) and e.get("value")]
    chosen = next((e for e in entries if _s(e.get("role")) in (role, "")), entries[0] if entries else None)
    if chosen is None:
        return ""
    value = _s(chosen.get("value"))
    return html_fragment_text(value) if "html" in _s(chosen.get("contenttype")) else value


def _body(item: dict[str, Any]) -> str:
    for key in ("body_html", "body_xhtml"):
        if _s(item.get(key)):
            return html_fragment_text(_s(item.get(key)))
    if _s(item.get("body_text")):
        return plain_lines(_s(item.get("body_text")))
    return _role_value(item.get("bodies"), "")


def _byline(item: dict[str, Any], a: Article) -> None:
    a.byline = _s(item.get("byline") or item.get("by"))
    authors = [x for x in item.get("authors") or [] if isinstance(x, dict) and x.get("name")]
    if not a.byline and authors:
        writers = [x for x in authors if _s(x.get("role")) in ("writer", "author", "")] or authors
        a.byline = " and ".join(_s(x["name"]) for x in writers)


def _items(doc: Any) -> tuple[list[dict[str, Any]], str]:
    """(items, variant): a bare item, a list of items, or the BBC envelope {total, item: [...]}."""
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict) and any(k in d for k in _ITEM_KEYS)], ""
    if not isinstance(doc, dict):
        return [], ""
    if isinstance(doc.get("item"), list) and "total" in doc:
        return [d for d in doc["item"] if isinstance(d, dict)], "bbc"
    if isinstance(doc.get("items"), list):
        return [d for d in doc["items"] if isinstance(d, dict)], ""
    return ([doc] if any(k in doc for k in _ITEM_KEYS) else []), ""
