"""Fast path: the canonical wire dateline at the very start of an opening.

Most wire openings start `CITY, Month D (AGENCY) - Story`, `CITY (AGENCY) - Story` or
`CITY, D month /AGENCY/. Story`.  The full ranker (parser._choose) generates and scores
every reading of the opening; for these shapes its winner is known in advance, so this module
reads the shape with one regex and returns the same reading, or None to fall through.

Why the ranker would pick the same reading: a known place (whole name, in capitals or Title
Case) at the start of the text, a known agency credit, a date (when printed) and a separator
with a story after it add up to at least FAST_FLOOR, far above SURE; so the ranker stops
after the first EARLY characters, where the only readings that could compete are other
credits -- and the rest of that window must hold no bracket or slash.  The parts are read with
the ranker's own helpers (credit_name, separator, known, format_place, the DATE pattern),
so a reading taken here is the one the ranker builds.  tests/test_dateline_fast.py checks
that parse_dateline gives identical output with and without this path on every set.
"""
from __future__ import annotations

import re

from .agencies import lookup
from .candidates import BARE, credit_name, separator
from .dates import DATE, _trim
from .months import MONTHS
from .places import format_place, is_caps, is_placeword, known
from .tables import ADMIN_PREFIX, DESK, NOT_PLACE, PARTICLES

EARLY = 90  # characters the ranker reads first (parser.py); no competing credit may start in them
# one to three place words, an optional ", date", then a bracketed or slashed credit (or,
# after a date, none: `SALVADOR, Feb 26 - Story`)
CANONICAL = re.compile(r"(?P<place>[^\W\d_][^\s,()/]*(?: [^\W\d_][^\s,()/]*){0,2})"
                       r"(?:, (?P<date>[^\n()/]{3,30}?))?(?: \((?P<paren>[^()\n]{2,30})\)"
                       r"| /(?P<slash>[^/\n\s][^/\n]{0,28}?)/(?![\w/])|(?= -{1,2} ))")


def fast_reading(norm: str, lo: int) -> tuple[str, str, str, int] | None:
    """(city, agency, date, end) of a canonical dateline at lo, or None when the full ranker
    must decide."""
    m = CANONICAL.match(norm, lo)
    if not m:
        return None
    city, raw = _place(m.group("place")), m.group("paren") or m.group("slash")
    credit = credit_name(raw) if raw else ("", "none")
    if city is None or credit is None or credit[1] not in ("credit_known", "none"):
        return None
    if not raw and m.group("date") is None:
        return None  # a dateline without a credit needs its date
    date = m.group("date")
    if date is not None and not _whole_date(norm, m.start("date"), m.end("date")):
        return None
    sep, end = separator(norm, m.end())
    if sep not in ("sep_strong", "sep_point") or not norm[end:end + 1].isupper():
        return None  # no separator, or a lower-case or missing story: the ranker weighs it
    if not raw and BARE.match(norm, end):
        return None  # "LONDON, March 2 - Reuters said": the ranker weighs the bare credit
    if any(c in norm[end:EARLY + 80] for c in "(/（"):
        return None  # another credit may start in the first window
    return city, credit[0], date or "", end


def _place(raw: str) -> str | None:
    """The printed name of a place the ranker reads whole and without doubt, else None."""
    words = raw.split()
    if not all(is_placeword(w) for w in words) or words[0].lower() in ADMIN_PREFIX | DESK:
        return None
    if any(w.lower() in MONTHS for w in words):
        return None  # a month word may start the date instead
    caps = all(is_caps(w) or w.lower() in PARTICLES for w in words) and is_caps(words[0])
    title = all(w[:1].isupper() and not is_caps(w) for w in words)
    if not (caps or title) or (title and len(words) > 1):
        return None  # mixed case, or a title-case run whose tail the ranker may prefer
    name = format_place(words)
    if not known(name) or lookup(name) or name.lower().rstrip(".") in NOT_PLACE:
        return None
    return name


def _whole_date(norm: str, s: int, e: int) -> bool:
    """Is norm[s:e] exactly one date as the date scan prints it?"""
    m = DATE.match(norm, s)
    return m is not None and _trim(norm, s, m.end()) == e
