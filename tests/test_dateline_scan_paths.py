"""Session 18's shortcuts in the date scan and the credit-name scan give what the long way gives.

dates.Dates._names_before reads the runs of letters before a number by code where the characters
there are ASCII (`_ascii_names_before`, from the last run back), not by the regex; scan.NameStarts
finds the names with one automaton over UTF-8 bytes and maps the few matches of a non-ASCII text
to positions, not with ahocorasick_rs's str automaton (which maps every byte).  Each is checked
against the long way at every number of the sets (as printed, upper and lower cased), on random
text near the cut at `reach`, and on random runs of names, marks and lone surrogates; a wrong
variant of each is caught.  (Dates.upto's numbers, found once each, are checked against one
search of the whole opening in test_dateline_shortcuts.py.)
"""
from __future__ import annotations

import os
import random
import re
import sys
from unittest import mock

import ahocorasick_rs
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from scrapers.dateline import anchors, dates  # noqa: E402
from scrapers.dateline.dates import Dates  # noqa: E402
from scrapers.dateline.months import MONTHS, WEEKDAYS  # noqa: E402
from tests.test_dateline_date_gates import _openings  # noqa: E402  (each opening as printed, upper- and lower-cased)


def _names_the_long_way(norm: str, reach: int, ds: int) -> list[int]:
    """The last two names among the regex's runs of letters in norm[reach:ds], a run cut at reach left out."""
    starts = [m.start() for m in dates._LETTERS.finditer(norm, reach, ds) if m.group().lower() in dates._NAMES
              and not (m.start() == reach > 0 and dates._LETTERS.match(norm, reach - 1))]
    return starts[-2:]


def _names_first_two(norm: str, reach: int, ds: int) -> list[int]:
    """Wrong on purpose: the first two names, not the last two."""
    starts = [m.start() for m in dates._LETTERS.finditer(norm, reach, ds) if m.group().lower() in dates._NAMES]
    return starts[:2]


def test_a_digit_told_from_its_code_point_is_re_s_digit():
    every = "".join(map(chr, range(0x110000)))
    assert [i for i in range(len(every)) if dates._is_digit(every, i)] == [m.start() for m in re.finditer(r"\d", every)]


def _is_digit_below_the_wide_digits_only(norm: str, i: int) -> bool:
    """Wrong on purpose: 0-9 only."""
    return "0" <= norm[i] <= "9"


def test_numbers_of_text_past_ascii_are_the_regex_s():
    """Every number of non-ASCII text, found by code, is \\d+'s; a scan for 0-9 alone differs."""
    rng = random.Random(180)
    pieces = ["5", "12", "١٥", "१२", "۱۴۰۲", "২০২৪", "๒๕๖๗", "１５", "𝟓", "²", "中", "—", "é", "x", " ", "ก", "가", "\ud800"]
    wrong = 0
    for _ in range(5000):
        norm = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) + "é"
        found, got = Dates(norm), []
        a = 0
        while (span := found._number(a)) is not None:
            got.append(span)
            a = span[1]
        assert got == [m.span() for m in re.finditer(r"\d+", norm)]
        with mock.patch.object(dates, "_is_digit", _is_digit_below_the_wide_digits_only):
            wrong += Dates(norm)._next != found._next
    assert wrong


def test_an_ascii_letter_is_the_regex_s_letter():
    for c in range(128):
        assert dates._ascii_letter(c) == (dates._LETTERS.fullmatch(chr(c)) is not None)


@pytest.mark.parametrize("name", ["dev", "tune", "silver", "zh", "pkg"])
def test_names_before_every_number_of_the_sets(name):
    for norm in _openings(name):
        found = Dates(norm)
        for d in dates._DIGITS.finditer(norm):
            reach = max(0, d.start() - dates.NAME_REACH)
            assert found._names_before(reach, d.start()) == _names_the_long_way(norm, reach, d.start())


def _random_before(rng: random.Random) -> str:
    """Names (cased), other words, marks, and letters past ASCII that re reads as letters."""
    names = list(MONTHS) + list(WEEKDAYS)
    pieces = ["Paris", "x", "de", "5", "12", " ", " ", ", ", ". ", "-", "_", "é", "ı", "ſ", "\u212a", "中", "—"]
    parts = []
    for _ in range(rng.randint(1, 14)):
        if rng.random() < 0.4:
            w = rng.choice(names)
            parts.append(rng.choice([w, w.upper(), w.title(), w[:3]]))
        else:
            parts.append(rng.choice(pieces))
    return "".join(parts)


def test_names_before_on_random_text_and_cuts():
    rng = random.Random(18)
    wrong = 0
    for _ in range(20000):
        norm = _random_before(rng)
        ds = rng.randint(0, len(norm))
        reach = rng.randint(max(0, ds - dates.NAME_REACH), ds)  # cut anywhere, inside a word too
        assert Dates(norm)._names_before(reach, ds) == _names_the_long_way(norm, reach, ds)
        wrong += _names_first_two(norm, reach, ds) != _names_the_long_way(norm, reach, ds)
    assert wrong  # the check tells the last two names from the first two


def _patterns() -> list[str]:
    return list(anchors._BARE_NAMES) + ["." + e for e in anchors.DOMAIN_ENDS]


STR_AUTO = ahocorasick_rs.AhoCorasick(_patterns(), implementation=ahocorasick_rs.Implementation.DFA)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _starts_the_long_way(norm: str, start: int, end: int) -> list[int]:
    """NameStarts.find with ahocorasick_rs's str automaton (lone surrogates read as U+FFFD)."""
    found = set()
    for index, first, _ in STR_AUTO.find_matches_as_indexes(_SURROGATE.sub("\ufffd", norm[start:end]), overlapping=True):
        k = start + first
        if index < len(anchors._BARE_NAMES):
            found.add(k)
            continue
        while k > start and (norm[k - 1].isalnum() or norm[k - 1] in "_-"):
            k -= 1
            if "A" <= norm[k] <= "Z":
                found.add(k)
    return sorted(found)


def _name_starts(norm: str, start: int, end: int, auto, raw: object) -> set[int]:
    """Starts of the listed names (domains left out) that `auto` finds in `raw`, at start + its offsets."""
    return {start + first for index, first, _ in auto.find_matches_as_indexes(raw, overlapping=True)
            if index < len(anchors._BARE_NAMES)}


def _byte_offsets_wrong(norm: str, start: int, end: int) -> bool:
    """Would the automaton's byte offsets, taken for positions (wrong on purpose), differ?"""
    hay = norm[start:end]
    return (_name_starts(norm, start, end, anchors.BARE_STARTS.auto, hay.encode("utf-8", "surrogatepass"))
            != _name_starts(norm, start, end, STR_AUTO, _SURROGATE.sub("\ufffd", hay)))


def test_no_pattern_holds_a_surrogate_or_the_replacement_character():
    assert not any(_SURROGATE.search(p) or "\ufffd" in p for p in _patterns())


@pytest.mark.parametrize("name", ["dev", "tune", "zh", "pkg"])
def test_name_starts_on_the_sets(name):
    for norm in _openings(name):
        for start, end in ((0, 130), (0, len(norm)), (40, 300), (90, 250)):
            assert anchors.BARE_STARTS.find(norm, start, end) == _starts_the_long_way(norm, start, end)


def test_name_starts_on_random_runs_of_names_marks_and_surrogates():
    rng = random.Random(181)
    pieces = anchors._BARE_NAMES + ["KOMPAS.com", "x-TEMPO.CO", "Liputan6.com", " ", ", ", "-", ".", "é", "ক", "中",
                                       "\U0001f600", "\ud800", "\udfff", "\ufffd", "A", "x"]
    wrong = 0
    for _ in range(20000):
        norm = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        start = rng.randint(0, len(norm))
        end = rng.randint(start, len(norm) + 3)
        assert anchors.BARE_STARTS.find(norm, start, end) == _starts_the_long_way(norm, start, end)
        wrong += _byte_offsets_wrong(norm, start, end)
    assert wrong  # the check tells byte offsets from positions
