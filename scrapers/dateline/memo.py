"""Word caches: the answers of the parser's pure word functions (is a name a known place, is a
credit an agency), kept for the later asks of an opening and of a feed."""
from __future__ import annotations

from typing import Final

WORD_CACHE: Final = 8192  # words one cache holds; a full cache is forgotten whole
# What a cache's `get` gives for a word not asked yet (None is an answer too).  One `get`, not
# `in` then `[]`: another thread may forget the cache between the two.
UNSEEN: Final = object()


def remember(answers: dict, key: str, answer: object) -> None:
    """Keep a pure word function's answer for its later asks.  A plain dict, asked before the
    function runs: compiled, a functools.lru_cache call costs ~1k machine instructions (its key,
    its list of recent words, a generic call each way), a dict look-up ~100.  Forgetting a full
    cache whole changes no answer, only the speed."""
    if len(answers) >= WORD_CACHE:
        answers.clear()
    answers[key] = answer
