"""The dateline parser's speed shortcuts give what the long way gives (issue 10's speed work).

text._plain skips the translation of odd spaces where none can be (and replaces each kind it
finds by str.replace); dates.Dates finds the dates
of an opening only as far as the readers ask, finding each number once (in ASCII text by
bytes.find; the letter runs before a number: test_dateline_scan_paths.py); anchors.bare_anchors tries the bare-credit
pattern only where the automaton of its names (scan.py) finds one, and the automaton reads only
as far as a credit that starts in the window can reach (anchors._scan_end); anchors.anchors tries
PAREN only at its first characters, uncredited.separator_starts reads SEPS's matches at its
marks with str tests, and anchors.caps_credits tries CAPS_CREDIT only
at runs of capitals before a separator or a point (all found by str.find); fast.fast_reading
tries its pattern only where a mark it needs is in the first seven words; the place readings' boundary
test (places.py, names.sentence_end) skips steps that cannot hold.  Each is checked against
the long way here, on every character that matters, on random text and on the real openings.
"""
from __future__ import annotations

import functools
import os
import random
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import anchors, boundaries, candidates, dates, fast, names, parser, places, text  # noqa: E402
from scrapers.dateline.uncredited import SEPS, separator_starts  # noqa: E402
from scrapers.dateline.dates import Dates, find_dates  # noqa: E402

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_odd_spaces_are_the_characters_the_table_changes():
    changed = {c for c, v in text._SPACES.items() if chr(c) != v}
    assert {ord(c) for c in text._ODD.findall(EVERY_CHARACTER)} == changed
    # _plain trusts str.isprintable for all of them but the printable marks read as Latin ones
    assert all(not chr(c).isprintable() or c in text._AS_LATIN for c in changed)


@pytest.mark.parametrize("head", ["PARIS, May 5 (AFP) - x", "Kabul\n5 May\x03", "a\xa0b", "አዲስ አበባ፣ ህዳር 12",
                                  "x\u2028y\u3000z\ufeff", "", "TOKYO – 3\u200b",
                                  "Headline\n\nPARIS (AFP) - x", "a\nb\rc", "a\n\xa0b", "دمشق\n، سوريا", "a\n\x85b"])
def test_plain_is_the_translation(head):
    assert text._plain(head) == head.translate(text._SPACES)


@pytest.mark.parametrize("name, step", [("dev", 2), ("tune", 1), ("silver", 10), ("zh", 1)])
def test_plain_is_the_translation_on_the_sets(name, step):
    for r in load_set(name)[::step]:
        for head in (r["text"][:text.HEAD], r["text"][:text.HEAD] + "\u060c", r["text"][:60] + "\xa0\n"):
            assert text._plain(head) == head.translate(text._SPACES)


def _plain_first_kind_only(head: str) -> str:
    """Wrong on purpose: only the first odd character's kind replaced."""
    m = text._ODD.search(head)
    return head.replace(m.group(), text._SPACES[ord(m.group())]) if m else head


def test_plain_is_the_translation_on_random_runs_of_odd_characters():
    rng = random.Random(16)
    pieces = [chr(c) for c in text._SPACES] + ["PARIS", "a", " ", "\u0661", "\u4e2d", ","]
    wrong = 0
    for _ in range(4000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        assert text._plain(head) == head.translate(text._SPACES)
        wrong += _plain_first_kind_only(head) != head.translate(text._SPACES)
    assert wrong  # the check tells every kind replaced from the first alone


@pytest.mark.parametrize("name, step", [("dev", 2), ("tune", 1), ("silver", 10)])
def test_dates_found_so_far_hold_every_date_before_the_position_asked(name, step):
    for r in load_set(name)[::step]:
        norm = text.normalise(r["text"])[0]
        full = find_dates(norm)
        for x in (0, 40, 90, 170, 300):
            dates = Dates(norm)
            got = dates.upto(x)
            assert got == full[:len(got)]  # a prefix of the full scan
            assert [d for d in full if d[0] < x] == [d for d in got if d[0] < x]


def _upto_the_long_way(norm: str, xs: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    """The dates found as each x is asked in turn, every number found by one search of the whole
    opening (finditer) and read while it starts before x + NAME_REACH + 1."""
    found, got = Dates(norm), []
    numbers = dates._DIGITS.finditer(norm)
    d = next(numbers, None)
    for x in xs:
        while d is not None and d.start() < x + dates.NAME_REACH + 1:
            found._read(*d.span())
            d = next(numbers, None)
        got.append(list(found.found))
    return got


def _upto_shortcut(norm: str, xs: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    found = Dates(norm)
    return [list(found.upto(x)) for x in xs]


def _upto_cut_at_the_bound(norm: str, xs: tuple[int, ...]) -> list[list[tuple[int, int]]]:
    """Wrong on purpose: a number that runs past the bound read as cut there."""
    found, pos, got = Dates(norm), 0, []
    for x in xs:
        end = min(x + dates.NAME_REACH + 1, len(norm))
        for d in dates._DIGITS.finditer(norm, pos, end):
            found._read(*d.span())
        pos = max(pos, end)
        got.append(list(found.found))
    return got


ASKED = ((0,), (0, 40, 90, 170, 300), (12, 12, 55, 130), (640,), (7, 33, 34, 35, 90, 91, 92, 640))


def _random_dated(rng: random.Random, ascii_only: bool) -> str:
    """Numbers, month and weekday names, marks; in ASCII only (read by bytes.find) or not."""
    pieces = ["5", "12", "2024", "1987", "3,000", "١٥", "१२", "March", "Mar.", "mars", "марта", "de", "Tuesday,",
              "5日", "2024年", "3月", " ", ", ", ". ", "-", "x", "Ankara", "(AFP)", "\n", "º", "d.", "9", "0.5", "19"]
    if ascii_only:
        pieces = [p for p in pieces if p.isascii()]
    return "".join(rng.choice(pieces) + rng.choice(("", " ", " ")) for _ in range(rng.randrange(1, 60)))


@pytest.mark.parametrize("name, step", [("dev", 1), ("tune", 1), ("silver", 2), ("zh", 1), ("pkg", 1)])
def test_dates_read_as_far_as_asked_are_the_long_way_s(name, step):
    for r in load_set(name)[::step]:
        norm = text.normalise(r["text"])[0]
        for xs in ASKED:
            assert _upto_shortcut(norm, xs) == _upto_the_long_way(norm, xs)


def test_dates_read_as_far_as_asked_on_random_dates():
    rng = random.Random(15)
    wrong = 0
    for _ in range(4000):
        norm = _random_dated(rng, rng.random() < 0.5)
        xs = tuple(sorted(rng.randrange(0, len(norm) + 5) for _ in range(rng.randrange(1, 5))))
        assert _upto_shortcut(norm, xs) == _upto_the_long_way(norm, xs)
        wrong += _upto_cut_at_the_bound(norm, xs) != _upto_the_long_way(norm, xs)
    assert wrong  # the check tells a number cut at the bound from the number


def _bare_the_long_way(head: str, lo: int, win: tuple[int, int]) -> list[tuple[int, int]]:
    return [m.span(1) for m in anchors.anchors(anchors.BARE, head, lo, win)]


def _bare_shortcut(head: str, lo: int, win: tuple[int, int]) -> list[tuple[int, int]]:
    return list(anchors.bare_anchors(head, lo, win))


WINDOWS = ((0, 90), (90, candidates.ZONE), (0, candidates.ZONE), (5, 40), (1, 30))


@pytest.mark.parametrize("name, step", [("dev", 1), ("tune", 1), ("silver", 4)])
def test_bare_credits_found_by_the_automaton_are_the_pattern_s(name, step):
    for r in load_set(name)[::step]:
        norm = text.normalise(r["text"])[0]
        lo = len(norm) - len(norm.lstrip())
        for win in WINDOWS:
            assert _bare_shortcut(norm, lo, win) == _bare_the_long_way(norm, lo, win)


def test_bare_credits_on_random_runs_of_names_and_marks():
    """Names glued, cut by the window, after word characters, points and @, domains after a dash, a
    lone surrogate (which the automaton cannot read as UTF-8)."""
    rng = random.Random(12)
    pieces = anchors._BARE_NAMES + ["KOMPAS.com", "Liputan6.com", "foo-Bar.co.id", "x-TEMPO.CO", " ", ", ", "-",
                                       "(", ")", ".", "@", "x", "_", "A", "\n", "é", "ক", "া", "5", "\ud800"]
    for _ in range(4000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for win in WINDOWS:
            assert _bare_shortcut(head, 0, win) == _bare_the_long_way(head, 0, win)


LONG_RUN_PIECES = ["A" * 30, "x" * 25, "Kompas" + "x" * 40, "-", "_", "5", ".com", ".co.id", ".CO", "KOMPAS.com", " ",
                   "AFP", "Prensa Latina", ", ", "\n", "é"]


def _bare_on_long_runs() -> int:
    """Windows of random long runs of word characters and domain endings (a domain that starts
    in the window and ends past where the automaton stops reading) where the shortcut differs."""
    rng = random.Random(17)
    wrong = 0
    for _ in range(3000):
        head = "".join(rng.choice(LONG_RUN_PIECES) for _ in range(rng.randint(1, 8)))
        for win in WINDOWS:
            wrong += _bare_shortcut(head, 0, win) != _bare_the_long_way(head, 0, win)
    return wrong


def test_bare_credits_on_long_runs_past_the_automaton_s_cut():
    assert _bare_on_long_runs() == 0


def test_a_cut_that_ignores_domains_is_caught(monkeypatch):
    """Stopping the automaton LONGEST_NAME past the window whatever stands there misses a domain
    whose name runs past the cut."""
    monkeypatch.setattr(anchors, "_scan_end", lambda text, b, end: min(end, b + anchors.LONGEST_NAME))
    assert _bare_on_long_runs() > 0


def _marked_the_long_way(head: str, lo: int, win: tuple[int, int]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in anchors.anchors(rx, head, lo, win)]
            for rx in (anchors.PAREN, anchors.CAPS_CREDIT)] + [
        [m.span()[:1] for m in anchors.anchors(SEPS, head, lo, win)]]


def _marked_shortcut(head: str, lo: int, win: tuple[int, int], starts=separator_starts) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in anchors.anchors(anchors.PAREN, head, lo, win, anchors.PAREN_FIRST)],
            [m.span() for m in anchors.caps_credits(head, lo, win)],
            [(p,) for p in starts(head, lo, win)]]


MARK_WINDOWS = WINDOWS + ((90, 170), (0, 5))


@pytest.mark.parametrize("name, step", [("dev", 1), ("tune", 1), ("silver", 4), ("zh", 1), ("pkg", 1)])
def test_anchors_found_at_their_marks_are_the_patterns(name, step):
    for r in load_set(name)[::step]:
        norm = text.normalise(r["text"])[0]
        lo = len(norm) - len(norm.lstrip())
        for head in (norm, norm.upper()):
            for win in MARK_WINDOWS:
                assert _marked_shortcut(head, lo, win) == _marked_the_long_way(head, lo, win)


def test_anchors_at_marks_on_random_runs_of_capitals_spaces_and_separators():
    """Runs of capitals too long, glued to a letter, spaced from their separator by odd spaces,
    separators repeated, cut by the window."""
    rng = random.Random(14)
    pieces = ["AFP", "ABCDEFGHIJKLM", "AB", "A", "x", "É", " ", "  ", "\n", "\xa0", "\u3000", "-", "--", "---", "–",
              "—", "―", "।", ":", "_", ".", ". ", "(", "（", ")", "）", "5", "Ab", "ö"]
    for _ in range(5000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        lo = rng.choice((0, 0, 1, 3))
        for win in MARK_WINDOWS:
            assert _marked_shortcut(head, lo, win) == _marked_the_long_way(head, lo, win)


def test_a_wrong_separator_start_is_caught():
    """Separator starts that take a dash before any character (not only before white space or
    another dash) differ from SEPS's on the random runs."""
    def any_dash(head: str, lo: int, win: tuple[int, int]) -> list[int]:
        return sorted(set(separator_starts(head, lo, win)) | {p for p in range(max(lo, win[0]), min(win[1], len(head)))
                                                              if head[p] == "-" and head[p - 1:p] != "-"})
    rng = random.Random(14)
    pieces = ["AB", "x", " ", "\n", "\xa0", "-", "--", "---", "–", ":", "."]
    heads = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(500)]
    assert any(_marked_shortcut(h, 0, (0, 90), any_dash) != _marked_the_long_way(h, 0, (0, 90)) for h in heads)


def test_separator_starts_before_every_character():
    """Each mark of SEPS before every code point (SEPS's \\s against str.isspace), after a dash."""
    for c in EVERY_CHARACTER[:0x3100] + "\u3000\ufeff\U0001F600":
        for head in ("-" + c, ":" + c, "—" + c, "।" + c, "--" + c, "x-" + c + "-", "---" + c, "----" + c):
            assert _marked_shortcut(head, 0, (0, 90)) == _marked_the_long_way(head, 0, (0, 90))


@pytest.mark.parametrize("name", ["dev", "tune", "silver", "pkg", "zh"])
def test_the_fast_path_skips_its_pattern_only_where_it_cannot_match(name):
    for r in load_set(name):
        norm, _, lo = parser._normalise(r["text"])
        for head in (norm, norm.upper()):
            assert fast._may_match(head, lo) or fast.CANONICAL.match(head, lo) is None


def test_the_fast_path_gate_on_random_datelines():
    rng = random.Random(3)
    pieces = ["PARIS", "Rome", "New", "York", " ", "  ", ",", ", ", ".", ". ", "(AFP)", " (AFP)", "/TASS/", " /", "-",
              " - ", " -- ", "—", " – ", "May", " 5", "5", "Ore.", "Reuters", "\n", "x", "5 мая", "РИА Новости"]
    for _ in range(20000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert fast._may_match(head, 0) or fast.CANONICAL.match(head, 0) is None


# ---------------------------------------------------------------- place readings (places.py, names.py)


def _sentence_end_the_long_way(tok: str) -> bool:
    """names.sentence_end as written before session 15 (a suffix tuple, then the lone marks)."""
    if tok.endswith(tuple("\"”»)]|•·:;!?…") + ("--", "-", "–", "—")) or tok in ("-", "--", "–", "—", "|", "•"):
        return True
    if not tok.endswith("."):
        return False
    body = tok.rstrip(".")
    return len(body) > 2 and "." not in body and body.lower() not in names.ABBREV


def _byline_the_long_way(words: list[str]) -> bool:
    for k in range(1, min(5, len(words))):
        if words[-k - 1].lower().rstrip(",") in boundaries.BYLINE:
            return k > 1 and all(x[:1].isupper() for x in words[-k:])
    return False


def _repeated_the_long_way(text: str, lo: int, start: int, prev_words: list[str]) -> bool:
    key = " ".join(prev_words[-boundaries.REPEAT_WORDS:])
    last = text.rfind(key, lo, start)
    return last > lo and text.find(key, lo, last) >= 0


@functools.lru_cache(maxsize=1)
def _word_lists() -> list[tuple[str, int, int, list[str]]]:
    """(text, lo, start, words before start) at every word start of the real openings, upper-cased
    too, and of random runs of titles, bylines, marks and points; the words cut at spaces, and as
    the place readings cut them (places._tokens)."""
    texts = [r["text"][:300] for name in ("dev", "tune", "silver", "pkg", "fresh") for r in load_set(name)]
    texts += [t.upper() for t in texts[::3]]
    rng = random.Random(15)
    pieces = ["By", "by,", "BY", "Von", "por", "від", "İ", "Staff", "Jane", "Doe", "News", "news", "(AP)", "[x]", ".", ",",
              "U.S.", "-", "--", "—", "|", "•", "!", "…", "Paris", "PARIS", "Rome.", "Ala.", "x", "Headline words here"]
    texts += ["".join(rng.choice(pieces) + rng.choice(("", " ", "  ", "\n")) for _ in range(rng.randint(1, 30)))
              for _ in range(4000)]
    out = []
    for text in texts:
        for start in range(1, len(text)):
            if not text[start].isspace() and text[start - 1].isspace():
                lo = rng.choice((0, 0, 1, 5))
                if lo < start:
                    out.append((text, lo, start, text[lo:start].split()[-8:]))
                    out.append((text, lo, start, [w for _, w in places._tokens(text, lo, start)][-8:]))
    return out


def _place_shortcuts_differ(sentence_end, byline_before, title_repeated) -> int:
    """How many cases the given forms of the three tests answer otherwise than the long way."""
    wrong = 0
    for text, lo, start, words in _word_lists():
        for w in words[-3:]:
            wrong += sentence_end(w) != _sentence_end_the_long_way(w)
        wrong += byline_before(words) != _byline_the_long_way(words)
        if len(words) >= boundaries.REPEAT_WORDS:
            wrong += title_repeated(text, lo, start, words) != _repeated_the_long_way(text, lo, start, words)
    return wrong


def test_place_reading_shortcuts_answer_as_the_long_way():
    """sentence_end tests the last character, the byline test lower-cases only words as short as
    a byline word, and a title is looked for twice only where its last word is printed twice: the
    same answers at every word start of the real openings and of random runs (and on single
    characters)."""
    assert all(names.sentence_end(c) == _sentence_end_the_long_way(c) for c in EVERY_CHARACTER[:0x3000])
    assert _place_shortcuts_differ(names.sentence_end, boundaries._byline_before, boundaries._title_repeated) == 0


def test_a_wrong_place_shortcut_is_caught():
    """The comparison has teeth: a byline test that reads only words of two letters ("by", not
    "von") and a sentence end that forgets "-" differ from the long way on these cases."""
    def two_letters(words: list[str]) -> bool:
        for k in range(1, min(5, len(words))):
            w = words[-k - 1].rstrip(",")
            if len(w) <= 2 and w.lower() in boundaries.BYLINE:
                return k > 1 and all(x[:1].isupper() for x in words[-k:])
        return False

    def no_dash(tok: str) -> bool:
        return not tok.endswith("-") and names.sentence_end(tok)
    assert _place_shortcuts_differ(names.sentence_end, two_letters, boundaries._title_repeated) > 0
    assert _place_shortcuts_differ(no_dash, boundaries._byline_before, boundaries._title_repeated) > 0


def _is_placeword_the_long_way(w: str) -> bool:
    """names.is_placeword as written before session 16 (two str method calls on the first letter)."""
    if not w or not w[0].isalpha() or (w[0].islower() and names.gazetteer.lower_case(w[0])):
        return False
    return w.isalpha() or all(names._letterish(c) for c in w)


def test_a_latin_capital_starts_a_place_word_without_a_method_call():
    """is_placeword takes an ASCII capital as a capital letter without asking str.isalpha and
    str.islower: the same answer for every character, alone and before letters, marks and digits."""
    for c in EVERY_CHARACTER:
        for w in (c, c + "ab", c + "-1"):
            assert names.is_placeword(w) == _is_placeword_the_long_way(w), repr(w)


def _recorded_runs(texts: list[str]) -> list[tuple[list[str], bool]]:
    """(words, caps) of every reading places._read_words and _read_miscased give _option."""
    calls: list[tuple[list[str], bool]] = []
    option = places._option

    def record(text, lo, start, words, prev_words, nquals, out, forced, caps, anchored=False, upper=None, lower=None):
        calls.append((list(words), caps))
        option(text, lo, start, words, prev_words, nquals, out, forced, caps, anchored, upper, lower)
    places._option = record
    try:
        for t in texts:
            for end in range(1, len(t) + 1, 3):
                places.places_before(t, 0, end)
    finally:
        places._option = option
    return calls


@functools.lru_cache(maxsize=1)
def _reading_runs() -> list[tuple[list[str], bool]]:
    """The readings of the real openings (upper-cased too) and of random runs of capitals,
    particles, title-case and caseless words."""
    texts = [r["text"][:160] for name in ("dev", "tune", "silver", "pkg", "zh") for r in load_set(name)][::2]
    texts += [t.upper() for t in texts[::4]]
    rng = random.Random(16)
    pieces = ["LA", "la", "La", "DE", "de", "Del", "PAZ", "Paz", "RIO", "JANEIRO", "SAN", "Al-", "AL-QUDS", "New",
              "YORK", "Kelvale", "KELVALE", "ΑΘΗΝΑ", "МОСКВА", "თბილისი", "ঢাকা", "X", "I", "D.C.", "'", "\"", "•"]
    texts += [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) + rng.choice((", May 5", " (AP) -", ":"))
              for _ in range(3000)]
    return _recorded_runs(texts)


def test_a_run_in_capitals_is_kept_as_the_words_are_added():
    """_read_words keeps whether its run of words is in capitals as it adds each word, instead
    of asking every word of every reading again (_caps_run): the same answer on every reading."""
    runs = _reading_runs()
    assert sum(caps for _, caps in runs) > 100 and sum(len(w) > 1 for w, _ in runs) > 1000
    assert all(caps == places._caps_run(words) for words, caps in runs)


def test_a_wrong_run_in_capitals_is_caught():
    """The comparison has teeth: caps read from the first word alone, or with particles not
    allowed, differ from _caps_run on these readings."""
    runs = _reading_runs()
    assert any(names.is_caps(words[0]) != places._caps_run(words) for words, _ in runs)
    assert any((names.is_caps(words[0]) and all(names.is_caps(w) for w in words)) != places._caps_run(words)
               for words, _ in runs)
