"""Short stories reworded: the signals that survive light rewording of a 30-word take.

A first take and its rewrite ("Chrysler Corp said its U.S. car production in February totalled
110,552" / "Chrysler Corp said its February U.S. car production was 110,552") share few word
3-shingles, so Jaccard and containment stay low; what they keep is their words, their figures,
their subject and their dateline. Content words here are tokens of four or more characters or
with a digit (no stopword list: wires come in many languages). The evidence asked of a short
pair (the shorter side all lede, under verify.LEDE shingles):
- the same dateline place, printed on both sides (supporting evidence, required here);
- the shorter keeps most of its content words (WORDS_KEPT), or, for a table of figures, most of
  its figures (FIGURES_AGREE, at least MIN_FIGURES of them) and many of its words;
- none of the vetoes of verify (other dateline date, figures of a templated report).
Different stories on the same event, by the same desk, rarely keep 3/4 of each other's words
even when short; templated reports do, and the figures veto keeps them apart.
"""
from __future__ import annotations

import html
import re

from .shingles import tokens

WORDS_KEPT = 0.75      # share of the shorter side's content words found in the longer
FIGURES_AGREE = 0.75   # ... or, for figure tables: share of its figures kept,
TABLE_WORDS = 0.6      # with at least this share of its words,
MIN_FIGURES = 4        # and at least this many figures
SUBJECT_WORDS = 2      # content words that name the subject (the index key of a short story)
_FIGURE = re.compile(r"\d")


def content_words(text: str) -> list[str]:
    """Content words of a cleaned text, in order (entities such as &lt; decoded first)."""
    if "&" in text:
        text = html.unescape(text)
    return [w for w in tokens(text) if len(w) >= 4 or _FIGURE.search(w)]


def place(dateline: str) -> str:
    """The dateline's place as printed ("CAPE CANAVERAL, Fla., Feb 26 - " -> "cape canaveral")."""
    head = dateline.split(",", 1)[0].split("(", 1)[0].split("/", 1)[0]
    head = re.sub(r"[-–—:]+\s*$", "", head.strip())
    return " ".join(head.casefold().split()) if any(c.isalpha() for c in head) else ""


def subject_key(text: str, dateline: str, day: str) -> str | None:
    """'place|day|subject' of a story with a dateline place: stories whose opening names the same
    subject under the same dateline on the same day meet through this key."""
    where = place(dateline)
    if not where:
        return None
    words = content_words(text[:300])[:SUBJECT_WORDS]
    if len(words) < SUBJECT_WORDS:
        return None
    return f"{where}|{day}|{' '.join(words)}"


def reworded_copy(small: str, large: str, small_figures: set[str], large_figures: set[str]) -> float | None:
    """The share of the shorter text's content words found in the longer when the shorter reads as a
    reworded copy of it (figures as verify.figures reads them), else None."""
    ws, wl = set(content_words(small)), set(content_words(large))
    if not ws:
        return None
    words = len(ws & wl) / len(ws)
    if words >= WORDS_KEPT:
        return words
    figs = len(small_figures & large_figures) / len(small_figures) if small_figures else 0.0
    if len(small_figures) >= MIN_FIGURES and figs >= FIGURES_AGREE and words >= TABLE_WORDS:
        return words
    return None
