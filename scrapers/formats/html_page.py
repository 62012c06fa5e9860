"""Article HTML pages: main text with trafilatura, metadata from Open Graph, JSON-LD and meta tags.

Used for summary-only feeds whose page was fetched. The page is parsed once (trafilatura's own
loader); page metadata (JSON-LD NewsArticle, og:*, article:published_time, <link rel=canonical>,
<html lang>) is read from that tree, and the same tree is handed to trafilatura for the text.
trafilatura's metadata extraction (author and date search: most of the time it took) only runs
when the page's own metadata leaves a field empty, and then gives what it gave before.
A page where no article text can be found is a ParseError.
"""
from __future__ import annotations

import json
import re
from typing import Any

from scrapers import safexml
from scrapers.formats._util import parse_datetime
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_HTML_HEAD = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<meta|<title|<body)", re.I | re.S)


class HTMLPageParser:
    """A single article page (HTML or XHTML)."""

    name = "html"

    def can_parse(self, data: bytes) -> bool:
        head = data[:2048].lstrip(b"\xef\xbb\xbf")
        if _HTML_HEAD.match(head):
            return True
        return safexml.sniff_root(data)[0].lower() == "html"

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        import trafilatura
        from trafilatura.utils import load_html

        if len(data) > safexml.MAX_BYTES:
            raise ParseError(f"page of {len(data)} bytes exceeds the {safexml.MAX_BYTES}-byte limit")
        html_text = safexml.decode_bytes(data, _charset(data))
        try:
            doc = load_html(html_text)
        except Exception as exc:  # noqa: BLE001 - lxml raises several types on junk
            raise ParseError(f"not parseable HTML: {exc}") from None
        if doc is None:
            raise ParseError("not parseable HTML: empty document")
        meta = _meta(doc)
        ld = _json_ld(doc)
        url = meta.get("og:url") or None
        result = trafilatura.bare_extraction(doc, url=url, with_metadata=False, include_comments=False,
                                             include_tables=True, favor_precision=True)  # works on a copy
        body = ((result.text if result is not None else "") or "").strip()
        if not body:
            body = str(ld.get("articleBody") or "")
        if not body:
            raise ParseError("no article text found in HTML page")
        res = _LazyMetadata(doc, url)
        a = Article(format=self.name, source=source)
        a.headline = (str(ld.get("headline") or "") or meta.get("og:title") or meta.get("twitter:title")
                      or res.get("title") or _title(doc))
        a.body = _after_headline(re.sub(r"\n+", "\n\n", body), a.headline)
        a.summary = str(ld.get("description") or "") or meta.get("og:description") or meta.get("description") or ""
        a.url = (meta.get("canonical") or meta.get("og:url") or str(ld.get("url") or "") or res.get("url") or "")
        a.guid = a.url
        a.byline = _author(ld) or meta.get("author") or meta.get("article:author") or meta.get("byl") or res.get("author") or ""
        a.published = (parse_datetime(str(ld.get("datePublished") or "")) or parse_datetime(meta.get("article:published_time"))
                       or parse_datetime(meta.get("date") or meta.get("pubdate") or meta.get("dc.date"))
                       or parse_datetime(res.get("date")))
        a.updated = parse_datetime(str(ld.get("dateModified") or "")) or parse_datetime(meta.get("article:modified_time"))
        a.language = str(ld.get("inLanguage") or "") or doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") \
            or meta.get("og:locale", "").replace("_", "-") or meta.get("content-language", "") or meta.get("language", "") \
            or (res.get("language") or "")
        for kw in (meta.get("keywords") or meta.get("news_keywords") or "").split(","):
            if kw.strip():
                a.subjects.append(Subject(code=kw.strip(), scheme="keyword"))
        if meta.get("og:site_name") or res.get("sitename"):
            a.extra["site"] = meta.get("og:site_name") or res.get("sitename")
        return [a]


class _LazyMetadata:
    """trafilatura's metadata of the page, extracted on the first field asked for (the same call,
    options and tree as `bare_extraction(..., with_metadata=True)` makes)."""

    def __init__(self, doc, url: str | None) -> None:
        self._doc, self._url, self._fields = doc, url, None

    def get(self, key: str):
        if self._fields is None:
            from trafilatura.metadata import extract_metadata
            from trafilatura.settings import Extractor

            options = Extractor(precision=True, tables=True, url=self._url, with_metadata=True)
            found = extract_metadata(self._doc, options.url, options.date_params, options.fast,
                                     options.author_blacklist)
            self._fields = found.as_dict() if found is not None else {}
        return self._fields.get(key)


def _after_headline(body: str, headline: str) -> str:
    """Drop the extractor's copy of the headline near the top of the text, and the page furniture
    above it (ads, teasers), unless that text opens with a dateline: then it is the lead
    (`Hong Kong (CNN Business)A muddled view…`) and only the headline's copy goes."""
    key = " ".join(headline.split()).casefold()
    paras = body.split("\n\n")
    for i, p in enumerate(paras[:8]):
        if key and " ".join(p.split()).casefold() == key and i + 1 < len(paras):
            before = paras[:i] if any(_opens_with_dateline(q) for q in paras[:i]) else []
            return "\n\n".join(before + paras[i + 1:])
    return body


def _opens_with_dateline(text: str) -> bool:
    from scrapers.dateline import parse_dateline

    found = parse_dateline(text[:300])
    return bool(found.city or found.agency)


def _charset(data: bytes) -> str:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else ""


def _meta(doc) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("http-equiv") or m.get("itemprop") or "").strip().lower()
        val = (m.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            out.setdefault("canonical", link.get("href").strip())
    return out


def _json_ld(doc) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (NewsArticle, Article, ReportageNewsArticle...)."""
    for s in doc.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                types = obj.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.endswith("Article") for t in types):
                    return obj
                stack.extend(obj.get("@graph") or [])
            elif isinstance(obj, list):
                stack.extend(obj)
    return {}


def _author(ld: dict[str, Any]) -> str:
    author = ld.get("author")
    items = author if isinstance(author, list) else [author]
    names = [(x.get("name") if isinstance(x, dict) else x) for x in items if x]
    return ", ".join(str(n) for n in names if n)


def _title(doc) -> str:
    t = doc.find(".//title")
    return " ".join((t.text_content() if t is not None else "").split())
