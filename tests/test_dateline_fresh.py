"""The dateline parser on corpus_fresh.tsv: real openings from the shared corpus files, labelled
by hand before the parser was run on them (issue 10; tests/fixtures/datelines/SOURCE.md).

Split as real_dev: rows 3, 6, 9, … are the untouched check part (only aggregate figures are
used); the parts' sizes and floors are in tests/test_dateline_real.py (FLOORS).  Shapes found in
the tune part are tested below with made-up examples.
"""
from __future__ import annotations

import pytest

from tests.dateline_read import read_both


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
