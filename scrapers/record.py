"""The article record every parser produces and every later stage consumes.

One dataclass, so that RSS, NewsML, NITF, ANPA, IPTC 7901, AP JSON and HTML pages all
normalise into the same shape and the store has a single mapping to the `articles` table.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Subject:
    """A subject / keyword code sent by the wire (IPTC subject code, media topic, or free keyword)."""

    code: str
    name: str = ""
    scheme: str = ""  # e.g. "subj" (IPTC subject codes), "medtop" (media topics), "keyword"


@dataclass
class Article:
    """One story, as parsed from a feed item, a wire file or an article page."""

    format: str
    guid: str = ""
    url: str = ""
    headline: str = ""
    byline: str = ""
    body: str = ""
    summary: str = ""
    city: str = ""
    agency: str = ""
    agency_source: str = ""  # where `agency` came from: "dateline", "metadata" or "feed"
    provider: str = ""  # the agency named by the wire's own metadata (provider, copyright holder...)
    byline_title: str = ""  # "Press Association" of "By Benjamin Wright, Press Association"
    status: str = "usable"  # usable / withdrawn / canceled / embargoed (see scrapers.provenance)
    embargoed_until: dt.datetime | None = None
    dateline_date: str = ""  # as printed, a substring of the text
    dateline_resolved: dt.date | None = None  # calendar date, year taken from `published`
    published: dt.datetime | None = None  # timezone aware
    updated: dt.datetime | None = None
    language: str = ""
    subjects: list[Subject] = field(default_factory=list)
    priority: int | None = None
    source: str = ""  # identity of the source file / feed URL
    canonical_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def content_hash(self) -> str:
        """Hash of the normalised story text: equal for the same story re-sent unchanged."""
        return hashlib.sha256(hash_bytes(self.headline) + b"\n" + hash_bytes(self.body or self.summary)).hexdigest()

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (dates as ISO 8601), used by `python -m scrapers parse`."""
        out = dataclasses.asdict(self)
        for key in ("published", "updated", "dateline_resolved", "embargoed_until"):
            value = getattr(self, key)
            out[key] = value.isoformat() if value else None
        return out


@dataclass
class ParseFailure:
    """A file or item that could not be parsed: kept with its reason, never dropped."""

    source: str
    error: str
    format: str = ""
    guid: str = ""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# bytes.translate tables that turn ASCII's controls (but those kept) into a space and leave every
# other byte as it is: the text is printable exactly when translating changes nothing
_CONTROLS = {keep: bytes(32 if (c < 32 or c == 127) and chr(c) not in keep else c for c in range(256))
             for keep in ("", "\n", "\n\t")}


def printable(text: str, keep: str = "") -> bool:
    """``text.isprintable()`` of the text without the characters of `keep` ("", "\\n" or "\\n\\t").

    On ASCII text (most wire text) a table scan of its bytes, ~2.5x faster than the C loop of
    `isprintable`, which looks every character up in the Unicode database: ASCII's unprintable
    characters are its 33 controls (tests/test_text_shortcuts.py checks it)."""
    if text.isascii():
        data = text.encode("ascii")
        return data.translate(_CONTROLS[keep]) == data  # a table without deletions: no per-call set-up
    for c in keep:
        text = text.replace(c, "")
    return text.isprintable()


def collapse(text: str) -> str:
    """``" ".join(text.split())``: words between single spaces.

    Text that already is (printable, so its only whitespace is the space, with no two in a row)
    is only stripped of a space at either end: C scans instead of a string a word (~3x faster on
    a paragraph). tests/test_text_shortcuts.py checks on every code point that only the space is
    both whitespace and printable."""
    if printable(text) and "  " not in text:
        return text.strip(" ")
    return " ".join(text.split())


def normalise_for_hash(text: str) -> str:
    """Case- and whitespace-insensitive form of a text, for exact-duplicate hashing:
    ``" ".join(text.casefold().split())``.

    A normalised body is words between single spaces and newlines: its newlines become spaces
    (a paragraph break one space, so that `collapse` takes its shortcut) and it is case-folded
    after collapsing, instead of split into words and joined again (~4x faster on a body). Same
    result, since case folding maps each whitespace character to itself and every other one to
    characters that are not whitespace (tests/test_text_shortcuts.py checks it on every code point).
    """
    return collapse(text.replace("\n\n", " ").replace("\n", " ")).casefold() if text else ""


# ASCII's whitespace (what str.split() splits on: \t \n \v \f \r, \x1c-\x1f and the space) to a
# space and A-Z to a-z (ASCII's whole case folding), every other byte as it is
_HASH_FOLD = bytes(32 if chr(c).isspace() else ord(chr(c).casefold()) if c < 128 else c for c in range(256))


def hash_bytes(text: str) -> bytes:
    """``normalise_for_hash(text).encode("utf-8")``, what `Article.content_hash` hashes.

    An ASCII text (most wire text) is folded as bytes in one table pass, whitespace and case
    together, and hashed without a decode: ~3x fewer instructions than the scans, case folding
    and encoding of the text form. A normalised body's paragraph breaks are made single newlines
    first, so that its folded bytes have no two spaces in a row and need no word split."""
    if not text.isascii():
        return normalise_for_hash(text).encode("utf-8")
    folded = text.encode("ascii").replace(b"\n\n", b"\n").translate(_HASH_FOLD)
    # a space at either end by index, two in a row by find: a bytes `in` first tries its operand as an
    # int, and that raises and formats an error (~2k instructions)
    if folded and (folded[0] == 32 or folded[-1] == 32 or folded.find(b"  ") >= 0):
        return b" ".join(folded.split())  # only spaces are left of the whitespace
    return folded
