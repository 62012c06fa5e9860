"""Safe XML parsing for every XML wire format.

Wire files come from outside: a DTD can declare entities that expand a few bytes into gigabytes
(billion laughs) or point at local files and URLs (XXE). We refuse any document that declares
entities, never load a DTD, never touch the network and cap the input size. Encoding is taken
from the BOM / XML declaration, but wires often lie about it (latin-1 declared, UTF-8 sent, and
the reverse), so the declared encoding is checked against the bytes and corrected.
"""
from __future__ import annotations

import codecs
import re

from lxml import etree

MAX_BYTES = 20 * 1024 * 1024


class UnsafeXMLError(ValueError):
    """The document is refused for security reasons (entities, size)."""


class XMLParseError(ValueError):
    """The document is not well-formed XML (truncated, binary, empty...)."""


_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.S)
_LATIN = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "iso-8859-15", "iso8859-15", "cp1252",
          "windows-1252", "us-ascii", "ascii"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# charset-normalizer is trusted for scripts that cp1252 cannot be; for Latin text its guesses
# among single-byte code pages (cp1250, cp1257...) are noise, and cp1252 is the wire norm.
_NON_LATIN = {"cp1251", "koi8_r", "koi8_u", "cp1253", "iso8859_7", "iso8859_5", "mac_cyrillic", "cp866",
              "gb2312", "gb18030", "gbk", "big5", "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr",
              "cp949", "iso2022_jp", "cp1256", "iso8859_6", "cp1255", "iso8859_8", "tis_620", "cp874",
              "utf_16", "utf_16_le", "utf_16_be", "utf_32"}
_DOCTYPE = re.compile(r"<!DOCTYPE", re.I)
_ENTITY = re.compile(r"<!ENTITY", re.I)


def declared_encoding(data: bytes) -> str:
    """Encoding named by a BOM or the XML declaration; '' when none."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    m = _DECL.match(data[:400])
    return m.group(1).decode("ascii").lower() if m else ""


def decode_bytes(data: bytes, declared: str = "") -> str:
    """Decode wire bytes to text, correcting a wrong declared encoding.

    Order: BOM; the declared encoding if the bytes really are in it (a latin-1 declaration on
    bytes that are valid, non-ASCII UTF-8 is taken as UTF-8, since latin-1 never fails);
    UTF-8; charset-normalizer's guess; cp1252 with replacement as the last resort.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    enc = (declared or "").lower()
    if enc in _LATIN or not enc:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            if enc:
                return data.decode("cp1252" if enc != "iso-8859-15" else "iso-8859-15", errors="replace")
    else:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding and best.encoding.replace("-", "_").lower() in _NON_LATIN:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # noqa: BLE001 - detection is best effort
        pass
    return data.decode("cp1252", errors="replace")


def decode_xml(data: bytes) -> str:
    """XML bytes to text, honouring (and correcting) the declared encoding."""
    return decode_bytes(data, declared_encoding(data))


def check_entities(text: str) -> None:
    """Refuse documents whose DTD declares entities (billion laughs, external entities)."""
    m = _DOCTYPE.search(text, 0, 100_000)
    if m and _ENTITY.search(text, m.start(), m.start() + 2_000_000):
        raise UnsafeXMLError("XML declares DTD entities (possible entity expansion or external entity); refused")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
                           encoding="utf-8", strip_cdata=True)


def parse_xml(data: bytes, max_bytes: int = MAX_BYTES) -> etree._Element:
    """Parse untrusted XML bytes into an lxml element, safely; raises on refusal or bad XML."""
    if not data or not data.strip():
        raise XMLParseError("empty document")
    if len(data) > max_bytes:
        raise UnsafeXMLError(f"document of {len(data)} bytes exceeds the {max_bytes}-byte limit")
    text = decode_xml(data)
    return parse_xml_text(text, max_bytes)


def parse_xml_text(text: str, max_bytes: int = MAX_BYTES, encoded: bytes | None = None) -> etree._Element:
    """Parse already-decoded XML text safely (the encoding declaration is ignored).

    `encoded`: `text` encoded in UTF-8 when the caller has it already (the bytes it decoded
    strictly, without a BOM), so the document is not copied again for lxml."""
    if len(text) > max_bytes:
        raise UnsafeXMLError(f"document exceeds the {max_bytes}-byte limit")
    check_entities(text)
    if "\x00" in text:
        raise XMLParseError("binary data (NUL bytes) in XML document")
    try:
        root = etree.fromstring(text.encode("utf-8") if encoded is None else encoded, _parser())
    except etree.XMLSyntaxError as exc:
        raise XMLParseError(f"not well-formed XML: {exc}") from None
    if root is None:
        raise XMLParseError("no root element")
    return root


_SKIP = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|\s+)", re.S | re.I)
_START = re.compile(r"<([A-Za-z_][\w:.-]*)([^>]*)")


def sniff_root(data: bytes, limit: int = 8192) -> tuple[str, str]:
    """(local name, rest of the start tag) of the root element, read cheaply from the head.

    Used by `can_parse`: no full parse, tolerant of any encoding; ('', '') when not XML-like.
    """
    head = data[:limit]
    enc = declared_encoding(head)
    if enc.startswith(("utf-16", "utf-32")):
        text = head.decode(enc, errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    text = text.lstrip("\ufeff")
    pos = 0
    while True:
        m = _SKIP.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _START.match(text, pos)
    if not m:
        return "", ""
    name = m.group(1)
    return name.rsplit(":", 1)[-1], m.group(2)
