"""Incremental dedupe: sign new/changed articles, look up the shared index, verify, cluster.

Each batch is one transaction that also moves the 'dedupe' watermark, so a crash loses nothing
and a re-run over the same stories changes nothing. Workers serialise on an advisory lock.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import psycopg

from . import clusters, lsh_store, reconcile
from .lsh_store import EXACT_BODY, EXACT_GUID, EXACT_KIND, EXACT_URL
from .minhash import BANDS, band_keys, signatures
from .shingles import shingle_batch, similarity, sorted_unique

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
    body = _normalise_body(doc.body)
    if body:
        keys.append((_h64("body", body), EXACT_BODY))
    return keys


def _lock_and_watermark(conn: psycopg.Connection) -> int:
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
    conn.execute("INSERT INTO watermarks (name, position) VALUES (%s, 0) ON CONFLICT DO NOTHING", (WATERMARK,))
    return conn.execute("SELECT position FROM watermarks WHERE name = %s", (WATERMARK,)).fetchone()[0]


def run_dedupe(conn: psycopg.Connection, threshold: float = DEFAULT_THRESHOLD, batch_size: int = 5000,
               overlap: bool = True) -> dict:
    """Process articles changed since the 'dedupe' watermark; return counts.

    With `overlap`, the next batch is read ahead and signed (shingles, MinHash, keys: pure CPU)
    in a helper thread while this batch waits on Postgres. Under the lock the next batch is
    re-listed (ids and change_seq) and the read-ahead is used only if it is exactly that batch,
    so another worker or a concurrent update never makes it process stale text.
    """
    counts: Counter = Counter(processed=0, clusters_new=0, exact_duplicates=0, near_duplicates=0)
    pool = ThreadPoolExecutor(1, thread_name_prefix="dedupe-sign") if overlap else None
    ahead = None  # (watermark it follows, docs, future of their Signing)
    try:
        while True:
            with conn.transaction():
                position = _lock_and_watermark(conn)
                docs = None
                if ahead is not None and ahead[0] == position:
                    signed_ahead = ahead[2].result()
                    listed = conn.execute(
                        "SELECT id, change_seq FROM articles WHERE change_seq > %s ORDER BY change_seq LIMIT %s",
                        (position, batch_size),
                    ).fetchall()
                    if listed == [(d.id, d.change_seq) for d in ahead[1]]:
                        docs, signing = ahead[1], signed_ahead
                ahead = None
                if docs is None:
                    rows = conn.execute(
                        _SELECT + " WHERE a.change_seq > %s ORDER BY a.change_seq LIMIT %s", (position, batch_size)
                    ).fetchall()
                    if not rows:
                        break
                    docs, signing = [Doc(*r) for r in rows], None
                if pool is not None and len(docs) == batch_size:
                    nxt = [Doc(*r) for r in conn.execute(
                        _SELECT + " WHERE a.change_seq > %s ORDER BY a.change_seq LIMIT %s",
                        (docs[-1].change_seq, batch_size),
                    ).fetchall()]
                    if nxt:
                        ahead = (docs[-1].change_seq, nxt, pool.submit(sign, nxt))
                process_batch(conn, docs, threshold, counts, signing)
                conn.execute(
                    "UPDATE watermarks SET position = %s, updated_at = now() WHERE name = %s",
                    (docs[-1].change_seq, WATERMARK),
                )
            if len(docs) < batch_size:
                break
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return dict(counts)


def rebuild_dedupe(conn: psycopg.Connection, start: datetime, end: datetime, threshold: float = DEFAULT_THRESHOLD,
                   batch_size: int = 5000) -> dict:
    """Regroup the articles published (or, lacking a date, first seen) in [start, end).

    They are unindexed and taken out of their clusters, then re-placed in change_seq order
    against everything else, in one transaction: readers never see the interval half-built.
    The new grouping is written as a difference (reconcile): a cluster whose members did not
    change keeps its id and rows, so reprocessing an unchanged interval changes no row.
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
        ids = [d.id for d in docs]
        old_sigs = reconcile.signatures(conn, ids)
        affected = set(reconcile.members_of_clusters(conn, ids))
        with conn.transaction() as savepoint:  # compute the new grouping, read it, roll it back
            lsh_store.remove(conn, {a: keys for a, (_, keys, _) in old_sigs.items()})
            touched = clusters.detach(conn, ids)
            for i in range(0, len(docs), batch_size):
                process_batch(conn, docs[i : i + batch_size], threshold, counts)
            clusters.refresh_representatives(conn, _existing(conn, touched))
            result = reconcile.capture(conn, ids, affected, old_sigs)
            raise psycopg.Rollback(savepoint)
        counts.update(reconcile.apply(conn, result, old_sigs))  # write only what differs
    return dict(counts)


def _existing(conn: psycopg.Connection, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return {r[0] for r in conn.execute("SELECT id FROM clusters WHERE id = ANY(%s)", (list(ids),)).fetchall()}


def _normalise_body(text: str) -> str:
    """record.normalise_for_hash (casefold, whitespace runs to one space, strip) without a regex:
    str.split() splits on exactly the characters `\\s` matches in a str pattern."""
    return " ".join(text.casefold().split()) if text else ""


@dataclass
class Signing:
    """What dedupe derives from a batch's text alone (no database): computed ahead of time."""
    ids: list[int]
    flat: np.ndarray        # shingle hashes of all docs
    offsets: np.ndarray     # row offsets into flat
    n_sh: np.ndarray        # shingles per doc
    kd: np.ndarray          # index keys: doc index, key, band (exact keys, then bands)
    kk: np.ndarray
    kb: np.ndarray


def sign(docs: list[Doc]) -> Signing:
    """Shingle, MinHash and key a batch of docs."""
    flat, offsets = shingle_batch([d.text() for d in docs])
    n_sh = np.diff(offsets.astype(np.int64))
    bkeys = band_keys(signatures(flat, offsets))
    ex_doc, ex_key, ex_band = [], [], []
    for i, d in enumerate(docs):
        for k, b in exact_keys(d):
            ex_doc.append(i)
            ex_key.append(k)
            ex_band.append(b)
    signed_docs = np.nonzero(n_sh > 0)[0]
    kd = np.concatenate([np.asarray(ex_doc, dtype=np.int64), np.repeat(signed_docs, BANDS)])
    kk = np.concatenate([np.asarray(ex_key, dtype=np.int64), bkeys[signed_docs].ravel()])
    kb = np.concatenate([np.asarray(ex_band, dtype=np.int16),
                         np.tile(np.arange(BANDS, dtype=np.int16), len(signed_docs))])
    return Signing([d.id for d in docs], flat, offsets, n_sh, kd, kk, kb)


def _candidates(kd: np.ndarray, kk: np.ndarray, kb: np.ndarray, found: list[tuple[int, int, int]],
                todo: list[Doc]) -> tuple[list[dict], list[list]]:
    """Per doc: exact candidates {target: kind} and near candidates (most shared bands first).

    A target is ('a', article_id) already indexed or ('b', j) earlier in this batch. Only keys
    that occur twice (in the batch or in the index) reach Python: the rest is sorted away.
    """
    n = len(todo)
    ex: list[dict] = [{} for _ in range(n)]
    bands: list[dict] = [{} for _ in range(n)]   # target -> [shared bands, first band]

    def hit(i: int, t: tuple, band: int) -> None:
        if band < 0:
            kind = EXACT_KIND[band]
            cur = ex[i].get(t)
            if cur is None or _KIND_RANK[kind] < _KIND_RANK[cur]:
                ex[i][t] = kind
        else:
            c = bands[i].get(t)
            if c is None:
                bands[i][t] = [1, band]
            else:
                c[0] += 1

    order = np.lexsort((kd, kb, kk))          # by key, band, then doc (batch order)
    sk, sb, sd = kk[order], kb[order], kd[order]
    # already indexed: every doc holding a (key, band) that the index returned
    if found:
        lo = np.searchsorted(sk, np.fromiter((f[0] for f in found), dtype=np.int64, count=len(found)), "left")
        hi = np.searchsorted(sk, np.fromiter((f[0] for f in found), dtype=np.int64, count=len(found)), "right")
        for (bucket, band, aid), a, b in zip(found, lo.tolist(), hi.tolist()):
            for p in range(a, b):
                if sb[p] == band:
                    i = int(sd[p])
                    if todo[i].id != aid:
                        hit(i, ("a", aid), band)
    # earlier in the batch: runs of equal (key, band)
    if len(sk) > 1:
        same = (sk[1:] == sk[:-1]) & (sb[1:] == sb[:-1])
        if same.any():
            edges = np.flatnonzero(np.diff(np.concatenate(([0], same.view(np.int8), [0]))))
            for a, b in zip(edges[0::2].tolist(), edges[1::2].tolist()):
                run = sd[a : b + 1].tolist()
                band = int(sb[a])
                for x in range(1, len(run)):
                    for y in range(x):
                        if run[y] != run[x]:
                            hit(run[x], ("b", run[y]), band)
    near = []
    for i in range(n):
        cand = [t for t in bands[i] if t not in ex[i]]
        cand.sort(key=lambda t, c=bands[i]: (-c[t][0], c[t][1], t))
        near.append(cand[:MAX_NEAR_CANDIDATES])
    return ex, near


def process_batch(conn: psycopg.Connection, docs: list[Doc], threshold: float, counts: Counter,
                  signing: Signing | None = None) -> None:
    """Place a batch of articles (in change_seq order) into clusters.

    `signing` is sign(docs) if already computed; it is used only when every doc needs placing.
    """
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

    if signing is None or len(todo) != len(docs) or signing.ids != [d.id for d in todo]:
        signing = sign(todo)
    flat, offsets, n_sh = signing.flat, signing.offsets, signing.n_sh
    kd, kk, kb = signing.kd, signing.kk, signing.kb
    found = lsh_store.lookup_rows(conn, kk)
    exact, near = _candidates(kd, kk, kb, found, todo)

    # verification: exact Jaccard of the shingle sets, never the MinHash estimate
    sets: dict = {}

    def batch_set(j: int) -> np.ndarray:
        if ("b", j) not in sets:
            sets[("b", j)] = sorted_unique(flat[int(offsets[j]) : int(offsets[j + 1])])
        return sets[("b", j)]

    ext_ids = sorted({t[1] for i in range(len(todo)) for t in list(exact[i]) + near[i] if t[0] == "a"})
    if ext_ids:
        ext = [Doc(*r) for r in conn.execute(_SELECT + " WHERE a.id = ANY(%s)", (ext_ids,)).fetchall()]
        ef, eo = shingle_batch([e.text() for e in ext])
        for k, e in enumerate(ext):
            sets[("a", e.id)] = sorted_unique(ef[int(eo[k]) : int(eo[k + 1])])

    matches: list[list[tuple]] = []
    for i in range(len(todo)):
        if not exact[i] and not near[i]:
            matches.append([])
            continue
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
    ids = np.fromiter((d.id for d in todo), dtype=np.int64, count=len(todo))
    lsh_store.insert_arrays(conn, kk, kb, ids[kd])
    lsh_store.save_signature_arrays(conn, ids, np.asarray(skeys, dtype=np.int64), kd, kk,
                                    n_sh.astype(np.int64))


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
