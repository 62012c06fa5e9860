"""Parsing a fetched payload so that one damaged item never costs the others.

`parse_payload` is what the pipeline calls (fetch and replay alike). Before and around the
format parsers (`scrapers.formats`) it does what feedparser's lenient path does, but keeps a
record of it (`notes`, stored as item_errors rows with stage 'recover'):
- the HTTP Content-Type charset is used when the document declares none (no BOM, no XML
  encoding declaration);
- BOM-less UTF-16 / UTF-32 XML is recognised from its byte pattern and read as such;
- invalid UTF-8 bytes in an otherwise UTF-8 document are replaced (U+FFFD) where they are, so
  the clean items stay exact instead of the whole document being re-read as windows-1252;
- a document the strict parsers refuse is repaired and parsed again: characters XML forbids
  (NUL, control characters) are removed and bare `&` escaped, each repair marked so the items
  that carried one are named; failing that, lxml's recover mode rebuilds the tree, and the
  items it recovered are counted against the item tags in the bytes.
"""
from __future__ import annotations

import codecs
import dataclasses
import re

from lxml import etree

from scrapers import safexml
from scrapers.record import Article, ParseFailure, Subject

_MARK = "\ufdd0"  # a noncharacter XML allows: placed where a repair happened, removed after parsing
_MARK_ESCAPED = "%EF%B7%90"
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BARE_AMP_RE = r"&(?!#[0-9]{1,7};|#x[0-9A-Fa-f]{1,6};|[A-Za-z_][\w.-]{0,40};)"  # '&' starting no reference
_BARE_AMP = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->)|" + _BARE_AMP_RE, re.S)
_ANY_BARE_AMP = re.compile(_BARE_AMP_RE)
_ITEM_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry|NewsItem|newsItem|nitf)[\s>/]")
_FEED_ROOTS = {"rss", "RDF", "feed", "channel", "XMLNewsQueuedResponse"}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_UTF8 = {"utf-8", "utf8"}
# failures no repair can change (size caps, refused entities, a document without items)
_NOT_REPAIRABLE = re.compile(r"exceeds|entit|no stories found|empty input|larger than", re.I)


def parse_payload(data: bytes, content_type: str = "", source: str = "",
                  feed_language: str = "") -> tuple[list[Article | ParseFailure], list[ParseFailure]]:
    """(records, recovery notes): the stories and failures of one payload, repaired where possible."""
    notes: list[ParseFailure] = []
    data = _transcode(data, content_type, source, notes)
    try:
        return _parse_payload(data, source, feed_language, notes)
    finally:
        from scrapers.formats import rss

        rss.forget()


def _parse_payload(data: bytes, source: str, feed_language: str,
                   notes: list[ParseFailure]) -> tuple[list[Article | ParseFailure], list[ParseFailure]]:
    from scrapers.formats import detect

    parser = detect(data)  # once: the HTML test and the RSS fast path's check both need it
    xml = _xml_like(data) and not (parser is not None and parser.name == "html")
    # a well-formed document (the common case) has no forbidden character or bare '&' to repair
    syntax = _syntax_error(data) if xml and not _rss_read_strictly(data, parser) else None
    records = _repair_chars(data, source, feed_language, notes) if syntax is not None else None
    tried = False
    if records is None and (reason := syntax):
        # straight to recover mode: a failing pass of the strict parsers and feedparser's loose
        # one costs minutes and hundreds of MB on a 20 MB feed
        records, tried = _recover_mode(data, reason, source, feed_language, notes), True
    if records is None:
        records = _parse(data, source, feed_language)
        if (xml and not tried and _whole_document_failed(records)
                and not _NOT_REPAIRABLE.search(records[0].error)):
            records = _recover_mode(data, records[0].error, source, feed_language, notes) or records
    for rec in records:
        if isinstance(rec, Article) and _replaced(rec):
            if any(n.guid == rec.guid for n in notes):
                continue
            notes.append(ParseFailure(source=source, format=rec.format, guid=rec.guid,
                                      error="recovered: invalid bytes for the document's encoding replaced "
                                            "(U+FFFD) in this item"))
    return records, notes


def _replaced(rec: Article) -> bool:
    """Whether a story's text holds U+FFFD: a test of each text, not of the texts joined (a copy of
    a story's text; an ASCII text answers at once, as U+FFFD is wider than its characters)."""
    return ("\ufffd" in rec.headline or "\ufffd" in rec.body or "\ufffd" in rec.summary
            or "\ufffd" in rec.byline)


def refuse_document(kind: str, data: bytes, content_type: str = "") -> str:
    """Why a fetched document cannot be what a feed URL must give ('' when it can).

    A feed or wire URL must give a feed or a wire document: an HTML page there (a login or
    maintenance page) is a fetch error, unless the feed is configured as `kind: page`.
    """
    if kind not in ("feed", "wire_url") or not data:
        return ""
    from scrapers.formats import detect

    parser = detect(data)
    if parser is not None and parser.name == "html":
        ctype = content_type.split(";")[0].strip() or "no Content-Type"
        return (f"an HTML page ({ctype}) was served at a feed URL, not a feed or wire document "
                "(configure kind: page to ingest one article page)")
    return ""


# --- encodings --------------------------------------------------------------------------------

def http_charset(content_type: str) -> str:
    m = _CHARSET.search(content_type or "")
    return m.group(1).lower() if m else ""


def _transcode(data: bytes, content_type: str, source: str, notes: list[ParseFailure]) -> bytes:
    """UTF-8 bytes for an XML document whose encoding is given outside it, or damaged UTF-8."""
    if not _xml_like(data):
        return data
    bomless = _bomless_wide(data)
    if bomless:
        text = data.decode(bomless, errors="replace")
        notes.append(ParseFailure(source=source, error=f"recovered: document in {bomless.upper()} without a "
                                                       "byte order mark, read as such"))
        return _redeclare(text).encode("utf-8")
    declared = safexml.declared_encoding(data)
    if not declared:
        charset = http_charset(content_type)
        if charset and charset not in _UTF8 and not _valid_utf8_nonascii(data, charset):
            try:
                return data.decode(charset, errors="replace").encode("utf-8")
            except LookupError:
                pass
    if declared in ("", "utf-8", "utf8"):
        return _mend_utf8(data)
    return data


def _valid_utf8_nonascii(data: bytes, charset: str) -> bool:
    """A Latin charset header on bytes that are valid UTF-8 with non-ASCII text is a lie: keep UTF-8."""
    if charset not in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mend_utf8(data: bytes) -> bytes:
    """Mostly-UTF-8 bytes with a few invalid sequences: replace only those (U+FFFD).

    A document with no valid multi-byte sequence at all is left alone: it is in a legacy
    single-byte encoding, which `safexml.decode_bytes` detects as a whole.
    """
    if data.isascii():  # valid UTF-8 as it is: a C scan, where the check below decodes a whole copy
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if good <= 0 or good < bad // 4:
        return data
    return text.encode("utf-8")


def _bomless_wide(data: bytes) -> str:
    """'utf-16-le' etc. when `<` (after optional whitespace) is spelt in a wide encoding without BOM."""
    head = data[:8]
    if head.startswith(codecs.BOM_UTF8) or head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return ""
    for enc, pattern in (("utf-32-le", b"<\x00\x00\x00"), ("utf-32-be", b"\x00\x00\x00<"),
                         ("utf-16-le", b"<\x00"), ("utf-16-be", b"\x00<")):
        width = 4 if "32" in enc else 2
        unit = pattern
        space = " ".encode(enc)
        body = head
        while body.startswith(space) or body.startswith("\n".encode(enc)) or body.startswith("\r".encode(enc)):
            body = body[width:]
        if body.startswith(unit):
            return enc
    return ""


_DECL_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", re.S)


def _redeclare(text: str) -> str:
    """Drop the encoding pseudo-attribute: the text is handed on as UTF-8."""
    return _DECL_ENCODING.sub(r"\1", text.lstrip("\ufeff"), count=1)


# --- repair of documents the strict parsers refuse ---------------------------------------------

def _repair_chars(data: bytes, source: str, feed_language: str,
                  notes: list[ParseFailure]) -> list[Article | ParseFailure] | None:
    """Characters XML forbids removed and bare `&` escaped, each marked so the items that carried
    one are named; None when there was nothing to repair or the repaired text still fails."""
    text = safexml.decode_xml(data)
    if _MARK in text or not (_BAD_XML_CHARS.search(text) or _has_bare_amp(text)):
        return None
    doc = _utf8_doc(_fix_chars(text, _MARK))
    del text  # big documents: keep one copy at a time
    records = _parse(doc, source, feed_language, marked=True)
    if _whole_document_failed(records):
        return None
    for rec in records:
        if isinstance(rec, Article) and rec.extra.pop("_repaired", False):
            notes.append(ParseFailure(source=source, format=rec.format, guid=rec.guid,
                                      error="recovered: characters XML forbids removed or bare '&' escaped "
                                            "in this item"))
    return records


def _has_bare_amp(text: str) -> bool:
    # a document without any bare '&' (the common case) is told by one quick scan; only one with a
    # bare '&' somewhere is scanned again to leave out those inside CDATA sections and comments
    if "&" not in text or not _ANY_BARE_AMP.search(text):
        return False
    return any(m.group(1) is None for m in _BARE_AMP.finditer(text))


def _fix_chars(text: str, mark: str = "") -> str:
    """Forbidden characters removed (replaced by `mark`), bare `&` escaped; CDATA sections kept as they are."""
    def amp(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) else "&amp;" + mark
    return _BARE_AMP.sub(amp, _BAD_XML_CHARS.sub(mark, text))


def _recover_mode(data: bytes, reason: str, source: str, feed_language: str,
                  notes: list[ParseFailure]) -> list[Article | ParseFailure] | None:
    """lxml's recover mode (entities still refused), then the normal parsers on what it rebuilt."""
    text = _fix_chars(safexml.decode_xml(data))
    try:
        safexml.check_entities(text)
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, remove_pis=True, encoding="utf-8")
        root = etree.fromstring(_utf8_doc(text), parser)
    except (ValueError, etree.LxmlError):
        return None
    if root is None:
        return None
    truncated = _truncated(text, root)
    if truncated and etree.QName(root).localname not in _FEED_ROOTS:
        return None  # one cut-off wire story (or a file still being written): nothing whole to keep
    del text
    rebuilt = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    del root
    records = _parse(rebuilt, source, feed_language)
    if _whole_document_failed(records):
        return None
    if truncated:  # the last item was cut off by the end of the data: not a story to store
        last = max((i for i, r in enumerate(records) if isinstance(r, Article)), default=None)
        if last is not None:
            records = records[:last] + records[last + 1:]
    stories = sum(1 for r in records if isinstance(r, Article))
    tagged = len(_ITEM_TAG.findall(data))
    lost = f"; {tagged - stories} of {tagged} items could not be recovered" if tagged > stories else ""
    cut = ", the document is cut off (its last item dropped)" if truncated else ""
    notes.append(ParseFailure(source=source, error=f"recovered: document not well-formed ({reason[:300]}){cut}; "
                                                   f"read in recover mode, {stories} items kept{lost}"))
    return records if stories else None


def _truncated(text: str, root: etree._Element) -> bool:
    """True when the text does not end with the root element's end tag (a cut-off document)."""
    name = re.escape(etree.QName(root).localname)
    tail = text[-4096:].rstrip()
    while tail.endswith(("-->", "?>")):  # trailing comments and processing instructions
        start = tail.rfind("<!--" if tail.endswith("-->") else "<?")
        if start < 0:
            break
        tail = tail[:start].rstrip()
    return not re.search(rf"</(?:[\w.-]+:)?{name}\s*>$", tail)


class _NoTree:
    """A parser target that builds nothing: a well-formedness check in constant memory."""

    def close(self) -> None:
        return None


def _syntax_error(data: bytes) -> str | None:
    """None for well-formed XML; else the syntax error that makes the document not well-formed
    ('' when the only trouble is an undefined named entity, which feedparser's path maps itself,
    or when the check itself could not run)."""
    parser = etree.XMLParser(target=_NoTree(), resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, encoding="utf-8")
    try:
        etree.fromstring(_utf8_doc(safexml.decode_xml(data)), parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        return "" if "Entity '" in message and "not defined" in message else f"not well-formed XML: {message}"
    except (ValueError, etree.LxmlError):
        return ""
    return None


def _rss_read_strictly(data: bytes, parser: object) -> bool:
    """True when the RSS parser's fast path parsed `data` strictly, i.e. it is well-formed XML; the
    tree is kept for the parse that follows (a feed is parsed once, not checked and parsed).
    `parser` is what formats.detect chose for `data`."""
    from scrapers.formats.base import ParseError
    from scrapers.formats.rss import RSSParser, strict_root

    if type(parser) is not RSSParser:
        return False
    try:
        return strict_root(data, keep=True) is not None
    except ParseError:
        return False


def _utf8_doc(text: str) -> bytes:
    """UTF-8 bytes of the text with its encoding declaration dropped (only the head is rewritten)."""
    head = _redeclare(text[:1024])
    return head.encode("utf-8", errors="replace") + text[1024:].encode("utf-8", errors="replace")


# --- parsing ------------------------------------------------------------------------------------

def _parse(data: bytes, source: str, feed_language: str, marked: bool = False) -> list[Article | ParseFailure]:
    """`formats.parse_bytes`; with repair marks in the bytes, each story is unmarked before normalising."""
    from scrapers.formats import parse_bytes

    return parse_bytes(data, source=source, feed_language=feed_language,
                       before_normalise=_unmark if marked else None)


def _unmark(art: Article) -> Article:
    """The article without repair marks; `extra['_repaired']` says whether it carried any."""
    changes: dict[str, object] = {}
    for f in dataclasses.fields(art):
        value = getattr(art, f.name)
        if isinstance(value, str) and (_MARK in value or _MARK_ESCAPED in value):
            changes[f.name] = value.replace(_MARK, "").replace(_MARK_ESCAPED, "")
    subjects = [Subject(code=s.code.replace(_MARK, ""), name=s.name.replace(_MARK, ""), scheme=s.scheme)
                for s in art.subjects]
    if changes or any(a != b for a, b in zip(subjects, art.subjects)):
        changes["extra"] = {**art.extra, "_repaired": True}
    changes["subjects"] = subjects
    return dataclasses.replace(art, **changes)


def _whole_document_failed(records: list[Article | ParseFailure]) -> bool:
    return len(records) == 1 and isinstance(records[0], ParseFailure) and not records[0].guid


def _xml_like(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") or bool(_bomless_wide(data)) or (len(head) > 1 and head[1:2] == b"<")
