"""The command line: --help everywhere, JSON lines out, one-line errors and non-zero exits."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


def run(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapers", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_every_documented_command_exists():
    assert {"migrate", "ingest", "dateline", "parse", "stats", "dedupe", "tag", "tags", "replay", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command):
    out = run(command, "--help")
    assert out.returncode == 0 and "usage:" in out.stdout


def test_dateline_reads_stdin_and_writes_one_json_line_per_input():
    out = run("dateline", stdin="WASHINGTON (Reuters) - FBI Director James Comey\nNo dateline here at all.\n")
    assert out.returncode == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0]["city"] == "Washington" and rows[0]["agency"] == "Reuters"
    assert len(rows) == 2 and not rows[1]["city"] and not rows[1]["agency"]


def test_parse_prints_records_and_errors_without_traceback(tmp_path):
    bad = tmp_path / "empty.xml"
    bad.write_bytes(b"")
    out = run("parse", str(ROOT / "tests/fixtures/rss/reuters-topnews-2017-03-20.xml"), str(bad),
              str(tmp_path / "missing.xml"))
    assert out.returncode != 0 and "Traceback" not in out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    stories = [r for r in rows if "error" not in r or not r.get("error")]
    errors = [r for r in rows if r.get("error")]
    assert len(stories) == 10 and {"format", "guid", "url", "headline", "city", "agency", "dateline_date",
                                    "published", "language", "byline", "body"} <= set(stories[0])
    assert len(errors) == 2


def test_unreachable_database_is_one_line_error():
    out = run("stats", "--database-url", "postgresql://nobody@127.0.0.1:9/none")
    assert out.returncode == 1
    assert out.stderr.startswith("error:") and len(out.stderr.strip().splitlines()) == 1


def test_ingest_and_stats_against_real_postgres(db_url, fixture_server, tmp_path):
    feeds = tmp_path / "feeds.yml"
    feeds.write_text(f"feeds:\n  - {{name: top, url: '{fixture_server.base_url}/rss/reuters-topnews-2017-03-20.xml', "
                     "agency: Reuters, language: en}\n")
    first = run("ingest", "--feeds", str(feeds), "--database-url", db_url)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["stories_new"] == 10
    second = run("ingest", "--feeds", str(feeds), "--database-url", db_url, "--force")
    assert json.loads(second.stdout)["stories_new"] == 0
    stats = run("stats", "--json", "--database-url", db_url)
    data = json.loads(stats.stdout)
    assert data["articles"] == 10
    assert data["per_agency"][0]["agency"] == "Reuters" and "Washington" in data["per_agency"][0]["cities"]


def test_unknown_feed_name_is_reported(db_url):
    out = run("ingest", "--feed", "no-such-feed", "--database-url", db_url)
    assert out.returncode == 1 and "unknown feed" in out.stderr
