"""Replay stores consecutive payloads together (scrapers.replay, scrapers.store_batch), and the database
ends up exactly as when each payload is stored on its own: rows, versions, withdrawals, item errors,
replay marks and counts, a refused story included."""
from __future__ import annotations

import datetime as dt
import shutil

import psycopg

from scrapers import store_batch
from scrapers.config import FeedConfig
from scrapers.pipeline import ingest, replay
from scrapers.record import Article
from tests.conftest import FIXTURES
from tests.replay_inputs import ingest_story_versions

SNAPSHOT = {
    "rows": "SELECT f.name, a.guid, a.version, a.headline, a.body, a.city, a.agency, a.language, a.status, "
            "k.guid, a.published_at, a.content_hash, a.payload_sha256, a.fetched_at FROM articles a "
            "JOIN feeds f ON f.id = a.feed_id LEFT JOIN articles k ON k.id = a.killed_by ORDER BY 1, 2",
    "versions": "SELECT a.guid, v.version, v.content_hash, v.headline, v.fetched_at FROM article_versions v "
                "JOIN articles a ON a.id = v.article_id ORDER BY 1, 2",
    "errors": "SELECT fa.url, e.stage, e.guid, e.reason FROM item_errors e JOIN fetch_attempts fa ON fa.id = e.fetch_id "
              "ORDER BY 1, 2, 3, 4",
    "marks": "SELECT fa.url, m.stories, m.failed FROM replay_marks m JOIN fetch_attempts fa ON fa.id = m.fetch_id "
             "ORDER BY 1",
}
UPSERT = store_batch.upsert_payloads
REFUSED_GUID = "4a82e12e-6b39-47eb-8e59-2c616a7e32a4HHH-13-1"  # pa-nitf-brexit.xml's story


def watch_groups(monkeypatch, one_by_one: bool) -> tuple[list[int], list[int]]:
    """The sizes of the groups stored together and of those refused, as they happen; one_by_one:
    every group is refused, so each payload is stored on its own (as without groups)."""
    groups: list[int] = []
    refused: list[int] = []

    def upsert(conn, payloads, **kw):
        if one_by_one:
            raise psycopg.DataError("stored one by one, as without groups")
        groups.append(len(payloads))
        try:
            return UPSERT(conn, payloads, **kw)
        except psycopg.Error:
            refused.append(len(payloads))
            raise
    monkeypatch.setattr(store_batch, "upsert_payloads", upsert)
    return groups, refused


def _ingest(conn, tmp_path) -> None:
    """A feed whose later files change one story (versions), wire files with a broken one, then a
    cancellation notice (a kill) and the withdrawn story's own item sent again."""
    ingest_story_versions(conn, tmp_path)
    wire = tmp_path / "wire"
    wire.mkdir()
    for name in ("pa-nitf-brexit.xml", "ntb-nitf-no.xml", "ritzau-feed-envelope.xml", "belga-newsml12.xml"):
        shutil.copy(FIXTURES / "wire-xml" / name, wire / name)
    (wire / "broken.xml").write_bytes(b"<nitf><body>cut off")
    feed = FeedConfig(name="wire-drop", url=str(wire), kind="wire_dir", quiet_seconds=0)
    ingest(conn, [feed])
    news = (FIXTURES / "wire-xml/ritzau-news.xml").read_text(encoding="utf-8")
    kort = "4b9c198d-d6ec-4a7f-a4e9-551d9a5cba13"
    (wire / "x-cancel.xml").write_text(news.replace("<Annuleret>false</Annuleret>", "<Annuleret>true</Annuleret>")
                                       .replace('<Replaces i:nil="true"/>', f"<Replaces>{kort}</Replaces>"),
                                       encoding="utf-8")
    ingest(conn, [feed], force=True)
    shutil.copy(FIXTURES / "wire-xml/ritzau-feed-envelope.xml", wire / "y-resent.xml")
    ingest(conn, [feed], force=True)


def _replayed(conn, monkeypatch, one_by_one: bool, refused_groups: int = 0) -> tuple[dict, dict]:
    """Counts and snapshot of a replay into emptied tables (one_by_one: every payload stored on its own)."""
    conn.execute("DELETE FROM article_versions")
    conn.execute("DELETE FROM articles")
    conn.execute("DELETE FROM item_errors")
    conn.commit()
    groups, refused = watch_groups(monkeypatch, one_by_one)
    counts = replay(conn, workers=1)
    assert one_by_one or (max(groups) >= 3 and len(refused) == refused_groups)  # stored together
    return counts.as_dict(), {k: conn.execute(q).fetchall() for k, q in SNAPSHOT.items()}


def test_payloads_stored_together_give_what_storing_them_one_by_one_gives(conn, tmp_path, monkeypatch):
    _ingest(conn, tmp_path)
    counts, alone = _replayed(conn, monkeypatch, one_by_one=True)
    assert any(v[1] == 2 for v in alone["versions"]) and alone["errors"] and alone["marks"]
    assert any(r[8] == "withdrawn" and r[9] for r in alone["rows"])
    assert _replayed(conn, monkeypatch, one_by_one=False) == (counts, alone)  # and none refused
    # a story the database refuses: its group is stored payload by payload (the others' marks kept)
    conn.execute(f"ALTER TABLE articles ADD CONSTRAINT test_refuse CHECK (guid <> '{REFUSED_GUID}') NOT VALID")
    conn.commit()
    counts, alone = _replayed(conn, monkeypatch, one_by_one=True)
    assert counts["stories_failed"] > 0 and any(e[1] == "store" for e in alone["errors"])
    monkeypatch.setattr(store_batch, "GROUP_STORIES", 10**6)  # every payload in one group
    assert _replayed(conn, monkeypatch, one_by_one=False, refused_groups=1) == (counts, alone)


def test_a_later_payload_s_version_of_a_story_goes_into_a_later_layer():
    t0 = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)

    def arts(*guids):
        return [Article(format="rss", guid=g, headline=g) for g in guids]
    layers = store_batch.layers([(1, arts("a", "b"), None, t0), (1, arts("b", "c"), None, t0),
                                 (2, arts("a"), None, t0), (1, arts("b", "a"), None, t0)])
    keys = [[(r[0], r[1]) for r in rows] for rows, _ in layers]
    assert keys == [[(1, "a"), (1, "b"), (1, "c"), (2, "a")], [(1, "b"), (1, "a")], [(1, "b")]]
    assert [owners for _, owners in layers] == [[0, 0, 1, 2], [1, 3], [3]]  # the payload of each row


def test_payloads_without_stories_store_nothing(conn):
    [counts] = store_batch.upsert_payloads(conn, [(1, [], None, dt.datetime.now(dt.timezone.utc))])
    assert (counts.new, counts.updated, counts.unchanged) == (0, 0, 0)
