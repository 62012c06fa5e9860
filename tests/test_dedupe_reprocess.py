"""Reprocessing an interval (rebuild_dedupe) against a real Postgres: no churn when nothing changed.

Rows are compared with their system column xmin, so "unchanged" means not rewritten at all,
not merely rewritten with equal values.
"""
from __future__ import annotations

from datetime import timedelta

from scrapers.dedupe import rebuild_dedupe, run_dedupe
from test_dedupe import OTHER, STORY, T0, article, feed, partition

THIRD = (
    "TOKYO (Reuters) - Japan's exports rose for a fifth straight month in January as shipments of "
    "cars and electronic parts to China and the United States grew, government data showed on "
    "Wednesday, a sign that the recovery in the world's third-largest economy is gaining traction. "
    "Exports rose 12.2 percent in the year to January, more than economists had expected."
)
TABLES = {
    "clusters": "SELECT xmin::text, * FROM clusters ORDER BY id",
    "cluster_members": "SELECT xmin::text, * FROM cluster_members ORDER BY article_id",
    "dedupe_signatures": "SELECT xmin::text, * FROM dedupe_signatures ORDER BY article_id",
}


def state(conn) -> dict[str, list[tuple]]:
    return {name: conn.execute(sql).fetchall() for name, sql in TABLES.items()}


def _stories(conn) -> dict[str, int]:
    f, partner = feed(conn, "r"), feed(conn, "partner", agency="Partner")
    ids = {}
    for i, (name, body) in enumerate([("story", STORY), ("other", OTHER), ("third", THIRD)]):
        ids[name] = article(conn, f, name, body, published=T0 + timedelta(minutes=i))
        ids[name + "_copy"] = article(conn, partner, name + "-p", body + " Reporting by staff.",
                                      agency="Reuters", published=T0 + timedelta(minutes=10 + i))
    ids["single"] = article(conn, f, "single", "Markets closed higher on Tuesday.", published=T0 + timedelta(hours=2))
    conn.commit()
    return ids


def test_reprocessing_an_unchanged_interval_changes_no_row(conn):
    _stories(conn)
    run_dedupe(conn)
    conn.commit()
    before = state(conn)
    assert len(before["clusters"]) == 4
    for _ in range(3):  # the issue: ids 1-44 -> 1-55 -> 1-66 across reprocess runs
        counts = rebuild_dedupe(conn, T0 - timedelta(days=1), T0 + timedelta(days=1))
        conn.commit()
        assert counts["processed"] == 7 and counts["members_changed"] == 0
        assert state(conn) == before


def test_reprocessing_part_of_a_cluster_keeps_its_id(conn):
    _stories(conn)
    run_dedupe(conn)
    conn.commit()
    before = state(conn)
    rebuild_dedupe(conn, T0 + timedelta(minutes=5), T0 + timedelta(days=1))  # the copies and the single only
    conn.commit()
    assert state(conn) == before


def test_a_changed_story_moves_and_the_rest_stay_put(conn):
    ids = _stories(conn)
    run_dedupe(conn)
    conn.commit()
    before = state(conn)
    members = {row[1]: row for row in before["cluster_members"]}
    # the copy of THIRD is corrected into a copy of OTHER: rewritten outside dedupe's watermark
    conn.execute("UPDATE articles SET body = %s, content_hash = 'changed' WHERE id = %s",
                 (OTHER + " Corrected.", ids["third_copy"]))
    conn.commit()
    counts = rebuild_dedupe(conn, T0 - timedelta(days=1), T0 + timedelta(days=1))
    conn.commit()
    after = state(conn)
    moved = {row[1]: row for row in after["cluster_members"]}
    assert counts["members_changed"] == 1
    assert moved[ids["third_copy"]][2] == members[ids["other"]][2]          # joined OTHER's cluster
    untouched = [a for a in members if a != ids["third_copy"]]
    assert [moved[a] for a in untouched] == [members[a] for a in untouched]  # same rows, same xmin
    assert [r[1] for r in after["clusters"]] == [r[1] for r in before["clusters"]]
    assert {frozenset(g) for g in partition(conn)} == {
        frozenset({ids["story"], ids["story_copy"]}),
        frozenset({ids["other"], ids["other_copy"], ids["third_copy"]}),
        frozenset({ids["third"]}), frozenset({ids["single"]}),
    }
    sigs_before = {r[1]: r for r in before["dedupe_signatures"]}
    sigs_after = {r[1]: r for r in after["dedupe_signatures"]}
    assert [a for a in sigs_after if sigs_after[a] != sigs_before[a]] == [ids["third_copy"]]
