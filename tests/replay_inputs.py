"""Stored payloads that replay tests share: one story sent in three versions by later polls."""
from __future__ import annotations

from pathlib import Path

import psycopg

from scrapers.config import FeedConfig
from scrapers.pipeline import ingest
from tests.conftest import FIXTURES


def ingest_story_versions(conn: psycopg.Connection, tmp_path: Path) -> None:
    """A Reuters RSS drop folder polled three times, each later file changing one story (versions)."""
    rss = tmp_path / "rss"
    rss.mkdir()
    feed = FeedConfig(name="rss-drop", url=str(rss), kind="wire_dir", agency="Reuters", quiet_seconds=0)
    original = (FIXTURES / "rss/reuters-topnews-2017-03-20.xml").read_text(encoding="utf-8")
    for i, text in enumerate((original, original.replace("FBI Director", "The FBI director", 1),
                              original.replace("FBI Director", "FBI chief", 1))):
        (rss / f"{i}.xml").write_text(text, encoding="utf-8")
        ingest(conn, [feed], force=True)  # one poll per file: each is a later fetch
