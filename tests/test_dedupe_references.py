"""Dedupe's references, checked per statement (migration 058), against the real Postgres: what the
foreign keys guaranteed still holds (missing rows refused, deletes cascade or unlink, truncation
empties the dedupe tables, a delete waits for a writer that references the story)."""
from __future__ import annotations

import psycopg
import pytest

from scrapers.dedupe import run_dedupe
from tests.test_dedupe import OTHER, STORY, article, feed


def _clustered(conn) -> tuple[int, int, int]:
    f = feed(conn, "wire")
    a = article(conn, f, "a", STORY)
    b = article(conn, f, "b", STORY + " Updated.")
    c = article(conn, f, "c", OTHER)
    run_dedupe(conn, batch_size=10, overlap=False)
    return a, b, c


@pytest.mark.parametrize("sql", [
    "INSERT INTO cluster_members (article_id, cluster_id, match_kind) VALUES (-1, {cluster}, 'origin')",
    "INSERT INTO cluster_members (article_id, cluster_id, match_kind, matched_article_id)"
    " VALUES ({story}, {cluster}, 'exact', -1)",
    "UPDATE cluster_members SET cluster_id = -1 WHERE article_id = {story}",
    "INSERT INTO clusters (representative_id) VALUES (-1)",
    "UPDATE clusters SET representative_id = -1 WHERE id = {cluster}",
    "INSERT INTO dedupe_signatures (article_id, sign_key, keys, shingles) VALUES (-1, 0, '{{}}', 0)",
])
def test_a_reference_to_a_missing_row_is_refused(conn, sql):
    a, _, c = _clustered(conn)
    cluster = conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = %s", (a,)).fetchone()[0]
    if "INSERT INTO cluster_members" in sql:
        conn.execute("DELETE FROM cluster_members WHERE article_id = %s", (c,))
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute(sql.format(cluster=cluster, story=c if "INSERT" in sql else a))


def test_deleting_stories_and_clusters_cascades_and_unlinks(conn):
    a, b, c = _clustered(conn)
    cid, rep = conn.execute("SELECT c.id, c.representative_id FROM clusters c JOIN cluster_members m"
                            " ON m.cluster_id = c.id WHERE m.article_id = %s", (a,)).fetchone()
    assert conn.execute("SELECT matched_article_id FROM cluster_members WHERE article_id = %s", (b,)).fetchone() == (a,)
    conn.execute("DELETE FROM articles WHERE id = ANY(%s)", ([a, rep],))
    assert conn.execute("SELECT count(*) FROM cluster_members WHERE article_id = %s", (a,)).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM dedupe_signatures WHERE article_id = %s", (a,)).fetchone() == (0,)
    if rep != b:
        assert conn.execute("SELECT matched_article_id FROM cluster_members WHERE article_id = %s", (b,)).fetchone() == (None,)
    assert conn.execute("SELECT representative_id FROM clusters WHERE id = %s", (cid,)).fetchone() == (None,)
    other = conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = %s", (c,)).fetchone()[0]
    conn.execute("DELETE FROM clusters WHERE id = %s", (other,))
    assert conn.execute("SELECT count(*) FROM cluster_members WHERE article_id = %s", (c,)).fetchone() == (0,)
    conn.execute("TRUNCATE articles CASCADE")
    assert conn.execute("SELECT (SELECT count(*) FROM clusters) + (SELECT count(*) FROM cluster_members)"
                        " + (SELECT count(*) FROM dedupe_signatures)").fetchone() == (0,)


def test_a_delete_waits_for_a_writer_that_references_the_story(conn, db_url):
    a, _, c = _clustered(conn)
    conn.commit()
    conn.execute("DELETE FROM cluster_members WHERE article_id = %s", (c,))
    cluster = conn.execute("SELECT cluster_id FROM cluster_members WHERE article_id = %s", (a,)).fetchone()[0]
    conn.execute("INSERT INTO cluster_members (article_id, cluster_id, match_kind) VALUES (%s, %s, 'origin')",
                 (c, cluster))  # uncommitted: the story is locked FOR KEY SHARE, as by a foreign key
    with psycopg.connect(db_url, autocommit=True) as other:
        other.execute("SET lock_timeout = '300ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("DELETE FROM articles WHERE id = %s", (c,))
