"""MinHash signatures (rensa) and LSH band keys.

rensa was measured against datasketch (bench/dedupe_scale.py --compare): it signs several
times faster, and fed with numpy-built shingle hashes the whole batch is signed in one call.
Banding: 30 bands of 4 rows (120 permutations). The S-curve 1-(1-J^4)^30 finds a pair at
Jaccard 0.6 with p=0.985, 0.5 with p=0.86 and 0.2 with p=0.047. 20x6 was tried first: on the
labelled pairs it missed short-item corrections and partner copies (3-shingle Jaccard
0.65-0.75 on 60-word items); different stories on the same event stay under 0.02, so the
extra candidates cost only verification time. Thresholds below ~0.5 need re-banding.
"""
from __future__ import annotations

import numpy as np
from rensa import RMinHash

BANDS = 30
ROWS = 4
NUM_PERM = BANDS * ROWS
# Bands written to the index: the first INDEXED of the 30 (the others are not computed), to keep
# the index near 1 KB a story (migration 052). 10 bands of 4 rows find a pair at Jaccard 0.8 with
# p=0.99, 0.7 with 0.94 and 0.6 with 0.75 (30 bands: 0.985 at 0.6); the lede windows (a copy
# that keeps the opening) and the subject key (a short reworded take) find what they miss, and
# bench/dedupe_eval.py keeps every figure it had with 30 bands.
INDEXED = 10
SEED = 20240601  # part of the stored index: changing it (or BANDS/ROWS) needs a full rebuild
_M = np.uint64(0x9E3779B97F4A7C15)
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)


def signatures(flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) uint32 MinHash signatures of the shingle rows given by `offsets`."""
    n = len(offsets) - 1
    if n == 0:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(n, NUM_PERM)


def band_keys(sigs: np.ndarray, bands: int = INDEXED, rows: int = ROWS, salt: np.ndarray = _BAND_SALT) -> np.ndarray:
    """(n, bands) int64 bucket keys of the first `bands` bands: a hash of (band number, the band's rows)."""
    sigs = sigs[:, : bands * rows]
    salt = salt[:bands]
    parts = sigs.reshape(len(sigs), bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        key = np.broadcast_to(salt, (len(sigs), bands)).copy()
        for j in range(rows):
            key = (key ^ parts[:, :, j]) * _M
            key ^= key >> np.uint64(29)
    return key.view(np.int64)


# The lede as its own signal: a MinHash of a window of LEDE_WINDOW shingles. The window at the
# start of a story is indexed; windows further down are only looked up, so a later version whose
# new lead pushed the first take's lede down (or a copy with a different opening) still meets it.
# 5 bands of 3 rows: a window pair at Jaccard 0.8 collides with p=0.99, 0.6 with 0.71, 0.2 with 0.04.
LEDE_BANDS = 5
LEDE_INDEXED = 5  # of them indexed (all: with 3 or 4, a derived update of bench/dedupe_eval.py was missed)
LEDE_ROWS = 3
LEDE_WINDOW = 40
LEDE_STORED = (0,)
LEDE_QUERIED = (0, 20, 40, 60)
LEDE_BAND0 = 100  # band numbers of the lede keys: 100..104
SUBJECT_BAND = 110  # the subject key of a story with a dateline place (scrapers.dedupe.short)
FIGURES_BAND = 111  # the figures key of a story with a dateline place and figures in its opening
_LEDE_SEED = SEED + 1
_LEDE_SALT = (np.arange(LEDE_BANDS, dtype=np.uint64) + np.uint64(101)) * np.uint64(0xA24BAED4963EE407)


def lede_keys(flat: np.ndarray, offsets: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
    """(doc indexes, (m, LEDE_INDEXED) keys) of the window starting `start` shingles into each story.

    A window past the start is keyed only when at least half of it exists."""
    offs = offsets.astype(np.int64)
    n_sh = np.diff(offs)
    avail = n_sh - start
    docs = np.nonzero(avail >= (1 if start == 0 else LEDE_WINDOW // 2))[0]
    if len(docs) == 0:
        return docs, np.zeros((0, LEDE_INDEXED), dtype=np.int64)
    lengths = np.minimum(avail[docs], LEDE_WINDOW)
    win_offs = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum(lengths, out=win_offs[1:])
    idx = np.repeat(offs[docs] + start - win_offs[:-1], lengths) + np.arange(win_offs[-1])
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        np.ascontiguousarray(flat[idx]), win_offs.astype(np.uint64), LEDE_BANDS * LEDE_ROWS, _LEDE_SEED)
    sigs = np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(len(docs), LEDE_BANDS * LEDE_ROWS)
    return docs, band_keys(sigs, LEDE_INDEXED, LEDE_ROWS, _LEDE_SALT)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimate from two signatures (for diagnostics; joins use exact verification)."""
    return float(np.mean(a == b))
