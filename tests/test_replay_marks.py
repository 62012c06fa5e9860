"""A re-run of a replay skips what the same code already replayed; any change re-normalises."""
from __future__ import annotations

import shutil

import pytest

from scrapers import normalise, replay_marks, store
from scrapers.config import FeedConfig
from scrapers.pipeline import ingest, replay
from tests.conftest import FIXTURES

FILES = ("wire-xml/pa-nitf-brexit.xml", "wire-xml/ntb-nitf-no.xml", "wire-xml/reuters-newsmlg2-kbn0fl0nm.xml",
         "wire-text/dpa-iptc7901-twobyline.txt", "rss/reuters-topnews-2017-03-20.xml")
ROWS = "SELECT guid, version, headline, body, city, agency, language, content_hash, change_seq FROM articles ORDER BY guid"


@pytest.fixture
def feed(tmp_path) -> FeedConfig:
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in FILES:
        shutil.copy(FIXTURES / name, folder / name.split("/")[1])
    return FeedConfig(name="drop", url=str(folder), kind="wire_dir", quiet_seconds=0, agency="Feedco")


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Digests of the payloads a replay loads (a payload it skips is never read)."""
    seen: list[str] = []
    real = store.stored_payloads

    def load(conn, digests):
        seen.extend(digests)
        return real(conn, digests)
    monkeypatch.setattr(store, "stored_payloads", load)
    return seen


def _payloads(conn) -> int:
    return conn.execute("SELECT count(*) FROM fetch_attempts WHERE payload_sha256 IS NOT NULL").fetchone()[0]


def test_a_rerun_skips_payloads_replayed_by_the_same_code_and_force_does_not(conn, feed, loads):
    ingest(conn, [feed])
    first = replay(conn)
    rows = conn.execute(ROWS).fetchall()
    assert len(loads) == _payloads(conn) == len(FILES) and first.stories_unchanged == len(rows)
    assert conn.execute("SELECT count(*) FROM replay_marks").fetchone()[0] == len(FILES)
    loads.clear()
    again = replay(conn)
    assert loads == [] and again.as_dict() == first.as_dict()  # the counts a full re-run gives
    assert conn.execute(ROWS).fetchall() == rows
    forced = replay(conn, force=True)
    assert len(loads) == len(FILES) and forced.as_dict() == first.as_dict()


def test_a_parser_change_re_normalises_everything(conn, feed, loads, monkeypatch):
    ingest(conn, [feed])
    replay(conn)
    cities = {c for (c,) in conn.execute("SELECT city FROM articles WHERE city <> ''")}
    # a changed parser: its code digest differs (see the next test), so every payload is read again
    monkeypatch.setattr(normalise, "title_city", lambda name: (name or "").strip().upper())
    monkeypatch.setattr(replay_marks, "code_version", lambda: "a-changed-parser")
    loads.clear()
    counts = replay(conn)
    assert len(loads) == len(FILES) and counts.stories_updated > 0
    assert {c for (c,) in conn.execute("SELECT city FROM articles WHERE city <> ''")} == {c.upper() for c in cities}


def test_the_code_digest_covers_every_file_of_the_package(tmp_path, monkeypatch):
    copy = tmp_path / "scrapers"
    shutil.copytree(replay_marks.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(replay_marks, "PACKAGE", copy)
    replay_marks.code_version.cache_clear()
    try:
        before = replay_marks.code_version()
        path = copy / "formats" / "rss.py"
        path.write_text(path.read_text(encoding="utf-8") + "\n# a parser change\n", encoding="utf-8")
        replay_marks.code_version.cache_clear()
        assert replay_marks.code_version() != before
    finally:
        replay_marks.code_version.cache_clear()


def test_changed_feed_settings_or_lost_stories_re_normalise(conn, feed, loads):
    ingest(conn, [feed])
    replay(conn)
    conn.execute("UPDATE feeds SET language = 'fi'")  # the feed now declares a language
    conn.commit()
    loads.clear()
    replay(conn)
    assert len(loads) == len(FILES)
    loads.clear()
    conn.execute("DELETE FROM articles WHERE guid = (SELECT min(guid) FROM articles)")
    conn.commit()
    assert replay(conn).stories_new == 1 and len(loads) == len(FILES)
    loads.clear()
    conn.execute("UPDATE articles SET city = 'Nowhere'")  # changed outside the store: marks are void too
    conn.commit()
    assert replay(conn).stories_updated > 0 and len(loads) == len(FILES)


def test_a_payload_with_a_refused_story_is_replayed_again(conn, feed, loads):
    ingest(conn, [feed])
    victim, = conn.execute("SELECT min(guid) FROM articles").fetchone()
    conn.execute(f"ALTER TABLE articles ADD CONSTRAINT test_refuse CHECK (guid <> '{victim}') NOT VALID")
    conn.execute("DELETE FROM articles WHERE guid = %s", (victim,))
    conn.commit()
    assert replay(conn).stories_failed >= 1
    assert conn.execute("SELECT count(*) FROM replay_marks").fetchone()[0] == len(FILES) - 1
    conn.execute("ALTER TABLE articles DROP CONSTRAINT test_refuse")
    conn.commit()
    loads.clear()
    assert replay(conn).stories_new == 1 and len(loads) == 1
