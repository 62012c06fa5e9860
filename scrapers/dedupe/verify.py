"""Is a candidate a copy, and what kind? The one place for the near-duplicate rule.

Measured on what a copy keeps (furniture already stripped, scrapers.dedupe.furniture):
- Jaccard J of the two shingle sets: a syndicated or lightly edited copy (J >= 0.7);
- containment C of the shorter in the longer: a trimmed or wrapped copy keeps almost all of the
  shorter (C >= 0.8) even when J is low because one side is much longer;
- the lede: LC, the share of the shorter story's opening shingles found in the longer. A later,
  longer version keeps its first take's lede (often moved below a new one) and at least half of
  its text (C >= 0.5, LC >= 0.6).
Hard negatives stay apart because each rule needs text in common, not topic: same-event stories
by other agencies and next-day follow-ups share a few background sentences (C < 0.4), and
templated reports (market closes, dividends) share their template but not their figures: a pair
whose datelines name different places or dates, or where the other side lacks more than a third
of the figures in the shorter side's lede (a rounding at the printed precision counts as kept),
or, at similar length, where figures stand in each other's slots more than a correction would
(scrapers.dedupe.figures), is never a copy. A table of figures (earnings, results) is judged on
its figures and labels at any length, as a short story is on its words (scrapers.dedupe.short).
Thresholds were set on bench/dedupe_eval.py (labelled pairs and the real pairs of
tests/fixtures/dedupe/), see the README figures.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import figures, short

JACCARD = 0.7        # syndicated copy: the labelled pairs' threshold (P 1.000, R 0.992)
CONTAINED = 0.8      # trimmed / wrapped: the shorter is (nearly) inside the longer
UPDATED_C = 0.5      # updated version: at least half of the first take is kept ...
UPDATED_LEDE = 0.5   # ... and so is most of its lede
SHORT_UPDATED_C = 0.6  # ... of a shorter side that is all lede (under LEDE shingles)
MIN_SHINGLES = 10    # a shorter side below this is judged on Jaccard alone (too little text)
FIGURES_KEPT = 2 / 3  # a copy keeps at least this share of the shorter side's figures
LEDE = 40            # shingles in the lede (about the first two sentences)
WRAPPED = 0.05       # furniture share (of either side) above which a copy is "wrapped"


@dataclass
class Side:
    """What verification needs of one story."""
    shingles: np.ndarray      # sorted unique shingle hashes of the cleaned text
    lede: np.ndarray          # sorted unique hashes of its first LEDE shingles
    text: str                 # the cleaned text (figures are read from it when needed)
    city: str = ""
    date: str = ""
    furniture: float = 0.0    # share of the raw text that was furniture
    published: float | None = None  # epoch seconds, for trimmed vs updated


SIMILAR_LENGTH = 1.25  # sides within this length ratio (in shingles) are held to their slots' figures:
AGREE_PER_CONFLICT = 4  # a copy's figures agree at least this often per figure put in another's slot


def _figures_missing(mine: str, other: str) -> bool:
    """Does `other` lack more than a third of the figures in the lede of `mine`? (The lede carries
    a report's figures; links and teasers left around a wrapped copy do not count.) A rounding
    at the printed precision ("13.5 mln" for "13,555,000") is the same figure."""
    own = figures.figures(" ".join(mine.split()[: LEDE + 10]))
    return bool(own) and figures.kept(own, figures.figures(other)) < FIGURES_KEPT * len(own)


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    return len(np.intersect1d(a, b, assume_unique=True)) if len(a) and len(b) else 0


def _other_dateline(small: Side, large: Side) -> bool:
    """Datelines naming different places or dates: never the same story."""
    if small.city and large.city and small.city.casefold() != large.city.casefold():
        return True
    return bool(small.date and large.date and small.date != large.date)


def _figures_differ(small: Side, large: Side) -> bool:
    """The longer lacks the shorter's figures, or, at similar length, figures were put in each
    other's slots more than a correction would (scrapers.dedupe.figures): a templated report,
    not a copy. Applied below the Jaccard of a syndicated copy only. A line dropped with its
    figures is neither agreement nor conflict: a condensed table is still a copy. A longer
    version is not held to it: an update changes a toll or a price as the story moves on."""
    if _figures_missing(small.text, large.text):
        return True
    if len(large.shingles) > SIMILAR_LENGTH * len(small.shingles):
        return False
    agree, conflict = figures.aligned(small.text, large.text)
    return conflict > 0 and agree < AGREE_PER_CONFLICT * conflict


def jaccard(a: Side, b: Side) -> float:
    inter = _overlap(a.shingles, b.shingles)
    union = len(a.shingles) + len(b.shingles) - inter
    return inter / union if union else 1.0


def judge(a: Side, b: Side, threshold: float = JACCARD) -> tuple[str, float] | None:
    """(match kind, similarity) when b is a copy of a (or a of b), else None.

    `threshold` is the Jaccard of a syndicated copy (run_dedupe's --threshold)."""
    sa, sb = a.shingles, b.shingles
    if not len(sa) or not len(sb):
        return None
    inter = _overlap(sa, sb)
    jac = inter / (len(sa) + len(sb) - inter)
    small, large = (a, b) if len(sa) <= len(sb) else (b, a)
    cont = inter / len(small.shingles)
    wrapped = max(a.furniture, b.furniture) >= WRAPPED
    if jac >= 1.0:
        return ("wrapped" if wrapped else "exact"), 1.0
    same_place = bool(small.city) and small.city.casefold() == large.city.casefold()
    table = same_place and jac < threshold and short.is_table(small.text)
    short_pair = same_place and (MIN_SHINGLES <= len(small.shingles) < LEDE or table)
    if jac < threshold and (len(small.shingles) < MIN_SHINGLES or cont < UPDATED_C) and not short_pair:
        return None
    if _other_dateline(small, large):
        return None
    if jac >= threshold:
        return ("wrapped" if wrapped else "syndicated"), jac
    if _figures_differ(small, large):
        return None
    if cont >= CONTAINED:
        if wrapped:
            return "wrapped", cont
        return _trimmed_or_updated(small, large, cont)
    if len(small.shingles) < LEDE or table:  # a short story is all lede: it needs more of its text kept
        if cont >= SHORT_UPDATED_C:
            return "updated", cont
        kept = short.reworded_copy(small.text, large.text) \
            if short_pair else None
        return None if kept is None else ("updated" if _longer_came_later(small, large) else "syndicated", kept)
    lede_kept = _overlap(small.lede, large.shingles) / max(len(small.lede), 1)
    if lede_kept >= UPDATED_LEDE:
        return "updated", cont
    return None


def _longer_came_later(small: Side, large: Side) -> bool:
    """Both times known and the longer published after the shorter: the longer is an update
    (a reworded short copy that came earlier or at once is house-styled, a shorter one a trim)."""
    return small.published is not None and large.published is not None and large.published > small.published


def _trimmed_or_updated(small: Side, large: Side, cont: float) -> tuple[str, float]:
    """The shorter inside the longer: a trim, unless the longer came later (an update)."""
    return ("updated" if _longer_came_later(small, large) else "trimmed"), cont
