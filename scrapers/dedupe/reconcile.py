"""Apply a regrouped interval as a difference, so that what did not change is not rewritten.

rebuild_dedupe computes the new grouping inside a savepoint (the same code path as incremental
dedupe), reads the result, rolls the savepoint back and then writes only the difference:
- each new cluster takes the id of the old cluster it shares most members with (one-to-one,
  ties to the lowest old id), so an unchanged cluster keeps its id, its row and its timestamps;
- a member row is updated only when its cluster, kind, matched story or similarity changed;
- the signature row of a story (with its index keys) is rewritten only when it changed.
The set of affected stories is closed: every member of an old cluster of an interval story, and
every member of a new cluster of one of those (a merge moves whole clusters).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

from . import clusters, lsh_store

_MEMBERS_OF = (
    "SELECT article_id, cluster_id, match_kind, matched_article_id, similarity FROM cluster_members"
    " WHERE cluster_id IN (SELECT cluster_id FROM cluster_members WHERE article_id = ANY(%s))"
)
Row = tuple[int, str, int | None, float | None]  # cluster_id, match_kind, matched_article_id, similarity


@dataclass
class Result:
    """The interval's grouping and signatures as computed inside the savepoint."""
    members: dict[int, Row] = field(default_factory=dict)               # article_id -> row
    signatures: dict[int, tuple[int, list[int], int]] = field(default_factory=dict)


def members_of_clusters(conn: psycopg.Connection, article_ids: list[int]) -> dict[int, Row]:
    """article_id -> row for every member of the clusters holding any of `article_ids`."""
    if not article_ids:
        return {}
    return {a: (c, k, m, s) for a, c, k, m, s in conn.execute(_MEMBERS_OF, (article_ids,)).fetchall()}


def signatures(conn: psycopg.Connection, ids: list[int]) -> dict[int, tuple[int, list[int], int]]:
    rows = conn.execute(
        "SELECT article_id, sign_key, keys, shingles FROM dedupe_signatures WHERE article_id = ANY(%s)", (ids,)
    ).fetchall()
    return {a: (k, list(ks), n) for a, k, ks, n in rows}


def capture(conn: psycopg.Connection, ids: list[int], affected: set[int],
            old_sigs: dict[int, tuple[int, list[int], int]]) -> Result:
    """Read the new state of the affected stories (call inside the savepoint, after regrouping)."""
    res = Result(members=members_of_clusters(conn, sorted(affected | set(ids))))
    res.signatures = signatures(conn, ids)
    return res


def _assign_ids(conn: psycopg.Connection, new: dict[int, Row], old: dict[int, Row]) -> dict[int, int]:
    """new cluster id -> final id: the old cluster sharing most members, else a fresh id."""
    overlap: dict[tuple[int, int], int] = {}
    for a, row in new.items():
        if a in old:
            key = (row[0], old[a][0])
            overlap[key] = overlap.get(key, 0) + 1
    final: dict[int, int] = {}
    used: set[int] = set()
    for (n, o), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0])):
        if n not in final and o not in used:
            final[n] = o
            used.add(o)
    fresh = sorted({row[0] for row in new.values()} - set(final))
    for n, cid in zip(fresh, clusters.new_clusters(conn, [None] * len(fresh))):
        final[n] = cid
    return final


def apply(conn: psycopg.Connection, res: Result, old_sigs: dict[int, tuple[int, list[int], int]]) -> dict:
    """Write the difference between the current (old) state and `res`; return what was written."""
    _apply_signatures(conn, res, old_sigs)  # first: the representative rule reads their lengths
    old = members_of_clusters(conn, sorted(res.members))
    final = _assign_ids(conn, res.members, old)
    want = {a: (final[c], k, m, s) for a, (c, k, m, s) in res.members.items()}
    changed = [(a, *row) for a, row in want.items() if a in old and old[a] != row]
    added = [(a, c, k, m, s) for a, (c, k, m, s) in want.items() if a not in old]
    dropped = [a for a in old if a not in want]
    if changed:
        cols = list(zip(*changed))
        conn.execute(
            "UPDATE cluster_members m SET cluster_id = v.c, match_kind = v.k, matched_article_id = v.m,"
            " similarity = v.s, joined_at = now()"
            " FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::bigint[], %s::real[]) AS v(a, c, k, m, s)"
            " WHERE m.article_id = v.a",
            [list(c) for c in cols],
        )
    if dropped:
        conn.execute("DELETE FROM cluster_members WHERE article_id = ANY(%s)", (dropped,))
    clusters.add_members(conn, added)
    kept = set(final.values())
    gone = sorted({row[0] for row in old.values()} - kept)
    if gone:
        conn.execute("DELETE FROM clusters WHERE id = ANY(%s)", (gone,))
    clusters.refresh_representatives(conn, kept)
    return {"members_changed": len(changed) + len(added) + len(dropped), "clusters_removed": len(gone)}


def _apply_signatures(conn: psycopg.Connection, res: Result, old_sigs: dict[int, tuple[int, list[int], int]]) -> None:
    changed = {a: sig for a, sig in res.signatures.items() if old_sigs.get(a) != sig}
    if not changed:
        return
    lsh_store.remove(conn, [a for a in changed if a in old_sigs])
    lsh_store.save_signatures(conn, [(a, k, keys, n) for a, (k, keys, n) in changed.items()])
