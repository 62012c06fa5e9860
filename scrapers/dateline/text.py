"""The opening as the reader sees it: entities decoded, inline tags dropped (block tags become
line breaks), control and odd spaces made plain; with a map back to offsets in the input."""
from __future__ import annotations

from typing import Final

import html
import re

from scrapers.record import printable

HEAD: Final = 640  # characters of the opening read (a dateline may follow page chrome)

_MARKUP: Final = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
                     r"|<(/?(?:br|p|div|span|b|strong|em|i|a|font)\b)[^<>]{0,200}>", re.I)
_BLOCK: Final = ("br", "p", "/p", "div", "/div")
# Printable punctuation read as its Latin kind, one character each, so offsets are kept: the
# Ethiopic "፣" and "፤" separate like a comma, "፦" like a colon ("አዲስ አበባ፣ ህዳር 12/2016 (ኢዜአ)፦");
# the Arabic comma "،" separates a place from its qualifier or date as a comma does
# ("دمشق، سوريا (CNN) --", "القاهرة، 5 مايو").
_AS_LATIN: Final = {0x1363: ",", 0x1364: ",", 0x1366: ":", 0x060C: ","}
_LATIN_MARKS: Final = "".join(chr(c) for c in _AS_LATIN)
_SPACES: Final = {**{i: " " for i in range(32)}, 10: "\n", 13: "\n", 0xA0: " ", 0x2028: "\n",
                  0x2029: "\n", 0x3000: " ", 0x200B: " ", 0xFEFF: " ", **_AS_LATIN}
# The characters the table changes (a line break stays one).
_ODD: Final = re.compile("[" + "".join(re.escape(chr(c)) for c, to in _SPACES.items() if chr(c) != to) + "]")


def _replacement(m: re.Match) -> str:
    if m.group(1) is None:
        return html.unescape(m.group(0))
    return "\n" if m.group(1).lower() in _BLOCK else ""


class OffsetMap:
    """Where the normalised head came from, run by run: (start in it, start in the input,
    copied?).  A copied run maps its characters one to one; a replacement (a decoded entity, a
    tag's line break) maps all of its characters to the markup's start.  The last run also maps
    the end.  (A list of every offset, built for every opening with markup, took about a tenth
    of the time on Reuters silver, where most openings print a company as `&lt;Acme Inc>`.  A
    plain class, as candidates.Candidate is: a dataclass's __init__ runs interpreted.)"""

    def __init__(self, size: int, runs: list[tuple[int, int, bool]]) -> None:
        self.size = size  # length of the normalised head
        self.runs = runs


def normalise(text: str) -> tuple[str, OffsetMap | None]:
    """(normalised head, map from its offsets to the input's, or None when they are equal)."""
    head = text[:HEAD + 200]
    if "&" not in head and "<" not in head:
        return _plain(head[:HEAD]), None
    out: list[str] = []
    runs: list[tuple[int, int, bool]] = []
    pos = n = 0
    for m in _MARKUP.finditer(head):
        s, e = m.span()
        out.append(head[pos:s])
        runs.append((n, pos, True))
        n += s - pos
        rep = _replacement(m)
        out.append(rep)
        runs.append((n, s, False))
        n += len(rep)
        pos = e
    out.append(head[pos:])
    runs.append((n, pos, True))
    norm = "".join(out)[:HEAD]
    return _plain(norm), OffsetMap(len(norm), runs)


def _plain(head: str) -> str:
    """Control and odd spaces made plain.  Most openings hold none, and a translation through
    the table costs a dictionary look-up per character, so it runs only where _ODD (the
    characters the table changes) finds one.  All of them but the marks of _AS_LATIN are
    unprintable, so a printable opening without those marks needs no search either (and an
    ASCII one holds none of the marks).  A line break is unprintable but stays one: an opening
    whose only such characters are line breaks (a feed's paragraphs) is tested without them
    (`record.printable`: a byte-table scan of an ASCII opening, where `isprintable` looks every
    character up), instead of _ODD's search.  None of the table's replacements is itself one it
    changes, so replacing each kind in turn gives the translation.  A head that is not ASCII is
    asked `isprintable` first: one that is (most: no line break) is printable without its line
    breaks too, and is told so without `record.printable`'s copy and interpreted call."""
    if head.isascii():
        if printable(head, "\n"):
            return head
    elif (head.isprintable() or printable(head, "\n")) and not any(mark in head for mark in _LATIN_MARKS):
        return head
    for odd in set(_ODD.findall(head)):  # one or two kinds in an opening: str.replace each, not
        head = head.replace(odd, _SPACES[ord(odd)])  # a translation's dictionary look-up a character
    return head


def original_offset(offsets: OffsetMap | None, i: int) -> int:
    """The input's offset of offset i of the normalised head (the runs before i cover it; an
    empty run shares its start with the next, so the last run that starts at or before i holds i)."""
    if offsets is None:
        return i
    i = min(i, offsets.size)
    for start, orig, copied in reversed(offsets.runs):
        if start <= i:
            return orig + (i - start) if copied else orig
    return i
