"""Dateline parsing for wire-story openings (issue 3; contract: shared/docs/DATELINE.md).

    from scrapers.dateline import parse_dateline, Dateline, resolve_date, canonical_agency

parse_dateline is the compiled build of the same parser when one was built from these sources
(native.py), else the parser as written.
"""
from . import native
from .agencies import ALIASES, canonical_agency
from .parser import Dateline, clear_caches, parse_dateline
from .resolve import resolve_date

COMPILED = native.load()
if COMPILED is not None:
    parse_dateline, clear_caches = COMPILED.parse_dateline, COMPILED.clear_caches
    Dateline = COMPILED.Dateline  # type: ignore[misc]  # the class the compiled parser returns

__all__ = ["parse_dateline", "Dateline", "resolve_date", "canonical_agency", "ALIASES", "clear_caches"]
