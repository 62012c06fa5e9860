"""AP Media API JSON: a content item (``data.item``) or a feed page (``data.items[].item``).

The body comes as NITF/HTML when the caller has attached it (``nitf.body_html`` or a
``body_html`` / ``bodyhtml`` field); otherwise the record carries headline and summary only.
``located`` / ``datelinelocation`` is AP's structured dateline; the credit is the item's
``provider`` (AP) or its first ``infosource``.
"""
from __future__ import annotations

import re
from typing import Any

from scrapers.formats._util import html_fragment_text, parse_datetime, to_int
from scrapers.formats import jsondoc
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

# AP's own documents only: the Media API envelope, or an AP item (altids is an object there, a
# list in ninjs 2.x); other JSON news items (ninjs) belong to scrapers.formats.ninjs.
_SNIFF = re.compile(rb'"api_version"\s*:|"altids"\s*:\s*\{')


class APJSONParser:
    """AP Media API content JSON."""

    name = "ap-json"

    def can_parse(self, data: bytes) -> bool:
        return jsondoc.looks_like(data, _SNIFF)

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        doc = jsondoc.load(data)
        entries = _items(doc)
        if not entries:
            raise ParseError("AP JSON without an item")
        return [self._item(item, extra, source) for item, extra in entries]

    def _item(self, item: dict[str, Any], extra: dict[str, Any], source: str) -> Article:
        a = Article(format=self.name, source=source)
        alt = item.get("altids") or {}
        a.guid = str(alt.get("itemid") or item.get("itemid") or item.get("uri") or "")
        a.extra["version"] = item.get("version")
        links = item.get("links") or []
        a.url = next((l.get("href", "") for l in links if isinstance(l, dict) and l.get("rel") == "canonical"), "")
        a.headline = str(item.get("headline") or item.get("title") or "")
        a.summary = str(item.get("description_summary") or item.get("headline_extended") or "")
        bylines = [b for b in item.get("bylines") or [] if isinstance(b, dict) and b.get("by")]
        a.byline = " and ".join(re.sub(r"^\s*By\s+", "", str(b["by"])) for b in bylines)
        a.byline_title = "; ".join(dict.fromkeys(str(b["title"]) for b in bylines if b.get("title")))
        a.language = str(item.get("language") or "")
        a.priority = to_int(item.get("urgency"))
        a.published = parse_datetime(str(item.get("firstcreated") or item.get("versioncreated") or ""))
        a.updated = parse_datetime(str(item.get("versioncreated") or ""))
        loc = item.get("datelinelocation") or {}
        city = (loc.get("city") if isinstance(loc, dict) else "") or ""
        located = str(item.get("located") or "")
        a.city = city or located.split(",")[0].strip()
        infos = [i.get("name") for i in item.get("infosource") or [] if isinstance(i, dict) and i.get("name")]
        a.provider = str(item.get("provider") or (infos[0] if infos else "") or "AP")
        a.status = str(item.get("pubstatus") or "usable")
        a.embargoed_until = parse_datetime(str(item.get("embargoed") or ""))
        body = extra.get("body_html") or item.get("body_html") or item.get("bodyhtml") or ""
        a.body = html_fragment_text(body) if body else ""
        for s in item.get("subject") or []:
            if isinstance(s, dict) and s.get("code"):
                scheme = "apcategory" if "category" in (s.get("rels") or []) else "apsubject"
                a.subjects.append(Subject(code=str(s["code"]), name=str(s.get("name") or ""), scheme=scheme))
        for k in item.get("keywords") or []:
            a.subjects.append(Subject(code=str(k), scheme="keyword"))
        for key in ("slugline", "ednote", "title"):
            if item.get(key):
                a.extra[key] = item[key]
        return a


def _items(doc: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(item, attachments) pairs for a single-item response, a feed page or a bare item."""
    if isinstance(doc, list):
        return [p for d in doc for p in _items(d)]
    if not isinstance(doc, dict):
        return []
    nitf = doc.get("nitf") if isinstance(doc.get("nitf"), dict) else {}
    data = doc.get("data") if isinstance(doc.get("data"), dict) else None
    if data is not None:
        if isinstance(data.get("item"), dict):
            return [(data["item"], nitf)]
        if isinstance(data.get("items"), list):
            return [(e["item"] if isinstance(e.get("item"), dict) else e, {}) for e in data["items"] if isinstance(e, dict)]
    if isinstance(doc.get("item"), dict):
        return [(doc["item"], nitf)]
    if "altids" in doc or "headline" in doc:
        return [(doc, nitf)]
    return []
