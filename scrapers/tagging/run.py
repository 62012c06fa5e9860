"""Incremental tagging from the 'tag' watermark: each tagger replaces only its own rows."""
from __future__ import annotations

import re
import struct
from collections import Counter
from datetime import datetime
from typing import Any

import psycopg

from . import language, places, topics

# tagger name -> version; bump a version when its output changes, re-run to replace its rows
TAGGERS = {
    "lingua": "2.1.1-wire1",          # language
    "gazetteer": "geonamescache3-1",  # place, country (dateline)
    "country_mentions": "1",          # countries named in the text
    "wire_subjects": "1",             # topics from the wire's own IPTC codes
    "topic_rules": "1",               # topics from keyword rules when the wire sent none
    "source": "1",                    # agency and feed
}
WATERMARK = "tag"
_LOCK_ID = 7_211_307
Tag = tuple[str, str, str, float, str, float | None, float | None]  # kind, value, label, conf, tagger, lat, lon


# A bare place opening the text: "北京3月3日电", "(서울=연합뉴스)", "ROMA, 1 LUG" -- used only when
# the dateline parser finds nothing, and only if the gazetteer knows the place.
_LEADING_PLACE = re.compile(r"^\W{0,3}([^\W\d_][^\W\d_'’.-]*(?:[ '’.-][^\W\d_]+){0,3}?)\s*(?=[,=(（/]|\d)")
_MIN_POPULATION = 100_000


def dateline_city(text: str) -> str:
    """City of the dateline at the start of `text` ('' if none)."""
    city = ""
    try:
        from scrapers.dateline import parse_dateline
        city = parse_dateline(text[:400]).city or ""
    except Exception:  # a missing or failing parser must not stop tagging
        city = ""
    if not city:
        m = _LEADING_PLACE.match(text)
        place = places.resolve_city(m.group(1)) if m else None
        if place and place.population >= _MIN_POPULATION:
            city = m.group(1)
    return city


def _language_input(row: dict[str, Any]) -> tuple[str, str]:
    """(text, declared language) that the language tag is decided on."""
    text = row["body"] or row["summary"] or ""
    return text or row["headline"], row["language"] or row["feed_language"]


def tags_for(row: dict[str, Any], detected: tuple[str, float] | None = None) -> list[Tag]:
    """All tags of one article (row from the articles/feeds join); `detected` is its
    language.detect result when already computed for a batch."""
    text = row["body"] or row["summary"] or ""
    full = f"{row['headline']}\n{text}"
    out: list[Tag] = []
    lang, conf = detected if detected is not None else language.detect(*_language_input(row))
    if lang:
        out.append(("language", lang, "", conf, "lingua", None, None))
    city = row["city"] or dateline_city(text)
    place = places.resolve_city(city) if city else None
    if place:
        out.append(("place", str(place.geonameid), f"{place.name}, {place.country}", 1.0, "gazetteer",
                    place.latitude, place.longitude))
        out.append(("country", place.country, places.country_name(place.country), 1.0, "gazetteer", None, None))
    for iso, (_, c) in places.countries_in_text(full).items():
        out.append(("country_mention", iso, places.country_name(iso), c, "country_mentions", None, None))
    wire = topics.from_subjects(row["subjects"])
    if wire:
        out.extend(("topic", code, topics.TOP_LEVEL.get(code, ""), c, "wire_subjects", None, None)
                   for code, c in wire.items())
    else:
        out.extend(("topic", code, topics.TOP_LEVEL[code], c, "topic_rules", None, None)
                   for code, c in topics.classify(text, row["headline"]).items())
    if row["agency"]:
        out.append(("agency", row["agency"], "", 1.0, "source", None, None))
    out.append(("feed", str(row["feed_id"]), row["feed_name"], 1.0, "source", None, None))
    return out


_SELECT = """
SELECT a.id, a.change_seq, a.feed_id, a.agency, a.city, a.language, a.headline, a.body, a.summary,
       a.subjects, f.name AS feed_name, f.language AS feed_language
FROM articles a JOIN feeds f ON f.id = a.feed_id
WHERE a.change_seq > %s ORDER BY a.change_seq LIMIT %s
"""


def _tag_rows(r: dict[str, Any], detected: tuple[str, float] | None = None) -> list[tuple]:
    """The rows (kind, value, label, confidence, tagger, version, lat, lon) of one article, deduplicated."""
    seen, out = set(), []
    for kind, value, label, conf, tagger, lat, lon in tags_for(r, detected):
        if (kind, value, tagger) in seen:
            continue
        seen.add((kind, value, tagger))
        out.append((kind, value, label, conf, tagger, TAGGERS[tagger], lat, lon))
    return out


def _write_tags(conn: psycopg.Connection, tagged: list[tuple[int, list[tuple]]], counts: Counter) -> None:
    """Replace the current taggers' rows of each (article_id, rows) with `rows` (other taggers kept)."""
    if not tagged:
        return
    conn.execute("DELETE FROM tags WHERE article_id = ANY(%s) AND tagger = ANY(%s)",
                 ([a for a, _ in tagged], list(TAGGERS)))
    with conn.cursor() as cur, cur.copy(
        "COPY tags (article_id, kind, value, label, confidence, tagger, tagger_version, latitude, longitude)"
        " FROM STDIN"
    ) as copy:
        for article_id, rows in tagged:
            for row in rows:
                copy.write_row((article_id, *row))
                counts[row[0]] += 1
                counts["tags"] += 1


def run_tagging(conn: psycopg.Connection, batch_size: int = 2000) -> dict:
    """Tag articles changed since the watermark; returns {processed, tags, <kind>: n}."""
    counts: Counter = Counter(processed=0, tags=0)
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
            conn.execute("INSERT INTO watermarks (name, position) VALUES (%s, 0) ON CONFLICT DO NOTHING",
                         (WATERMARK,))
            position = conn.execute("SELECT position FROM watermarks WHERE name = %s", (WATERMARK,)).fetchone()[0]
            with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
                rows = cur.execute(_SELECT, (position, batch_size)).fetchall()
            if not rows:
                break
            langs = language.detect_many([_language_input(r) for r in rows])
            _write_tags(conn, [(r["id"], _tag_rows(r, lg)) for r, lg in zip(rows, langs)], counts)
            counts["processed"] += len(rows)
            conn.execute("UPDATE watermarks SET position = %s, updated_at = now() WHERE name = %s",
                         (rows[-1]["change_seq"], WATERMARK))
        if len(rows) < batch_size:
            break
    return dict(counts)


_SELECT_INTERVAL = """
SELECT a.id, a.change_seq, a.feed_id, a.agency, a.city, a.language, a.headline, a.body, a.summary,
       a.subjects, f.name AS feed_name, f.language AS feed_language
FROM articles a JOIN feeds f ON f.id = a.feed_id
WHERE a.first_seen_at >= %s AND a.first_seen_at < %s
  AND a.id > %s
ORDER BY a.id LIMIT %s
"""


def _f32(x: float | None) -> float | None:
    """A confidence as Postgres `real` stores it, so that stored and fresh rows compare equal."""
    return None if x is None else struct.unpack("f", struct.pack("f", x))[0]


def _comparable(rows) -> set:
    return {(k, v, lb, _f32(c), t, ver, lat, lon) for k, v, lb, c, t, ver, lat, lon in rows}


def rebuild_tagging(conn: psycopg.Connection, start: datetime, end: datetime, batch_size: int = 2000) -> dict:
    """Re-tag every story that arrived (first_seen_at) in [start, end): the reprocess time axis.

    Only the rows of the current taggers (TAGGERS) are replaced; tags of other taggers stay.
    Idempotent: an article whose tags come out identical is left untouched (counted as
    `unchanged`), so a re-run writes nothing. One transaction under the tagging lock, so readers
    never see the interval half re-tagged and the incremental tagger does not interleave; the
    'tag' watermark is not moved.
    """
    counts: Counter = Counter(processed=0, tags=0, retagged=0, unchanged=0)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
        last_id = 0
        while True:
            with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
                rows = cur.execute(_SELECT_INTERVAL, (start, end, last_id, batch_size)).fetchall()
            if not rows:
                break
            last_id = rows[-1]["id"]
            ids = [r["id"] for r in rows]
            stored: dict[int, list] = {i: [] for i in ids}
            for article_id, *rest in conn.execute(
                "SELECT article_id, kind, value, label, confidence, tagger, tagger_version, latitude, longitude"
                " FROM tags WHERE article_id = ANY(%s) AND tagger = ANY(%s)", (ids, list(TAGGERS))
            ):
                stored[article_id].append(rest)
            todo = []
            for r, lg in zip(rows, language.detect_many([_language_input(r) for r in rows])):
                fresh = _tag_rows(r, lg)
                if _comparable(fresh) == _comparable(stored[r["id"]]):
                    counts["unchanged"] += 1
                else:
                    todo.append((r["id"], fresh))
            _write_tags(conn, todo, counts)
            counts["retagged"] += len(todo)
            counts["processed"] += len(rows)
            if len(rows) < batch_size:
                break
    return dict(counts)
