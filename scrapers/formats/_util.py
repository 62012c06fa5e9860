"""Helpers shared by the XML and HTML parsers: namespace-blind lookups, dates, text rendering.

Wires use many namespace prefixes (or none) for the same elements, so lookups compare local
names only. Rendering turns markup into plain text with paragraphs separated by blank lines,
keeping table rows on their own lines, so that bodies read the same whatever the source format.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from lxml import etree

from scrapers import safexml
from scrapers.formats._simple_html import simple_fragment
from scrapers.formats.base import ParseError
from scrapers.record import collapse


def xml_root(data: bytes) -> etree._Element:
    """Safe parse of untrusted XML, with errors turned into ParseError."""
    try:
        return safexml.parse_xml(data)
    except ValueError as exc:
        raise ParseError(str(exc)) from None


def local(el: etree._Element) -> str:
    """Local name of an element ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def kids(el: etree._Element | None, *names: str) -> Iterator[etree._Element]:
    """Direct children whose local name is one of `names` (case-sensitive)."""
    if el is None:
        return
    for c in el:
        if local(c) in names:
            yield c


def child(el: etree._Element | None, *path: str) -> etree._Element | None:
    """Follow a path of local names through direct children; None if any step is missing."""
    for name in path:
        if el is None:
            return None
        el = next(kids(el, name), None)
    return el


def desc(el: etree._Element | None, *names: str) -> Iterator[etree._Element]:
    """All descendants whose local name is one of `names`."""
    if el is None:
        return
    for d in el.iter():
        if local(d) in names:
            yield d


def first_desc(el: etree._Element | None, *names: str) -> etree._Element | None:
    return next(desc(el, *names), None)


def text(el: etree._Element | None) -> str:
    """All text inside an element, whitespace collapsed."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def attr(el: etree._Element | None, name: str) -> str:
    """An attribute by local name (any namespace), stripped; '' when absent."""
    if el is None:
        return ""
    for k, v in el.attrib.items():
        if k == name or k.rsplit("}", 1)[-1] == name:
            return (v or "").strip()
    return ""


def xml_lang(el: etree._Element | None) -> str:
    return attr(el, "lang")


def to_int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_datetime(value: str | None) -> dt.datetime | None:
    """Parse the date formats wires use (ISO 8601, compact ISO, RFC 822, ...).

    A value without a zone stays naive here; `normalise` makes it UTC.
    """
    s = " ".join((value or "").split())
    if not s:
        return None
    m = _COMPACT.match(s)
    if m:
        y, mo, d, h, mi, se, tz = m.groups()
        try:
            out = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(se or 0))
        except ValueError:
            return None
        return _with_tz(out, tz)
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00").replace(" GMT", "+00:00"))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from dateutil import parser as du

        return du.parse(s, dayfirst=bool(re.match(r"\d{1,2}[./]", s)))
    except (ValueError, OverflowError, TypeError):
        return None


def _with_tz(value: dt.datetime, tz: str | None) -> dt.datetime:
    if not tz:
        return value
    if tz == "Z":
        return value.replace(tzinfo=dt.timezone.utc)
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    return value.replace(tzinfo=dt.timezone(sign * offset))


# ---- rendering markup as text -------------------------------------------------------------

BLOCKS = {
    "p", "div", "section", "article", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
    "hl1", "hl2", "li", "ul", "ol", "dl", "dt", "dd", "table", "block", "figure", "figcaption",
    "address", "main", "body.content", "note", "bq", "fn", "nitf-table",
    # TT's Swedish NITF dialect, NewsML 1.2 bodies
    "citat", "mellis", "ingress", "brodtext", "text", "rubrik", "datacontent",
}
SKIP = {"head", "title", "script", "style", "noscript", "header", "nav", "footer", "aside",
        "media", "bild", "byline", "dat", "dateline", "iframe", "svg", "form", "button", "object",
        "media-reference", "media-caption", "img"}
_HARD = "\ue000"  # a line break that survives whitespace collapsing (table rows)
_PRE = "\ue001"  # marks a line whose inner spacing is layout (table columns)


def render(el: etree._Element | None, skip: set[str] | None = None) -> str:
    """Plain text of a markup subtree: blocks become paragraphs, tables aligned rows."""
    if el is None:
        return ""
    parts: list[str] = []
    _render(el, parts, SKIP if skip is None else skip, top=True)
    return finish(parts)


def finish(parts: list[str]) -> str:
    return _finish(parts)[0]


_PARAS = re.compile(r"\n\s*\n")


def _finish(parts: list[str], clean: bool = False) -> tuple[str, bool]:
    """(text, whether any line kept its layout spacing); other lines are whitespace-collapsed.
    `clean`: the text is printable but for tabs and newlines (the simple HTML path says so), so it
    holds no table rows (their marks are unprintable) and its paragraphs collapse without a scan
    of their own (_collapse_clean)."""
    raw = "".join(parts)
    if clean or _HARD not in raw:  # no table rows or hard breaks (_PRE only follows _HARD): one line a paragraph
        one = _collapse_clean if clean else collapse
        paras = [one(chunk) for chunk in _PARAS.split(raw)]
        return "\n\n".join([p for p in paras if p]), False
    paras = []
    layout = False
    for chunk in _PARAS.split(raw):
        if _PRE in chunk:
            layout = True
            lines = [x[1:].rstrip() if x.startswith(_PRE) else " ".join(x.split()) for x in chunk.split(_HARD)]
        else:
            lines = [" ".join(x.split()) for x in chunk.split(_HARD)]
        lines = [x for x in lines if x.strip()]
        if lines:
            paras.append("\n".join(lines))
    return "\n\n".join(paras), layout


def _collapse_clean(chunk: str) -> str:
    """`collapse(chunk)` of text printable but for tabs and newlines: it is printable exactly when
    it holds neither, so collapse's own scan for unprintable characters is not needed."""
    if "\n" not in chunk and "\t" not in chunk and "  " not in chunk:
        return chunk.strip(" ")
    return " ".join(chunk.split())


_NAMES: dict[str, str] = {}  # tag -> local name in lower case (bounded: hostile markup has any tags)


def _render(el: etree._Element, parts: list[str], skip: set[str], top: bool = False) -> None:
    tag = el.tag
    if type(tag) is str:
        name = _NAMES.get(tag)
        if name is None:
            name = (tag.rsplit("}", 1)[-1] if "}" in tag else tag).lower()
            if len(_NAMES) < 4096:
                _NAMES[tag] = name
    else:
        name = ""
    if not name:  # comment / PI: keep only its tail
        if el.tail:
            parts.append(el.tail)
        return
    if name in skip and not top:
        if el.tail:
            parts.append(el.tail)
        return
    if name == "table":
        parts.append("\n\n" + "".join(_HARD + _PRE + line for line in table_lines(el)) + "\n\n")
    else:
        block = name in BLOCKS
        if block:
            parts.append("\n\n")
        if name == "br":
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for c in el:
            _render(c, parts, skip)
        if block:
            parts.append("\n\n")
    if el.tail and not top:
        parts.append(el.tail)


def table_lines(table: etree._Element) -> list[str]:
    """Rows of a table as aligned text lines (first column left, numbers right)."""
    rows = []
    for tr in desc(table, "tr", "TR"):
        rows.append([text(c) for c in tr if local(c).lower() in ("td", "th")])
    return align(rows)


def align(rows: list[list[str]]) -> list[str]:
    """Lay out table cells in columns: first column left-justified, the others right."""
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    multi = [r for r in rows if len(r) > 1]
    widths = [max((len(r[i]) for r in multi if i < len(r)), default=0) for i in range(width)]
    out = []
    for r in rows:
        if len(r) == 1:
            out.append(r[0])
            continue
        cells = [r[0].ljust(widths[0])] + [c.rjust(widths[i]) for i, c in enumerate(r[1:], 1)]
        out.append("  ".join(cells).rstrip())
    return out


_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.I).match
_HTML_PARSER = etree.HTMLParser()


def html_fragment_text(markup: str) -> str:
    return html_fragment_text_flag(markup)[0]


def html_fragment_text_flag(markup: str) -> tuple[str, bool]:
    """Render an HTML fragment (escaped HTML inside a wire field) as paragraphs.

    Returns (text, layout): `layout` tells whether a line kept its inner spacing (tables);
    every other line is whitespace-collapsed. Same tree as ``lxml.html.fragment_fromstring(markup, create_parent="div")`` (the body's
    children under a new <div>, leading text kept when not blank), built with a plain
    HTMLParser: lxml.html's element class lookup costs more than the parse and `render` only
    reads tags, text and tails.
    """
    text, layout, _ = fragment_text(markup)
    return text, layout


def fragment_text(markup: str) -> tuple[str, bool, bool]:
    """(text, layout) of html_fragment_text_flag, and whether the text is known to have no control
    character: the simple path refuses text with one but tabs and newlines, which `_finish`
    collapses away (so normalise need not scan the text again)."""
    markup = markup.strip()
    if not markup:
        return "", False, True
    # `markup` is stripped (str.strip and the regex's \s take the same characters), so only a
    # fragment starting with '<' can be a whole document: most start with text (no regex call then)
    if markup[0] != "<" or not _FULL_HTML(markup):
        got = simple_fragment(markup)  # simple markup: the same text without a tree
        if got is not None:
            raw, clean = got
            text, layout = _finish([raw], clean)
            return text, layout, True
    text, layout = lxml_fragment_text(markup)
    return text, layout, False


def lxml_fragment_text(markup: str) -> tuple[str, bool]:
    """html_fragment_text_flag through lxml's HTML parser (any markup; `markup` stripped)."""
    html = markup if _FULL_HTML(markup) else "<html><body>%s</body></html>" % markup
    try:
        doc = etree.fromstring(html, _HTML_PARSER)
        if doc is None:
            raise etree.ParserError("Document is empty")
        assert local(doc) == "html"
        bodies = [e for e in doc if local(e) == "body"]
        assert len(bodies) == 1, ("too many bodies: %r in %r" % (bodies, html))
        body = bodies[0]
        frag = etree.Element("div")
        if body.text and body.text.strip():
            frag.text = body.text  # ValueError on control characters, as lxml.html's
        frag.extend(body)
    except (etree.ParserError, ValueError):
        return " ".join(markup.split()), False
    parts: list[str] = []
    _render(frag, parts, SKIP, top=True)
    return _finish(parts)


_TAG = re.compile(r"<(?:[A-Za-z][\w:.-]*|/[A-Za-z][\w:.-]*|!--)[^>]*>?")


def looks_like_html(s: str) -> bool:
    """Whether `s` holds a tag: `_TAG.search(s)`, searched from the first '<' (a C scan; every match
    starts at one), where the regex engine would step through the text before it."""
    i = s.find("<") if s else -1
    return i >= 0 and _TAG.search(s, i) is not None


def plain_lines(s: str) -> str:
    """Plain text with hard line breaks: keep lines, blank lines separate paragraphs."""
    paras = []
    for chunk in re.split(r"\n[ \t\r]*\n", (s or "").replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(x.split()) for x in chunk.split("\n")]
        lines = [x for x in lines if x]
        if lines:
            paras.append("\n".join(lines))
    return "\n\n".join(paras)


def split_qcode(qcode: str) -> tuple[str, str]:
    """'medtop:20000634' -> ('medtop', '20000634')."""
    if ":" in qcode:
        scheme, code = qcode.split(":", 1)
        return scheme, code
    return "", qcode
