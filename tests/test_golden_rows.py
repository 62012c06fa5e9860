"""Golden rows: every fixture file parsed, repaired and normalised gives, field for field, the rows that were
stored before the speed work of issue 15 (tests/golden/rows.jsonl), serially and through the
process pool that replay uses.

A deliberate change of what is stored (a parser or normalise rule) regenerates the file:

    .venv/bin/python tests/test_golden_rows.py --update

and the diff of rows.jsonl is then the review of that change.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden" / "rows.jsonl"
DIRS = ("rss", "wire-xml", "wire-text", "html", "hostile", "broken")
# Article fields that become columns of `articles` (store._COLUMNS), plus the content hash
STORED = ("guid", "format", "agency", "city", "dateline_date", "dateline_resolved", "headline", "byline",
          "body", "summary", "url", "canonical_url", "language", "subjects", "priority", "published", "updated")


def fixture_files() -> list[Path]:
    return sorted(p for d in DIRS if (FIXTURES / d).is_dir() for p in (FIXTURES / d).iterdir()
                  if p.is_file() and p.suffix != ".md")


def stored_rows(records) -> list[dict]:
    """The stored form of parse_bytes' records (failures keep their reason)."""
    from scrapers.record import ParseFailure

    out = []
    for rec in records:
        if isinstance(rec, ParseFailure):
            out.append({"error": rec.error, "format": rec.format, "guid": rec.guid})
            continue
        row = {k: v for k, v in rec.to_json().items() if k in STORED}
        row["content_hash"] = rec.content_hash()
        out.append(row)
    return out


def golden_entry(path: Path, records) -> dict:
    data = path.read_bytes()
    return {"file": str(path.relative_to(FIXTURES)), "sha256": hashlib.sha256(data).hexdigest(),
            "rows": stored_rows(records)}


def _parse(path: Path):
    """What ingest stores from the file: recover.parse_payload's records."""
    from scrapers.recover import parse_payload

    return parse_payload(path.read_bytes(), source=path.name)[0]


def load_golden() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _current(entries: list[dict]) -> list[dict]:
    """Entries whose fixture still exists unchanged (a changed fixture is a new golden, not a diff)."""
    out = []
    for e in entries:
        path = FIXTURES / e["file"]
        if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == e["sha256"]:
            out.append(e)
    return out


def _diff_message(entry: dict, got: list[dict]) -> str:
    for i, (want, have) in enumerate(zip(entry["rows"], got)):
        keys = [k for k in set(want) | set(have) if want.get(k) != have.get(k)]
        if keys:
            k = keys[0]
            return (f"{entry['file']} row {i} field {k}: golden {want.get(k)!r:.200} != now {have.get(k)!r:.200}"
                    " (intended? regenerate: .venv/bin/python tests/test_golden_rows.py --update)")
    return f"{entry['file']}: {len(entry['rows'])} golden rows, {len(got)} now"


def test_serial_parse_gives_the_golden_rows():
    entries = _current(load_golden())
    assert len(entries) >= 30
    for entry in entries:
        got = json.loads(json.dumps(stored_rows(_parse(FIXTURES / entry["file"]))))
        assert got == entry["rows"], _diff_message(entry, got)


def test_process_pool_gives_the_golden_rows_in_order(monkeypatch):
    from scrapers import parallel
    from scrapers.parallel import ParseJob, parse_in_pool

    monkeypatch.setattr(parallel, "PARSE_WHILE_STARTING", False)  # every file through the workers

    entries = _current(load_golden())
    jobs = [ParseJob(key=i, data=(FIXTURES / e["file"]).read_bytes(), source=(FIXTURES / e["file"]).name)
            for i, e in enumerate(entries)]
    results = list(parse_in_pool(jobs, workers=2))
    assert [job.key for job, _ in results] == list(range(len(entries)))
    for (job, (records, _)), entry in zip(results, entries):
        got = json.loads(json.dumps(stored_rows(records)))
        assert got == entry["rows"], _diff_message(entry, got)


def update() -> None:
    GOLDEN.parent.mkdir(exist_ok=True)
    with GOLDEN.open("w", encoding="utf-8") as f:
        for path in fixture_files():
            f.write(json.dumps(golden_entry(path, _parse(path)), ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        pytest.main([__file__, "-q"])
