"""IPTC NewsML 1.x (AFP, Belga, ANA-MPA...): NewsItems made of nested NewsComponents.

A story is the innermost NewsComponent that has its own headline (Belga sends one per language);
metadata (language, location, subjects, priority) is inherited from enclosing components. Body
text comes from the story's text ContentItems: inline NITF/XHTML, escaped HTML or plain text.
"""
from __future__ import annotations

from lxml import etree

from scrapers import safexml
from scrapers.formats._util import (attr, child, desc, html_fragment_text, kids, local, looks_like_html,
                                    parse_datetime, plain_lines, render, text, to_int, xml_lang, xml_root)
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject


class NewsML12Parser:
    """NewsML 1.0-1.2 documents (root <NewsML>)."""

    name = "newsml-1.2"

    def can_parse(self, data: bytes) -> bool:
        return safexml.sniff_root(data)[0] == "NewsML"

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        root = xml_root(data)
        if local(root) != "NewsML":
            raise ParseError(f"not a NewsML 1.x document (root <{local(root)}>)")
        env = child(root, "NewsEnvelope")
        out: list[Article] = []
        for item in kids(root, "NewsItem"):
            stories = _stories(item)
            for i, comp in enumerate(stories):
                out.append(self._story(item, comp, env, source, i if len(stories) > 1 else None))
        if not out:
            raise ParseError("NewsML document without NewsItem")
        return out

    def _story(self, item, comp, env, source: str, index: int | None) -> Article:
        a = Article(format=self.name, source=source)
        ident = child(item, "Identification", "NewsIdentifier")
        a.guid = _guid(ident)
        if index is not None:
            a.guid += "#" + (attr(comp, "Duid") or str(index))
        mgmt = child(item, "NewsManagement")
        lines = child(comp, "NewsLines") if comp is not item else None
        a.headline = text(child(lines, "HeadLine"))
        a.summary = text(child(lines, "SubHeadLine"))
        a.byline = text(child(lines, "ByLine"))
        dateline = text(child(lines, "DateLine"))
        if dateline:
            a.extra["dateline_text"] = dateline
        chain = _chain(item, comp)
        a.language = next((attr(d, "FormalName") for c in chain for d in desc(child(c, "DescriptiveMetadata"), "Language")
                           if attr(d, "FormalName")), "") or next((xml_lang(c) for c in chain if xml_lang(c)), "")
        located = _city(chain)
        if located:
            a.extra["located"] = located
        _provenance(ident, mgmt, chain, lines, a)
        a.subjects = _subjects(chain, lines)
        a.priority = (to_int(attr(child(mgmt, "Urgency"), "FormalName"))
                      or next((to_int(attr(p, "Value")) for c in chain for p in kids(child(c, "AdministrativeMetadata"), "Property")
                               if attr(p, "FormalName") == "Priority" and to_int(attr(p, "Value"))), None)
                      or to_int(attr(child(env, "Priority"), "FormalName")))
        a.published = (parse_datetime(text(child(mgmt, "FirstCreated")))
                       or parse_datetime(text(child(env, "DateAndTime"))))
        a.updated = parse_datetime(text(child(mgmt, "ThisRevisionCreated")))
        a.body = _body(comp)
        a.extra["revision"] = text(child(ident, "RevisionId"))
        slug = text(child(lines, "SlugLine")) or text(child(item, "Identification", "NameLabel"))
        if slug:
            a.extra["slugline"] = slug
        return a


def _provenance(ident, mgmt, chain, lines, a: Article) -> None:
    """Credit (Source, CreditLine, Provider), sender (ProviderId), status and embargo."""
    def party(kind: str) -> str:
        return next((attr(p, "FormalName") for c in chain for p in desc(child(child(c, "AdministrativeMetadata"), kind),
                                                                         "Party") if attr(p, "FormalName")), "")

    sender = party("Provider") or text(child(ident, "ProviderId"))
    a.provider = party("Source") or text(child(lines, "CreditLine")) or sender
    if sender:
        a.extra["sender"] = sender
    a.status = attr(child(mgmt, "Status"), "FormalName") or "usable"
    change = child(mgmt, "StatusWillChange")
    if change is not None and attr(child(change, "FutureStatus"), "FormalName").lower() == "usable":
        a.embargoed_until = parse_datetime(text(child(change, "DateAndTimeOfChange")))


def _guid(ident) -> str:
    pub = text(child(ident, "PublicIdentifier"))
    item_id = text(child(ident, "NewsItemId"))
    if pub and (not item_id or item_id in pub):
        return pub
    parts = [text(child(ident, n)) for n in ("ProviderId", "DateId", "NewsItemId", "RevisionId")]
    return "urn:newsml:" + ":".join(parts) if item_id else pub


def _has_headline(comp) -> bool:
    return bool(text(child(comp, "NewsLines", "HeadLine")))


def _stories(item) -> list[etree._Element]:
    """Innermost NewsComponents with their own headline; the item itself when there are none."""
    with_head = [c for c in desc(item, "NewsComponent") if _has_headline(c)]
    leaves = [c for c in with_head if not any(_has_headline(d) for d in desc(c, "NewsComponent") if d is not c)]
    leaves = [c for c in leaves if _body(c) or c is with_head[0]] or with_head[:1]
    return leaves or [item]


def _chain(item, comp) -> list[etree._Element]:
    """The story component and its ancestors up to the NewsItem, innermost first."""
    out = []
    el = comp
    while el is not None:
        out.append(el)
        if el is item:
            break
        el = el.getparent()
    return out


def _city(chain) -> str:
    for c in chain:
        dm = child(c, "DescriptiveMetadata")
        for loc in desc(dm, "Location"):
            for p in kids(loc, "Property"):
                if attr(p, "FormalName").lower() == "city" and attr(p, "Value"):
                    return attr(p, "Value")
        for p in kids(dm, "Property"):
            if attr(p, "FormalName").lower() == "city" and attr(p, "Value"):
                return attr(p, "Value")
    return ""


def _subjects(chain, lines) -> list[Subject]:
    out: list[Subject] = []
    seen = set()
    names: dict[str, str] = {}
    for c in chain:
        for topic in desc(c, "Topic"):
            code = text(child(topic, "FormalName"))
            for d in kids(topic, "Description"):
                if attr(d, "Variant") == "Name" and xml_lang(d) in ("en", "") and code:
                    names.setdefault(code, text(d))
    for c in chain:
        for sc in desc(child(c, "DescriptiveMetadata"), "SubjectCode"):
            for s in sc:
                code = attr(s, "FormalName")
                if code and ("subj", code) not in seen:
                    seen.add(("subj", code))
                    out.append(Subject(code=code, name=names.get(code, ""), scheme="subj"))
        for p in kids(child(c, "DescriptiveMetadata"), "Property"):
            if attr(p, "FormalName") == "Keyword" and attr(p, "Value"):
                out.append(Subject(code=attr(p, "Value"), scheme="keyword"))
    for k in kids(lines, "KeywordLine"):
        if text(k):
            out.append(Subject(code=text(k), scheme="keyword"))
    return out


def _body(comp) -> str:
    """Text of the component's text ContentItems, skipping title-role parts and media."""
    paras = []
    for ci in desc(comp, "ContentItem"):
        owner = ci.getparent()
        role = attr(child(owner, "Role"), "FormalName").lower()
        if owner is not comp and role in ("title", "headline", "caption", "photo", "picture"):
            continue
        media = attr(child(ci, "MediaType"), "FormalName").lower()
        if media and media != "text":
            continue
        dc = child(ci, "DataContent")
        if dc is None:
            continue
        if len(dc):
            paras.append(render(dc))
        else:
            raw = dc.text or ""
            paras.append(html_fragment_text(raw) if looks_like_html(raw) else plain_lines(raw))
    return "\n\n".join(p for p in paras if p)
