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

from . import figures
from .shingles import tokens

WORDS_KEPT = 0.75      # share of the shorter side's content words found in the longer
FIGURES_AGREE = 0.75   # ... or, for figure tables: share of its figures kept,
TABLE_WORDS = 0.6      # with at least this share of its words,
MIN_FIGURES = 4        # and at least this many figures
TABLE_SHARE = 0.25     # a text whose tokens are this much figures is a table (earnings, results)
SUBJECT_WORDS = 2      # content words that name the subject (the index key of a short story)
KEY_FIGURES = 2        # distinctive figures (3+ significant digits, not a year) in the figures key
KEY_DIGITS = 2         # ... each cut to this many significant digits (a rounding keeps them)
_FIGURE = re.compile(r"\d")
_FIGURE_TOKEN = re.compile(r"(?<![&#\w])\d+(?:[.,/-]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


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


def is_table(text: str) -> bool:
    """Mostly figures ("Shr 27 cts vs 29 cts Net 13,555,000 vs 14,635,000 ..."): judged on its
    figures and labels at any length, as a short story is on its words."""
    figs = figures.figures(text)
    return len(figs) >= MIN_FIGURES and len(_FIGURE_TOKEN.findall(text)) >= TABLE_SHARE * len(tokens(text))


def figures_key(text: str, dateline: str, day: str) -> str | None:
    """'place|day|figures' of a story with a dateline place and KEY_FIGURES distinctive figures in
    its opening, each cut to KEY_DIGITS significant digits: a table re-sent with rounded figures
    ("Net 13,555,000 vs 14,635,000" / "Net 13.5 mln vs 14.6 mln") meets its first take through it."""
    where = place(dateline)
    if not where:
        return None
    lead = []
    for f in figures.figures(text[:300]):
        if f.value is not None and f.value >= 100 and figures.significant_digits(f) >= 3 and not _YEAR.fullmatch(f.printed):
            lead.append(_cut(f.value))
            if len(lead) == KEY_FIGURES:
                return f"{where}|{day}|{' '.join(lead)}"
    return None


def _cut(value: float) -> str:
    """The value's first KEY_DIGITS significant digits and its magnitude (13,555,000 -> '13e7': 13 and the magnitude 10^7)."""
    magnitude = len(str(int(value))) - 1
    return f"{int(value // 10 ** (magnitude - KEY_DIGITS + 1))}e{magnitude}"


def reworded_copy(small: str, large: str) -> float | None:
    """The share of the shorter text's content words found in the longer when the shorter reads as a
    reworded copy of it, else None. A table (MIN_FIGURES figures or more) is one when it keeps
    FIGURES_AGREE of its figures (a rounding at the printed precision counts: figures.Figure) and
    TABLE_WORDS of its labels (its content words without figures)."""
    ws, wl = set(content_words(small)), set(content_words(large))
    if not ws:
        return None
    words = len(ws & wl) / len(ws)
    if words >= WORDS_KEPT:
        return words
    fs = figures.figures(small)
    if len(fs) < MIN_FIGURES or figures.kept(fs, figures.figures(large)) < FIGURES_AGREE * len(fs):
        return None
    labels = {w for w in ws if not _FIGURE.search(w)}
    kept = len(labels & wl) / len(labels) if labels else 1.0
    return kept if kept >= TABLE_WORDS else None
