"""Dateline parser: generate every plausible dateline of the opening, rank them, keep the best.

The generators (candidates.py, scripts.py) read shapes; rank.py weighs the candidates' named
features; `explain_dateline` shows why the winner won.  Contract: shared/docs/DATELINE.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .candidates import (Candidate, credit_candidates, line_candidates, separator_candidates)
from .dates import find_dates
from .rank import best, explain
from .resolve import resolve_date
from .scripts import script_candidates
from .tables import AGGREGATOR
from .text import normalise, original_offset

_AGGREGATOR = re.compile(AGGREGATOR)


@dataclass
class Dateline:
    city: str = ""
    agency: str = ""
    date: str = ""
    resolved: date | None = None
    end: int = 0

    def as_dict(self) -> dict:
        return {"city": self.city, "agency": self.agency, "date": self.date}


def _blank(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def candidates(text: str) -> tuple[str, list[Candidate], list[int] | None]:
    """The normalised opening, every candidate dateline in it, and the offset map."""
    norm, offsets = normalise(text)
    if "MENAFN" in norm:  # an aggregator prefix hides nothing: blank it, offsets unchanged
        norm = _AGGREGATOR.sub(_blank, norm)
    lo = len(norm) - len(norm.lstrip())
    dates = find_dates(norm)
    out: list[Candidate] = []
    credit_candidates(norm, dates, lo, out)
    separator_candidates(norm, dates, lo, out)
    line_candidates(norm, dates, lo, out)
    script_candidates(norm, lo, out)
    return norm, out, offsets


def _choose(text: str) -> tuple[Candidate | None, list[int] | None]:
    _, cands, offsets = candidates(text)
    return best(cands), offsets


def parse_dateline(text: str, published: datetime | None = None) -> Dateline:
    """City, agency and printed date of the opening's dateline (empty when it has none).
    Never raises: bad input gives an empty Dateline."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str) or not text:
        return Dateline()
    try:
        win, offsets = _choose(text)
    except RecursionError:  # pragma: no cover - defensive
        return Dateline()
    if win is None:
        return Dateline()
    end = min(original_offset(offsets, win.end), len(text))
    resolved = resolve_date(win.date, published) if win.date else None
    return Dateline(win.city, win.agency, win.date, resolved, end if (win.city or win.agency) else 0)


def explain_dateline(text: str) -> dict:
    """The answer with the winning candidate's named features (and the runner-up's)."""
    _, cands, _ = candidates(text)
    win = best(cands)
    ranked = sorted(cands, key=lambda c: -c.score)
    res = {"answer": parse_dateline(text).as_dict(), "winner": explain(win) if win else None}
    runner = next((c for c in ranked if win is None or (c.city, c.agency, c.date) != (win.city, win.agency, win.date)), None)
    if runner is not None:
        res["runner_up"] = dict(explain(runner), city=runner.city, agency=runner.agency, date=runner.date)
    return res
