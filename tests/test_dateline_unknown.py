"""Places no gazetteer knows, read from their shape and anchors (issue 10, session 7).

Held-out text is full of small towns that no gazetteer lists; an editor reads them from the
shape around them: a word before `, DATE (CREDIT)` (a dated credit) or before the credit of an
agency that prints its datelines in Title Case (`Kelvadar (dpa) -`), or one word in capitals
after a clear boundary, a dash and a story sentence.  The towns here are made up on purpose
(bench/dateline_probe.py measures the same on real openings with their city replaced); the
openings of the same look hold no dateline and must stay empty.  Each opening runs through the
fast path and the full ranker: both must agree.
"""
from __future__ import annotations

import pytest

from tests.dateline_read import STORY, read_both as _read


@pytest.mark.parametrize("text, expected", [
    # a headline, then an unknown town before a dated known credit
    ("Minister Opens New Bridge Over River Kelvadar, Feb 25 (Prensa Latina) Cuban" + STORY,
     ("Kelvadar", "Prensa Latina", "Feb 25")),
    ("Mother's Day Tornuvel, May 8, GNA - Ghana will join the world" + STORY, ("Tornuvel", "GNA", "May 8")),
    ("Council Approves Budget Brekanso, Dec 1 — A music scholar has rediscovered a lost work" + STORY,
     ("Brekanso", "", "Dec 1")),
    # an agency whose datelines are in Title Case: the word before its credit is the place
    ("Merkel gedenkt der Opfer im Lager Kelvadar (dpa) - Kanzlerin Angela Merkel hat der Opfer gedacht." + STORY,
     ("Kelvadar", "dpa", "")),
    # a name of two words at the start stays whole ("Naciones Unidas")
    ("Kelva Durnos, 13 nov (Prensa Latina) La Asamblea General votó hoy." + STORY,
     ("Kelva Durnos", "Prensa Latina", "13 nov")),
    # one unknown word in capitals, a dash and a story sentence
    ("KELVADAR — Washington lawmakers are more than halfway through the session." + STORY, ("Kelvadar", "", "")),
    ("Trump signs order on wealth fund TORNUVEL — President Donald Trump on Monday signed an order." + STORY,
     ("Tornuvel", "", "")),
])
def test_unknown_places(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Bulgaria, Russia to Review Joint Energy Projects August 5 (BTA) - In a phone call" + STORY, ("", "BTA", "August 5")),
    ("Markets rally on Monday, March 4 (Reuters) - Stocks rose" + STORY, ("", "", "")),  # a date in prose
    ("Supreme Court Rules On Gun Case (AP) - The court ruled" + STORY, ("", "AP", "")),  # AP prints capitals
    ("Foto: Bundeskanzlerin Angela Merkel (dpa) - Die Kanzlerin hat am Montag gesprochen." + STORY, ("", "", "")),
    ("Agencies warn of famine UNICEF — The children's agency said on Monday that millions face hunger." + STORY,
     ("", "", "")),
    ("EXPLAINER — What the new law means for tenants and landlords across the whole country." + STORY, ("", "", "")),
    ("NATO — The alliance said on Monday that it would send more troops to the eastern flank." + STORY, ("", "", "")),
    ("Redacción Internacional, 13 nov (EFE).- La guerra cumple 38 días.", ("", "EFE", "13 nov")),
])
def test_same_look_no_place(text, expected):
    assert _read(text) == expected
