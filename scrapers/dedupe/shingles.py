"""Word shingles of a story, hashed to uint64 in bulk.

Tokens are hashed once per process (a dict cache: wire vocabulary is small, so most lookups
hit) with a stable keyed hash, and shingles are combined from token hashes with numpy over a
whole batch at once: Python-level shingling was most of the signing time otherwise.
Ideographic scripts (Chinese, Japanese) have no spaces, so each ideograph/kana is a token.
"""
from __future__ import annotations

import hashlib
import re
import threading

import numpy as np

from .tokenhash import hash_plain, plain

SHINGLE = 3  # words per shingle: 3 keeps re-ledes and small edits from breaking every shingle
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
_CACHE: dict[str, int] = {}
_CACHE_MAX = 2_000_000
_CACHE_LOCK = threading.Lock()
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)


_ASCII_TOKEN = re.compile(r"[a-z0-9]+")  # what _TOKEN finds in lower-cased ASCII text, ~2x faster


def tokens(text: str) -> list[str]:
    """Case-folded word tokens (punctuation and markup noise dropped)."""
    if text.isascii():  # casefold() is lower() on ASCII, and no ideograph can occur
        return _ASCII_TOKEN.findall(text.lower())
    return _TOKEN.findall(text.casefold())


def _token_hash(tok: str) -> int:
    """Held signed: numpy converts a Python int above 2**63 to uint64 about 2x slower than one
    that fits int64 (measured on hash_tokens); the bits, hence every shingle, are the same."""
    return int.from_bytes(hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def hash_tokens(toks: list[str]) -> np.ndarray:
    """uint64 token hashes of a whole batch: one C-level pass over the cache, misses filled first.

    Safe to call from two threads (dedupe signs the next batch in a helper thread).
    """
    cache = _CACHE
    while True:
        try:
            return np.fromiter(map(cache.__getitem__, toks), dtype=np.int64, count=len(toks)).view(np.uint64)
        except KeyError:
            with _CACHE_LOCK:
                missing = set(toks).difference(cache)
                if len(cache) + len(missing) > _CACHE_MAX:
                    cache.clear()
                    missing = set(toks)
                cache.update({tok: _token_hash(tok) for tok in missing})


def token_hashes(toks: list[str]) -> list[int]:
    """Stable 64-bit hashes of tokens (same value in every process and on every machine)."""
    return hash_tokens(toks).tolist()


def _bytes_hash(tok: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(tok, digest_size=8).digest(), "little", signed=True)


def text_token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 hashes of the tokens of all texts, in order; tokens per text): plain texts
    (tokenhash.plain) in bulk with numpy, the others through tokens() and the token cache."""
    blobs = [plain(t) for t in texts]
    slow = [i for i, b in enumerate(blobs) if b is None]
    fast = [b for b in blobs if b is not None]
    h, counts = hash_plain(fast, _bytes_hash) if fast else (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    if not slow:
        return h, counts
    toks = [tokens(texts[i]) for i in slow]
    slow_h = hash_tokens([t for ts in toks for t in ts])
    is_fast = np.ones(len(texts), dtype=bool)
    is_fast[slow] = False
    lengths = np.zeros(len(texts), dtype=np.int64)
    lengths[slow] = [len(ts) for ts in toks]
    lengths[is_fast] = counts
    out = np.empty(int(lengths.sum()), dtype=np.uint64)
    fast_token = np.repeat(is_fast, lengths)  # each token's text took the fast path; both keep their order
    out[fast_token] = h
    out[~fast_token] = slow_h
    return out, lengths


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined token hashes over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M2
    x = x ^ (x >> np.uint64(27))
    x = x * _M3
    return x ^ (x >> np.uint64(31))


def shingle_batch(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of many texts: (flat uint64 array, row offsets of len(texts)+1).

    A text shorter than SHINGLE words yields one shingle of all its words; an empty text none.
    """
    h, lengths = text_token_hashes(texts)
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    with np.errstate(over="ignore"):
        if len(h) >= SHINGLE:
            comb = h[: len(h) - 2] * _M1
            comb = (comb ^ h[1 : len(h) - 1]) * _M1
            comb = _mix(comb ^ h[2:])
        else:
            comb = np.zeros(0, dtype=np.uint64)
        # position p is a valid shingle start when p + SHINGLE <= end of its text
        n_sh = np.maximum(lengths - (SHINGLE - 1), 0)
        # mark valid ranges [start, start + n_sh) with a difference array
        diff = np.zeros(len(comb) + 1, dtype=np.int64)
        valid = n_sh > 0
        np.add.at(diff, starts[:-1][valid], 1)
        np.add.at(diff, (starts[:-1] + n_sh)[valid], -1)
        keep = np.cumsum(diff[:-1]) > 0
        flat = comb[keep]
        counts = n_sh.copy()
        short = np.nonzero((lengths > 0) & (lengths < SHINGLE))[0]
        if len(short):
            # rare: splice one whole-text shingle in for each short text
            pieces, offs = [], np.zeros(len(texts) + 1, dtype=np.int64)
            np.cumsum(n_sh, out=offs[1:])
            last = 0
            for i in short:
                pieces.append(flat[last : offs[i]])
                acc = np.uint64(0x1234567)
                for v in h[starts[i] : starts[i + 1]]:
                    acc = (acc ^ v) * _M1
                pieces.append(_mix(np.asarray([acc], dtype=np.uint64)))
                last = offs[i]
                counts[i] = 1
            pieces.append(flat[last:])
            flat = np.concatenate(pieces)
    offsets = np.zeros(len(texts) + 1, dtype=np.uint64)
    np.cumsum(counts, out=offsets[1:])
    return flat, offsets


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique without its hash-table path (numpy 2.4): several times faster at ~300 values,
    ~20x at the ~600k keys of a dedupe batch."""
    s = np.sort(values)
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def shingle_set(text: str) -> np.ndarray:
    """Sorted unique shingle hashes of one text (for exact Jaccard verification)."""
    flat, _ = shingle_batch([text])
    return sorted_unique(flat)


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two sorted unique arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))
