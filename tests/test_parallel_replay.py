"""Replay with a process pool stores exactly what a serial replay stores, versions included."""
from __future__ import annotations

import os
import shutil
import threading

import pytest

from scrapers import parallel
from scrapers.config import FeedConfig
from scrapers.parallel import ParseJob, parse_in_pool
from scrapers.pipeline import ingest, replay
from tests.conftest import FIXTURES
from tests.replay_inputs import ingest_story_versions

ROWS = ("SELECT f.name, a.guid, a.version, a.headline, a.body, a.city, a.agency, a.dateline_date, a.language, "
        "a.canonical_url, a.published_at, a.content_hash FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "ORDER BY 1, 2")
VERSIONS = ("SELECT a.guid, v.version, v.content_hash, v.headline FROM article_versions v "
            "JOIN articles a ON a.id = v.article_id ORDER BY 1, 2")


@pytest.fixture(autouse=True)
def _pool_for_small_jobs(monkeypatch):
    """The fixtures are far smaller than what starts a pool outside tests; and would all be parsed
    in this process while the pool starts."""
    monkeypatch.setattr(parallel, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "PARSE_WHILE_STARTING", False)


def _ingest_drop_folders(conn, tmp_path) -> None:
    """Wire files as delivered, and a feed whose later files change one story (new versions)."""
    ingest_story_versions(conn, tmp_path)
    wire = tmp_path / "wire"
    shutil.copytree(FIXTURES / "wire-xml", wire)
    for p in (FIXTURES / "wire-text").iterdir():
        shutil.copy(p, wire / p.name)
    ingest(conn, [FeedConfig(name="wire-drop", url=str(wire), kind="wire_dir", quiet_seconds=0)])


def test_parallel_replay_rebuilds_the_same_rows_and_versions(conn, tmp_path):
    _ingest_drop_folders(conn, tmp_path)
    rows, versions = conn.execute(ROWS).fetchall(), conn.execute(VERSIONS).fetchall()
    assert any(v[1] == 2 for v in versions)  # the changed story went through the version trigger twice
    conn.execute("DELETE FROM article_versions")
    conn.execute("DELETE FROM articles")
    conn.commit()
    counts = replay(conn, workers=2)
    assert counts.stories_new == len(rows)
    assert conn.execute(ROWS).fetchall() == rows
    assert conn.execute(VERSIONS).fetchall() == versions
    again = replay(conn, workers=2)  # idempotent: nothing changes the second time
    assert (again.stories_new, again.stories_updated) == (0, 0)
    assert conn.execute(VERSIONS).fetchall() == versions


def test_a_drop_folder_parsed_in_a_pool_stores_what_a_serial_ingest_stores(conn, tmp_path):
    wire = tmp_path / "wire"
    shutil.copytree(FIXTURES / "wire-xml", wire)
    for p in (FIXTURES / "wire-text").iterdir():
        shutil.copy(p, wire / p.name)
    (wire / "broken.xml").write_bytes(b"<nitf><body>cut off")
    serial = ingest(conn, [FeedConfig(name="serial", url=str(wire), kind="wire_dir", quiet_seconds=0)])
    pooled = ingest(conn, [FeedConfig(name="pooled", url=str(wire), kind="wire_dir", quiet_seconds=0)], workers=2)
    assert pooled.as_dict() == serial.as_dict() and serial.stories_new > 10
    rows = {name: [r[1:] for r in conn.execute(ROWS).fetchall() if r[0] == name] for name in ("serial", "pooled")}
    assert rows["pooled"] == rows["serial"]
    errors = ("SELECT fa.url, e.stage, e.guid, e.reason FROM item_errors e JOIN fetch_attempts fa ON fa.id = e.fetch_id "
              "JOIN feeds f ON f.id = e.feed_id WHERE f.name = %s ORDER BY 1, 2, 3, 4")
    assert conn.execute(errors, ("pooled",)).fetchall() == conn.execute(errors, ("serial",)).fetchall()


def test_pool_keeps_order_and_turns_bad_input_into_failures():
    datas = [b"", (FIXTURES / "rss/wenn-atom-2015-01-30.xml").read_bytes(), b"\x00\x01 not a feed"] * 3
    jobs = [ParseJob(key=i, data=d, source=f"job-{i}") for i, d in enumerate(datas)]
    got = list(parse_in_pool(jobs, workers=2))
    assert [job.key for job, _ in got] == list(range(len(datas)))
    serial = list(parse_in_pool(jobs, workers=1))
    assert [[r.to_json() for r in recs] for _, (recs, _) in got] == \
        [[r.to_json() for r in recs] for _, (recs, _) in serial]


def test_jobs_parsed_here_while_the_pool_starts_come_first_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "PARSE_WHILE_STARTING", True)
    monkeypatch.setattr(parallel, "CHUNK_JOBS", 1)  # more chunks than the first submission takes
    local, third, started = [], threading.Event(), threading.Event()
    real_start, real_local = parallel._Starting._start, parallel._local  # noqa: SLF001

    def slow_start(self):  # the pool starts once 3 jobs were parsed here
        third.wait(60)
        real_start(self)
        started.set()

    def counted_local(job):
        local.append(job.key)
        parsed = real_local(job)
        if len(local) == 3:
            third.set()
            started.wait(60)
        return parsed
    monkeypatch.setattr(parallel._Starting, "_start", slow_start)  # noqa: SLF001
    monkeypatch.setattr(parallel, "_local", counted_local)
    data = (FIXTURES / "rss/wenn-atom-2015-01-30.xml").read_bytes()
    jobs = [ParseJob(key=i, data=data if i % 2 else b"", source=f"job-{i}") for i in range(8)]
    got = list(parse_in_pool(jobs, workers=2))
    assert [job.key for job, _ in got] == list(range(8))
    assert local == [0, 1, 2]  # the rest went to the pool
    monkeypatch.setattr(parallel, "_local", real_local)
    serial = list(parse_in_pool(jobs, workers=1))
    assert [[r.to_json() for r in recs] for _, (recs, _) in got] == \
        [[r.to_json() for r in recs] for _, (recs, _) in serial]


def test_the_hash_a_worker_remembers_is_used_only_for_the_text_it_hashed():
    import pickle

    from scrapers import store

    records, _ = pickle.loads(pickle.dumps(parallel.parse_job(
        (FIXTURES / "rss/wenn-atom-2015-01-30.xml").read_bytes(), "x", "", "")))
    art = records[0]
    assert art.__dict__[store.HASH_MEMO][2] == store.content_hash(art) == art.content_hash()
    assert store.HASH_MEMO not in art.to_json()  # never a stored or compared field
    art.body = art.body + " A later paragraph."  # e.g. an article page merged into a summary
    assert store.content_hash(art) == art.content_hash() != art.__dict__[store.HASH_MEMO][2]


def test_stories_cross_from_a_worker_as_tuples_and_come_back_the_same():
    import pickle

    records, _ = parallel.parse_job((FIXTURES / "rss/wenn-atom-2015-01-30.xml").read_bytes(), "x", "", "")
    odd = parallel.Article(format="rss", guid="odd")
    odd.__dict__["own_attribute"] = 1  # not a field: travels as the object itself
    records = records + [odd, parallel.ParseFailure(source="x", error="bad item")]
    packed = parallel._pack(records)  # noqa: SLF001
    assert [type(p) for p in packed[-2:]] == [parallel.Article, parallel.ParseFailure]
    assert all(type(p) is tuple for p in packed[:-2])
    back = parallel._unpack(pickle.loads(pickle.dumps(packed)))  # noqa: SLF001
    assert [r.__dict__ for r in back] == [r.__dict__ for r in records]
    assert [type(r) for r in back] == [type(r) for r in records]


def _die_on_kill(jobs):
    """A worker's job that kills its process on the payload b"KILL" (this module is imported there)."""
    if any(data == b"KILL" for data, *_ in jobs):
        os._exit(3)
    return parallel._parse_packed(jobs)  # noqa: SLF001


def test_a_payload_that_kills_its_worker_fails_alone_and_nothing_is_lost(monkeypatch):
    monkeypatch.setattr(parallel, "_submit", lambda pool, chunk: pool.submit(
        _die_on_kill, [(j.data, j.source, j.feed_language, j.content_type) for j in chunk]))
    monkeypatch.setattr(parallel, "CHUNK_JOBS", 3)  # the payload's chunk holds others: they are parsed again
    data = (FIXTURES / "rss/wenn-atom-2015-01-30.xml").read_bytes()
    jobs = [ParseJob(key=i, data=b"KILL" if i == 4 else data, source=f"job-{i}") for i in range(10)]
    got = list(parse_in_pool(jobs, workers=2))
    assert [job.key for job, _ in got] == list(range(10))
    died = [job.key for job, (recs, _) in got if "parser worker died" in getattr(recs[0], "error", "")]
    assert 4 in died
    # a job running beside it when the pool broke may have died with it; the others are parsed
    assert len(died) <= 3 and all(len(recs) > 1 for job, (recs, _) in got if job.key not in died)


@pytest.mark.parametrize("workers", [1, 2])
def test_payloads_sent_as_stored_are_inflated_by_the_worker_and_bad_bytes_fail_alone(workers):
    """A replay hands the workers its payloads as stored (gzip): the same records as the bytes
    themselves; bytes that do not inflate become that payload's ParseFailure, the others are parsed."""
    import gzip

    data = (FIXTURES / "rss/wenn-atom-2015-01-30.xml").read_bytes()
    plain = [ParseJob(key=i, data=data, source=f"job-{i}") for i in range(3)]
    stored = [ParseJob(key=i, data=gzip.compress(data) if i != 1 else b"\x1f\x8bnot gzip", source=f"job-{i}",
                       compression="gzip", size=len(data)) for i in range(3)]
    want = [[r.to_json() for r in recs] for _, (recs, _) in parse_in_pool(plain, workers=1)]
    got = list(parse_in_pool(stored, workers=workers))
    assert [job.key for job, _ in got] == [0, 1, 2]
    recs = [records for _, (records, _) in got]
    assert [r.to_json() for r in recs[0]] == want[0] and [r.to_json() for r in recs[2]] == want[2]
    assert len(want[0]) > 1 and len(recs[1]) == 1 and "does not inflate" in recs[1][0].error


def test_workers_run_worker_nice_above_the_caller(monkeypatch):
    monkeypatch.setattr(parallel, "WORKER_NICE", 3)
    pool = parallel._pool(1)  # noqa: SLF001
    try:
        assert pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result() == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 3)
    finally:
        pool.shutdown()
