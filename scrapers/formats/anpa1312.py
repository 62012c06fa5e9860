"""ANPA 1312 (AP's classic wire format): control-character framing and typesetting codes.

Layout: SYN SYN SOH, a header (service, sequence, selector), a line with priority, category and
slug, STX, the text, ETX and a time stamp trailer ("AP-WF-05-17-16 0620GMT"). In the text a
leading '^' marks a heading line, a tab starts a paragraph, '<' and '=' end lines, '_' is a dash,
and a line starting with BS (0x08) is a table row with cells split by ';' or RS/US codes. Tables
are rebuilt as aligned columns so standings and weather lists stay readable.
"""
from __future__ import annotations

import datetime as dt
import re

from scrapers.formats._lines import slug_title
from scrapers.formats._util import align
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

SOH, STX, ETX, EOT = "\x01", "\x02", "\x03", "\x04"
_HEAD1 = re.compile(r"\x01\s*([A-Za-z])(\d{4})\x1f?([^\r\n]*)")
_HEAD2 = re.compile(r"^\s*([a-z])\s+([a-z])[\x10-\x1f]*\s*(\S+)\s+(\d{2}-\d{2})?\s*(\d{3,4})?", re.M)
_TRAILER = re.compile(r"\x03?([A-Z]{2}-[A-Z]{2})-(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})\s*GMT")
_PRIORITY = {"f": 1, "b": 2, "u": 3, "r": 4, "d": 5, "a": 6, "s": 6, "w": 6}
_HALF = re.compile(r"(?<=\d)\{")
_CELL_SPLIT = re.compile(r"[ ]*[\x1e\x1f][\x1e\x1f ]*")
_KILL = re.compile(r"\b(?:KILL|KILLED|WITHDRAWN|WITHDRAWAL|ELIMINATION)\b")
_KEYWORD = re.compile(r"^(?:\*\d+<?\s*\^?|(?:BC|AP|AM|PM)-\S|[A-Z]{1,3}-[A-Z]{2,4}--|[A-Za-z]\w*(?:-\w+)*,\s*\d*$"
                      r"|[A-Za-z]\w*(?:-\w+)+$)")


class ANPA1312Parser:
    """AP ANPA 1312 wire text."""

    name = "anpa1312"

    def can_parse(self, data: bytes) -> bool:
        head = data[:64]
        if head.startswith(b"\x16\x16\x01"):
            return True
        return bool(re.match(rb"\s*\x01[A-Za-z]\d{4}\x1f", head))

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError:
            raw = data.decode("cp1252", errors="replace")
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
        if STX not in raw:
            raise ParseError("ANPA 1312: no STX (start of text) found; truncated or not ANPA")
        header, _, rest = raw.partition(STX)
        body_raw, etx, trailer = rest.partition(ETX)
        a = Article(format=self.name, source=source)
        h1 = _HEAD1.search(header)
        seq = h1.group(2) if h1 else ""
        h2 = _HEAD2.search(header[h1.end():] if h1 else header)
        slug = ""
        if h2:
            a.priority = _PRIORITY.get(h2.group(1))
            a.subjects.append(Subject(code=h2.group(2), scheme="anpa-category"))
            slug = h2.group(3)
            a.extra["anpa_date"] = h2.group(4) or ""
        m = _TRAILER.search(trailer if etx else body_raw)
        if m:
            try:
                a.published = dt.datetime(2000 + int(m.group(4)), int(m.group(2)), int(m.group(3)),
                                          int(m.group(5)), int(m.group(6)), tzinfo=dt.timezone.utc)
            except ValueError:
                a.published = None
        if not etx:
            a.extra["warning"] = "no ETX: text may be truncated"
        a.extra["slugline"] = slug
        a.guid = f"anpa:{seq}:{slug}:" + (a.published.strftime("%Y%m%dT%H%M") if a.published else a.extra["anpa_date"])
        if (m and m.group(1).startswith("AP")) or slug.startswith(("BC-", "AP-")):
            a.provider = "AP"
        self._text(body_raw, a)
        if not a.headline:
            a.headline = slug_title(a.extra.get("keyword_line") or slug)
        if _KILL.search(" ".join((slug, a.extra.get("keyword_line", ""), a.headline))):
            a.status = "withdrawn"  # a kill / withdrawal notice ('BC-US--Biden-Staff, KILL')
        a.language = "en" if (h1 and h1.group(3) is not None and slug.startswith("BC-")) else ""
        return [a]

    def _text(self, body_raw: str, a: Article) -> None:
        blocks: list[str] = []
        para: list[str] = []
        table: list[list[str]] = []

        def flush_para() -> None:
            if para:
                blocks.append("\n".join(para))
                para.clear()

        def flush_table() -> None:
            if table:
                flush_para()
                blocks.append("\n".join(align([list(r) for r in table])))
                table.clear()

        started = False
        for line in body_raw.split("\n"):
            line = line.replace("\x10 ", " ").replace("\x10", " ").rstrip()
            stripped = line.strip(" \t")
            if stripped.startswith("\x08") or _is_semicolon_row(stripped):
                table.append(_cells(stripped.lstrip("\x08")))
                started = True
                continue
            flush_table()
            clean = re.sub(r"[<=>]\s*$", "", _ctrl(stripped)).strip()
            if not clean:
                flush_para()
                continue
            if not started and _KEYWORD.match(clean.lstrip("^").strip()):
                # a keyword / slug line ('^BC-US--Biden-Staff,0176', '*9006< ^AP-Top-News', 'APNewsAlert,17')
                a.extra.setdefault("keyword_line", clean.lstrip("^").strip().rstrip(","))
                continue
            if stripped.startswith("^"):
                clean = clean.lstrip("^").strip()
                if not started and not a.headline:
                    a.headline = clean
                    continue
                if not started and re.match(r"^By\s", clean) and not a.byline:
                    a.byline = clean
                    continue
                if not started and re.match(r"^(Eds:|AP Photos?\b|Editors?:)", clean):
                    a.extra.setdefault("ednote", []).append(clean)
                    continue
                if clean == "END":
                    continue
                flush_para()
                blocks.append(clean)
                continue
            if clean == "END":
                continue
            started = True
            text = re.sub(r"(?<=\S) _ (?=\S)", " — ", clean)
            if line.startswith("\t") and len(text) >= 80:
                flush_para()
                blocks.append(text)
            else:
                para.append(text)
        flush_table()
        flush_para()
        a.body = "\n\n".join(b for b in blocks if b.strip())


def _ctrl(s: str) -> str:
    return "".join(ch if ch >= " " or ch == "\t" else "" for ch in s).strip()


def _is_semicolon_row(s: str) -> bool:
    return s.count(";") >= 3 and len(s) < 200


def _cells(row: str) -> list[str]:
    if ";" in row:
        cells = row.rstrip("<=").split(";")
    else:
        cells = _CELL_SPLIT.split(row.rstrip("<= "))
    out = []
    for c in cells:
        c = (_ctrl(c) if c.isprintable() is False else c).strip().rstrip("<=").strip()
        if "{" in c:
            c = "½" if c == "{" else _HALF.sub("½", c)
        out.append("" if c == "^" else c)
    return out


