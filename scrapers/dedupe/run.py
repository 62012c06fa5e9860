"""Incremental dedupe: sign new/changed articles, look up the shared index, verify, cluster.

Each batch is one transaction that also moves the 'dedupe' watermark, so a crash loses nothing
and a re-run over the same stories changes nothing. Workers serialise on an advisory lock.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import psycopg

from scrapers.record import normalise_for_hash

from . import clusters, lsh_store
from .lsh_store import EXACT_BODY, EXACT_GUID, EXACT_KIND, EXACT_URL
from .minhash import band_keys, signatures
from .shingles import shingle_batch, similarity

WATERMARK = "dedupe"
# Jaccard threshold for near duplicates: 0.7 keeps precision 1.000 and reaches recall 0.992 on
# tests/dedupe_pairs.jsonl (0.8 missed short corrections: recall 0.935); same-event stories stay < 0.05.
DEFAULT_THRESHOLD = 0.7
_LOCK_ID = 7_211_306
MAX_NEAR_CANDIDATES = 20   # per article, most shared bands first: caps work on boilerplate buckets
TRIM_CONTAINMENT = 0.85    # a trimmed/partner copy: most of the shorter is inside the other ...
TRIM_MARGIN = 0.2          # ... and its Jaccard is at most this far below the threshold
_KIND_RANK = {"guid": 0, "canonical_url": 1, "content_hash": 2, "near_duplicate": 3}

_SELECT = (
    "SELECT a.id, a.change_seq, a.agency, a.guid, a.canonical_url, a.headline, a.body, a.summary,"
    " a.content_hash FROM articles a"
)


@dataclass
class Doc:
    id: int
    change_seq: int
    agency: str
    guid: str
    canonical_url: str
    headline: str
    body: str
    summary: str
    content_hash: str

    def text(self) -> str:
        """What is shingled: the body; headline and summary too when the body is a stub."""
        text = self.body or self.summary
        if len(text) < 200:
            text = " ".join(t for t in (self.headline, self.summary, self.body) if t)
        return text


def _h64(*parts: str) -> int:
    digest = hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def sign_key(doc: Doc) -> int:
    """Changes exactly when something dedupe looks at changes."""
    return _h64(doc.content_hash, doc.agency, doc.guid, doc.canonical_url)


def exact_keys(doc: Doc) -> list[tuple[int, int]]:
    keys = []
    if doc.agency and doc.guid:
        keys.append((_h64("guid", doc.agency.casefold(), doc.guid), EXACT_GUID))
    if doc.canonical_url:
        keys.append((_h64("url", doc.canonical_url), EXACT_URL))
    body = normalise_for_hash(doc.body)
    if body:
        keys.append((_h64("body", body), EXACT_BODY))
    return keys


def _lock_and_watermark(conn: psycopg.Connection) -> int:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
    conn.execute("INSERT INTO watermarks (name, position) VALUES (%s, 0) ON CONFLICT DO NOTHING", (WATERMARK,))
    return conn.execute("SELECT position FROM watermarks WHERE name = %s", (WATERMARK,)).fetchone()[0]


def run_dedupe(conn: psycopg.Connection, threshold: float = DEFAULT_THRESHOLD, batch_size: int = 5000) -> dict:
    """Process articles changed since the 'dedupe' watermark; return counts."""
    counts: Counter = Counter(processed=0, clusters_new=0, exact_duplicates=0, near_duplicates=0)
    while True:
        with conn.transaction():
            position = _lock_and_watermark(conn)
            rows = conn.execute(
                _SELECT + " WHERE a.change_seq > %s ORDER BY a.change_seq LIMIT %s", (position, batch_size)
            ).fetchall()
            if not rows:
                break
            docs = [Doc(*r) for r in rows]
            process_batch(conn, docs, threshold, counts)
            conn.execute(
                "UPDATE watermarks SET position = %s, updated_at = now() WHERE name = %s",
                (docs[-1].change_seq, WATERMARK),
            )
        if len(rows) < batch_size:
            break
    return dict(counts)


def rebuild_dedupe(conn: psycopg.Connection, start: datetime, end: datetime, threshold: float = DEFAULT_THRESHOLD,
                   batch_size: int = 5000) -> dict:
    """Regroup the articles published (or, lacking a date, first seen) in [start, end).

    They are unindexed and taken out of their clusters, then re-placed in change_seq order
    against everything else, in one transaction: readers never see the interval half-built.
    """
    counts: Counter = Counter(processed=0, clusters_new=0, exact_duplicates=0, near_duplicates=0)
    with conn.transaction():
        _lock_and_watermark(conn)
        rows = conn.execute(
            _SELECT + " WHERE coalesce(a.published_at, a.first_seen_at) >= %s"
            " AND coalesce(a.published_at, a.first_seen_at) < %s ORDER BY a.change_seq",
            (start, end),
        ).fetchall()
        docs = [Doc(*r) for r in rows]
        old = lsh_store.signed(conn, [d.id for d in docs])
        lsh_store.remove(conn, {a: keys for a, (_, keys) in old.items()})
        touched = clusters.detach(conn, [d.id for d in docs])
        for i in range(0, len(docs), batch_size):
            process_batch(conn, docs[i : i + batch_size], threshold, counts)
        clusters.refresh_representatives(conn, _existing(conn, touched))
    return dict(counts)


def _existing(conn: psycopg.Connection, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return {r[0] for r in conn.execute("SELECT id FROM clusters WHERE id = ANY(%s)", (list(ids),)).fetchall()}


def process_batch(conn: psycopg.Connection, docs: list[Doc], threshold: float, counts: Counter) -> None:
    """Place a batch of articles (in change_seq order) into clusters."""
    counts["processed"] += len(docs)
    prior = lsh_store.signed(conn, [d.id for d in docs])
    todo, skeys, changed = [], [], {}
    for d in docs:
        key = sign_key(d)
        if d.id in prior and prior[d.id][0] == key:
            counts["unchanged"] += 1
            continue
        if d.id in prior:
            changed[d.id] = prior[d.id][1]
        todo.append(d)
        skeys.append(key)
    if not todo:
        return
    lsh_store.remove(conn, changed)
    touched = clusters.detach(conn, [d.id for d in todo])
    counts["resigned"] += len(changed)

    flat, offsets = shingle_batch([d.text() for d in todo])
    n_sh = np.diff(offsets.astype(np.int64))
    bkeys = band_keys(signatures(flat, offsets))
    doc_keys: list[list[tuple[int, int]]] = []
    for i, d in enumerate(todo):
        keys = exact_keys(d)
        if n_sh[i] > 0:
            keys.extend((int(k), b) for b, k in enumerate(bkeys[i]))
        doc_keys.append(keys)
    found = lsh_store.lookup(conn, [k for keys in doc_keys for k, _ in keys])

    # candidates: ('a', article_id) already indexed, ('b', j) earlier in this batch
    in_batch: dict[int, list[int]] = defaultdict(list)
    exact: list[dict] = []
    near: list[list] = []
    for i, d in enumerate(todo):
        ex: dict = {}
        bands: Counter = Counter()
        for key, band in doc_keys[i]:
            targets = [("a", aid) for b2, aid in found.get(key, ()) if b2 == band and aid != d.id]
            targets += [("b", j) for j in in_batch.get(key, ())]
            for t in targets:
                if band < 0:
                    kind = EXACT_KIND[band]
                    if t not in ex or _KIND_RANK[kind] < _KIND_RANK[ex[t]]:
                        ex[t] = kind
                else:
                    bands[t] += 1
            in_batch[key].append(i)
        exact.append(ex)
        near.append([t for t, _ in bands.most_common(MAX_NEAR_CANDIDATES) if t not in ex])

    # verification: exact Jaccard of the shingle sets, never the MinHash estimate
    sets: dict = {}

    def batch_set(j: int) -> np.ndarray:
        if ("b", j) not in sets:
            sets[("b", j)] = np.unique(flat[int(offsets[j]) : int(offsets[j + 1])])
        return sets[("b", j)]

    ext_ids = sorted({t[1] for i in range(len(todo)) for t in list(exact[i]) + near[i] if t[0] == "a"})
    if ext_ids:
        ext = [Doc(*r) for r in conn.execute(_SELECT + " WHERE a.id = ANY(%s)", (ext_ids,)).fetchall()]
        ef, eo = shingle_batch([e.text() for e in ext])
        for k, e in enumerate(ext):
            sets[("a", e.id)] = np.unique(ef[int(eo[k]) : int(eo[k + 1])])

    matches: list[list[tuple]] = []
    for i in range(len(todo)):
        mine = batch_set(i)
        found_i = []
        for t, kind in exact[i].items():
            other = batch_set(t[1]) if t[0] == "b" else sets.get(t)
            sim = similarity(mine, other)[0] if other is not None and len(mine) else None
            found_i.append((t, kind, 1.0 if sim is None else sim))
        for t in near[i]:
            other = batch_set(t[1]) if t[0] == "b" else sets.get(t)
            if other is None:
                continue  # candidate deleted since it was indexed
            jac, cont = similarity(mine, other)
            if jac >= threshold or (cont >= TRIM_CONTAINMENT and jac >= threshold - TRIM_MARGIN):
                found_i.append((t, "near_duplicate", jac))
        matches.append(found_i)

    _place(conn, todo, matches, touched, counts)
    bucket_rows, sig_rows = [], []
    for i, d in enumerate(todo):
        keys = doc_keys[i]
        bucket_rows.extend((k, b, d.id) for k, b in keys)
        sig_rows.append((d.id, skeys[i], [k for k, _ in keys], int(n_sh[i])))
    lsh_store.insert(conn, bucket_rows)
    lsh_store.save_signatures(conn, sig_rows)


def _place(conn: psycopg.Connection, todo: list[Doc], matches: list[list[tuple]], touched: set[int],
           counts: Counter) -> None:
    """Union the batch with the clusters it matched; write members and representatives."""
    ext_ids = sorted({t[1] for ms in matches for t, _, _ in ms if t[0] == "a"})
    member_of = clusters.cluster_of(conn, ext_ids)
    uf = clusters.UnionFind()
    for i, ms in enumerate(matches):
        uf.find(("d", i))
        for t, _, _ in ms:
            if t[0] == "b":
                uf.union(("d", i), ("d", t[1]))
            elif t[1] in member_of:
                uf.union(("d", i), ("c", member_of[t[1]]))
    groups: dict = defaultdict(lambda: ([], []))
    for node in list(uf.parent):
        kind, value = node
        groups[uf.find(node)][0 if kind == "d" else 1].append(value)

    moves: dict[int, int] = {}
    target_of: dict = {}
    fresh: list = []
    refresh = set(touched)
    for root, (members, cids) in groups.items():
        if cids:
            target = min(cids)
            moves.update({c: target for c in cids if c != target})
            target_of[root] = target
            refresh.add(target)
        else:
            fresh.append(root)
    clusters.merge(conn, moves)
    refresh -= set(moves)
    reps = [todo[groups[r][0][0]].id if len(groups[r][0]) == 1 else None for r in fresh]
    for root, cid in zip(fresh, clusters.new_clusters(conn, reps)):
        target_of[root] = cid
        if len(groups[root][0]) > 1:
            refresh.add(cid)
    counts["clusters_new"] += len(fresh)
    counts["clusters_merged"] += len(moves)

    rows = []
    for i, d in enumerate(todo):
        cid = target_of[uf.find(("d", i))]
        if not matches[i]:
            rows.append((d.id, cid, "origin", None, None))
            continue
        t, kind, sim = min(matches[i], key=lambda m: (_KIND_RANK[m[1]], -m[2]))
        other = todo[t[1]].id if t[0] == "b" else t[1]
        rows.append((d.id, cid, kind, other, round(float(sim), 4)))
        counts["near_duplicates" if kind == "near_duplicate" else "exact_duplicates"] += 1
    clusters.add_members(conn, rows)
    clusters.refresh_representatives(conn, refresh)
