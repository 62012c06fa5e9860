"""NITF (News Industry Text Format), any version, with or without a namespace or a <head>.

The structured dateline lives in body.head/dateline (with <location>/<city> and <story.date>);
NTB sends a bare place name there, EFE only a timestamp. docdata/evloc is kept as a last-resort
city hint, not as the dateline.
"""
from __future__ import annotations

import re

from scrapers import safexml
from scrapers.formats._util import (attr, child, desc, first_desc, kids, local, parse_datetime, render,
                                    text, to_int, xml_lang, xml_root)
from scrapers.formats._lines import SLUG, slug_title
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_META_ID = ("NTBID", "id", "guid", "doc-id", "docid")


class NITFParser:
    """NITF 2.x / 3.x documents (root <nitf>)."""

    name = "nitf"

    def can_parse(self, data: bytes) -> bool:
        return safexml.sniff_root(data)[0].lower() == "nitf"

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        root = xml_root(data)
        if local(root).lower() != "nitf":
            raise ParseError(f"not an NITF document (root <{local(root)}>)")
        return [parse_nitf(root, source, self.name)]


def parse_nitf(root, source: str = "", fmt: str = "nitf") -> Article:
    """One NITF element tree to an Article (also used for NITF embedded in other wires)."""
    head = child(root, "head")
    body = child(root, "body")
    bhead = child(body, "body.head")
    docdata = child(head, "docdata")
    metas = {attr(m, "name"): attr(m, "content") for m in kids(head, "meta")}
    a = Article(format=fmt, source=source)
    doc_id = child(docdata, "doc-id")
    a.guid = attr(doc_id, "id-string") or next((metas[k] for k in _META_ID if metas.get(k)), "") \
        or attr(child(docdata, "du-key"), "key")
    a.headline = text(first_desc(child(bhead, "hedline"), "hl1")) or text(child(head, "title"))
    if SLUG.match(a.headline):  # an ANPA keyword slug sent as the headline ('BC-BBN--Top Ten')
        a.extra["slugline"] = a.headline
        a.headline = slug_title(a.headline)
    subs = [text(h) for h in desc(child(bhead, "hedline"), "hl2") if text(h)]
    abstract = child(bhead, "abstract")
    a.summary = render(abstract) if abstract is not None else ""
    if subs:
        a.extra["subheadline"] = subs[0]
    bylines = [text(b) for b in kids(bhead, "byline") if text(b)]
    a.byline = "; ".join(bylines)
    a.language = attr(root, "baselang") or xml_lang(root) or metas.get("language", "")
    a.priority = to_int(attr(child(docdata, "urgency"), "ed-urg"))
    pub = child(head, "pubdata")
    a.published = (parse_datetime(attr(child(docdata, "date.issue"), "norm"))
                   or parse_datetime(attr(pub, "date.publication"))
                   or parse_datetime(attr(child(docdata, "date.release"), "norm")))
    for link in desc(head, "link"):
        if attr(link, "href"):
            a.url = attr(link, "href")
            break
    a.url = a.url or metas.get("url", "") or metas.get("canonical", "")
    _dateline(child(bhead, "dateline"), a)
    evloc = child(docdata, "evloc")
    if evloc is not None and attr(evloc, "city"):
        a.extra["city_fallback"] = attr(evloc, "city")
    a.subjects = _subjects(head, docdata)
    content = child(body, "body.content")
    a.body = render(content if content is not None else body, skip=_SKIP) if body is not None else ""
    slug = a.extra.get("slugline")
    if slug and a.body.startswith(slug):  # the slug repeated as the first line of the body
        a.body = a.body[len(slug):].lstrip()
    ed = attr(child(docdata, "ed-msg"), "info")
    if ed:
        a.extra["ednote"] = ed
    _provenance(root, head, docdata, a)
    return a


def _provenance(root, head, docdata, a: Article) -> None:
    """Who sent it (copyright holder, rights owner, distributor) and its management status."""
    bhead = child(child(root, "body"), "body.head")
    distributor = text(child(bhead, "distributor"))
    a.provider = (attr(child(docdata, "doc.copyright"), "holder") or text(first_desc(bhead, "rights.owner"))
                  or distributor or attr(child(docdata, "doc-id"), "regsrc"))
    sender = attr(child(docdata, "doc.rights"), "agent") or distributor
    if sender:
        a.extra["sender"] = sender
    status = attr(docdata, "management-status")
    if status:
        a.status = status
        if status.lower() == "embargoed":
            a.embargoed_until = parse_datetime(attr(child(docdata, "date.release"), "norm"))


from scrapers.formats._util import SKIP as _BASE_SKIP  # noqa: E402

_SKIP = _BASE_SKIP | {"body.head", "body.end", "tagline", "distributor"}
_TS = re.compile(r"^\s*\d{8}T\d{4,6}")


def _dateline(dl, a: Article) -> None:
    if dl is None:
        return
    loc = first_desc(dl, "location")
    city = text(first_desc(loc, "city")) if loc is not None else ""
    if loc is not None and not city:
        city = text(loc)
    if city:
        a.city = city
    date_el = first_desc(dl, "story.date")
    printed = text(date_el)
    if printed and not _TS.match(printed) and re.search(r"[A-Za-z]|/", printed):
        a.dateline_date = printed
    whole = text(dl)
    if whole and not _TS.match(whole):
        a.extra["dateline_text"] = whole


def _subjects(head, docdata) -> list[Subject]:
    out: list[Subject] = []
    for s in desc(head, "tobject.subject"):
        code = attr(s, "tobject.subject.refnum")
        if not code:
            continue
        ipr = attr(s, "tobject.subject.ipr")
        scheme = "subj" if (not ipr or ipr.upper() == "IPTC") and code.isdigit() else (ipr or "subj")
        name = attr(s, "tobject.subject.detail") or attr(s, "tobject.subject.matter") or attr(s, "tobject.subject.type")
        out.append(Subject(code=code, name=name, scheme=scheme))
    for k in desc(child(docdata, "key-list"), "keyword"):
        if attr(k, "key"):
            out.append(Subject(code=attr(k, "key"), scheme="keyword"))
    return out
