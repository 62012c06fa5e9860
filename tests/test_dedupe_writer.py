"""Signature rows written on a second connection (scrapers.dedupe.writer), against the real Postgres:
the same clusters, representatives and index rows as one transaction per batch, and a crash
between a batch's two commits is repaired by the next run to the same state."""
from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

import scrapers.dedupe.lsh_store as lsh_store
import scrapers.dedupe.writer as writer_mod
from scrapers.dedupe import run_dedupe

from tests.test_dedupe import T0, article, feed

REAL = Path(__file__).parent / "fixtures" / "dedupe" / "real_pairs.jsonl"
BATCH = 8


def _load(url: str) -> int:
    """Real pairs (tests/fixtures/dedupe): first sides, then second sides, so that copies meet
    across batches and clusters gain members from earlier, still pending batches."""
    pairs = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()[:36]]
    with psycopg.connect(url) as c:
        wire, partner = feed(c, "wire"), feed(c, "partner", agency="Partner")
        for k, side in enumerate(["a"] * len(pairs) + ["b"] * len(pairs)):
            pair = pairs[k % len(pairs)]
            article(c, wire if side == "a" else partner, f"{side}{k}", pair[side], headline=f"H{k}",
                    agency="Reuters" if side == "a" else "Partner", published=T0 + timedelta(minutes=k))
    return 2 * len(pairs)


def _state(c: psycopg.Connection) -> tuple:
    """Placements, clusters with their representative, and index rows: what a run leaves."""
    placed = c.execute("SELECT article_id, match_kind, matched_article_id, similarity FROM cluster_members"
                       " ORDER BY 1").fetchall()
    groups = c.execute("SELECT array_agg(m.article_id ORDER BY m.article_id), c.representative_id FROM clusters c"
                       " JOIN cluster_members m ON m.cluster_id = c.id GROUP BY c.id ORDER BY 1").fetchall()
    rows = c.execute("SELECT article_id, sign_key, keys, shingles FROM dedupe_signatures ORDER BY 1").fetchall()
    return placed, groups, rows


def _replay_in_one_transaction_per_batch(c: psycopg.Connection) -> tuple:
    c.execute("TRUNCATE cluster_members, clusters, dedupe_signatures")
    c.execute("UPDATE watermarks SET position = 0 WHERE name IN ('dedupe', 'dedupe_signed')")
    c.commit()
    run_dedupe(c, batch_size=BATCH, overlap=False)
    c.commit()
    return _state(c)


@pytest.fixture
def written(monkeypatch):
    calls = []
    real = writer_mod.SignatureWriter.submit
    monkeypatch.setattr(writer_mod.SignatureWriter, "submit", lambda self, *a: calls.append(1) or real(self, *a))
    return calls


def test_rows_written_on_a_second_connection_give_the_same_clusters(db_url, written):
    n = _load(db_url)
    with psycopg.connect(db_url) as c:
        counts = run_dedupe(c, batch_size=BATCH, overlap=True, sign_workers=0)
        assert len(written) == n // BATCH  # every full batch went through the writer
        assert counts["near_duplicates"] + counts["exact_duplicates"] > 5
        overlapped = _state(c)
        assert c.execute("SELECT count(*) FROM watermarks WHERE name IN ('dedupe', 'dedupe_signed')"
                         " GROUP BY position").fetchall() == [(2,)]  # both at the last story
        assert _replay_in_one_transaction_per_batch(c) == overlapped
        assert any(len(members) > 1 for members, _ in overlapped[1])


def test_a_crash_between_a_batchs_two_commits_is_repaired_by_the_next_run(db_url, written):
    """The writer dies on its third batch, after the main transaction of that batch committed:
    stories clustered but not indexed. The next run indexes them first; the clusters are those of
    a run that never crashed, and so are the index rows."""
    _load(db_url)
    real_save, writes = lsh_store.save_signature_arrays, []

    def dies_on_the_third(*a):
        if threading.current_thread().name.startswith("dedupe-write"):
            writes.append(1)
            if len(writes) == 3:
                raise RuntimeError("crash")
        return real_save(*a)

    with psycopg.connect(db_url) as c:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(lsh_store, "save_signature_arrays", dies_on_the_third)
            with pytest.raises(RuntimeError, match="crash"):
                run_dedupe(c, batch_size=BATCH, overlap=True, sign_workers=0)
        signed_to, placed_to = (c.execute("SELECT position FROM watermarks WHERE name = %s", (w,)).fetchone()[0]
                                for w in ("dedupe_signed", "dedupe"))
        assert signed_to < placed_to  # the crash's state: clustered, not indexed
        unindexed = c.execute("SELECT count(*) FROM cluster_members m WHERE NOT EXISTS"
                              " (SELECT 1 FROM dedupe_signatures s WHERE s.article_id = m.article_id)").fetchone()[0]
        assert unindexed >= BATCH
        c.commit()
        counts = run_dedupe(c, batch_size=BATCH, overlap=True, sign_workers=0)
        assert counts["repaired"] == unindexed
        repaired = _state(c)
        assert _replay_in_one_transaction_per_batch(c) == repaired
        assert run_dedupe(c, batch_size=BATCH)["processed"] == 0  # and a re-run has nothing to do


def test_a_story_changed_while_its_row_is_pending_is_resigned(db_url, written, monkeypatch):
    """A story updated during the run comes back in the next batch while its first row is still
    pending: that batch is rolled back, waits for the writer, and re-signs the story against its row."""
    import time

    n = _load(db_url)
    real_submit, real_save, real_holds, edited, held = (writer_mod.SignatureWriter.submit, lsh_store.save_signature_arrays,
                                                          writer_mod.SignatureWriter.holds, [], [])

    def submit_then_edit(self, end, ids, *rest):
        last = len(written) + 1 == n // BATCH  # the last full batch: its first story comes back alone, next
        if last:
            edited.append(int(ids[0]))
        real_submit(self, end, ids, *rest)
        if last:
            with psycopg.connect(db_url, autocommit=True) as other:
                other.execute("UPDATE articles SET body = body || ' Corrected.', content_hash = 'changed'"
                              " WHERE id = %s", (int(ids[0]),))  # a new change_seq (trigger)

    def slow_last_write(*a):
        if edited and threading.current_thread().name.startswith("dedupe-write"):
            time.sleep(0.5)  # still pending when the next batch looks
        return real_save(*a)

    monkeypatch.setattr(writer_mod.SignatureWriter, "submit", submit_then_edit)
    monkeypatch.setattr(lsh_store, "save_signature_arrays", slow_last_write)
    monkeypatch.setattr(writer_mod.SignatureWriter, "holds", lambda self, ids: held.append(real_holds(self, ids)) or held[-1])
    with psycopg.connect(db_url) as c:
        counts = run_dedupe(c, batch_size=BATCH, overlap=True, sign_workers=0)
        assert True in held  # the batch waited for the writer
        assert counts["resigned"] == 1 and counts["processed"] == n + 1
        assert c.execute("SELECT count(*) FROM dedupe_signatures").fetchone()[0] == n
        key = c.execute("SELECT sign_key FROM dedupe_signatures WHERE article_id = %s", edited).fetchone()[0]
        from scrapers.dedupe.signing import SELECT, Doc, sign_key

        assert key == sign_key(Doc(*c.execute(SELECT + " WHERE a.id = %s", edited).fetchone()))


def test_without_a_second_connection_the_run_writes_in_its_own_transactions(db_url, written, monkeypatch):
    n = _load(db_url)

    def refuse(*a, **kw):
        raise psycopg.OperationalError("too many connections")

    with psycopg.connect(db_url) as c:
        monkeypatch.setattr(writer_mod.psycopg, "connect", refuse)
        assert run_dedupe(c, batch_size=BATCH, overlap=True, sign_workers=0)["processed"] == n
        assert not written
        monkeypatch.undo()
        assert c.execute("SELECT count(*) FROM dedupe_signatures").fetchone()[0] == n
        assert c.execute("SELECT count(DISTINCT position) FROM watermarks WHERE name IN ('dedupe', 'dedupe_signed')"
                         ).fetchone()[0] == 1
