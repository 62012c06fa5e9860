"""Dateline parser: generate every plausible dateline of the opening, rank them, keep the best.

The generators (candidates.py, uncredited.py, scripts.py) read shapes; rank.py weighs the candidates' named
features; `explain_dateline` shows why the winner won.  Contract: shared/docs/DATELINE.md.
"""
from __future__ import annotations

from typing import Final

import re
from dataclasses import dataclass
from datetime import date as calendar_date

from .candidates import CREDITS, ZONE, Candidate, bare_credits, bracketed_credits
from .uncredited import line_candidates, separator_candidates
from .dates import Dates
from .fast import EARLY, fast_reading, marked, nothing_unmarked
from .rank import SURE, best, explain, scored
from .resolve import resolve_date
from .scripts import script_candidates
from .tables import AGGREGATOR
from . import agencies
from .names import KNOWN
from .text import OffsetMap, normalise, original_offset

_AGGREGATOR: Final = re.compile(AGGREGATOR)


@dataclass(init=False)  # its own __init__: compiled, the dataclasses module's would run interpreted
class Dateline:
    city: str = ""
    agency: str = ""
    date: str = ""
    resolved: calendar_date | None = None
    end: int = 0

    def __init__(self, city: str = "", agency: str = "", date: str = "", resolved: calendar_date | None = None,
                 end: int = 0) -> None:
        self.city, self.agency, self.date, self.resolved, self.end = city, agency, date, resolved, end

    def as_dict(self) -> dict:
        return {"city": self.city, "agency": self.agency, "date": self.date}


def _blank(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def _normalise(text: str) -> tuple[str, OffsetMap | None, int]:
    """Normalised opening, offset map and start of the text proper."""
    norm, offsets = normalise(text)
    if "MENAFN" in norm:  # an aggregator prefix hides nothing: blank it, offsets unchanged
        norm = _AGGREGATOR.sub(_blank, norm)
    return norm, offsets, len(norm) - len(norm.lstrip())


def _generate(norm: str, dates: Dates, lo: int, win: tuple[int, int], out: list[Candidate], lazy: bool = False) -> None:
    """Every candidate whose anchor (credit, separator, date, script mark) starts in win.
    Lazy: once a reading is sure, the shapes not yet read are read only before its end.  (Each
    generator called by name: compiled, a call through a tuple of functions is a generic call
    that boxes every argument, ~800 machine instructions a call.)"""
    n = len(out)
    bracketed_credits(norm, dates, lo, out, win)
    win, n = _narrowed(out, n, win, lazy)
    bare_credits(norm, dates, lo, out, win)
    win, n = _narrowed(out, n, win, lazy)
    separator_candidates(norm, dates, lo, out, win)
    win, n = _narrowed(out, n, win, lazy)
    line_candidates(norm, dates, lo, out, win)
    win, n = _narrowed(out, n, win, lazy)
    script_candidates(norm, dates, lo, out, win)


def _narrowed(out: list[Candidate], before: int, win: tuple[int, int], lazy: bool) -> tuple[tuple[int, int], int]:
    """(the window the next generators read, the candidates so far): lazy, once a reading is
    sure, only before its end (asked again only when the generator just run added a candidate)."""
    if lazy and len(out) > before and (top := best(out)) is not None and scored(top) >= SURE:
        win = (win[0], min(win[1], top.end))
    return win, len(out)


def candidates(text: str) -> list[Candidate]:
    """Every candidate dateline of the opening (for --explain and tests)."""
    norm, _, lo = _normalise(text)
    dates = Dates(norm)
    out: list[Candidate] = []
    _generate(norm, dates, lo, (0, ZONE), out)
    return out


def _choose(text: str, fast: bool = True) -> tuple[Candidate | None, OffsetMap | None]:
    """Most datelines open the text: a canonical one is read by the fast path (fast.py), an
    opening with nothing to read is rejected (fast.nothing_to_read); a sure one among the anchors of the first EARLY characters ends the search; otherwise the
    rest of the zone is read too."""
    norm, offsets, lo = _normalise(text)
    has_mark = marked(norm)
    if fast and has_mark and (got := fast_reading(norm, lo)):
        city, agency, date_, end = got
        return Candidate("fast", lo, end, city, agency, date_), offsets
    dates = Dates(norm)  # found as far as the generators read
    # (the rejection asks for the dates after a ", ": those start before the last ", " + 3)
    if fast and not has_mark and nothing_unmarked(norm, dates.upto(norm.rfind(", ") + 3)):
        return None, offsets
    cands: list[Candidate] = []
    _generate(norm, dates, lo, (0, EARLY), cands, lazy=True)
    win = best(cands)
    if (win is None or scored(win) < SURE) and len(norm) > EARLY:
        _generate(norm, dates, lo, (EARLY, ZONE), cands)
        win = best(cands)
    return win, offsets


def parse_dateline(text: object, published: object = None, *, fast: bool = True) -> Dateline:
    """City, agency and printed date of the opening's dateline (empty when it has none).
    Never raises: bad input (not text; bytes are decoded) gives an empty Dateline.  `published`
    (a datetime, else today) picks the printed date's year.  fast=False always runs the full
    ranker (the fast path must give the same answer; tests compare the two)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str) or not text:
        return Dateline()
    try:
        win, offsets = _choose(text, fast)
    except RecursionError:  # pragma: no cover - defensive
        return Dateline()
    if win is None:
        return Dateline()
    end = min(original_offset(offsets, win.end), len(text))
    resolved = resolve_date(win.date, published) if win.date else None
    return Dateline(win.city, win.agency, win.date, resolved, end if (win.city or win.agency) else 0)


def clear_caches() -> None:
    """Forget the word caches (known places, credits): the speed bench starts every pass cold."""
    for answers in (KNOWN, CREDITS, agencies.SHORT_NAMES):
        answers.clear()


def explain_dateline(text: str) -> dict:
    """The answer with the winning candidate's named features (and the runner-up's)."""
    cands = candidates(text)
    win = best(cands)
    ranked = sorted(cands, key=lambda c: -scored(c))
    res = {"answer": parse_dateline(text).as_dict(), "winner": explain(win) if win else None}
    runner = next((c for c in ranked if win is None or (c.city, c.agency, c.date) != (win.city, win.agency, win.date)), None)
    if runner is not None:
        res["runner_up"] = dict(explain(runner), city=runner.city, agency=runner.agency, date=runner.date)
    return res
