"""Dateline parsing for wire-story openings (issue 3; contract: shared/docs/DATELINE.md).

    from scrapers.dateline import parse_dateline, Dateline, resolve_date, canonical_agency
"""
from .agencies import ALIASES, canonical_agency
from .parser import Dateline, parse_dateline
from .resolve import resolve_date

__all__ = ["parse_dateline", "Dateline", "resolve_date", "canonical_agency", "ALIASES"]
