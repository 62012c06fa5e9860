"""Shared by the dateline rule tests (shapes, forms, unknown places): read an opening through
the package's parser (the compiled build when current) and the parser as written, with and
without the fast path; all three must agree."""
from __future__ import annotations

from scrapers.dateline import parse_dateline
from scrapers.dateline.parser import parse_dateline as parse_written

# a story sentence to follow the made-up datelines
STORY = " The officials said on Monday that the plan, approved last year, would go ahead as planned."


def read_both(text: str) -> tuple[str, str, str]:
    """(city, agency, date) of text, after checking every path gives the same."""
    d = parse_dateline(text)
    for fast in (True, False):
        w = parse_written(text, fast=fast)
        assert (w.city, w.agency, w.date) == (d.city, d.agency, d.date), (fast, text)
    return d.city, d.agency, d.date
