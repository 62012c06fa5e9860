"""Session 18's shortcuts in the place readings give what the long way gives (issue 10's speed).

places._tail_of finds the last point where a word is glued to the next by one greedy match
(_LAST_GLUE), not by finding every cut and keeping the last; names.is_placeword takes the
word's `isalpha()` from a caller that has asked it (places._read_words); after_headline and
_qualifier_ok split a text only as far as their word counts need.  Each is checked against the
long way on the real openings' words and on random words, and a wrong variant fails.
"""
from __future__ import annotations

import functools
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import names, places  # noqa: E402

# The glue cuts as places.py wrote them before session 18: every cut, the last one kept.
_GLUE = re.compile(r"(?<=[^\W\d_])(?=[A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё])|(?<=\d)(?=[^\W\d_])"
                   r"|(?<=[a-zß-ÿа-яё])(?=[A-ZÀ-ÞА-ЯЁİ]{2})")
# Characters on each side of the pattern's classes' edges, and others of every kind.
ALPHABET = ("aAzZàÀßÿÞþ×÷ÀÁа-яА-ЯЁёЀѐİıiI²³½٣0123456789_-./'’\"«» \t\u0301\u0915\u093f"
            "\u05d0\u0627\u10d0\u3042\u4e2dΑαΣς")


@functools.lru_cache(maxsize=1)
def _words() -> list[str]:
    """Every word of five sets' openings (upper-cased too, and with its quotes and marks) and
    random words."""
    texts = [r["text"][:300] for name in ("dev", "tune", "silver", "pkg", "zh") for r in load_set(name)]
    texts += [t.upper() for t in texts[::3]]
    words = {w for t in texts for w in t.split()}
    words = sorted(words | {w.strip("\"“”«»'‘’,.()[]") for w in words})
    rng = random.Random(18)
    words += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 9))) for _ in range(40000)]
    words += ["".join(rng.choice("aA1.Ж ж×") for _ in range(rng.randint(0, 6))) for _ in range(20000)]
    return words


def _last_cut_the_long_way(w: str) -> int | None:
    cuts = [m.start() for m in _GLUE.finditer(w)]
    return cuts[-1] if cuts else None


def _last_cut(w: str, pattern: re.Pattern) -> int | None:
    m = pattern.match(w)
    return m.end() if m else None


def test_one_greedy_match_ends_at_the_last_cut():
    words = _words()
    cuts = [_last_cut_the_long_way(w) for w in words]
    assert sum(c is not None for c in cuts) > 5000
    assert sum(c is not None and len(_GLUE.findall(w)) > 1 for w, c in zip(words, cuts)) > 1000  # several cuts
    assert all(_last_cut(w, places._LAST_GLUE) == c for w, c in zip(words, cuts))
    # the comparison has teeth: a lazy `.*?` ends at the first cut
    first = re.compile(places._LAST_GLUE.pattern.replace("(?s:.*)", "(?s:.*?)", 1))
    assert first.pattern != places._LAST_GLUE.pattern
    assert any(_last_cut(w, first) != c for w, c in zip(words, cuts))


def _tail_of_the_long_way(w: str, alpha: bool, upper: bool, alone: bool) -> str | None:
    """places._tail_of as written before session 18 (every cut found, the last kept)."""
    plain = alpha and (upper or w[1:].islower())
    if not plain and (cuts := [m.start() for m in _GLUE.finditer(w)]):
        return w[cuts[-1]:]
    if len(w) >= 8 and upper and not alone and not names.known(w):
        for k in range(2, len(w) - 3):
            if names.known(w[k:]) and (places.lookup(w[:k]) or len(w) - k >= 5):
                return w[k:]
    return None


def test_glued_tails_are_the_long_ways():
    words = _words()[::3]
    tails = 0
    for w in words:
        alpha = w.isalpha()
        for alone in (False, True):
            want = _tail_of_the_long_way(w, alpha, alpha and w.isupper(), alone)
            tails += want is not None
            assert places._tail_of(w, alpha, alpha and w.isupper(), alone) == want, (w, alone)
    assert tails > 1000


def test_a_placeword_asked_with_its_isalpha_is_asked_the_long_way():
    words = _words()
    assert sum(names.is_placeword(w) for w in words) > 5000
    assert sum(names.is_placeword(w) and not w.isalpha() for w in words) > 300
    assert all(names.is_placeword(w, w.isalpha()) == names.is_placeword(w) for w in words)
    # the comparison has teeth: the argument is trusted, so a word said to be letters only
    # that is not ("U.S.", "Jean-Paul" are, "Paris," and "A1" are not) reads otherwise
    assert any(names.is_placeword(w, True) != names.is_placeword(w) for w in words if not w.isalpha())


def _texts_to_split() -> list[str]:
    rng = random.Random(181)
    texts = [r["text"][i:i + n] for name in ("dev", "tune", "silver") for r in load_set(name)
             for i, n in ((0, 60), (20, 90), (5, 30))]
    pieces = ["Paris", "de", "x", "", " ", "  ", "\t", "\n", "\u00a0", "\u3000", ",", "Rio"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    return texts


def test_a_split_only_as_far_as_the_count_needs():
    """after_headline asks whether a head has HEADLINE_WORDS words (at most HEADLINE_WORDS
    parts), _qualifier_ok whether a segment has at most six (at most seven parts)."""
    texts = _texts_to_split()
    n = places.HEADLINE_WORDS
    assert all((len(t.split(None, n - 1)) < n) == (len(t.split()) < n) for t in texts)
    assert sum(len(t.split()) < n for t in texts) > 1000 and sum(len(t.split()) > n for t in texts) > 1000
    assert any((len(t.split(None, n - 2)) < n) != (len(t.split()) < n) for t in texts)  # one part short: wrong
    assert sum(len(t.split()) > 7 for t in texts) > 1000
    wants = [_qualifier_ok_the_long_way(t) for t in texts]
    assert sum(wants) > 200
    assert all(places._qualifier_ok(t) == want for t, want in zip(texts, wants))


def _qualifier_ok_the_long_way(seg: str) -> bool:
    """places._qualifier_ok as written before session 18 (every word split)."""
    words = seg.split()
    if 0 < len(words) <= 3 and all(names.is_placeword(w) for w in words):
        return " ".join(words).strip(".").lower() not in places.NOT_PLACE
    return 1 < len(words) <= 6 and words[0][:1].isupper() and names.known(" ".join(words))


def _sentence_end_the_long_way(tok: str) -> bool:
    """names.sentence_end as written before session 18 (tok.endswith(".") asked apart)."""
    if tok and tok[-1] in names._SENTENCE_PUNCT:
        return True
    if not tok.endswith("."):
        return False
    body = tok.rstrip(".")
    return len(body) > 2 and "." not in body and body.lower() not in names.ABBREV


def test_sentence_end_reads_the_last_character_once():
    toks = [""] + [chr(c) for c in range(0x3000)] + [w + chr(c) for w in ("coast", "U.S", "Mr") for c in range(0x3000)]
    toks += _words()[::5] + [w + "." for w in _words()[::7]]
    wants = [_sentence_end_the_long_way(t) for t in toks]
    assert sum(wants) > 1000 and sum(t.endswith(".") and not want for t, want in zip(toks, wants)) > 100
    assert all(names.sentence_end(t) == want for t, want in zip(toks, wants))


def test_a_script_by_its_code_is_the_str_comparison():
    """format_place asks `ord(c) < 0x370` (a C integer compiled) where it compared the str with
    "\\u0370" (a generic rich compare): one character compares by its code point."""
    for c in map(chr, range(0x110000)):
        assert (ord(c) < 0x370) == (c < "\u0370")
