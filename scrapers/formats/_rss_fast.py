"""The RSS reader's lxml fast path: the entries feedparser would give, read from a strict lxml tree.

feedparser is exact but slow (a SAX parser driving a large state machine). This path
parses well-formed UTF-8 RSS 2.0 / RSS 1.0 / Atom 1.0 with lxml through `safexml` (no entities,
no DTD, no network, size limit) and reproduces what feedparser's strict parser would hand to
`_article` for the elements wires use, quirks included (the latin-1/UTF-8 repair and cp1252
mapping of text, first non-empty title wins, the permalink guid as link, description vs
content:encoded and summary copying, tag merging, `updated_parsed` falling back to
`published_parsed`, dates through feedparser's own date parser). Anything it does not model
exactly (DOCTYPEs, other encodings, xml:base, markup inside text fields, xhtml or base64
content, extension elements feedparser has handlers for, clashing namespace prefixes...)
raises `_Fallback` and the whole feed goes through feedparser, so nothing changes or is lost.
"""
from __future__ import annotations

import re

from lxml import etree

from scrapers.formats._rss_strict import namespaces, strict_root


class _Fallback(Exception):
    """The fast path cannot reproduce feedparser exactly for this feed."""


_HANDLED: dict[str, bool] = {}  # feedparser key -> feedparser has a handler for it
_HAS_BASE = etree.XPath("boolean(//@*[translate(local-name(), 'BASE', 'base') = 'base'])")
_URIFIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_LINK_REF = re.compile("&([A-Za-z0-9_]+);")
# keys the entry builder reads or feedparser's own bookkeeping relies on: an unknown element
# landing on one of them would change the result
_DANGER = {"id", "link", "title", "summary", "content", "author", "published_parsed", "updated_parsed",
           "language", "tags", "media_content", "media_thumbnail", "media_credit", "feedburner_origlink",
           "authors", "author_detail", "links", "guidislink", "summary_detail", "title_detail", "published",
           "updated", "item", "entry", "source"}
# feed-level elements that would leak state into the entries (hasContent, insource, language)
_FEED_DANGER = {"content", "content_encoded", "fullitem", "body", "xhtml_body", "summary", "item", "entry",
                "source", "language", "dc_language"}
_BARE = frozenset(("title", "link", "guid", "pubdate", "description"))  # read inline by `entry`
_HARMLESS = {"comments", "enclosure", "created", "dcterms_created", "rights", "copyright"}
_TEXT_TYPES = {"text/plain", "text/html"}
_PUBLISHED = {"pubdate", "published", "issued", "dcterms_issued"}
_UPDATED = {"updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


_TYPE_NAMES = {"text": "text/plain", "plain": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}


def _map_type(value: str) -> str:
    value = value.lower()
    return _TYPE_NAMES.get(value, value)


_Entry = dict  # an entry, as feedparser's FeedParserDict answers `_article`'s lookups (see `entry`)


class _FastRSS:
    def __init__(self, root) -> None:
        from feedparser.api import StrictFeedParser
        from feedparser.html import _cp1252
        from feedparser.util import FeedParserDict

        from scrapers.formats._rss_dates import parse_date_utc

        self.handler_cls = StrictFeedParser
        self.parse_date = parse_date_utc  # feedparser's, fast on plain RFC 822 dates (then a datetime)
        self.cp1252 = _cp1252
        self.FPD = FeedParserDict
        self.root = root
        self.ns_map = namespaces()
        self.keys: dict[tuple[str, str | None], str] = {}
        self.feed_lang = ""
        self.entries: list[_Entry] = []

    # -- feedparser's view of names, attributes and text --------------------------------------

    def key(self, el) -> str:
        tag = el.tag
        if not isinstance(tag, str):
            raise _Fallback("comment or processing instruction")
        if tag[0] != "{":  # no namespace, no prefix: the tag alone is the key
            k = self.keys.get(tag)
            if k is not None:
                return k
            given = None
            ck = tag
        else:
            given = el.prefix
            ck = (tag, given)
            k = self.keys.get(ck)
            if k is not None:
                return k
        if tag[0] == "{":
            ns, loc = tag[1:].split("}", 1)
        else:
            ns, loc = "", tag
        lns = ns.lower()
        if "backend.userland.com/rss" in lns:
            prefix = ""
        else:
            prefix = self.ns_map.get(lns)
            if prefix is None:
                prefix = given or ""
        k = (prefix.lower() + "_" if prefix else "") + loc.lower()
        self.keys[ck] = k
        return k

    def handled(self, key: str) -> bool:
        h = _HANDLED.get(key)
        if h is None:
            h = _HANDLED[key] = hasattr(self.handler_cls, "_start_" + key) or hasattr(self.handler_cls, "_end_" + key)
        return h

    @staticmethod
    def attrs(el, allowed_ns: tuple[str, ...] = (_XML_LANG,)) -> dict:
        out = {}
        for k, v in el.items():
            if k[0] == "{":
                if k not in allowed_ns:
                    raise _Fallback("namespaced attribute")
                k = "xml:lang" if k == _XML_LANG else "rdf:about"
            else:
                k = k.lower()
            out[k] = v.lower() if k in ("rel", "type") else v
        return out

    @staticmethod
    def lang_of(attrs: dict, inherited):
        lang = attrs.get("xml:lang", attrs.get("lang"))
        if lang == "":
            return None
        return inherited if lang is None else lang

    def fix(self, s: str) -> str:
        """feedparser's pop(): repair UTF-8 read as latin-1, map cp1252 code points."""
        if s.isascii():
            return s
        try:
            s = s.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        return s.translate(self.cp1252)

    @staticmethod
    def raw(el) -> str:
        if len(el):
            raise _Fallback("markup inside a text field")
        return (el.text or "").strip()

    def text(self, el) -> str:
        return self.fix(self.raw(el))

    @staticmethod
    def resolve(uri: str) -> str:
        """feedparser's _urljoin with no base: drop extra slashes after 'scheme://'."""
        i = uri.find("://")
        if i < 0 or uri[i + 3:i + 4] != "/":  # nothing for _URIFIXER to remove
            return uri
        return _URIFIXER.sub(r"\1\3", uri)

    def check_inert(self, el, danger: set[str], handlers_ok: bool = False) -> None:
        """An element feedparser files away under its own key: nothing in it may matter."""
        for d in el.iter():
            k = self.key(d)
            if k in danger:
                raise _Fallback(f"element {k} not modelled")
            if self.handled(k):
                if not handlers_ok:
                    raise _Fallback(f"element {k} not modelled")
                continue
            stored = self.FPD.keymap.get(k, k)  # where feedparser files an unknown element
            if (stored[0] if isinstance(stored, list) else stored) in danger:
                raise _Fallback(f"element {k} not modelled")

    # -- the document ------------------------------------------------------------------------

    def run(self) -> tuple[list[_Entry], str]:
        root = self.root
        rk = self.key(root)
        if rk not in ("rss", "rdf_rdf", "feed"):
            raise _Fallback("root")
        ra = self.attrs(root)
        lang = self.lang_of(ra, None)
        if lang and rk in ("rss", "feed"):
            self.feed_lang = lang.replace("_", "-")
        self.container(root, lang, infeed=(rk == "feed"), top=True)
        return self.entries, self.feed_lang

    def container(self, el, lang, infeed: bool, top: bool) -> None:
        for c in el:
            k = self.key(c)
            if k in ("item", "entry"):
                self.entry(c, lang)
            elif k == "channel" and top:
                ca = self.attrs(c, (_XML_LANG, _RDF_ABOUT))
                if "lastmod" in ca or "href" in ca:
                    raise _Fallback("cdf channel")
                self.container(c, self.lang_of(ca, lang), infeed=True, top=False)
            elif k in ("language", "dc_language"):
                self.attrs(c)
                value = self.text(c)
                if infeed:
                    self.feed_lang = value
            else:
                self.check_inert(c, _FEED_DANGER, handlers_ok=True)

    def entry(self, item, lang) -> None:
        ia = self.attrs(item, (_XML_LANG, _RDF_ABOUT))
        if "lastmod" in ia or "href" in ia:
            raise _Fallback("cdf item")
        lang = self.lang_of(ia, lang)
        e = _Entry()
        if ia.get("rdf:about"):
            e["id"] = ia["rdf:about"]
        title_locked = False
        has_content = False
        known = self.keys.get  # a plain tag seen before: its key without a call
        for c in item:
            k = known(c.tag) or self.key(c)
            if k in _BARE and (k != "description" or "summary" not in e) and not len(c) and not c.items():
                # the commonest elements, bare (no attribute, no child): the branches below, inline
                v = (c.text or "").strip()
                if k in ("guid", "link") and "://" in v:
                    v = self.resolve(v)
                v = v if v.isascii() else self.fix(v)
                if k == "title":
                    if not title_locked:
                        e["title"] = v
                    title_locked = title_locked or bool(v)
                elif k == "guid":
                    e["id"] = v
                    e.setdefault("link", v)
                elif k == "link":
                    e["link"] = _LINK_REF.sub(r"&\g<1>", v.replace("&amp;", "&")) if "&" in v else v
                elif k == "pubdate":
                    e["published_parsed"] = self.parse_date(v)
                else:
                    e["summary"] = v
                continue
            if k == "title":
                a = self.attrs(c)
                if _map_type(a.get("type", "text/plain")) not in _TEXT_TYPES or "mode" in a:
                    raise _Fallback("title type")
                v = self.text(c)
                if not title_locked:
                    e["title"] = v
                if v:
                    title_locked = True
            elif k == "link":
                a = self.attrs(c)
                if len(c):
                    raise _Fallback("link children")
                href = a.get("url", a.get("uri", a.get("href")))
                if href:
                    a.pop("url", None)
                    a.pop("uri", None)
                    a["href"] = href
                if "href" in a:
                    rel = a.setdefault("rel", "alternate")
                    typ = a.get("type", "application/atom+xml" if rel == "self" else "text/html")
                    if rel == "alternate" and _map_type(typ) in ("application/xhtml+xml", "text/html"):
                        e["link"] = self.resolve(a["href"])
                else:
                    v = self.raw(c)
                    v = self.fix(self.resolve(v) if v else v)
                    if "&" in v:
                        v = _LINK_REF.sub(r"&\g<1>", v.replace("&amp;", "&"))
                    e["link"] = v
            elif k in ("guid", "id"):
                a = self.attrs(c)
                permalink = a.get("ispermalink", "true") == "true"
                v = self.raw(c)
                if v and permalink:
                    v = self.resolve(v)
                v = self.fix(v)
                e["id"] = v
                if permalink:
                    e.setdefault("link", v)
            elif k in ("description", "summary"):
                a = self.attrs(c)
                if "summary" in e and not has_content:
                    has_content = True
                    self.content(c, a, lang, e, "text/plain")
                else:
                    if _map_type(a.get("type", "text/html" if k == "description" else "text/plain")) not in _TEXT_TYPES \
                            or "mode" in a:
                        raise _Fallback("summary type")
                    e["summary"] = self.text(c)
            elif k in ("content_encoded", "content"):
                has_content = True
                self.content(c, self.attrs(c), lang, e, "text/html" if k == "content_encoded" else "text/plain")
            elif k in _PUBLISHED:
                self.attrs(c)
                e["published_parsed"] = self.parse_date(self.text(c))
            elif k in _UPDATED:
                self.attrs(c)
                e["updated_parsed"] = self.parse_date(self.text(c))
            elif k in ("author", "dc_creator", "dc_author"):
                self.attrs(c)
                self.author(c, e)
            elif k in ("category", "dc_subject"):
                a = self.attrs(c)
                tags = e.setdefault("tags", [])
                self.add_tag(tags, a.get("term"), a.get("scheme", a.get("domain")), a.get("label"))
                v = self.text(c)
                if v:
                    if tags and not tags[-1]["term"]:
                        tags[-1]["term"] = v
                    else:
                        self.add_tag(tags, v, None, None)
            elif k in ("language", "dc_language"):
                self.attrs(c)
                e["language"] = self.text(c)
            elif k == "media_content":
                a = self.attrs(c)
                if len(c):
                    raise _Fallback("media:content children")
                e.setdefault("media_content", []).append(a)  # feedparser keeps the plain attribute dict
            elif k == "media_thumbnail":
                a = self.attrs(c)
                e.setdefault("media_thumbnail", []).append(a)
                url = self.raw(c)
                if url:
                    url = self.fix(self.resolve(url))
                    if url.strip() and "url" not in a:
                        a["url"] = url
            elif k == "media_credit":
                a = self.attrs(c)
                e.setdefault("media_credit", []).append(a)
                credit = self.text(c)
                if credit.strip():
                    a["content"] = credit
            elif k == "feedburner_origlink":
                if c.attrib:
                    raise _Fallback("origLink attributes")
                e["feedburner_origlink"] = self.text(c)
            elif k == "source":
                if len(c):
                    raise _Fallback("source children")
                title_locked = False
            elif k in _HARMLESS:
                if len(c):
                    raise _Fallback(f"{k} children")
            else:
                self.check_inert(c, _DANGER)
        if "updated_parsed" not in e and "published_parsed" in e:
            e["updated_parsed"] = e["published_parsed"]  # feedparser's `updated_parsed` falls back to it
        self.entries.append(e)

    def content(self, c, a: dict, lang, e: _Entry, default_type: str) -> None:
        typ = _map_type(a.get("type", default_type))
        if typ not in _TEXT_TYPES or "mode" in a or "src" in a:
            raise _Fallback("content type")
        clang = self.lang_of(a, lang)
        value = self.text(c)
        e.setdefault("content", []).append(self.FPD(type=typ, language=clang.replace("_", "-") if clang else clang,
                                                    base="", value=value))
        e.setdefault("summary", value)

    def author(self, c, e: _Entry) -> None:
        detail: dict = {}
        if len(c) and "author" in e:
            raise _Fallback("several structured authors")
        pieces = [c.text or ""]
        for sub in c:
            k = self.key(sub)
            self.attrs(sub)
            if k == "name":
                detail["name"] = self.raw(sub)
            elif k == "email":
                detail["email"] = self.raw(sub)
            elif k in ("uri", "url", "homepage"):
                detail["href"] = self.text(sub)
            else:
                raise _Fallback("author child")
            pieces.append(sub.tail or "")
        e["author"] = self.fix("".join(pieces).strip())
        if detail:
            self._sync(detail, e)

    @staticmethod
    def _sync(detail: dict, e: _Entry) -> None:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            e["author"] = f"{name} ({email})"
        elif name:
            e["author"] = name
        elif email:
            e["author"] = email

    def add_tag(self, tags: list, term, scheme, label) -> None:
        if not term and not scheme and not label:
            return
        value = self.FPD(term=term, scheme=scheme, label=label)
        if value not in tags:
            tags.append(value)


def fast_entries(data: bytes) -> tuple[list, str] | None:
    """(entries, feed language) read with lxml, or None when feedparser must do it."""
    root = strict_root(data)
    if root is None:
        return None
    # xml:base (or any attribute feedparser reads as `base`) changes how it resolves links
    if _HAS_BASE(root):
        return None
    try:
        entries, lang = _FastRSS(root).run()
    except _Fallback:
        return None
    if not entries:
        return None
    return entries, lang
