"""The dateline parser's speed shortcuts give what the long way gives (issue 10's speed work).

text._plain skips the translation of odd spaces where none can be; dates.Dates finds the dates
of an opening only as far as the readers ask.  Both are checked against the long way here,
on every character that matters and on the real openings.
"""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import text  # noqa: E402
from scrapers.dateline.dates import Dates, find_dates  # noqa: E402

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_odd_spaces_are_the_characters_the_table_changes():
    changed = {c for c, v in text._SPACES.items() if chr(c) != v}
    assert {ord(c) for c in text._ODD.findall(EVERY_CHARACTER)} == changed
    # _plain trusts str.isprintable for all of them but the printable marks read as Latin ones
    assert all(not chr(c).isprintable() or c in text._AS_LATIN for c in changed)


@pytest.mark.parametrize("head", ["PARIS, May 5 (AFP) - x", "Kabul\n5 May\x03", "a\xa0b", "አዲስ አበባ፣ ህዳር 12",
                                  "x\u2028y\u3000z\ufeff", "", "TOKYO – 3\u200b",
                                  "Headline\n\nPARIS (AFP) - x", "a\nb\rc", "a\n\xa0b", "دمشق\n، سوريا", "a\n\x85b"])
def test_plain_is_the_translation(head):
    assert text._plain(head) == head.translate(text._SPACES)


@pytest.mark.parametrize("name, step", [("dev", 2), ("tune", 1), ("silver", 10)])
def test_dates_found_so_far_hold_every_date_before_the_position_asked(name, step):
    for r in load_set(name)[::step]:
        norm = text.normalise(r["text"])[0]
        full = find_dates(norm)
        for x in (0, 40, 90, 170, 300):
            dates = Dates(norm)
            got = dates.upto(x)
            assert got == full[:len(got)]  # a prefix of the full scan
            assert [d for d in full if d[0] < x] == [d for d in got if d[0] < x]
