"""The dateline parser on corpus_fresh.tsv: real openings from the shared corpus files, labelled
by hand before the parser was run on them (issue 10; tests/fixtures/datelines/SOURCE.md).

Split as real_dev (tested in test_dateline_real.py): rows 3, 6, 9, … are the untouched check
part (only aggregate figures are used).  The tune part must stay at the score reached when the
set landed; the check part must not read more false datelines than it did then (one, left
unstudied so that the part stays a measurement).  Shapes found in the tune part are tested below with made-up examples.
"""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set, score  # noqa: E402

from tests.dateline_read import read_both  # noqa: E402


def test_fresh_tune_part_stays_at_its_score():
    c, _ = score(load_set("fresh"))
    assert {k: c[k] for k in ("city", "agency", "date", "all")} == dict.fromkeys(
        ("city", "agency", "date", "all"), c["n"])
    assert c["false"] == 0


def test_fresh_check_part_reads_no_new_false_datelines():
    c, _ = score(load_set("fresh-check"))
    assert c["false"] <= 1 and c["all"] / c["n"] >= 0.98


@pytest.mark.parametrize("text, expected", [
    # a bracketed word in lower case is no qualifier of a place ("Carlisle (soccer) -")
    ("Ian Hart (golf) - Former Ryder Cup captain, born 1960. Mark Preston (soccer) - Former Burnley"
     " and Derby defender, now a coach at his old club, born 1979.", ("", "", "")),
    ("Kyiv (Ukraine) (AFP) - Air raid sirens sounded across the country on Monday.", ("Kyiv", "AFP", "")),
    # an item of a list after a semicolon is no headline glued to a dateline
    ("GOLF: Dutch Open - Sky Sports 2 0900; Austrian Ladies Graz - Eurosport 1 1130. CYCLING: Tour of"
     " Britain, Stage 4 - ITV4 1300.", ("", "", "")),
    # a credit first, then an unknown run of words: weighed as any unknown run is
    ("AP Weekly Science Roundup - Highlights of the week in science and technology reporting.", ("", "", "")),
    # a byline or a rubric before a dated credit is not its place
    ("By Staff Reporter Jan 3 (Reuters) - Results and fixtures for the league on Wednesday.",
     ("", "Reuters", "Jan 3")),
    ("Latest News Jan 3 (Reuters) - Results and fixtures for the league on Wednesday.", ("", "Reuters", "Jan 3")),
    ("Politics Dec. 23 (Bloomberg) -- The State Department's final assessment is complete.",
     ("", "Bloomberg", "Dec. 23")),
    ("DA NANG, Vietnam (AP) — Tourists returned to the beaches on Monday after the storm.",
     ("Da Nang", "AP", "")),
])
def test_shapes_of_the_fresh_set(text, expected):
    assert read_both(text) == expected
