"""Session 17's shortcuts in the place readings give what the long way gives (issue 10's speed).

places._read_words finds a word's position only when it reads the word, backwards, before the
word after it (not every word of the segment forwards first, as places._tokens does);
names.format_place and places._option take each word's isupper() and lower case from
_read_words, which has asked them; names._known_part lower-cases a name only where its "St." or
state-abbreviation forms can hold; boundaries._rubric_only counts the line's words before
reading them and _stamp_only splits at most 13 parts.  Each is checked against the long way on
the real openings and on random text, and a wrong variant fails.
"""
from __future__ import annotations

import functools
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import boundaries, gazetteer, names, places  # noqa: E402
from scrapers.dateline.tables import RUBRIC, STATE_ABBREV  # noqa: E402

PIECES = ["Paris", "PARIS", "paris", "Paris,", "(AP)", "[x]", "de", "La", "LA", "Bogotá", "D.C.", "St.", "st", "ST.",
          "Louis", "News", "NEWS", "Latest", "-", "—", "|", "•", "*", "\"", "'", "x", "2019", "10:30", "PM", "IST",
          "ΑΘΗΝΑ", "МОСКВА", "ঢাকা", "Kelvale"]


@functools.lru_cache(maxsize=1)
def _texts() -> list[str]:
    """Real openings (upper-cased too) and random runs of words, marks and repeated words."""
    texts = [r["text"][:200] for name in ("dev", "tune", "silver", "pkg", "zh") for r in load_set(name)][::2]
    texts += [t.upper() for t in texts[::4]]
    rng = random.Random(17)
    gaps = (" ", " ", "  ", ",", "\n", "\t", "")
    texts += ["".join(rng.choice(PIECES) + rng.choice(gaps) for _ in range(rng.randint(1, 25))) for _ in range(3000)]
    return texts


def _segments() -> list[tuple[str, int, int]]:
    out = []
    for text in _texts():
        for end in range(1, len(text) + 1, 5):
            out.append((text, max(0, end - places.LOOK_BACK), end))
    return out


def _backwards(seg: str, words: list[str], find) -> list[int]:
    """Each word's offset found as _read_words finds it: before the word after it."""
    found, out = len(seg), []
    for w in reversed(words):
        found = find(seg, w, found)
        out.append(found)
    return out[::-1]


def _positions_differ(find) -> int:
    wrong = 0
    for text, start, end in _segments():
        seg, words = places._words(text, start, end)
        wrong += _backwards(seg, words, find) != [p - start for p, _ in places._tokens(text, start, end)]
    return wrong


def test_words_found_backwards_are_where_the_tokens_are():
    assert _positions_differ(lambda seg, w, found: seg.rfind(w, 0, found)) == 0


def test_a_wrong_backward_find_is_caught():
    """Unbounded, the last occurrence of a repeated word is found for every copy of it."""
    assert _positions_differ(lambda seg, w, found: seg.rfind(w)) > 0


def _recorded_readings() -> list[tuple[list[str], list[bool], list[str]]]:
    """(words, upper, lower) of every reading _read_words gives _option with its words' shape."""
    calls: list[tuple[list[str], list[bool], list[str]]] = []
    option = places._option

    def record(text, lo, start, words, prev_words, nquals, out, forced, caps, anchored=False, upper=None, lower=None):
        if upper is not None and lower is not None:
            calls.append((list(words), list(upper), list(lower)))
        option(text, lo, start, words, prev_words, nquals, out, forced, caps, anchored, upper, lower)
    places._option = record
    try:
        for text in _texts()[::2]:
            for end in range(1, len(text) + 1, 3):
                places.places_before(text, 0, end)
    finally:
        places._option = option
    return calls


def test_the_words_case_handed_on_is_their_own():
    """_read_words hands each word's isupper() and lower case to _option and format_place."""
    readings = _recorded_readings()
    assert sum(len(w) > 1 for w, _, _ in readings) > 1000 and sum(any(u) for _, u, _ in readings) > 300
    assert all(upper == [w.isupper() for w in words] for words, upper, _ in readings)
    assert all(lower == [w.lower() for w in words] for words, _, lower in readings)
    assert all(names.format_place(words, upper) == names.format_place(words) for words, upper, _ in readings)
    # the comparison has teeth: the case of the first word alone formats some runs otherwise
    assert any(names.format_place(words, [upper[0]] * len(words)) != names.format_place(words)
               for words, upper, _ in readings)


def _known_part_the_long_way(p: str) -> bool:
    if gazetteer.known_place(p):
        return True
    low = p.lower()
    if low.endswith(".") and " " in low and names.is_state_abbrev(low.rsplit(" ", 1)[1]):
        return gazetteer.known_place(low.rsplit(" ", 1)[0])
    return low.startswith(("st. ", "st ")) and gazetteer.known_place("saint " + low.split(" ", 1)[1])


def _names_to_know() -> list[str]:
    rng = random.Random(171)
    heads = ["St.", "St", "ST.", "ST", "st.", "st", "Sts.", "Saint", "S", "s", "ſt.", "İst", ""]
    tails = ["Louis", "LOUIS", "Petersburg", "Paul", "Kelvale", "Washington", "Bogotá", "Paris"]
    states = [a.upper() if rng.random() < 0.5 else a.title() for a in sorted(STATE_ABBREV)] + ["D.C.", "x.", "."]
    out = [f"{h} {t}".strip() for h in heads for t in tails]
    out += [f"{t} {s}" for t in tails for s in states]
    out += [" ".join(rng.choice(heads + tails + states) for _ in range(rng.randint(1, 3))) for _ in range(3000)]
    for text in _texts()[::7]:
        words = text.split()
        out += [" ".join(words[i:i + k]) for k in (1, 2) for i in range(len(words))]
    return out


def test_known_part_lower_cases_only_where_a_form_can_hold():
    cases = _names_to_know()
    assert sum(_known_part_the_long_way(p) for p in cases) > 100
    assert sum(p[:3].lower() == "st " and _known_part_the_long_way(p) for p in cases) > 3
    assert all(names._known_part(p) == _known_part_the_long_way(p) for p in cases)
    # the comparison has teeth: a gate that forgets the lower-case "s" differs on some names
    assert any(p[:1] == "s" and _known_part_the_long_way(p) for p in cases)


def _rubric_only_the_long_way(text: str, lo: int, start: int) -> bool:
    line = text[max(lo, text.rfind("\n", lo, start) + 1, start - 60):start].split()
    words = [w.lower().strip(boundaries._RUBRIC_PUNCT) for w in line]
    return 0 < len(line) <= 6 and all(w in RUBRIC or not w for w in words) and any(words)


def _stamp_only_the_long_way(before: str) -> bool:
    words = before.split()
    return 0 < len(words) <= 12 and all(
        any(c.isdigit() for c in w) or w.lower().strip(",.:|") in boundaries.STAMP_NAMES or not w.strip(",.:|-–—/")
        for w in words)


def test_rubric_and_stamp_tests_count_words_first():
    rng = random.Random(172)
    pieces = ["News", "NEWS", "Latest", "Home", "»", "|", "World", "Updated", "10:30", "PM", "IST", "Mon,", "3", "Mar",
              "2025", "Paris", "x"]
    texts = [t[:120] for t in _texts()[::3]]
    texts += [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 16))) + rng.choice(("", "\n")) + " Kelvale"
              for _ in range(3000)]
    texts += [" ".join(rng.choice(pieces[7:14]) for _ in range(rng.randint(8, 16))) + " Kelvale" for _ in range(300)]
    rubrics = stamps = wrong = 0
    for text in texts:
        for start in range(1, len(text) + 1, 2):
            lo = rng.choice((0, 0, 2))
            want = _rubric_only_the_long_way(text, lo, start)
            rubrics += want
            assert boundaries._rubric_only(text, lo, start) == want, (text, lo, start)
            want = _stamp_only_the_long_way(text[lo:start])
            stamps += want
            assert boundaries._stamp_only(text[lo:start]) == want, (text, lo, start)
            wrong += _stamp_only_split_short(text[lo:start]) != want
    assert rubrics > 100 and stamps > 100
    assert wrong > 0  # the comparison has teeth: twelve parts let a long stamp through


def _stamp_only_split_short(before: str) -> bool:
    """A wrong variant: split into at most twelve parts (the rest of a long text the last)."""
    words = before.split(None, 11)
    return 0 < len(words) <= 12 and all(
        any(c.isdigit() for c in w) or w.lower().strip(",.:|") in boundaries.STAMP_NAMES or not w.strip(",.:|-–—/")
        for w in words)


def test_a_latin_capital_by_its_code_is_what_the_str_methods_say():
    """is_placeword, _option's caseless test and boundary take A-Z (by `ord`) as a capital
    without asking str.isupper / str.islower: exact, as every A-Z is upper and none lower; and
    script_of takes a code below U+0250 as Latin as the str comparison did."""
    for c in map(chr, range(0x110000)):
        if 65 <= ord(c) <= 90:
            assert c.isupper() and not c.islower() and c[:1].isupper()
        assert (ord(c) < 0x250) == (c < "\u0250")
