"""Cluster bookkeeping: union-find over a batch, merges, members and representatives.

Representative rule: the fullest, latest version. Fullest is the length of the story without
its furniture (dedupe_signatures.shingles) in classes about 10% wide, so that a copy a few words
longer does not beat the original; within a class an original (its credited agency is the
agency of the feed that carried it, not a partner's republication) wins, then the latest
published (or first seen), then the highest id: deterministic and stable under re-runs.
"""
from __future__ import annotations

import numpy as np
import psycopg

from .lsh_store import above_all, array_literal

_NULL = "\\N"  # NULL in COPY text format

_REPRESENTATIVE_SQL = """
UPDATE clusters c SET representative_id = r.id, updated_at = now()
FROM (
    SELECT DISTINCT ON (m.cluster_id) m.cluster_id, a.id
    FROM cluster_members m
    JOIN articles a ON a.id = m.article_id
    JOIN feeds f ON f.id = a.feed_id
    LEFT JOIN dedupe_signatures s ON s.article_id = a.id{unseen_join}
    WHERE m.cluster_id = ANY(%(clusters)s)
    ORDER BY m.cluster_id, floor(ln(greatest(coalesce({shingles}, 0), 1)) * 10) DESC,
             (a.agency <> '' AND a.agency = f.agency) DESC,
             coalesce(a.published_at, a.first_seen_at) DESC, a.id DESC
) r
WHERE c.id = r.cluster_id AND c.id = ANY(%(clusters)s) AND c.representative_id IS DISTINCT FROM r.id
"""
# (c.id = ANY again: the planner then reaches the clusters by their key, not by reading them all.)
# Shingle counts of signature rows this transaction cannot see yet (scrapers.dedupe.writer).
_UNSEEN_JOIN = ("\n    LEFT JOIN unnest(%(ids)s::bigint[], %(shingles)s::int[]) u(article_id, shingles)"
                " ON u.article_id = a.id")


class UnionFind:
    """Minimal union-find over hashable nodes."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_of(conn: psycopg.Connection, article_ids: list[int]) -> dict[int, int]:
    """article_id -> cluster_id for members among `article_ids`."""
    if not article_ids:
        return {}
    rows = conn.execute(
        "SELECT article_id, cluster_id FROM cluster_members WHERE article_id = ANY(%s)", (article_ids,)
    ).fetchall()
    return dict(rows)


def detach(conn: psycopg.Connection, article_ids: list[int]) -> set[int]:
    """Take articles out of their clusters (to be re-placed); drop clusters left empty.

    Returns the clusters that lost a member and still exist (their representative may change).
    A member that was the only bridge between two others does not split the cluster here;
    rebuild_dedupe over the interval regroups it from scratch.
    """
    if not article_ids or above_all(conn, "cluster_members", article_ids):
        return set()  # all newer than every member (a backfill's batch): nothing to take out
    rows = conn.execute(
        "DELETE FROM cluster_members WHERE article_id = ANY(%s) RETURNING cluster_id", (article_ids,)
    ).fetchall()
    touched = list({r[0] for r in rows})
    if not touched:
        return set()
    gone = conn.execute(
        "DELETE FROM clusters c WHERE c.id = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.cluster_id = c.id) RETURNING id",
        (touched,),
    ).fetchall()
    return set(touched) - {g[0] for g in gone}


def merge(conn: psycopg.Connection, moves: dict[int, int]) -> None:
    """Move all members of cluster `old` into `new` for each old -> new, then drop `old`."""
    if not moves:
        return
    old, new = list(moves), list(moves.values())
    conn.execute(
        "UPDATE cluster_members m SET cluster_id = mv.new FROM unnest(%s::bigint[], %s::bigint[]) AS mv(old, new)"
        " WHERE m.cluster_id = mv.old",
        (old, new),
    )
    conn.execute("DELETE FROM clusters WHERE id = ANY(%s)", (old,))


def new_clusters(conn: psycopg.Connection, representatives: list[int | None]) -> list[int]:
    """Create one cluster per entry (representative may be None: set later); return ids."""
    if not representatives:
        return []
    ids = [r[0] for r in conn.execute(
        "SELECT nextval('clusters_id_seq') FROM generate_series(1, %s)", (len(representatives),)
    ).fetchall()]
    data = "".join(f"{cid}\t{_NULL if rep is None else rep}\n" for cid, rep in zip(ids, representatives))
    with conn.cursor() as cur:
        with cur.copy("COPY clusters (id, representative_id) FROM STDIN") as copy:
            copy.write(data)
    return ids


def add_members(conn: psycopg.Connection, rows: list[tuple[int, int, str, int | None, float | None]]) -> None:
    """COPY (article_id, cluster_id, match_kind, matched_article_id, similarity) rows."""
    if not rows:
        return
    lines = []
    for article_id, cluster_id, kind, matched, sim in rows:  # one text block: several times write_row
        lines.append(f"{article_id}\t{cluster_id}\t{kind}\t{_NULL if matched is None else matched}\t"
                     f"{_NULL if sim is None else repr(float(sim))}\n")
    with conn.cursor() as cur:
        with cur.copy(
            "COPY cluster_members (article_id, cluster_id, match_kind, matched_article_id, similarity) FROM STDIN"
        ) as copy:
            copy.write("".join(lines))


def refresh_representatives(conn: psycopg.Connection, cluster_ids: set[int],
                            unseen: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """Re-apply the representative rule to the given clusters. `unseen`: (article ids, shingles)
    of signature rows written but not yet visible here (another transaction's, still pending)."""
    if not cluster_ids:
        return
    params: dict = {"clusters": list(cluster_ids)}
    if unseen is not None and len(unseen[0]):
        sql = _REPRESENTATIVE_SQL.format(unseen_join=_UNSEEN_JOIN, shingles="s.shingles, u.shingles")
        params.update(ids=array_literal(unseen[0]), shingles=array_literal(unseen[1]))
    else:
        sql = _REPRESENTATIVE_SQL.format(unseen_join="", shingles="s.shingles")
    conn.execute(sql, params)
