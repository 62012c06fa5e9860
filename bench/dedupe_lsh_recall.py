"""Candidate recall of the compact LSH across Jaccard 0.5-1.0: does a copy become a candidate?

    .venv/bin/python bench/dedupe_lsh_recall.py [--trials 30]

Migration 052 indexes 10 bands of 4 rows instead of 30: a pair at shingle Jaccard 0.6 meets in
a band with p = 1-(1-0.6^4)^10 = 0.75 instead of 0.985. The lede windows and the subject and
figures keys are meant to find what the bands miss. This measures it on copies of REAL text
(the full stories of tests/fixtures wire files and pages, and the Reuters RSS items) edited by
word substitutions (words drawn from the other stories), either spread over the whole story
(the worst case for the lede keys) or only past its first 60 words (the lede kept), bucketed
by the measured 3-shingle Jaccard. For each bucket it prints the share of pairs that are
candidates with 30 bands (before 052), with the 10 bands alone, and with everything indexed
today (scrapers.dedupe.pairs.decide: bands, lede windows, subject and figures keys), plus the
share the verification then links (a copy edited this much is not always a duplicate; that
column is for information).
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dedupe_devset import LONG, rss_items, story  # noqa: E402

from scrapers.dedupe.furniture import clean  # noqa: E402
from scrapers.dedupe.minhash import band_keys, signatures  # noqa: E402
from scrapers.dedupe.pairs import decide  # noqa: E402
from scrapers.dedupe.shingles import shingle_batch  # noqa: E402

BUCKETS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)]
KEEP_LEDE = 60  # words left alone in the "tail" mode


def texts() -> list[str]:
    out = ["\n\n".join(story(name)) for name in LONG]
    out += [t for t, _ in rss_items().values() if len(t.split()) >= 40]
    return out


def edit(text: str, rate: float, tail: bool, pool: list[str], rng: random.Random) -> str:
    """`text` with a share `rate` of its words (past the lede when `tail`) replaced."""
    words = text.split(" ")
    start = KEEP_LEDE if tail else 0
    for i in range(start, len(words)):
        if rng.random() < rate:
            words[i] = rng.choice(pool)
    return " ".join(words)


def measure(a: str, b: str) -> tuple[float, bool, bool]:
    """(Jaccard, candidate with 30 bands, with 10) of the cleaned texts."""
    flat, offs = shingle_batch([clean(a)[0], clean(b)[0]])
    rows = [np.unique(flat[offs[i] : offs[i + 1]]) for i in range(2)]
    inter = len(np.intersect1d(rows[0], rows[1]))
    jac = inter / (len(rows[0]) + len(rows[1]) - inter)
    keys = band_keys(signatures(flat, offs), 30)
    same = keys[0] == keys[1]
    return jac, bool(same.any()), bool(same[:10].any())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=30, help="edits per story and mode")
    args = ap.parse_args()
    rng = random.Random(7)
    corpus = texts()
    pool = [w for t in corpus for w in t.split()]
    for tail in (False, True):
        stats = {b: np.zeros(5, dtype=int) for b in BUCKETS}  # n, 30 bands, 10 bands, today, linked
        for text in corpus:
            for _ in range(args.trials):
                b = edit(text, rng.uniform(0.01, 0.16), tail, pool, rng)
                jac, c30, c10 = measure(text, b)
                bucket = next((k for k in BUCKETS if k[0] <= jac < k[1]), None)
                if bucket is None:
                    continue
                d = decide(text, b)
                stats[bucket] += [1, c30, c10, d.candidate, d.linked]
        mode = "edits past the first 60 words (lede kept)" if tail else "edits spread over the story"
        print(f"{mode}: {len(corpus)} real stories, {args.trials} edits each")
        print("  Jaccard    pairs  30 bands  10 bands  today (bands+lede+keys)  linked")
        for (lo, hi), s in stats.items():
            if s[0]:
                r = s[1:] / s[0]
                print(f"  {lo:.1f}-{hi:.1f}  {s[0]:6d}  {r[0]:8.3f}  {r[1]:8.3f}  {r[2]:23.3f}  {r[3]:6.3f}")


if __name__ == "__main__":
    main()
