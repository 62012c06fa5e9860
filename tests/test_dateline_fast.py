"""The fast path and the rejection of openings with nothing to read (scrapers/dateline/fast.py)
give exactly the full ranker's answers.

Every set is parsed twice, with and without the fast path, and the outputs compared: our
written dev and blind sets, the Reuters silver set and real_dev.tsv's tune part row by row;
real_dev.tsv's untouched check part (rows 3, 6, 9, ...) only by a digest, so that no row of
it is ever shown.
"""
from __future__ import annotations

import hashlib
import os
import sys
from datetime import datetime

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import fast as fast_module  # noqa: E402
from scrapers.dateline.dates import find_dates  # noqa: E402
from scrapers.dateline.parser import _normalise, candidates, parse_dateline  # noqa: E402


def _published(r: dict) -> datetime | None:
    p = r.get("published")
    return datetime.fromisoformat(p) if p else None


def _output(r: dict, fast: bool) -> tuple:
    d = parse_dateline(r["text"], _published(r), fast=fast)
    return d.city, d.agency, d.date, d.resolved, d.end


def _taken(rows: list[dict]) -> int:
    """How many rows the fast path answers."""
    return sum(fast_module.fast_reading(*_normalise(r["text"])[::2]) is not None for r in rows)


@pytest.mark.parametrize("name", ["dev", "blind", "tune", "silver"])
def test_fast_path_matches_full_ranker(name):
    rows = load_set(name)
    diffs = [(r["text"][:120], _output(r, True), _output(r, False)) for r in rows
             if _output(r, True) != _output(r, False)]
    assert not diffs, diffs[:5]


def test_fast_path_matches_full_ranker_on_check_part_by_digest():
    rows = load_set("check")  # never shown: only a digest of each way's outputs is compared
    digests = [hashlib.sha256(repr([_output(r, fast) for r in rows]).encode()).hexdigest()
               for fast in (True, False)]
    assert digests[0] == digests[1]


@pytest.mark.parametrize("text, expected", [
    ("PARIS, May 5 (AFP) - The minister said.", ("Paris", "AFP", "May 5", 21)),
    ("MOSUL, Iraq (Reuters) - Islamic State", ("Mosul", "Reuters", "", 24)),
    ("SEOUL, Nov 26 AFP - Samsung has", ("Seoul", "AFP", "Nov 26", 20)),
    ("МОСКВА, 15 апр - РИА Новости. Президент", ("Москва", "RIA", "15 апр", 30)),
    ("NEW YORK, Feb 26 - U.S. banks said", ("New York", "", "Feb 26", 19)),
    ("Storm hits Florida (AP) - The", None),          # not at the start
    ("LONDON, March 2 - Reuters Holdings said", None),  # a bare credit the ranker must weigh
    ("PARIS, May 5 (AFP) - The (AP) story", None),     # another credit in the first window
    ("PORTLAND, Ore., Feb 26 - Red Lion Inns said", ("Portland", "", "Feb 26", 25)),
    ("NEW YORK, Feb 26 - Acme redeems 8-1/4 pct debentures", ("New York", "", "Feb 26", 19)),
    ("WASHINGTON, Feb 26 - Sen. Alan Cranston (D-Cal.) said", None),  # "(D-Cal.)" may be a credit
    ("OMAHA, Neb., Feb 26 - <America First Fund> said", ("Omaha", "", "Feb 26", 22)),
    ("МОСКВА, 13 ноября. /ТАСС/. Министерство", ("Москва", "TASS", "13 ноября", 27)),
    ("LONDON, Feb 26 - The (TOKYO) desk", None),       # a bracketed place may be read
])
def test_fast_path_reads_canonical_shapes(text, expected):
    assert fast_module.fast_reading(text, 0) == expected


def test_fast_path_is_taken_by_canonical_openings():
    rows = load_set("silver")
    assert _taken(rows) > len(rows) * 0.85  # Reuters openings are nearly all canonical


def _rejected(r: dict) -> bool:
    norm, _, _ = _normalise(r["text"])
    return fast_module.nothing_to_read(norm, find_dates(norm))


@pytest.mark.parametrize("name", ["dev", "blind", "tune", "silver"])
def test_rejected_openings_give_the_ranker_nothing_to_rank(name):
    """An opening that nothing_to_read rejects yields no candidate at all in the full ranker."""
    rows = [r for r in load_set(name) if _rejected(r)]
    assert all(candidates(r["text"]) == [] for r in rows)


@pytest.mark.parametrize("text, rejected", [
    ("Burkina Faso bans imports from North Korea", True),
    ("Mediawatch maandag 03/06/2019 - NOS Journaal - 20 uur", False),  # slash and dashes
    ("New Delhi, August 29 There is more", False),                      # a date after ", "
    ("Reuters says the deal is off", False),                            # a bare credit
    ("GENEVA. The talks resumed today", False),                         # a capitalised word, ". "
    ("新华社北京8月29日电 国务院", False),                                # a script form
])
def test_rejection_needs_no_anchor(text, rejected):
    norm, _, _ = _normalise(text)
    assert fast_module.nothing_to_read(norm, find_dates(norm)) is rejected


def test_rejection_is_taken_by_plain_headlines():
    assert sum(_rejected(r) for r in load_set("dev")) >= 40
