"""Session 18's shortcuts in the parser's own steps give what the long way gives.

fast.marked tests each anchor mark with `in` instead of searching for the class of them all;
text._plain asks a head that is not ASCII `isprintable()` before `record.printable(head, "\\n")`;
candidates.separator reads two or three dashes and a point before a dash or white space with str
tests, not SEP_AFTER (tests/test_dateline_pretests.py compares it on random runs and the sets);
scripts._credit_anchored tries a form whose credit ends with one of its marks only just before them;
parser._choose asks the rejection (fast.nothing_unmarked) with the dates that start before the
last ", " + 3, not with all of them; rank.score reads the features typed as floats instead of
calling float() on each.  Each is compared with the long way on the real openings and on random
strings, and a deliberately wrong variant must be caught.
"""
from __future__ import annotations

import os
import random
import re
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import candidates, fast, native, parser, rank, scripts, text  # noqa: E402
from scrapers.record import printable  # noqa: E402
from scrapers.dateline.dates import Dates, find_dates  # noqa: E402
from tests.test_dateline_pretests import _separator_the_long_way  # noqa: E402  (SEP_AFTER's reading)

# The class the marks were searched as before (fast.ANCHOR_MARK until session 18).
ANCHOR_CLASS = re.compile(r"[(（/\-—–―।:_\n" + scripts.MARKS + "]")
SETS = ("dev", "blind", "tune", "silver", "zh", "fresh", "pkg", "pkg2", "feeds", "gne")


def _norms() -> list[str]:
    return [parser._normalise(r["text"])[0] for name in SETS for r in load_set(name)]


NORMS = _norms()


def _random_texts(pieces: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(n)]


MARK_TEXTS = NORMS + _random_texts(
    list(fast.ANCHOR_MARKS) + ["a", "Б", "中", " ", ",", ".", "\t", "\r", "—x", "é", "\U0001F600", "\ufeff"], 8000, 18)


def _marked_differ(marks: tuple[str, ...]) -> int:
    return sum(any(c in t for c in marks) != (ANCHOR_CLASS.search(t) is not None) for t in MARK_TEXTS)


def test_marked_is_the_class_search():
    assert set(fast.ANCHOR_MARKS) == {chr(i) for i in range(0x110000) if ANCHOR_CLASS.match(chr(i))}
    assert len(fast.ANCHOR_MARKS) == len(set(fast.ANCHOR_MARKS))
    assert sum(fast.marked(t) != (ANCHOR_CLASS.search(t) is not None) for t in MARK_TEXTS) == 0
    assert _marked_differ(fast.ANCHOR_MARKS) == 0


@pytest.mark.parametrize("left_out", ["\n", "—", "电", "="])
def test_marked_without_a_mark_is_caught(left_out):
    assert _marked_differ(tuple(c for c in fast.ANCHOR_MARKS if c != left_out)) > 0


def _unmarked_texts() -> list[str]:
    """Every unmarked opening of the sets, and random runs of dates, numbers, words and ", "."""
    pieces = [", ", ", ", "May 5", "5 May", "Monday", "Mon", "2024", "12", " ", "x", "word", "Reuters", "GENEVA. The",
              "August 29 There", "März", "5. Mai", "é"]
    texts = [t for t in NORMS if not fast.marked(t)] + _random_texts(pieces, 6000, 181)
    return [t for t in texts if not fast.marked(t)]


UNMARKED = _unmarked_texts()


def _rejections_differ(reach) -> int:
    """Unmarked texts where the rejection asked with the dates up to reach(text) differs from the
    rejection with all the dates."""
    return sum(fast.nothing_unmarked(t, Dates(t).upto(reach(t))) != fast.nothing_to_read(t, find_dates(t))
               for t in UNMARKED)


def test_rejection_needs_only_the_dates_before_the_last_comma():
    assert len(UNMARKED) > 3000
    assert _rejections_differ(lambda t: t.rfind(", ") + 3) == 0


def test_rejection_with_the_dates_before_the_first_comma_is_caught():
    assert _rejections_differ(lambda t: t.find(", ") + 3) > 0


def _score_the_long_way(c) -> float:
    s = 0.0
    for k, v in c.feats.items():
        w = rank.WEIGHTS.get(k)
        if w is not None:
            s += w * float(v)
    return s - rank.POSITION * c.start


COMPILED = native.load()


def _rank_modules() -> list:
    """The ranker as written, and compiled where a build of the current sources exists."""
    mods = [(parser, rank)]
    if COMPILED is not None:
        mods.append((COMPILED, sys.modules[COMPILED.__name__.rsplit(".", 1)[0] + ".rank"]))
    return mods


def _candidates(parse_module) -> list:
    """The candidates of the sets' openings, and copies with features of int and bool values
    (`unknown_extra_words` is counted as an int)."""
    rng = random.Random(18)
    keys = list(rank.WEIGHTS) + ["not_weighed"]
    out = [c for name in ("dev", "tune", "zh") for r in load_set(name) for c in parse_module.candidates(r["text"])]
    extra = []
    for c in out[:3000]:
        feats = dict(c.feats)
        for _ in range(3):
            feats[rng.choice(keys)] = rng.choice([1, 2, 3, True, 0.5, 1.0, -1])
        extra.append(type(c)(c.kind, c.start, c.end, c.city, c.agency, c.date, feats))
    return out + extra


@pytest.mark.parametrize("which", range(len(_rank_modules())))
def test_score_reads_floats_and_ints_as_float_does(which):
    parse_module, rank_module = _rank_modules()[which]
    cands = _candidates(parse_module)
    assert len(cands) > 2500
    assert [rank_module.score(c) for c in cands] == [_score_the_long_way(c) for c in cands]
    # a score that takes an int feature for 1.0 (as a presence flag) is caught
    flags = [sum(rank.WEIGHTS.get(k, 0.0) * (v if isinstance(v, float) else 1.0) for k, v in c.feats.items())
             - rank.POSITION * c.start for c in cands]
    assert flags != [_score_the_long_way(c) for c in cands]


def _plain_texts() -> list[str]:
    """The sets' heads as read (before _plain), every code point after a letter, and random
    runs of line breaks, odd spaces, controls, marks and letters."""
    heads = [text.normalise(r["text"])[0] for name in SETS for r in load_set(name)]
    heads += ["a" + chr(i) for i in range(0x110000)]
    pieces = ["\n", "\r", "\t", "\x00", "\x0b", "\xa0", "\u2028", "\u3000", "\u200b", "\ufeff", "\u200e", "،", "፣",
              "a", "я", "中", " ", "é", "\U0001F600", "\ud800"]
    return heads + _random_texts(pieces, 8000, 1818)


PLAIN_TEXTS = _plain_texts()


def test_printable_first_is_printable_without_line_breaks():
    """Where isprintable() holds, printable(head, "\\n") holds too, so asking it first decides
    as printable(head, "\\n") alone; a variant that takes a line break for printable is caught."""
    assert all((t.isprintable() or printable(t, "\n")) == printable(t, "\n") for t in PLAIN_TEXTS)
    assert any((t.isprintable() or "\n" in t) != printable(t, "\n") for t in PLAIN_TEXTS)
    assert all(text._plain(t) == t.translate(text._SPACES) for t in PLAIN_TEXTS[::7])


# what may follow the mark: every code point below U+3100, every white space, an emoji
POINT_NEXT = [chr(i) for i in range(0x3100)] + [chr(i) for i in range(0x3100, 0x110000) if chr(i).isspace()] + ["\U0001F600"]


def _points_and_dashes_differ(separator) -> int:
    """Heads of a point or dashes before those characters where separator reads otherwise than SEP_AFTER."""
    wrong = 0
    for c in POINT_NEXT:
        for head in ("." + c + "x", " ." + c, "--" + c, " ---" + c + " ", "-" + c, ".-" + c):
            wrong += separator(head, 0) != _separator_the_long_way(head, 0)
    return wrong


def test_points_and_dashes_read_as_sep_after():
    assert _points_and_dashes_differ(candidates.separator) == 0


def test_a_point_read_only_before_a_space_is_caught():
    def space_only(head: str, p: int) -> tuple[str, int]:
        q = len(head) - len(head[p:].lstrip(" \t"))
        if head[q:q + 1] == "." and head[q + 1:q + 2] not in ("-", " "):
            return candidates.SEPARATORS.get("", "sep_strong"), q
        return candidates.separator(head, p)
    assert _points_and_dashes_differ(space_only) > 0


CJK_PIECES = ["新华社", "新華社", "中国新闻网", "中国日报网", "本报", "报", "報", "网", "網", "社", "讯", "电", "日", "月", "3", "12",
              "北京", "上海", "讯 ", "，", "。", " ", "：", "】", "【", "）", "(", "记者", "互联网", "快", "消息", "a", "通", "据"]


def _script_windows() -> list[tuple[str, int, tuple[int, int]]]:
    """The first and second window of the sets' openings and of random runs of Chinese credits,
    marks, dates and boundaries (cut at several starts)."""
    texts = [parser._normalise(r["text"]) for name in ("zh", "gne", "feeds", "dev", "tune", "pkg") for r in load_set(name)]
    cases = [(norm, lo, win) for norm, _, lo in texts for win in ((0, 90), (90, 560))]
    for t in _random_texts(CJK_PIECES, 6000, 1808):
        cases += [(t, 0, (0, 90)), (t, 0, (5, 40)), (t, 3, (0, 17))]
    return cases


SCRIPT_WINDOWS = _script_windows()


def _found(ms) -> list:
    return [(m.span(), m.groupdict()) for m in ms]


def _credit_anchored_differ(reach_less: int) -> int:
    wrong = 0
    for name, rx, form_marks, reach in scripts.FORMS:
        if reach:
            for norm, lo, win in SCRIPT_WINDOWS:
                got = scripts._credit_anchored(name, rx, norm, lo, win, tuple(form_marks), reach - reach_less)
                wrong += _found(got) != _found(scripts.anchors(rx, norm, lo, win))
    return wrong


def test_credit_anchored_forms_match_as_searched():
    assert [f[0] for f in scripts.FORMS if f[3]] == ["chinese", "outlet"]
    assert _credit_anchored_differ(0) == 0


def test_credit_anchored_with_a_shorter_reach_is_caught():
    assert _credit_anchored_differ(1) > 0


# The outlet form's lookbehind as it was written before OUTLET_AFTER named its marks.
OUTLET_BOUNDARY = re.compile(r"[\s:：】【」』）)\]，。！？|]")


def _boundaries_differ(after: str) -> int:
    wrong = 0
    for i in range(0x110000):
        c = chr(i)
        text = c + "新华网"
        wrong += (scripts._credit_may_start("outlet", text, 1) if after == scripts.OUTLET_AFTER
                  else (c.isspace() or c in after)) != (OUTLET_BOUNDARY.match(c) is not None)
    return wrong


def test_outlet_may_start_after_its_lookbehind_class():
    assert _boundaries_differ(scripts.OUTLET_AFTER) == 0
    assert scripts._credit_may_start("outlet", "新华网", 0)


def test_outlet_boundary_without_a_mark_is_caught():
    assert _boundaries_differ(scripts.OUTLET_AFTER.replace("|", "")) > 0


def test_chinese_credit_without_a_first_character_is_caught(monkeypatch):
    assert set(scripts.CHINESE_FIRSTS) == {name[0] for name in scripts.CHINESE_CREDITS}
    monkeypatch.setattr(scripts, "CHINESE_FIRSTS", scripts.CHINESE_FIRSTS.replace("新", ""))
    assert _credit_anchored_differ(0) > 0


def _outlet_marked_the_long_way(raw: str) -> bool:
    return any(m in raw and m.strip(".") != raw for m in candidates.OUTLET_MARKS)


def _credit_texts() -> list[str]:
    """What the sets print in brackets and slashes, their words, and random runs of the marks,
    capitals, points and Chinese."""
    texts = [m.group(1) for t in NORMS for rx in (candidates.PAREN, candidates.SLASH) for m in rx.finditer(t)]
    texts += [w for t in texts for w in t.split()]
    pieces = list(candidates.OUTLET_MARKS) + ["news", "tv", ".", " ", "Taiwan", "记者", "网", "A", "a", "É", "é", "İ", "ß"]
    return texts + _random_texts(pieces, 6000, 1888)


def test_outlet_marked_is_the_long_way():
    assert all("." in m or m.lower() != m for m in candidates.OUTLET_MARKS)
    texts = _credit_texts()
    assert sum(_outlet_marked_the_long_way(t) for t in texts) > 500
    assert [candidates.outlet_marked(t) for t in texts] == [_outlet_marked_the_long_way(t) for t in texts]
    wrong = ["." in t and _outlet_marked_the_long_way(t) for t in texts]  # a point alone as the pre-test
    assert wrong != [_outlet_marked_the_long_way(t) for t in texts]
