"""IPTC NewsML-G2: newsMessage envelopes, single newsItems and packageItems.

Elements are matched by local name, so any namespace prefix (or none) works. A message can hold
several items; text items become articles. A package (packageItem) only references other items:
it becomes an article with its own metadata when the file carries no text item.
"""
from __future__ import annotations

from lxml import etree

from scrapers import safexml
from scrapers.formats._util import (attr, child, desc, kids, local, parse_datetime, render,
                                    split_qcode, text, to_int, xml_lang, xml_root, plain_lines)
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_ROOTS = {"newsMessage", "newsItem", "packageItem"}
_ITEMS = ("newsItem", "packageItem")
_SUBJECT_SAMEAS = ("subj", "medtop", "iptc", "mediatopic")


class NewsMLG2Parser:
    """NewsML-G2 items (IPTC NAR namespace or any prefix)."""

    name = "newsml-g2"

    def can_parse(self, data: bytes) -> bool:
        root, rest = safexml.sniff_root(data)
        if root in ("newsItem", "packageItem"):
            return True
        return root == "newsMessage"

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        root = xml_root(data)
        if local(root) not in _ROOTS:
            raise ParseError(f"not a NewsML-G2 document (root <{local(root)}>)")
        header = child(root, "header")
        items = [root] if local(root) in _ITEMS else list(desc(_or(child(root, "itemSet"), root), *_ITEMS))
        if not items:
            raise ParseError("NewsML-G2 message without newsItem or packageItem")
        texts = [i for i in items if local(i) == "newsItem" and _is_text(i)]
        chosen = texts or items
        return [self._item(i, header, source) for i in chosen]

    def _item(self, item: etree._Element, header, source: str) -> Article:
        meta = child(item, "itemMeta")
        cm = child(item, "contentMeta")
        m, c = _Kids(meta), _Kids(cm)  # one pass over each metadata block, not one per lookup
        a = Article(format=self.name, source=source, guid=attr(item, "guid"))
        a.extra["version"] = attr(item, "version")
        a.extra["item_class"] = attr(m.one("itemClass"), "qcode")
        a.headline = _headline(c) or text(m.one("title"))
        a.summary = " ".join(text(d) for d in c.all("description") if attr(d, "role").endswith("summary"))
        by = [text(b) for b in c.all("by") if text(b)]
        a.byline = "; ".join(by)
        a.language = attr(c.one("language"), "tag") or xml_lang(item)
        a.priority = to_int(text(c.one("urgency"))) or to_int(text(child(header, "priority")))
        first = (text(m.one("firstCreated")) or text(c.one("contentCreated"))
                 or text(m.one("versionCreated")) or text(child(header, "sent")))
        a.published = parse_datetime(first)
        ups = [parse_datetime(text(m.one("versionCreated"))), parse_datetime(text(c.one("contentModified")))]
        ups = [u for u in ups if u is not None]
        try:
            a.updated = max(ups) if ups else None
        except TypeError:  # naive and aware mixed
            a.updated = ups[0]
        for link in m.all("link"):
            if "canonical" in attr(link, "rel") or attr(link, "rel").endswith(":self"):
                a.url = attr(link, "href")
                break
        located = c.one("located")
        if located is None:
            located = m.one("located")
        if located is not None and (text(child(located, "name")) or attr(located, "literal")):
            a.extra["located"] = text(child(located, "name")) or attr(located, "literal")
        _provenance(item, m, c, a)
        dateline = c.one("dateline")
        if dateline is not None and text(dateline):
            a.extra["dateline_text"] = text(dateline)
        a.subjects = _subjects(c)
        slug = text(c.one("slugline"))
        if slug:
            a.extra["slugline"] = slug
        a.body = _content(item, a)
        if local(item) == "packageItem":
            a.extra["refs"] = [attr(r, "residref") for r in desc(item, "itemRef") if attr(r, "residref")]
        return a


def _party(el) -> str:
    """A party's name: its <name>, its literal, else the code of its qcode ('nprov:dpa' -> 'dpa')."""
    if el is None:
        return ""
    return text(child(el, "name")) or attr(el, "literal") or split_qcode(attr(el, "qcode"))[1]


def _provenance(item, m: "_Kids", c: "_Kids", a: Article) -> None:
    """Credit from the wire's metadata, its sender, publication status and embargo."""
    roles = {}
    for el in (*c.all("creator"), *c.all("infoSource")):
        role = attr(el, "role").rsplit(":", 1)[-1]
        if _party(el):
            roles.setdefault(role, _party(el))
    sender = _party(m.one("provider"))
    a.provider = (roles.get("source") or roles.get("origProv") or _party(child(item, "rightsInfo", "copyrightHolder"))
                  or roles.get("") or sender)
    if sender:
        a.extra["sender"] = sender
    a.status = attr(m.one("pubStatus"), "qcode") or "usable"
    embargo = text(m.one("embargoed"))
    if embargo:
        a.embargoed_until = parse_datetime(embargo)


class _Kids:
    """The direct children of an element by local name (built in one pass)."""

    __slots__ = ("by_name",)

    def __init__(self, el) -> None:
        self.by_name: dict[str, list] = {}
        if el is not None:
            for k in el:
                self.by_name.setdefault(local(k), []).append(k)

    def one(self, name: str):
        found = self.by_name.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list:
        return self.by_name.get(name, [])


def _or(el, other):
    return el if el is not None else other


def _is_text(item: etree._Element) -> bool:
    qcode = attr(child(item, "itemMeta", "itemClass"), "qcode").lower()
    return not qcode or "text" in qcode


def _headline(c: "_Kids") -> str:
    heads = c.all("headline")
    for h in heads:
        role = attr(h, "role").lower()
        if not role or role.endswith(":main") or role.endswith("headline") and "sub" not in role:
            if text(h):
                return text(h)
    return text(heads[0]) if heads else ""


def _subjects(c: "_Kids") -> list[Subject]:
    out: list[Subject] = []
    seen: set[tuple[str, str]] = set()

    def add(scheme: str, code: str, name: str) -> None:
        if code and (scheme, code) not in seen:
            seen.add((scheme, code))
            out.append(Subject(code=code, name=name, scheme=scheme))

    for s in c.all("subject"):
        name = text(child(s, "name"))
        qcode = attr(s, "qcode")
        if qcode:
            scheme, code = split_qcode(qcode)
            add(scheme, code, name)
        elif attr(s, "literal"):
            add("literal", attr(s, "literal"), name)
        for same in kids(s, "sameAs"):
            scheme, code = split_qcode(attr(same, "qcode"))
            if scheme.lower() in _SUBJECT_SAMEAS:
                add(scheme, code, text(child(same, "name")))
    for k in c.all("keyword"):
        if text(k):
            add("keyword", text(k), "")
    return out


def _content(item: etree._Element, a: Article) -> str:
    cset = child(item, "contentSet")
    if cset is None:
        return ""
    for c in cset:
        name = local(c)
        if name == "inlineXML":
            for byline in desc(c, "BYLINE", "byline"):
                if not a.byline and text(byline):
                    a.byline = text(byline)
            dat = next(desc(c, "DAT"), None)
            if dat is not None and not a.extra.get("dateline_text"):
                # TT: <ORT> is the topic place, <SOURCE> "Bryssel, TT:s korrespondent" where it was filed
                filed = text(child(dat, "SOURCE")).partition(",")
                ort = filed[0].strip() if filed[1] and " " not in filed[0].strip() else text(child(dat, "ORT"))
                if ort and not a.city:
                    a.city = ort
            body = next(desc(c, "body", "BODY"), None)
            return render(body if body is not None else c)
        if name == "inlineData":
            raw = "".join(c.itertext())
            if "html" in attr(c, "contenttype"):
                from scrapers.formats._util import html_fragment_text

                return html_fragment_text(raw)
            return plain_lines(raw)
    return ""
