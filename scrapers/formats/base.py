"""The one parser interface every wire format implements.

A parser is cheap to ask (`can_parse` sniffs a few bytes of content, never the file name) and
strict to run (`parse` raises `ParseError` with a reason a human can act on). The registry in
`scrapers.formats` turns errors into `ParseFailure` records, so one bad file never stops a batch.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from scrapers.record import Article


class ParseError(ValueError):
    """Input this parser cannot turn into articles; the message says why."""


@runtime_checkable
class Parser(Protocol):
    """A wire-format parser: a name, a content sniff and the parse itself."""

    name: str

    def can_parse(self, data: bytes) -> bool:
        """True when `data` looks like this format (cheap: reads only the head of the bytes)."""
        ...

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        """Every story in `data`; raises ParseError on bad input."""
        ...
