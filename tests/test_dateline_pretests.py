"""The candidate generators' cheap tests before a regex call give what the regex gives (sessions 16, 17).

candidates.separator reads the usual separators with str operations (SEP_AFTER the long way);
before a regex call that rarely matches, a test of a character or word the match needs is asked
(may_hold_caption before CAPTION_RE, number_ends before NUMERIC_BEFORE, a ':' before STAMP_END,
uncredited.may_hold_point before POINT, a '-' or '/' before _JOINED and CREDIT_PARTS, one of
_FIRST_PLACE's lookahead marks within its reach); agencies.one_spaced collapses white space
with split/join, and agencies._lookup asks a plain word once.  Each is checked here: the shortcut's answer equals the long way's (separator,
one_spaced), or the pre-test holds wherever the regex matches (the others), on every character,
on random strings and on the real openings.  A deliberately wrong variant must be caught.
"""
from __future__ import annotations

import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import agencies, candidates, places, text, uncredited  # noqa: E402
from scrapers.dateline.places import CAPTION_RE  # noqa: E402
from scrapers.dateline.tables import CAPTION_WORDS  # noqa: E402

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))
SPACES = [c for c in EVERY_CHARACTER if c.isspace()]


def _separator_the_long_way(head: str, p: int) -> tuple[str, int]:
    m = candidates.SEP_AFTER.match(head, p)
    assert m is not None
    return candidates.SEPARATORS.get((m.group(1) or "").strip(), "sep_strong"), m.end()


def _heads() -> list[str]:
    """Real openings (normalised) and random runs of separators, spaces, points and letters."""
    heads = []
    for name in ("dev", "tune", "silver", "zh"):
        heads += [text.normalise(r["text"])[0][:200] for r in load_set(name)[::3]]
    rng = random.Random(16)
    pieces = [" ", "  ", "\t", "\n", "\xa0", "-", "--", "---", ".", ".-", "—", "–", "―", "_", ":", "।", "|", "\"",
              "“", "«", "a", "Ab", "aB", "я", "Я", "1", "x y", "é", "ß", ",", "(", ")"]
    heads += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(6000)]
    return heads


HEADS = _heads()


def _separators_differ(separator) -> int:
    """Positions of the heads (and of a separator-like mark, then every character) where the
    given separator reads otherwise than SEP_AFTER."""
    wrong = sum(separator(h, p) != _separator_the_long_way(h, p) for h in HEADS for p in range(len(h) + 1))
    for c in EVERY_CHARACTER[:0x3000] + "\U0001F600\U000E0020":
        for head in (" -" + c + "x", " " + c + " y", "." + c, "-" + c + "ab"):
            wrong += separator(head, 0) != _separator_the_long_way(head, 0)
    return wrong


def test_separator_reads_as_sep_after():
    assert _separators_differ(candidates.separator) == 0


def test_a_wrong_separator_is_caught():
    """A separator that takes a dash before any letter (not only before a lower-case word) differs."""
    def any_dash(head: str, p: int) -> tuple[str, int]:
        q = len(head) - len(head[p:].lstrip(" \t"))
        if head[q:q + 1] == "-" and head[q + 1:q + 2].isalpha():
            return "sep_strong", q + 1
        return candidates.separator(head, p)
    assert _separators_differ(any_dash) > 0


def _windows(name: str, step: int) -> list[str]:
    return [text.normalise(r["text"])[0][a:a + 90] for r in load_set(name)[::step] for a in (0, 40, 90, 160)]


def _random_pieces(pieces: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(n)]


# every character a case-insensitive pattern matches for each character of CAPTION's words
FOLDS = {c: re.findall("(?i)" + re.escape(c), EVERY_CHARACTER) for c in set("".join(CAPTION_WORDS))}


def _caption_missed(may_hold) -> int:
    """Strings where CAPTION_RE finds a word but the pre-test says none can be there."""
    words = ["photo", "PHOTOS", "Picture", "pictures", "IMAGE", "images", "foto", "Fot.", "file", "FILE", "İmage",
             "fİle", "photoſ", "ımage", "fıle"]
    pieces = words + [" ", "(", ")", ".", "x", "é", "AFP", "Reuters", "\n", "-", "_"]
    cases = _random_pieces(pieces, 6000, 17) + _windows("dev", 1) + _windows("tune", 1) + _windows("silver", 5)
    cases += [w[:k] + c + w[k + 1:] for w in CAPTION_WORDS for k in range(len(w)) for c in FOLDS[w[k]]]
    return sum(bool(CAPTION_RE.search(s)) and not may_hold(s, 0, len(s)) for s in cases)


def test_caption_pretest_holds_wherever_caption_re_finds_a_word():
    """Also where a letter of the word is printed in another script's letter that folds to the
    Latin one (İ, ı, ſ, K): the search decides there."""
    assert _caption_missed(places.may_hold_caption) == 0


def test_a_wrong_caption_pretest_is_caught():
    """Lower-casing without asking for İ and ı misses "İmage" (its lower case is two
    characters) and "ımage"; asking for İ alone misses "ımage"."""
    def lower_only(s: str, a: int, b: int) -> bool:
        part = s[a:b].lower()
        return any(w in part for w in CAPTION_WORDS)

    def dotted_i_only(s: str, a: int, b: int) -> bool:
        return "İ" in s[a:b] or lower_only(s, a, b)
    assert _caption_missed(lower_only) > 0
    assert _caption_missed(dotted_i_only) > 0


def test_caption_folds_are_every_other_letter_the_words_match():
    """CAPTION_FOLDS lists every character that the case-insensitive words match for one of their
    letters and whose lower case is not that letter (asked of re over every code point)."""
    others = {c for letter, chars in FOLDS.items() for c in chars if c.lower() != letter}
    assert others == set(places.CAPTION_FOLDS)


def test_number_pretest_holds_wherever_numeric_before_matches():
    pieces = ["03.05.2019", "5/3/2024", "1.2.1999", "12", ".", "/", ",", " ", "  ", "\n", "a", "x2", "20", "19"]
    pieces += SPACES
    cases = _random_pieces(pieces, 20000, 18) + _windows("dev", 1) + _windows("tune", 1)
    missed = [s for s in cases for a in range(0, len(s), 3)
              if candidates.NUMERIC_BEFORE.search(s, a) and not candidates.number_ends(s, a, len(s))]
    assert not missed
    assert any(candidates.NUMERIC_BEFORE.search(s) for s in cases)  # the cases hold matches


def test_marks_asked_before_a_regex_hold_wherever_it_matches():
    """STAMP_END needs a ':', _JOINED a '-' or '/' where it starts, CREDIT_PARTS splits only at a
    '/' or '-', _FIRST_PLACE needs one of its lookahead's marks before its end."""
    pieces = ["08:50", "3:49:10 PM]", "AM", "-", "/", "dpa", "Turan", " ", ", ", ":", "—", "–", "Rome", "(x)", "\n",
              "12", "a", "ab"]
    cases = _random_pieces(pieces, 20000, 19) + _windows("dev", 1) + _windows("tune", 1) + _windows("silver", 5)
    for s in cases:
        if candidates.STAMP_END.search(s):
            assert ":" in s
        for b in range(len(s)):
            if candidates._JOINED.match(s, b):
                assert s[b] in "-/"
        raw = " ".join(s.split()).strip(" .,")
        if raw and "/" not in raw and "-" not in raw:
            assert [p for p in candidates.CREDIT_PARTS.split(raw) if p] == [raw]
        for p in range(0, len(s), 2):
            if candidates._FIRST_PLACE.match(s, p, p + 60):
                assert any(c in s[p:p + 60] for c in candidates.FIRST_PLACE_NEXT)


def test_one_spaced_is_the_regex_collapse():
    spaced = re.compile(r"\s+")
    cases = _random_pieces(SPACES + ["a", "AFP", "é", ".", "/"], 5000, 20) + [EVERY_CHARACTER[:0x3100]]
    assert all(agencies.one_spaced(s) == spaced.sub(" ", s).strip() for s in cases)


def test_a_plain_word_needs_no_second_normalisation():
    """_lookup asks ALIASES once for a word that isalnum(): _norm changes nothing but the case."""
    alnum = [c for c in EVERY_CHARACTER if c.isalnum()]
    assert all(agencies._norm(c) == c.lower() for c in alnum)
    rng = random.Random(21)
    assert all(agencies._norm(w) == w.lower() for w in ("".join(rng.choices(alnum, k=rng.randint(1, 9)))
                                                         for _ in range(20000)))


def _point_missed(may_hold) -> int:
    """Windows where POINT matches but the pre-test says it cannot."""
    pieces = [".", ". ", ".\t", ".  ", ". \t", "Düsseldorf", "Die", " Die ", "Der", " Stadt", "ab", "x", " ", "\t",
              "\n", "5", "\xa0", "\u3000"]
    cases = _random_pieces(pieces, 20000, 22) + _windows("dev", 1) + _windows("tune", 1) + _windows("pkg", 1)
    return sum(bool(uncredited.POINT.search(s, a)) and not may_hold(s, a, len(s)) for s in cases for a in (0, 3))


def test_point_pretest_holds_wherever_point_matches():
    assert _point_missed(uncredited.may_hold_point) == 0


def test_a_wrong_point_pretest_is_caught():
    """A point before a space only (not a tab) misses "Düsseldorf.\tDie Stadt"."""
    assert _point_missed(lambda s, a, b: s.find(". ", a, b) >= 0) > 0
