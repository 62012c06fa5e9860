"""The date scan's two gates answer as the long way (session 17).

dates.Dates._read tries the date pattern at a number only where `_may_start_date` says a date can
start there (a month name, a year's point or a CJK mark after it), and reads the month and weekday
names before a number only where `_may_follow_name` says a date that starts at one can reach the
number (the word before it is read as the end of such a name).  Both may say yes where the
pattern then fails; neither may say no where it would have read a date.  Checked here: the dates
found with both gates equal those found without them, on every opening of the sets (as printed,
upper and lower cased) and on random runs of names, numbers and marks; the first gate says yes at
every number where DATE matches; the letters re reads alike under (?i) for ASCII text are those
of dates._ASCII_FOLD, asked of re itself.  A deliberately wrong variant of each gate is caught.
"""
from __future__ import annotations

import os
import random
import re
import sys
from contextlib import contextmanager
from unittest import mock

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import dates, text  # noqa: E402
from scrapers.dateline.months import MONTHS, WEEKDAYS  # noqa: E402

ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@contextmanager
def _gates(start=lambda text, ds, de: True, follow=lambda text, reach, ds: True):
    """The scan with its gates replaced (by default: none, the long way)."""
    with mock.patch.object(dates, "_may_start_date", start), mock.patch.object(dates, "_may_follow_name", follow):
        yield


def _the_long_way(norm: str) -> list[tuple[int, int]]:
    with _gates():
        return dates.find_dates(norm)


def _openings(name: str) -> list[str]:
    out = []
    for r in load_set(name):
        norm = text.normalise(r["text"])[0]
        out += [norm, norm.upper(), norm.lower()]
    return out


def _a_name(rng: random.Random) -> str:
    """A month or weekday name as printed, cased or with the letters re reads alike ("Kasim")."""
    w = rng.choice(list(MONTHS) if rng.random() < 0.6 else list(WEEKDAYS))
    return rng.choice([w, w, w, w.upper(), w.title(), w[:3], w.replace("ı", "i"), w.replace("s", "ſ"),
                       w.replace("i", "İ").upper(), w.replace("k", "\u212a")])


def _random_dated(rng: random.Random) -> str:
    """Names, numbers of one to five digits in several scripts, and the marks a date holds."""
    marks = [" ", ", ", ". ", ".", ",", "-", "th ", "st ", "er ", "de ", " de ", "º", "d.", "年", "月", "日", "년",
             "월", " 月", "\u3000", "(", ")", "/", "\n", "x", "Ankara", "'", "$"]
    parts = []
    for _ in range(rng.randint(1, 10)):
        x = rng.random()
        if x < 0.35:
            parts.append(_a_name(rng))
        elif x < 0.65:
            parts.append(str(rng.choice([rng.randint(0, 40), rng.randint(0, 99999)])))
        elif x < 0.7:
            parts.append(rng.choice(["１５", "٥", "۱۴۰۲", "২০২৪", "2567", "０５"]))
        else:
            parts.append(rng.choice(marks))
    return rng.choice(["", " ", " ", ", "]).join(parts)


RANDOM = [_random_dated(random.Random(i)) for i in range(12000)]


@pytest.mark.parametrize("name", ["dev", "tune", "silver", "zh", "pkg", "feeds"])
def test_the_gated_scan_finds_the_long_way_s_dates_on_the_sets(name):
    for norm in _openings(name):
        assert dates.find_dates(norm) == _the_long_way(norm)


def test_the_gated_scan_finds_the_long_way_s_dates_on_random_text():
    found = 0
    for norm in RANDOM:
        got = dates.find_dates(norm)
        assert got == _the_long_way(norm)
        found += len(got)
    assert found > 1000  # the random text is dense in dates


@pytest.mark.parametrize("name", ["dev", "tune", "zh"])
def test_a_date_starts_only_at_a_number_the_gate_lets_through(name):
    for norm in _openings(name) + RANDOM[:4000]:
        for d in dates._DIGITS.finditer(norm):
            assert dates._may_start_date(norm, d.start(), d.end()) or not dates.DATE.match(norm, d.start())


def test_the_ascii_letters_read_alike_are_re_s():
    """Every letter of a month or weekday name matches, under re's (?i), exactly the ASCII letters
    that dates._as_ascii prints for it."""
    for c in {c for n in (*MONTHS, *WEEKDAYS) for c in n} | set(dates._ASCII_FOLD):
        pattern = re.compile("(?i:" + re.escape(c) + ")")
        read = {a.lower() for a in ASCII_LETTERS if pattern.fullmatch(a)}
        folded = dates._as_ascii(c)
        assert read == ({folded} if folded and folded.isalpha() else set()), c


def _months_only(text: str, reach: int, ds: int) -> bool:
    """Wrong on purpose: a weekday before the day not seen (only month names end the word)."""
    j = ds
    while j > reach and text[j - 1] in " ,.":
        j -= 1
    word = re.search(r"[A-Za-z]*$", text[reach:j]).group()
    return bool(re.search(r"[^\x00-\x7f]", text[reach:j])) or word.lower() in {dates._last_run(m) for m in MONTHS}


def test_a_wrong_gate_is_caught():
    # the day's suffixes forgotten ("5th March", "1er mai", "5. Mai", "5-mart")
    with mock.patch.object(dates, "_TWO_LETTER_SUFFIXES", ()), mock.patch.object(dates, "_ONE_MARK_SUFFIXES", ()):
        assert any(dates.find_dates(n) != _the_long_way(n) for n in RANDOM)
    with _gates(follow=_months_only):
        assert any(dates.find_dates(n) != _the_long_way(n) for n in RANDOM)


def test_a_caseless_character_is_read_only_as_itself():
    """A character without case matches the first letters of the month names, and the last
    letters of the names, under re's (?i) only where it is one of them (every code point)."""
    every = [chr(c) for c in range(0x110000) if dates._caseless(chr(c))]
    for chars in (dates._FIRST_CHARS, dates._LAST_CHARS):
        pattern = re.compile("(?i:[" + "".join(map(re.escape, sorted(chars))) + "])")
        assert {c for c in every if pattern.fullmatch(c)} == {c for c in every if c in chars}
