"""The boundary before a place: what the words before it say about where a dateline starts
(the text's start, a line, a sentence end, a byline, a time stamp, a rubric, a credit line, a
headline word), named as the `b_*` features that rank.py weighs (tables.py lists which of them
are clear or strong)."""
from __future__ import annotations

from typing import Final

from .agencies import AMBIGUOUS, lookup
from .gazetteer import lower_case
from .months import MONTHS, WEEKDAYS
from .names import is_caps, is_placeword, sentence_end
from .tables import BYLINE, CLOCK_WORDS, CONNECT, FUNCTION_WORDS, REPORTER, RUBRIC, STAMP_WORDS

_BYLINE_LEN: Final = max(len(w) for w in BYLINE)  # the longest byline word


def _byline_before(words: list[str]) -> bool:
    """"By Sarah Marsh | Berlin": a byline word and two to four name words before the place
    (after one, "By Jane Doe", the word is the surname)."""
    for k in range(1, min(5, len(words))):
        w = words[-k - 1].rstrip(",")
        if len(w) <= _BYLINE_LEN and w.lower() in BYLINE:  # (lower case never shortens a word)
            return k > 1 and all(x[:1].isupper() for x in words[-k:])
    return False


def _credit_word(w: str) -> bool:
    """Is the word an agency's name, and not an acronym that is also other things ("PA", "AA")?"""
    return len(w) > 1 and lookup(w) is not None and w.upper() not in AMBIGUOUS


def _after_clock(prev_words: list[str]) -> bool:
    """Do the words before the place end with a clock time and its words ("10:30 IST",
    "10.30 PM IST")?"""
    k = len(prev_words)
    while k > 0 and prev_words[k - 1].lower().rstrip(",") in CLOCK_WORDS:
        k -= 1
    return 0 < k < len(prev_words) and prev_words[k - 1][:1].isdigit()


# words of a time stamp (places.py reads them too: an unknown place is no stamp word)
STAMP_NAMES: Final = STAMP_WORDS | CLOCK_WORDS | frozenset(MONTHS) | frozenset(w.lower() for w in WEEKDAYS)


def _stamp_only(before: str) -> bool:
    """Is all that comes before the place a time stamp (" date 2020-01-02 ", "Updated: 10:07 PM
    IST", "Mon, 3 Mar 2025 10:00")?  Then the place starts the text proper."""
    words = before.split(None, 12)  # (13 parts: more than twelve words)
    return 0 < len(words) <= 12 and all(
        any(c.isdigit() for c in w) or w.lower().strip(",.:|") in STAMP_NAMES or not w.strip(",.:|-–—/") for w in words)


def boundary(text: str, lo: int, start: int, prev_words: list[str], caps: bool) -> str:
    """Name of the boundary feature before a place that starts at `start`."""
    if text.find("\n", max(lo, start - 3), start) >= 0:
        return "b_line"
    if not prev_words:
        return "b_start" if not text[lo:start].strip() else "b_punct"
    prev = prev_words[-1]
    low = prev.lower()
    latin_capital = len(prev) > 0 and 65 <= ord(prev[0]) <= 90  # (A-Z by its code: no str method call)
    if low.rstrip(".") in CONNECT and is_placeword(prev) and len(prev) > 1:
        return "b_split"
    if sentence_end(prev) or text[start - 1:start] in ")]|•":
        return "b_punct"
    if len(prev_words) >= REPEAT_WORDS and _title_repeated(text, lo, start, prev_words):
        return "b_repeat"  # "Headline words Headline words Jakarta: …": a title, then the story
    if _byline_before(prev_words):
        return "b_byline"
    if low.strip(",.:") in REPORTER:
        return "b_reporter"  # "Staff Correspondent Dhaka:"
    if (not prev.isalpha() and any(c.isdigit() for c in prev)) or (
            low.rstrip(",") in CLOCK_WORDS and _after_clock(prev_words)):
        return "b_stamp" if _stamp_only(text[lo:start]) else "b_digit"  # a date or a time stamp
    if (latin_capital or prev[:1].isupper()) and _credit_word(prev):
        return "b_case"  # "Photo: AFP BEIRUT —", "Photo: Reuters Bengaluru:": a credit line ends
    if low.strip(_RUBRIC_PUNCT) in RUBRIC and _rubric_only(text, lo, start):
        return "b_case"  # "BREAKING NEWS BRUSSELS --", "Latest News Bengaluru —": a rubric, then the place
    if caps:
        if prev != prev.upper() or prev.endswith(".") or prev == prev.lower():
            return "b_case"  # a word in lower case or in a caseless script, then the place in capitals
        return "b_caps_run"
    if low in FUNCTION_WORDS:
        return "b_func"
    if is_caps(prev) and prev.isalpha() and len(prev_words) >= 2 and is_caps(prev_words[-2]):
        return "b_case"  # a rubric in capitals, then the place in Title Case ("DANA VALENCIA València")
    return "b_lower" if not latin_capital and prev[:1].islower() and lower_case(prev[0]) else "b_title"


_RUBRIC_PUNCT: Final = ",.:|-–—»›>/•"


def _rubric_only(text: str, lo: int, start: int) -> bool:
    """Are all the words of the line before the place (six at most, and breadcrumb marks) page
    rubrics (RUBRIC)?"""
    line = text[max(lo, text.rfind("\n", lo, start) + 1, start - 60):start].split()
    if not 0 < len(line) <= 6:
        return False
    words = [w.lower().strip(_RUBRIC_PUNCT) for w in line]
    return all(w in RUBRIC or not w for w in words) and any(words)


REPEAT_WORDS: Final = 4  # words before a place that, printed twice, are a title repeated by the story


def _title_repeated(text: str, lo: int, start: int, prev_words: list[str]) -> bool:
    """Do the words before the place also come earlier (a page's title, then the story that
    repeats it)?  Then the place starts the story."""
    first = text.find(prev_words[-1], lo, start)
    if first < 0 or text.find(prev_words[-1], first + 1, start) < 0:
        return False  # the last word is printed once: so is the title (the cheap test first)
    key = " ".join(prev_words[-REPEAT_WORDS:])
    last = text.rfind(key, lo, start)
    return last > lo and text.find(key, lo, last) >= 0
