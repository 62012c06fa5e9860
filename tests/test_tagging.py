"""Tagging: language with a feed prior, gazetteer places, topics, and tags in Postgres."""
from __future__ import annotations

import pytest
from psycopg.types.json import Jsonb

from scrapers.tagging import run_tagging, tag_text
from scrapers.tagging.language import detect
from scrapers.tagging.places import countries_in_text, resolve_city
from scrapers.tagging.topics import classify, from_subjects

OPENINGS = {
    "en": "WASHINGTON (Reuters) - FBI Director James Comey on Monday confirmed for the first time that the bureau is investigating",
    "ru": "МОСКВА, 3 марта. /ТАСС/. Президент России Владимир Путин провел совещание с членами правительства",
    "zh": "新华社北京3月3日电 国务院总理今天主持召开国务院常务会议，部署进一步稳定经济的措施",
    "ko": "(서울=연합뉴스) 정부는 3일 국무회의를 열고 경제 활성화 대책을 논의했다고 밝혔다",
    "de": "Athen (dpa) - Ungeachtet der EU-Vereinbarung mit der Türkei kommen weiter Migranten auf den griechischen Inseln an",
    "fr": "STRASBOURG, 13 déc 2018 (AFP) - L'opératrice du Samu a été condamnée pour non-assistance à personne en danger",
    "it": "ROMA, 1 LUG - Il presidente del Consiglio ha incontrato oggi i sindacati a Palazzo Chigi per discutere",
    "es": "MADRID, 3 mar (EFE).- El Gobierno español aprobó este martes un paquete de medidas para frenar la subida",
    "pt": "LISBOA, 3 mar (Lusa) - O Governo português aprovou hoje em Conselho de Ministros um pacote de medidas",
    "tr": "ANKARA (AA) - Cumhurbaşkanı Erdoğan, bugün yaptığı açıklamada ekonominin güçlü olduğunu söyledi",
    "nl": "AMSTERDAM (ANP) - Het kabinet heeft dinsdag besloten om de maatregelen tegen het coronavirus te versoepelen",
    "ms": "KUALA LUMPUR, 3 Mac (Bernama) -- Kerajaan akan terus memperkukuh ekonomi negara melalui pelbagai inisiatif",
}


@pytest.mark.parametrize("lang", sorted(OPENINGS))
def test_language_of_wire_openings(lang):
    assert tag_text(OPENINGS[lang])["language"] == lang


def test_feed_language_is_a_prior_not_a_rule():
    malay = "Kerajaan akan terus memperkukuh ekonomi negara"
    assert detect(malay, "ms")[0] == "ms"
    # an English story in a feed declared German: the text wins
    assert detect(OPENINGS["en"], "de")[0] == "en"
    # too short to tell: the feed decides
    assert detect("OK", "fr") == ("fr", 0.5)
    assert detect("", "") == ("", 0.0)


@pytest.mark.parametrize("city,country", [
    ("Москва", "RU"), ("北京", "CN"), ("서울", "KR"), ("Parigi", "FR"), ("Kiev", "UA"), ("Kyiv", "UA"),
    ("MINSK", "BY"), ("WASHINGTON", "US"), ("ATHENS", "GR"), ("Athen", "GR"), ("MOSUL, Iraq", "IQ"),
    ("SOCHI, Russia", "RU"), ("VATICAN CITY", "VA"), ("SÃO PAULO", "BR"), ("Tegucigalpa", "HN"),
    ("BEIRUT", "LB"), ("RIYADH", "SA"), ("AMMAN", "JO"), ("ANKARA", "TR"), ("LOS ANGELES", "US"),
])
def test_dateline_cities_resolve(city, country):
    place = resolve_city(city)
    assert place is not None and place.country == country
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180


def test_unknown_place_is_none():
    assert resolve_city("Xqzzyville") is None and resolve_city("") is None


def test_tag_text_country_from_dateline():
    assert tag_text("MINSK, March 3 (BelTA) - President Alexander Lukashenko met the government")["country"] == "BY"
    assert tag_text("Burkina Faso is banning imports from North Korea, the government said")["country"] is None
    assert tag_text(OPENINGS["zh"].replace("新华社", ""))["country"] == "CN"
    assert tag_text(OPENINGS["ko"])["country"] == "KR"


def test_countries_named_in_text():
    found = countries_in_text("Burkina Faso is banning imports from North Korea; Россия and 中国 reacted.")
    assert {"BF", "KP", "RU", "CN"} <= set(found)
    assert "KR" not in found


def test_subject_codes_map_to_media_topics():
    subjects = [{"code": "subj:04016000", "scheme": ""}, {"code": "15000000", "scheme": "subj"},
                {"code": "medtop:20000763", "scheme": "medtop"}, {"code": "Politics", "scheme": "keyword"}]
    assert from_subjects(subjects) == {"04000000": 1.0, "15000000": 1.0, "20000763": 1.0}


def test_rules_classifier_topics_with_confidence():
    assert "15000000" in classify("The team won the championship match with two late goals, the coach said.")
    war = classify("Suspected Russian warplanes struck a market in Idlib; militants and rebels were killed in the attack.")
    assert "16000000" in war and 0.5 <= war["16000000"] <= 1.0
    assert classify("Nothing here.") == {}


def _article(conn, feed_language="en", **kw):
    fid = conn.execute("INSERT INTO feeds (name, url, agency, language) VALUES ('f', 'u', 'Reuters', %s)"
                       " ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
                       (feed_language,)).fetchone()[0]
    values = {"guid": "g1", "format": "rss", "agency": "Reuters", "city": "", "headline": "", "body": "",
              "subjects": Jsonb([]), "content_hash": "h"} | kw
    cols = ", ".join(values)
    return conn.execute(f"INSERT INTO articles (feed_id, {cols}) VALUES (%s, {', '.join(['%s'] * len(values))})"
                        " RETURNING id", (fid, *values.values())).fetchone()[0]


def test_run_tagging_writes_tags_and_is_incremental(conn):
    aid = _article(conn, city="Kiev", headline="Ukraine talks",
                   body="KIEV (Reuters) - The president of Ukraine met the prime minister of Poland on Monday "
                        "for talks on the war and on sanctions against Russia, the government said.",
                   subjects=Jsonb([{"code": "11000000", "name": "politics", "scheme": "subj"}]))
    counts = run_tagging(conn)
    assert counts["processed"] == 1
    tags = {(k, v): (t, lat) for k, v, t, lat in conn.execute(
        "SELECT kind, value, tagger, latitude FROM tags WHERE article_id = %s", (aid,))}
    assert ("language", "en") in tags and ("country", "UA") in tags
    assert tags[("place", "703448")][1] == pytest.approx(50.45, abs=0.1)
    assert ("topic", "11000000") in tags and tags[("topic", "11000000")][0] == "wire_subjects"
    assert {("country_mention", "PL"), ("country_mention", "RU"), ("agency", "Reuters")} <= set(tags)
    assert run_tagging(conn)["processed"] == 0
    summary = conn.execute("SELECT language, country, topics FROM article_tag_summary").fetchone()
    assert summary == ("en", "UA", ["11000000"])


def test_retagging_replaces_only_own_rows(conn):
    aid = _article(conn, body="MOSCOW (Reuters) - Russia's central bank cut interest rates as inflation slowed and markets rallied.")
    conn.execute("INSERT INTO tags (article_id, kind, value, tagger, tagger_version) VALUES (%s, 'person', 'X', 'ner', '9')", (aid,))
    run_tagging(conn)
    first = conn.execute("SELECT count(*) FROM tags WHERE article_id = %s", (aid,)).fetchone()[0]
    conn.execute("UPDATE watermarks SET position = 0 WHERE name = 'tag'")
    run_tagging(conn)
    assert conn.execute("SELECT count(*) FROM tags WHERE article_id = %s", (aid,)).fetchone()[0] == first
    assert conn.execute("SELECT value FROM tags WHERE tagger = 'ner'").fetchone() == ("X",)


def test_changed_article_is_retagged(conn):
    aid = _article(conn, body="PARIS (AFP) - Le gouvernement français a annoncé mardi de nouvelles mesures économiques.",
                   language="fr")
    run_tagging(conn)
    conn.execute("UPDATE articles SET body = %s, content_hash = 'h2', language = 'de' WHERE id = %s",
                 ("BERLIN (dpa) - Die Bundesregierung hat am Dienstag neue Maßnahmen beschlossen.", aid))
    assert run_tagging(conn)["processed"] == 1
    assert conn.execute("SELECT value FROM tags WHERE kind = 'language'").fetchone() == ("de",)
    assert conn.execute("SELECT value FROM tags WHERE kind = 'country'").fetchone() == ("DE",)


def test_rebuild_tagging_retags_the_interval_only(conn):
    import datetime as dt

    from scrapers.tagging import rebuild_tagging

    day = dt.datetime(2024, 3, 3, tzinfo=dt.timezone.utc)
    inside = _article(conn, guid="in", first_seen_at=day + dt.timedelta(hours=5), language="fr",
                      body="PARIS (AFP) - Le gouvernement français a annoncé mardi de nouvelles mesures économiques.")
    outside = _article(conn, guid="out", first_seen_at=day + dt.timedelta(days=1),
                       body="MOSCOW (Reuters) - Russia's central bank cut interest rates as inflation slowed.")
    undated = _article(conn, guid="undated", first_seen_at=day + dt.timedelta(hours=1),
                       body="BERLIN (dpa) - Die Bundesregierung hat neue Maßnahmen beschlossen.")
    run_tagging(conn)
    # another tagger's rows survive; an old version of a current tagger is replaced
    conn.execute("INSERT INTO tags (article_id, kind, value, tagger, tagger_version) VALUES (%s, 'person', 'X', 'ner', '9')",
                 (inside,))
    conn.execute("UPDATE tags SET value = 'xx', tagger_version = 'old' WHERE article_id = ANY(%s) AND kind = 'language'",
                 ([inside, outside, undated],))
    before_outside = conn.execute("SELECT kind, value, tagger_version FROM tags WHERE article_id = %s ORDER BY 1, 2",
                                  (outside,)).fetchall()

    counts = rebuild_tagging(conn, day, day + dt.timedelta(days=1))
    assert counts["processed"] == 2 and counts["retagged"] == 2 and counts["unchanged"] == 0
    lang = dict(conn.execute("SELECT article_id, value FROM tags WHERE kind = 'language'").fetchall())
    assert lang == {inside: "fr", undated: "de", outside: "xx"}
    assert conn.execute("SELECT kind, value, tagger_version FROM tags WHERE article_id = %s ORDER BY 1, 2",
                        (outside,)).fetchall() == before_outside
    assert conn.execute("SELECT value FROM tags WHERE tagger = 'ner'").fetchone() == ("X",)
    assert conn.execute("SELECT count(*) FROM tags WHERE tagger_version = 'old' AND article_id <> %s",
                        (outside,)).fetchone()[0] == 0

    # idempotent: a second run writes nothing, not even tagged_at
    snapshot = conn.execute("SELECT article_id, kind, value, tagger, tagged_at, confidence FROM tags ORDER BY 1, 2, 3, 4").fetchall()
    again = rebuild_tagging(conn, day, day + dt.timedelta(days=1))
    assert again["processed"] == 2 and again["retagged"] == 0 and again["unchanged"] == 2 and again["tags"] == 0
    assert conn.execute("SELECT article_id, kind, value, tagger, tagged_at, confidence FROM tags ORDER BY 1, 2, 3, 4").fetchall() == snapshot
    # the incremental watermark is not moved, and an empty interval is a no-op
    assert run_tagging(conn)["processed"] == 0
    assert rebuild_tagging(conn, day - dt.timedelta(days=9), day - dt.timedelta(days=8))["processed"] == 0


def test_retag_task_uses_rebuild_tagging():
    from pathlib import Path

    import scrapers.tagging as tagging

    # the Airflow task picks the interval rebuild when the library has one
    assert callable(getattr(tagging, "rebuild_tagging", None))
    tasks = (Path(__file__).resolve().parent.parent / "plugins" / "wirefeed_airflow" / "tasks.py").read_text()
    assert 'getattr(tagging, "rebuild_tagging", None)' in tasks


def test_detect_many_gives_the_answers_of_detect():
    from scrapers.tagging.language import detect_many

    items = [(text, prior) for text in OPENINGS.values() for prior in ("", "en", "ms", "de")]
    items += [("OK", "fr"), ("", ""), ("", "de"), (None, "")]
    assert detect_many(items) == [detect(t, p) for t, p in items]
    assert detect_many([]) == []
