"""Candidates of a batch from its index keys: exact keys, LSH band and lede-window buckets."""
from __future__ import annotations

import numpy as np

from .lsh_store import EXACT_KIND

KIND_RANK = {"guid": 0, "canonical_url": 1, "content_hash": 2, "exact": 3, "syndicated": 4, "wrapped": 5,
             "trimmed": 6, "updated": 7}
MAX_NEAR_CANDIDATES = 20   # per article, most shared bands first: caps work on boilerplate buckets


def candidates(kd: np.ndarray, kk: np.ndarray, kb: np.ndarray, found: list[tuple[int, int, int]],
                ids: list[int]) -> tuple[list[dict], list[list]]:
    """Per doc: exact candidates {target: kind} and near candidates (most shared bands first).

    A target is ('a', article_id) already indexed or ('b', j) earlier in this batch. Only keys
    that occur twice (in the batch or in the index) reach Python: the rest is sorted away.
    """
    n = len(ids)
    ex: list[dict] = [{} for _ in range(n)]
    bands: list[dict] = [{} for _ in range(n)]   # target -> [shared bands, first band]

    def hit(i: int, t: tuple, band: int) -> None:
        if band < 0:
            kind = EXACT_KIND[band]
            cur = ex[i].get(t)
            if cur is None or KIND_RANK[kind] < KIND_RANK[cur]:
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
                    if ids[i] != aid:
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
