"""Real corpus files damaged as transport and agencies damage them (bench/hostile_fuzz.py): parsing
never raises and never drops an item without a record, whatever the format."""
from __future__ import annotations

import functools
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import hostile_fuzz  # noqa: E402
from scrapers.record import Article, ParseFailure  # noqa: E402
from scrapers.recover import parse_payload  # noqa: E402

FIX = hostile_fuzz.ROOT / "tests" / "fixtures"
FILES = hostile_fuzz.corpus_files(FIX)


@functools.cache
def stories_in(path: Path) -> int:
    return hostile_fuzz.count(parse_payload(path.read_bytes(), source=path.name)[0])[0]


@pytest.mark.parametrize("kind", sorted(hostile_fuzz.MUTATIONS))
def test_every_corpus_file_survives_the_damage(kind):
    mutate, rng = hostile_fuzz.MUTATIONS[kind], random.Random(kind)
    problems = []
    for path in FILES:
        original = path.read_bytes()
        expected = stories_in(path) if kind in hostile_fuzz.KEEPS_ITEMS else 0
        if why := hostile_fuzz.check(path.name, mutate(original, rng), expected):
            problems.append(f"{path.name}: {why}")
    assert len(FILES) >= 30 and not problems


def test_a_parser_library_crash_is_a_recorded_failure():
    """feedparser raises TypeError on a <width> whose title lost its end tag (found by the fuzzer):
    the document becomes a failure record naming the error, never an exception."""
    doc = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
           b"<image><title>News\xb1/title><width>120</width></image>"
           b"<item><title>One & Two</title><description>LONDON (Reuters) - One.</description></item>"
           b"</channel></rss>")
    records, _notes = parse_payload(doc, source="t")
    kept = [r.headline for r in records if isinstance(r, Article)]
    failures = [r.error for r in records if isinstance(r, ParseFailure)]
    assert kept == ["One & Two"] or (failures and "TypeError" in failures[0])


def test_a_drop_folder_of_damaged_corpus_files_loses_nothing(conn, tmp_path):
    """Every corpus file, each damaged one way, ingested from a drop folder into Postgres: each file
    is kept as a payload or recorded as failed, the stories the damage left are stored, and a second
    run stores nothing twice."""
    from scrapers.config import FeedConfig
    from scrapers.pipeline import ingest

    kinds = sorted(hostile_fuzz.MUTATIONS)
    rng = random.Random(5)
    expected = 0
    for n, path in enumerate(FILES):
        kind = kinds[n % len(kinds)]
        (tmp_path / f"{n:02d}-{kind}-{path.name}").write_bytes(hostile_fuzz.MUTATIONS[kind](path.read_bytes(), rng))
        expected += stories_in(path) if kind in hostile_fuzz.KEEPS_ITEMS else 0
    feeds = [FeedConfig(name="damaged", url=str(tmp_path), kind="wire_dir", quiet_seconds=0)]
    first = ingest(conn, feeds)
    attempts = conn.execute("SELECT count(DISTINCT url) FROM fetch_attempts").fetchone()[0]
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    errors = conn.execute("SELECT count(*) FROM item_errors").fetchone()[0]
    assert attempts == len(FILES)
    assert first.stories_new == stored and stored + errors >= expected
    again = ingest(conn, feeds, force=True)
    assert again.stories_new == 0
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == stored
