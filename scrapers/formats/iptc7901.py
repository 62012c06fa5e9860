"""IPTC 7901 (dpa and other European wires): SOH header, STX text, ETX trailer, latin-1.

Header: SOH, service/sequence, priority, category, word count, then a keyword line. After STX:
the headline, an optional "By ..." line ending in '=', then hard-wrapped paragraphs separated by
blank lines; take-key lines before the headline (``REFILE``, ``(Achtung)``, ``1ST LEAD``) are kept
in ``extra["take_key"]``, a kill take marks the item withdrawn. The trailer after ETX is
"DDHHMM Mon YY" or "DDHHMM GMT Mon YY" (UTC unless a zone such as MEZ is given). dpa appends a section
"not intended for publication" with editorial contacts: it is cut from the body.
"""
from __future__ import annotations

import datetime as dt
import re

from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_HEAD = re.compile(r"\x01\s*([A-Za-z]{1,4})(\d{3,4})\s+(\d)\s+([A-Za-z]{1,3})\s+(\d+)\s*(.*)")
_TRAILER = re.compile(r"(\d{2})(\d{2})(\d{2})\s+(?:([A-Z]{3,4})\s+)?([A-Za-z]{3})\s+(\d{2,4})")
_ZONES = {"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "MEZ": 1, "CET": 1, "MESZ": 2, "CEST": 2}
# Take-key and service lines that stand before the real headline ('REFILE', '(Achtung)', '1ST LEAD')
_TAKE_KEY = re.compile(r"^\s*(?:\(.*\)|(?:REFILE|EXTRA|URGENT|BULLETIN|FLASH|NEWSALERT|EILMELDUNG|EIL|KORREKTUR|"
                       r"BERICHTIGUNG|CORRECTION|CORRECTED|REPEAT|WDH|WIEDERHOLUNG|ZUSAMMENFASSUNG|VORAB|KILL|"
                       r"WITHDRAWN?|\d+(?:ST|ND|RD|TH)\s+LEAD|LEAD|\d+\.\s*ZUSAMMENFASSUNG)\b[^a-z]*)\s*=?\s*$", re.I)
_KILL = re.compile(r"\b(?:KILL|WITHDRAWN?|zurückgezogen|gestrichen|Löschung)\b", re.I)
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
            a.provider = _provider(m.group(6))
        keywords = [ln.strip() for ln in header.split("\n")[1:] if ln.strip()]
        if keywords:
            a.extra["keywords"] = keywords
            a.subjects += [Subject(code=k, scheme="keyword") for k in keywords[0].strip("/").split("/") if k.strip()]
        t = _TRAILER.search(trailer) if etx else None
        if t and t.group(5).lower() in _MONTHS:
            a.published = _trailer_time(t)
        if not etx:
            a.extra["warning"] = "no ETX: text may be truncated"
        cut = _NOT_PUBLIC.search(text)
        if cut:
            a.extra["not_for_publication"] = text[cut.start():].strip()
            text = text[:cut.start()]
        text = "".join(ch for ch in text if ch >= " " or ch in "\n\t")
        lines = text.strip("\n").split("\n")
        i = 0
        takes = []
        while i < len(lines) - 1 and (not lines[i].strip() or _TAKE_KEY.match(lines[i])):
            if lines[i].strip():
                takes.append(lines[i].strip().rstrip("= "))
            i += 1
        if takes:
            a.extra["take_key"] = "; ".join(takes)
            if any(_KILL.search(t) for t in takes):
                a.status = "withdrawn"
        a.headline = lines[i].strip().rstrip("= ") if lines else ""
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i < len(lines) and re.match(r"^\s*(By|Von|Par|Por|Di|Av|Af)\s", lines[i]) and (
                lines[i].rstrip().endswith("=") or (len(lines[i].split()) <= 8 and lines[i].rstrip()[-1:] not in ".:")):
            a.byline = lines[i].strip().rstrip("= ").strip()
            i += 1
        a.body = _paragraphs(lines[i:])
        a.guid = "iptc7901:" + a.extra.get("service", "") + ":" + (a.published.strftime("%Y%m%dT%H%M") if a.published else "")
        return [a]


def _trailer_time(t: re.Match) -> dt.datetime | None:
    """'211259 Nov 18' / '242200 GMT Jun 17' -> an aware datetime (UTC unless a zone is given)."""
    year = int(t.group(6))
    year += 2000 if year < 100 else 0
    offset = dt.timezone(dt.timedelta(hours=_ZONES.get((t.group(4) or "GMT").upper(), 0)))
    try:
        return dt.datetime(year, _MONTHS[t.group(5).lower()], int(t.group(1)), int(t.group(2)), int(t.group(3)),
                           tzinfo=offset)
    except ValueError:
        return None


def _provider(header_rest: str) -> str:
    """The sending agency named in the header ('dpa-tns 0908' -> 'dpa'), when the alias table knows it."""
    from scrapers.dateline.agencies import lookup

    for token in re.findall(r"[A-Za-z]{2,}", header_rest):
        hit = lookup(token)
        if hit:
            return hit
    return ""


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
