"""A drop folder's files are stored together (store_batch.store_grouped, the rule a replay uses), and the
database ends up exactly as when each file is stored on its own: rows, versions, withdrawals, item
errors, every fetch's counts and the ingest's counts, a refused story included; a re-run stores nothing."""
from __future__ import annotations

import os
import shutil
import time

from scrapers.config import FeedConfig
from scrapers.pipeline import ingest
from tests.conftest import FIXTURES
from tests.test_replay_groups import REFUSED_GUID, SNAPSHOT, watch_groups

FETCHES = ("SELECT url, status, items_total, items_new, items_updated, items_failed, payload_sha256, source_key "
           "FROM fetch_attempts WHERE source_key IS NOT NULL ORDER BY url, id")
STORED = ("stories_new", "stories_updated", "stories_unchanged")


def _folder(tmp_path):
    """One folder: a Reuters feed saved three times (one story changed in each later file: versions in a
    single ingest), wire files with a broken and a damaged one, a cancellation notice (a kill) and the
    withdrawn story's own item sent again after it."""
    drop = tmp_path / "drop"
    drop.mkdir()
    original = (FIXTURES / "rss/reuters-topnews-2017-03-20.xml").read_text(encoding="utf-8")
    for i, text in enumerate((original, original.replace("FBI Director", "The FBI director", 1),
                              original.replace("FBI Director", "FBI chief", 1))):
        (drop / f"a-reuters-{i}.xml").write_text(text, encoding="utf-8")
    for name in ("pa-nitf-brexit.xml", "ntb-nitf-no.xml", "ritzau-feed-envelope.xml", "belga-newsml12.xml"):
        shutil.copy(FIXTURES / "wire-xml" / name, drop / name)
    world = (FIXTURES / "rss/reuters-worldnews-2018-01-30.xml").read_text(encoding="utf-8")
    at = world.index("<title>", world.index("<item>")) + len("<title>")
    (drop / "b-damaged.xml").write_text(world[:at] + "Bell\x07 " + world[at:], encoding="utf-8")  # repaired
    (drop / "broken.xml").write_bytes(b"<nitf><body>cut off")
    news = (FIXTURES / "wire-xml/ritzau-news.xml").read_text(encoding="utf-8")
    kort = "4b9c198d-d6ec-4a7f-a4e9-551d9a5cba13"
    (drop / "x-cancel.xml").write_text(news.replace("<Annuleret>false</Annuleret>", "<Annuleret>true</Annuleret>")
                                       .replace('<Replaces i:nil="true"/>', f"<Replaces>{kort}</Replaces>"),
                                       encoding="utf-8")
    shutil.copy(FIXTURES / "wire-xml/ritzau-feed-envelope.xml", drop / "y-resent.xml")
    return drop


def _ingested(conn, monkeypatch, feed, one_by_one: bool, refused_groups: int = 0) -> tuple[dict, dict]:
    """Counts and snapshot of an ingest of the folder into emptied tables (one_by_one: each file on its own)."""
    for table in ("article_versions", "articles", "item_errors", "replay_marks", "fetch_attempts"):
        conn.execute(f"DELETE FROM {table}")
    conn.commit()
    groups, refused = watch_groups(monkeypatch, one_by_one)
    counts = ingest(conn, [feed], force=True)
    assert one_by_one or (max(groups) >= 3 and len(refused) == refused_groups)  # stored together
    snapshot = {k: conn.execute(q).fetchall() for k, q in {**SNAPSHOT, "fetches": FETCHES}.items()}
    # each ingest has its own fetch time: every other column is compared
    snapshot["rows"] = [r[:-1] for r in snapshot["rows"]]
    snapshot["versions"] = [v[:-1] for v in snapshot["versions"]]
    return counts.as_dict(), snapshot


def test_a_folder_stored_together_gives_what_storing_each_file_alone_gives(conn, tmp_path, monkeypatch):
    feed = FeedConfig(name="drop", url=str(_folder(tmp_path)), kind="wire_dir", agency="Reuters", quiet_seconds=0)
    counts, alone = _ingested(conn, monkeypatch, feed, one_by_one=True)
    assert any(v[1] == 2 for v in alone["versions"])  # one story in three versions, in one ingest
    assert {e[1] for e in alone["errors"]} >= {"parse", "recover"} and not alone["marks"]
    assert any(r[8] == "withdrawn" and r[9] for r in alone["rows"])
    assert all(f[2] for f in alone["fetches"] if f[1] == "ok" and "broken" not in f[0])  # counts set
    assert _ingested(conn, monkeypatch, feed, one_by_one=False) == (counts, alone)  # and none refused
    again = ingest(conn, [feed], force=True)  # every file seen: nothing read, nothing stored
    assert (again.stories_new, again.stories_updated, again.stories_unchanged) == (0, 0, 0)
    now = time.time() - 60
    for entry in os.scandir(feed.url):  # every file re-delivered: read again, no story new
        os.utime(entry.path, (now, now))
    touched = ingest(conn, [feed], force=True)
    assert touched.stories_new == 0 and sum(touched.as_dict()[k] for k in STORED) == sum(counts[k] for k in STORED)
    # a story the database refuses: its group is stored file by file (per item), the others together
    conn.execute(f"ALTER TABLE articles ADD CONSTRAINT test_refuse CHECK (guid <> '{REFUSED_GUID}') NOT VALID")
    conn.commit()
    counts, alone = _ingested(conn, monkeypatch, feed, one_by_one=True)
    assert counts["stories_failed"] > 0 and any(e[1] == "store" for e in alone["errors"])
    assert _ingested(conn, monkeypatch, feed, one_by_one=False, refused_groups=1) == (counts, alone)
