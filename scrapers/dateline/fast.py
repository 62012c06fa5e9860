"""Fast path: the canonical wire dateline at the very start of an opening.

Most wire openings start `CITY, Month D (AGENCY) - Story`, `CITY (AGENCY) - Story`,
`CITY, D month /AGENCY/. Story`, `CITY, Month D AGENCY - Story`, `ГОРОД, D мес - АГЕНТСТВО.`
or `CITY, Month D - Story`.  The full ranker (parser._choose) generates and scores every
reading of the opening; for these shapes its winner is known in advance, so this module reads
the shape with one regex and returns the same reading, or None to fall through.

Why the ranker would pick the same reading: a known place read whole (in capitals or Title
Case) at the start of the text, a known credit, a date, a separator and a story in capitals
are features the ranker's reading is sure to have; their weights (`_floor`) reach SURE, so the
ranker stops after the first EARLY characters, where the only readings that could compete are
other credits -- and the rest of that window must hold no bracket or slash.  The parts are
read with the ranker's own helpers (credit_name, separator, known, format_place, the DATE and
BARE patterns).  tests/test_dateline_fast.py checks that parse_dateline gives identical output
with and without this path on every set.
"""
from __future__ import annotations

from typing import Final

import re

from .agencies import lookup
from .anchors import BARE, CAPS_CREDIT, PAREN, SLASH, bare_anchors
from .candidates import AMBIGUOUS, credit_name, separator
from .dates import DATE, _trim
from .months import MONTHS
from .rank import SURE, WEIGHTS
from .names import format_place, is_caps, is_placeword, known
from .places import _qualifier_ok
from . import scripts
from .tables import ADMIN_PREFIX, DESK, NOT_PLACE, PARTICLES
from .uncredited import POINT

EARLY: Final = 90  # characters the ranker reads first (parser.py); no competing credit may start in them
WORD: Final = r"[^\W\d_][^\s,()/]*+"  # possessive: a failed match gives up without re-cutting words
# `PLACE[, Qualifier][, DATE] (CREDIT)`, `PLACE. DATE /CREDIT/`, and `PLACE[, Qualifier], DATE -`
# without a credit; the date is one the date scan reads, so "MOSUL, Iraq (Reuters)" and
# "PORTLAND, Ore., Feb 26 -" read Iraq and Ore. as the qualifier
CREDIT: Final = r"[A-ZА-ЯЁ][\w.-]*(?: [^\W\d_][\w-]*)?"  # a bare credit: one or two words, a capital first
CANONICAL: Final = re.compile(rf"(?P<place>{WORD}(?: {WORD}){{0,3}})(?:, (?P<qual>{WORD}(?: {WORD})?))??"
                       r"(?:(?:[,.]|(?<=\.)) (?P<date>" + DATE.pattern + r")\.?)?"
                       r"(?: \((?P<paren>[^()\n]{2,30})\)| /(?P<slash>[^/\n\s][^/\n]{0,28}?)/(?![\w/])"
                       rf"|,? (?P<bare>{CREDIT})(?= -{{1,2}} )"
                       rf"| [-—–] (?P<dashed>{CREDIT})(?=\. )|(?= -{{1,2}} ))")
# One of these is printed in the first seven words of every match of CANONICAL (_may_match).
CANONICAL_MARKS: Final = tuple(",.(/-—–")  # strings of one character made once (anchors.marks)
CREDITS: Final = ("credit_known", "credit_outlet", "credit_ambiguous")
NOT_FIRST: Final = ADMIN_PREFIX | DESK  # words a place read without doubt does not start with
# The marks of the generators' anchors: a bracket or slash (credits), a separator (SEPS, and
# those CAPS_CREDIT looks for), a line break (a place alone on its line), a script form's mark
# (scripts.MARKS).  The fast path's shapes all hold one.  The commonest first (as the sets' openings
# hold them): most openings are told marked by their first test or two.
ANCHOR_MARKS: Final = ("-", "(", ":", "—", "/", "–", "\n", "_", "（", "―", "।") + scripts.MARKS_BY_USE


def marked(norm: str) -> bool:
    """Does the opening hold an anchor mark?  (A str test per mark, a memory search: a regex
    search for their class tested it at every character up to the first, ~45 machine
    instructions each.)"""
    return any(c in norm for c in ANCHOR_MARKS)


def nothing_to_read(norm: str, dates: list[tuple[int, int]]) -> bool:
    """Does the opening hold no anchor a generator could start from: no anchor mark, no date
    after ", " (`City, August 29 There…`), no bare or capitalised credit, no `Place. Die`?  Then it has no
    dateline (most headlines and plain story sentences) and no candidate is generated.  (`dates`:
    at least every date that starts before the last ", " and the two characters after it.)"""
    return not marked(norm) and nothing_unmarked(norm, dates)


def nothing_unmarked(norm: str, dates: list[tuple[int, int]]) -> bool:
    """nothing_to_read of an opening known to hold no anchor mark (parser._choose has asked)."""
    return not (any(norm[s - 2:s] == ", " for s, _ in dates)
                or next(bare_anchors(norm, 0, (0, len(norm))), None) is not None  # BARE.search(norm)
                or CAPS_CREDIT.search(norm) or POINT.search(norm))


def fast_reading(norm: str, lo: int) -> tuple[str, str, str, int] | None:
    """(city, agency, date, end) of a canonical dateline at lo, or None when the full ranker
    must decide."""
    m = CANONICAL.match(norm, lo) if _may_match(norm, lo) else None
    place = _place(m.group("place")) if m else None
    credit = _credit(norm, m) if m and place else None
    if m is None or place is None or credit is None:
        return None
    (city, caps), (agency, kind, sep_at) = place, credit
    date, qual = m.group("date"), m.group("qual")
    if (qual is not None and not _qualifier(qual)) or (date is None and kind == "none"):
        return None  # a dateline without a credit needs its date
    if date is not None and (date := _printed_date(norm, m.start("date"), m.end("date"))) is None:
        return None
    sep, end = separator(norm, sep_at)
    if not _story_in_capitals(norm, end):
        return None  # a lower-case or missing story
    if sep == "sep_none" and date is None:
        return None  # neither separator nor date
    if kind == "none" and (sep != "sep_strong" or BARE.match(norm, end)):
        return None  # "LONDON, March 2 - Reuters said": the ranker weighs the bare credit
    if _credit_after(norm, end):
        return None  # another credit may start in the first window
    if _floor(kind, sep, caps, date is not None, qual is not None) < SURE:
        return None  # not sure enough: the ranker reads the whole zone
    return city, agency, date or "", end


def _may_match(norm: str, lo: int) -> bool:
    """Can CANONICAL match at lo?  Its place is one to four words with no space in them, and a
    comma or a point follows it (a qualifier, a date), or within three more words a bracket, a
    slash or a dash (a credit, a separator): one of CANONICAL_MARKS is in the first seven words
    (split at spaces) of every match.  A headline's first seven words often hold none, and there
    the pattern fails slowly: it tries every cut of the place, and the date at each."""
    end = lo - 1
    for _ in range(7):
        end = norm.find(" ", end + 1)
        if end < 0:
            end = len(norm)
            break
    words = norm[lo:end]
    return any(c in words for c in CANONICAL_MARKS)


def _story_in_capitals(norm: str, end: int) -> bool:
    """Does a story start at end with a capital, or with a company in angle brackets in capitals
    ("<Acme Inc> said", as Reuters prints them)?"""
    story = norm[end:end + 2]
    return story[:1].isupper() or (story[:1] == "<" and story[1:].isupper())


def _credit_after(norm: str, end: int) -> bool:
    """Does a bracket or slash after the reading, in the first window, hold what the ranker
    reads as a credit or a bracketed place?  ("(CCC)", "(D-Cal.)", "Hughes/Conserdyne" do not.)"""
    if not any(c in norm[end:EARLY + 80] for c in "(/（"):
        return False
    for m in PAREN.finditer(norm, end, EARLY + 80):
        raw = m.group(1).strip()
        if credit_name(m.group(1)) or (is_placeword(raw) and is_caps(raw) and known(raw)):
            return True
    return any(credit_name(m.group(1)) for m in SLASH.finditer(norm, end, EARLY + 80))


def _credit(norm: str, m: re.Match) -> tuple[str, str, int] | None:
    """(agency, credit feature or "none", where the separator is read) of the match."""
    raw = m.group("paren") or m.group("slash") or _bare(norm, m)
    if raw == "" and m.group("dashed"):
        return "", "none", m.start("dashed") - 3  # "NEW YORK, Feb 26 - U.S. banks": no credit
    if raw == "":
        return None  # a word before the separator that the ranker would not read as a credit
    if raw is None:
        return "", "none", m.end()
    got = credit_name(raw)
    return (got[0], got[1], m.end()) if got and got[1] in CREDITS else None


def _bare(norm: str, m: re.Match) -> str | None:
    """A credit without brackets after a date ("SEOUL, Nov 26 AFP -", "МОСКВА, 15 апр -
    РИА Новости."), when the ranker's bare-credit pattern reads exactly it."""
    group = "bare" if m.group("bare") else "dashed" if m.group("dashed") else None
    if group is None or m.group("date") is None:
        return None
    b = BARE.match(norm, m.start(group))
    raw = m.group(group)
    return raw if b and b.end() == m.end(group) and raw.upper() not in AMBIGUOUS else ""


def _floor(credit: str, sep: str, caps: bool, dated: bool, qualified: bool) -> float:
    """The ranker's score of the reading, from the features it is sure to have."""
    score = WEIGHTS.get(credit, 0.0) + WEIGHTS.get(sep, 0.0) + WEIGHTS["place_known"] + WEIGHTS["b_start"]
    if caps:
        score += WEIGHTS["place_caps"]
    if dated:
        score += WEIGHTS["date"]
        score += WEIGHTS["place_date"]
    if qualified:
        score += WEIGHTS["qualifier"]
    return score


def _place(raw: str) -> tuple[str, bool] | None:
    """(printed name, in capitals?) of a place the ranker reads whole and without doubt."""
    words = raw.split()
    if not all(is_placeword(w) for w in words) or words[0].lower() in NOT_FIRST:
        return None
    if any(w.lower() in MONTHS for w in words):
        return None  # a month word may start the date instead
    caps = all(is_caps(w) or w.lower() in PARTICLES for w in words) and is_caps(words[0])
    title = all(not is_caps(w) and (w[:1].isupper() or (i and w in PARTICLES)) for i, w in enumerate(words))
    if not (caps or title):
        return None  # mixed case: the ranker weighs the readings of the run
    name = format_place(words)
    if not known(name) or lookup(name) or name.lower().rstrip(".") in NOT_PLACE:
        return None
    return name, caps


def _qualifier(qual: str) -> bool:
    """", Iraq", ", Ill.", ", Azerbaijan": capitalised words that name no month, a qualifier
    the ranker reads too (places._qualifier_ok)."""
    words = qual.split()
    return _qualifier_ok(qual) and all(w.lower().rstrip(".") not in MONTHS for w in words)


def _printed_date(norm: str, s: int, e: int) -> str | None:
    """The date norm[s:e] as the date scan prints it ("13 ноября." -> "13 ноября", "5 Nov."
    stays), when the scan reads exactly it; else None."""
    m = DATE.match(norm, s)
    return norm[s:_trim(norm, s, e)] if m is not None and m.end() == e else None
