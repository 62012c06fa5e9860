"""The parser's word caches (scrapers/dateline/memo.py): the answers of known, credit_name and
lookup are the functions' own, asked cold or warm, and a full cache is forgotten whole."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import agencies, candidates, memo, names, parser  # noqa: E402

CACHED = ((names.known, names._known, names.KNOWN), (candidates.credit_name, candidates._credit_name, candidates.CREDITS),
          (agencies.lookup, agencies._lookup, agencies.SHORT_NAMES))


def _words() -> list[str]:
    """Words, pairs of words and bracketed texts of real openings (places, credits, prose)."""
    out = []
    for name in ("tune", "dev", "zh"):
        for r in load_set(name):
            words = r["text"][:200].split()
            out += words + [" ".join(p) for p in zip(words, words[1:])]
            out += [part.split(")")[0] for part in r["text"][:300].split("(")[1:]]
    return out


def test_remembered_answers_are_the_functions_own():
    words = _words()
    for cached, plain, answers in CACHED:
        parser.clear_caches()
        assert not answers
        cold = [cached(w) for w in words]
        warm = [cached(w) for w in words]
        assert cold == warm == [plain(w) for w in words]
        assert any(cold) and not all(cold)  # the words hold both answers
        assert answers  # and the cache was used


def test_a_full_cache_is_forgotten_whole():
    answers: dict = {}
    for i in range(memo.WORD_CACHE):
        memo.remember(answers, str(i), i)
    assert len(answers) == memo.WORD_CACHE
    memo.remember(answers, "one more", 1)
    assert answers == {"one more": 1}


def test_clear_caches_empties_every_word_cache():
    for cached, _, answers in CACHED:
        cached("Paris")
        assert answers
    parser.clear_caches()
    assert not any(answers for _, _, answers in CACHED)
