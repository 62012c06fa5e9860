"""IPTC 7901 (dpa and other European wires): SOH header, STX text, ETX trailer, latin-1.

Header: SOH, service/sequence, priority, category, word count, then a keyword line. After STX:
the headline, an optional "By ..." line ending in '=', then hard-wrapped paragraphs separated by
blank lines. The trailer after ETX is "DDHHMM Mon YY" (taken as UTC). dpa appends a section
"not intended for publication" with editorial contacts: it is cut from the body.
"""
from __future__ import annotations

import datetime as dt
import re

from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_HEAD = re.compile(r"\x01\s*([A-Za-z]{1,4})(\d{3,4})\s+(\d)\s+([A-Za-z]{1,3})\s+(\d+)\s*(.*)")
_TRAILER = re.compile(r"(\d{2})(\d{2})(\d{2})\s+([A-Za-z]{3})\s+(\d{2,4})")
_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_NOT_PUBLIC = re.compile(r"^\s*(?:The following information is not intended for publication|"
                         r"Die folgenden Informationen sind nicht zur Veröffentlichung bestimmt)", re.M | re.I)


class IPTC7901Parser:
    """IPTC 7901 wire text (SOH ... STX ... ETX)."""

    name = "iptc7901"

    def can_parse(self, data: bytes) -> bool:
        head = data[:512].lstrip(b"\r\n\x16 ")
        return head.startswith(b"\x01") and b"\x02" in data[:4096]

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError:
            raw = data.decode("latin-1")
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        if "\x02" not in raw:
            raise ParseError("IPTC 7901: no STX (start of text) found; truncated or not IPTC 7901")
        header, _, rest = raw.partition("\x02")
        text, etx, trailer = rest.partition("\x03")
        a = Article(format=self.name, source=source)
        m = _HEAD.search(header)
        if m:
            a.priority = int(m.group(3))
            a.subjects.append(Subject(code=m.group(4), scheme="iptc7901-category"))
            a.extra["service"] = m.group(1) + m.group(2)
            a.extra["header"] = " ".join(m.group(0).strip("\x01").split())
        keywords = [ln.strip() for ln in header.split("\n")[1:] if ln.strip()]
        if keywords:
            a.extra["keywords"] = keywords
            a.subjects += [Subject(code=k, scheme="keyword") for k in keywords[0].strip("/").split("/") if k.strip()]
        t = _TRAILER.search(trailer) if etx else None
        if t and t.group(4).lower() in _MONTHS:
            year = int(t.group(5))
            year += 2000 if year < 100 else 0
            try:
                a.published = dt.datetime(year, _MONTHS[t.group(4).lower()], int(t.group(1)), int(t.group(2)),
                                          int(t.group(3)), tzinfo=dt.timezone.utc)
            except ValueError:
                a.published = None
        if not etx:
            a.extra["warning"] = "no ETX: text may be truncated"
        cut = _NOT_PUBLIC.search(text)
        if cut:
            a.extra["not_for_publication"] = text[cut.start():].strip()
            text = text[:cut.start()]
        text = "".join(ch for ch in text if ch >= " " or ch in "\n\t")
        lines = text.strip("\n").split("\n")
        a.headline = lines[0].strip() if lines else ""
        i = 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i < len(lines) and re.match(r"^\s*(By|Von|Par|Por|Di|Av|Af)\s", lines[i]) and lines[i].rstrip().endswith("="):
            a.byline = lines[i].strip().rstrip("= ").strip()
            i += 1
        a.body = _paragraphs(lines[i:])
        a.guid = "iptc7901:" + a.extra.get("service", "") + ":" + (a.published.strftime("%Y%m%dT%H%M") if a.published else "")
        return [a]


def _paragraphs(lines: list[str]) -> str:
    """Join hard-wrapped lines into paragraphs; blank lines separate paragraphs."""
    paras, cur = [], []
    for ln in lines:
        s = ln.strip().rstrip("=").strip() if ln.strip().endswith(" =") else ln.strip()
        if not s:
            if cur:
                paras.append(" ".join(cur))
                cur = []
            continue
        cur.append(s)
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)
