"""Drop folders and the command line under hostile conditions, against real Postgres: links
out of the folder, over-size files, files still being written, bad feeds files, failed feeds."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from scrapers import dropfolder
from scrapers.config import FeedConfig
from scrapers.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
NITF = ('<?xml version="1.0"?><nitf><head><title>{title}</title></head><body><body.head><hedline><hl1>{title}'
        '</hl1></hedline></body.head><body.content><p>ROME (ANSA) - {title} happened today.</p>'
        '</body.content></body></nitf>')


def wire(title: str) -> bytes:
    return NITF.format(title=title).encode()


def drop(path: Path, quiet: float = 0.0) -> list[FeedConfig]:
    return [FeedConfig(name="drop", url=str(path), kind="wire_dir", quiet_seconds=quiet)]


def test_only_regular_files_inside_the_folder_are_read(conn, tmp_path):
    folder, outside = tmp_path / "drop", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "secret.xml").write_bytes(wire("Secret outside"))
    (folder / "good.xml").write_bytes(wire("Good story"))
    (folder / "link.xml").symlink_to(outside / "secret.xml")
    (folder / "passwd").symlink_to("/etc/passwd")
    os.mkfifo(folder / "fifo.xml")  # would block a naive reader for ever
    counts = ingest(conn, drop(folder))
    assert counts.stories_new == 1 and counts.feeds_failed == 0
    assert conn.execute("SELECT count(*) FROM raw_payloads").fetchone()[0] == 1
    refused = dict(conn.execute("SELECT url, error FROM fetch_attempts WHERE status = 'skipped'"))
    assert set(refused) == {str(folder / "link.xml"), str(folder / "passwd"), str(folder / "fifo.xml")}
    assert "symbolic link" in refused[str(folder / "passwd")]
    again = ingest(conn, drop(folder), force=True)  # refused files are recorded once, not every poll
    assert again.stories_new == 0 and conn.execute("SELECT count(*) FROM fetch_attempts").fetchone()[0] == 4


def test_an_over_size_file_is_an_error_and_never_read_whole(conn, tmp_path, monkeypatch):
    monkeypatch.setattr(dropfolder, "MAX_WIRE_FILE", 64 * 1024)
    (tmp_path / "big.xml").write_bytes(wire("x" * 100_000))
    (tmp_path / "ok.xml").write_bytes(wire("Fits"))
    counts = ingest(conn, drop(tmp_path))
    assert counts.stories_new == 1 and counts.stories_failed == 1
    status, error, payload = conn.execute(
        "SELECT status, error, payload_sha256 FROM fetch_attempts WHERE url LIKE '%big.xml'").fetchone()
    assert status == "failed" and "exceeds the cap" in error and payload is None
    assert conn.execute("SELECT stage FROM item_errors WHERE guid LIKE '%big.xml'").fetchone() == ("fetch",)
    assert conn.execute("SELECT count(*) FROM raw_payloads").fetchone()[0] == 1


def test_a_file_still_being_written_is_read_again_once_it_changed(conn, tmp_path):
    data = wire("Complete story")
    path = tmp_path / "story.xml"
    path.write_bytes(data[:60])  # the writer is half way
    first = ingest(conn, drop(tmp_path))
    assert first.stories_new == 0
    path.write_bytes(data)
    second = ingest(conn, drop(tmp_path), force=True)
    assert second.stories_new == 1
    assert conn.execute("SELECT headline FROM articles").fetchone()[0] == "Complete story"


def test_files_wait_until_quiet(conn, tmp_path):
    path = tmp_path / "fresh.xml"
    path.write_bytes(wire("Fresh"))
    assert ingest(conn, drop(tmp_path, quiet=60)).stories_new == 0
    old = time.time() - 120
    os.utime(path, (old, old))
    assert ingest(conn, drop(tmp_path, quiet=60), force=True).stories_new == 1


# --- the command line ---------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapers", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_bad_feeds_files_give_one_clear_line(tmp_path, db_url):
    cases = {"list.yml": b"- name: a\n  url: http://x/\n", "string.yml": b"just a string\n",
             "latin1.yml": "feeds:\n  - {name: caf\xe9, url: 'http://x/'}\n".encode("latin-1"),
             "feedsmap.yml": b"feeds: {name: a}\n", "bad.yml": b"feeds: [\n"}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        out = cli("ingest", "--feeds", str(tmp_path / name), "--database-url", db_url)
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        line, = out.stderr.strip().splitlines()
        assert name in line and "ConfigError" in line, line


def test_ingest_exits_non_zero_naming_the_failed_feeds(tmp_path, db_url):
    (tmp_path / "ok.xml").write_bytes(wire("Stored anyway"))
    feeds = tmp_path / "feeds.yml"
    feeds.write_text(f"feeds:\n  - {{name: good-drop, kind: wire_dir, url: '{tmp_path}', quiet_seconds: 0}}\n"
                     "  - {name: dead-feed, url: 'http://127.0.0.1:9/feed.xml'}\n")
    out = cli("ingest", "--feeds", str(feeds), "--database-url", db_url)
    assert out.returncode == 1 and "dead-feed" in out.stderr and "good-drop" not in out.stderr
    assert json.loads(out.stdout)["stories_new"] == 1
