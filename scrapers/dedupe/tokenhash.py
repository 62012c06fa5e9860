"""Token hashes of plain texts in bulk, without a Python object per token (issue #15).

Tokenising with a regex and looking each token up in a dict was over half of signing (py-spy on
bench/dedupe_scale.py stories). A text whose tokens are found by bytes alone (ASCII, plus
punctuation and symbols that casefold to no word character: curly quotes, dashes, NBSP, emoji)
is lowered and its separators made spaces by one bytes.translate; numpy then finds the tokens,
packs each (up to 16 bytes, zero-padded: exact, letters and digits are never 0) into two uint64
and looks them up in an open-addressing table of the token hashes already computed. The hash
of a token is the same stable blake2b as scrapers.dedupe.shingles._token_hash, computed from its
bytes on a miss; a longer token or a colliding mixed key takes that per-token path. So every
hash is exactly what the regex path gives (tests/test_dedupe_signing_identity.py).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable

import numpy as np

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]")  # shingles._TOKEN's characters
# Blocks scanned for characters that separate words on both paths: Latin-1 symbols, general
# punctuation, currency, letterlike symbols, arrows, maths, technical, boxes, shapes, dingbats,
# CJK punctuation, presentation forms, emoji. Letters and digits among them are left out.
_BLOCKS = [(0x80, 0xFF), (0x2000, 0x2BFF), (0x3000, 0x303F), (0xFE30, 0xFE4F), (0x1F000, 0x1FAFF)]


def _separators() -> str:
    """The character class of non-ASCII characters that are separators however the text is cased."""
    ok = [c for lo, hi in _BLOCKS for c in range(lo, hi + 1)
          if not _WORD.search(chr(c)) and not _WORD.search(chr(c).casefold())]
    ranges, start = [], ok[0]
    for prev, cur in zip(ok, ok[1:] + [-1]):
        if cur != prev + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = cur
    return "".join(ranges)


_NOT_PLAIN = re.compile("[^\\x00-\\x7f" + _separators() + "]")
# lower-case A-Z, keep a-z and 0-9, every other byte (and '?', what encode puts for the rest) a space
_TABLE = bytes(c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
_LONG = 16      # bytes a token may have to be packed
_PAD = b" " * (_LONG + 1)
_MASKS = np.array([(1 << (8 * i)) - 1 for i in range(9)], dtype=np.uint64)  # the low i bytes of a word
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
MAX_ENTRIES = 1 << 20  # held per process (4 arrays of 4x as many slots: 128 MB at the cap)


def plain(text: str) -> bytes | None:
    """The text lowered with every separator a space, if its tokens are found that way, else None."""
    if not text.isascii() and _NOT_PLAIN.search(text):
        return None
    return text.encode("ascii", "replace").translate(_TABLE)


class _Table:
    """Open addressing, linear probing: mixed key (never 0) -> packed token, hash."""

    def __init__(self, bits: int) -> None:
        self.bits, self.size = bits, 0
        slots = 1 << bits
        self.key = np.zeros(slots, dtype=np.uint64)
        self.lo = np.zeros(slots, dtype=np.uint64)
        self.hi = np.zeros(slots, dtype=np.uint64)
        self.val = np.zeros(slots, dtype=np.int64)

    def find(self, k: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, found) for each packed token; not found: absent, or its mixed key held by another."""
        mask = (1 << self.bits) - 1
        slot = (k >> np.uint64(64 - self.bits)).astype(np.intp)
        held = self.key[slot]
        found = (held == k) & (self.lo[slot] == lo) & (self.hi[slot] == hi)
        out = np.where(found, self.val[slot], 0)
        todo = np.flatnonzero((held != k) & (held != 0))  # another key in the slot: probe on
        while len(todo):
            slot[todo] = (slot[todo] + 1) & mask
            s = slot[todo]
            held = self.key[s]
            hit = (held == k[todo]) & (self.lo[s] == lo[todo]) & (self.hi[s] == hi[todo])
            out[todo[hit]] = self.val[s[hit]]
            found[todo[hit]] = True
            todo = todo[(held != k[todo]) & (held != 0)]
        return out, found

    def add(self, k: int, lo: int, hi: int, val: int) -> None:
        mask = (1 << self.bits) - 1
        s = k >> (64 - self.bits)
        while self.key[s] != 0:
            if self.key[s] == k:
                return  # another token with this mixed key: both stay on the per-token path
            s = (s + 1) & mask
        self.lo[s], self.hi[s], self.val[s] = lo, hi, val
        self.key[s] = k  # last: a reader in another thread never sees a half-written entry
        self.size += 1


_STATE = {"table": _Table(16)}
_LOCK = threading.Lock()


def hash_plain(blobs: list[bytes], token_hash: Callable[[bytes], int]) -> tuple[np.ndarray, np.ndarray]:
    """(uint64 hashes of the tokens of all blobs, in order; tokens per blob) of plain() outputs.

    `token_hash` hashes one token's bytes (and may cache): used on misses and long tokens."""
    joined = b" ".join(blobs) + _PAD
    buf = np.frombuffer(joined, dtype=np.uint8)
    edge = np.diff((buf != 32).view(np.int8), prepend=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    bounds = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) + 1, out=bounds[1:])
    counts = np.diff(np.searchsorted(starts, bounds))
    n = ends - starts
    words = np.ndarray(shape=(len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))  # 8 bytes at every offset
    lo = words[starts] & _MASKS[np.minimum(n, 8)]
    hi = words[starts + 8] & _MASKS[np.clip(n - 8, 0, 8)]
    with np.errstate(over="ignore"):
        k = ((lo * _M1) ^ hi) * _M2
        k ^= k >> np.uint64(29)
        k |= np.uint64(1)
    short = n <= _LONG
    table = _STATE["table"]
    out, found = table.find(k, lo, hi)
    found &= short  # a long token packs as its first 16 bytes: never taken from the table
    miss = np.flatnonzero(~found & short)
    if len(miss):
        with _LOCK:
            table = _learn(joined, starts[miss], ends[miss], k[miss], lo[miss], hi[miss], token_hash)
        out[miss], found[miss] = table.find(k[miss], lo[miss], hi[miss])
    for i in np.flatnonzero(~found).tolist():  # long tokens, mixed-key collisions
        out[i] = token_hash(joined[starts[i] : ends[i]])
    return out.view(np.uint64), counts


def _learn(joined: bytes, starts: np.ndarray, ends: np.ndarray, k: np.ndarray, lo: np.ndarray, hi: np.ndarray,
           token_hash: Callable[[bytes], int]) -> _Table:
    """Add the missed tokens (one of each mixed key) to the table, growing or resetting it."""
    table = _STATE["table"]
    _, first = np.unique(k, return_index=True)
    if table.size + len(first) > MAX_ENTRIES:
        table = _Table(16)
    while 4 * (table.size + len(first)) > (1 << table.bits):  # at most a quarter full
        table = _grown(table)
    for i in first.tolist():
        table.add(int(k[i]), int(lo[i]), int(hi[i]), token_hash(joined[starts[i] : ends[i]]))
    _STATE["table"] = table
    return table


def _grown(table: _Table) -> _Table:
    bigger = _Table(table.bits + 1)
    held = np.flatnonzero(table.key)
    for i in held.tolist():
        bigger.add(int(table.key[i]), int(table.lo[i]), int(table.hi[i]), int(table.val[i]))
    return bigger
