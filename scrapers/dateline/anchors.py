"""Where a credit can start in an opening: the bracket, slash, bare-name and capitals anchors
that the credit readers (candidates.py) and the fast path start from, each found only where its
first character or name is printed (a regex tried at every character of the text costs more
than the finds)."""
from __future__ import annotations

from typing import Final

import re
import string

from .agencies import _TABLE
from .months import _trie_regex
from .scan import NameStarts

PAREN_FIRST: Final = ("(", "（")  # every match of PAREN starts with one of these (anchors)
PAREN: Final = re.compile(r"[(（]\s*([^()（）\n]{1,48}+)\s*[)）]")
SLASH: Final = re.compile(r"/(?<![\w/]/)\s*([^/\n\s][^/\n]{0,28}?)\s*/(?![\w/])")
_BARE_NAMES: Final = sorted({n for names in _TABLE.values() for n in names if len(n) >= 3 or n == "AP"}
                     | {n.upper() for names in _TABLE.values() for n in names if len(n) >= 3},
                     key=len, reverse=True)
DOMAIN_ENDS: Final = ("com", "COM", "co.id", "CO.ID", "co", "CO", "id", "ID", "am", "az", "ru", "RU", "kz", "net", "org",
                      "tv", "TV")
_DOMAIN: Final = r"[A-Z][\w-]*\.(?:" + "|".join(map(re.escape, DOMAIN_ENDS)) + ")"  # "KOMPAS.com"
DOMAIN: Final = re.compile(_DOMAIN)


def _bare_regex(names: list[str], before: str) -> re.Pattern:
    """A listed name or a capitalised domain, not inside a word, after `before`.  The lookahead
    in front only lets the regex engine pass over most words quickly: a credit starts with a
    capital (or a caseless letter), or is a lower-case name whose first run of letters is a
    whole word ("dpa", "reuters.com"); it never changes what matches."""
    starts = sorted({n[0] for n in names if not n[0].islower()} | set(string.ascii_uppercase))
    lower = sorted({re.findall(r"[^\W_]+", n)[0] for n in names if n[0].islower()})
    ahead = "(?=[" + re.escape("".join(starts)) + "]|(?:" + "|".join(map(re.escape, lower)) + r")(?![^\W_]))"
    return re.compile(before + ahead + "(" + _trie_regex(names) + "|" + _DOMAIN + r")(?![^\W_]|@)")


NOT_IN_WORD: Final = r"[\w.@]"  # a credit never follows one of these
BARE: Final = _bare_regex(_BARE_NAMES, "(?<!" + NOT_IN_WORD + ")")
# bare_anchors tries BARE's credits only where the automaton of their names finds one (scan.py):
# BARE's lookbehind and lookahead cost a sub-match at every position of the text.
BARE_AT: Final = _bare_regex(_BARE_NAMES, "")  # BARE where the character before is known to allow it
BARE_STARTS: Final = NameStarts(_BARE_NAMES, DOMAIN_ENDS)
# (two capitals before the lookbehind: at a Title Case word the second letter turns the engine
# away at once, where the lookbehind is a sub-match tried at every capital; the same matches)
CAPS_CREDIT: Final = re.compile(r"([A-Z][A-Z](?<!\w[A-Z][A-Z])[A-Z]{0,10})(?=\s*(?:--|[-–—_:]|\.\s))")
CAPITALS: Final = string.ascii_uppercase  # CAPS_CREDIT's [A-Z]
CAPS_CREDIT_NEXT: Final = tuple("-–—_:.")  # what follows a match of CAPS_CREDIT, after spaces (caps_credits)


def anchors(rx: re.Pattern, text: str, lo: int, win: tuple[int, int], first: tuple[str, ...] = ()):
    """Matches of rx that start inside the window (a, b) of the opening.  `first`, when rx
    starts with a class of those characters: they are found with str.find, a memory search,
    and rx is tried only at them, up to b.  (Searching, the regex engine tests its first
    class at every character, ~45 machine instructions each, and reads on past b to its first
    match there.)  The same matches: each starts with one of them, and a mark inside the match
    before it is passed over as finditer passes it."""
    if not first:
        for m in rx.finditer(text, max(lo, win[0]), win[1] + 80):  # no anchor is longer than 80
            if m.start() >= win[1]:
                return
            yield m
        return
    done = 0
    for p in marks(text, first, max(lo, win[0]), win[1]):
        if p >= done and (at := rx.match(text, p, win[1] + 80)) is not None:
            done = at.end()
            yield at


def marks(text: str, chars: tuple[str, ...], a: int, b: int) -> list[int]:
    """Positions in [a, b) of any of the characters, in order.  (A tuple of strings of one
    character made once: compiled, a loop over a str makes a string of each character.)"""
    found: list[int] = []
    for c in chars:
        i = text.find(c, a, b)
        while i >= 0:
            found.append(i)
            i = text.find(c, i + 1, b)
    if len(chars) > 1:
        found.sort()
    return found


LONGEST_NAME: Final = max(map(len, _BARE_NAMES))  # a listed name that starts in a window ends this far past it
DOMAIN_END_REACH: Final = 1 + max(map(len, DOMAIN_ENDS))  # ".co.id"


def _scan_end(text: str, b: int, end: int) -> int:
    """Where the automaton may stop reading for the credits that start before b: a listed name
    ends within LONGEST_NAME of b; a domain's name is a run of letters, digits, "_" and "-" of any
    length, so one that starts before b ends before the cut too when a space is printed between
    b and the cut, less its ending.  (Most windows: ~40 characters fewer for the automaton, ~33
    machine instructions each.)"""
    cut = b + LONGEST_NAME
    return cut if cut < end and text.find(" ", b, cut - DOMAIN_END_REACH) >= 0 else end


def bare_anchors(text: str, lo: int, win: tuple[int, int]):
    """The credits (spans of group 1) of BARE's matches that start inside the window, as
    anchors(BARE, ...) finds them: BARE is tried only where the automaton of its names finds one
    starting (scan.py), after a character that BARE's lookbehind allows."""
    pos, end = max(lo, win[0]), win[1] + 80  # no anchor is longer than 80
    for p in BARE_STARTS.find(text, pos, _scan_end(text, win[1], min(end, len(text)))):
        if p >= win[1]:
            return
        if p < pos or (p > 0 and (text[p - 1].isalnum() or text[p - 1] in "_.@")):
            continue  # inside the credit just read, or inside a word (NOT_IN_WORD)
        if (m := BARE_AT.match(text, p, end)) is not None:
            a, pos = m.span(1)
            yield a, pos


def caps_credits(text: str, lo: int, win: tuple[int, int]):
    """The matches of CAPS_CREDIT that start in the window, as anchors(CAPS_CREDIT, ...) gives
    them.  A match is a run of capitals that a separator or a point follows, after spaces (its
    lookahead), so CAPS_CREDIT is tried only at the start of a run of capitals that ends right
    before one of those found by `marks` (searching, the regex engine tried its first class at
    every character and its lookbehind at every two capitals)."""
    a, b, end = max(lo, win[0]), win[1], win[1] + 80  # no anchor is longer than 80
    last = -1
    for k in marks(text, CAPS_CREDIT_NEXT, a, end):
        e = k
        while e > a and text[e - 1].isspace():  # CAPS_CREDIT's \s
            e -= 1
        p = e
        while p > 0 and text[p - 1] in CAPITALS and e - p <= 12:
            p -= 1
        if p == e or p <= last or not a <= p < b:
            continue  # no capital before the mark, the run already read, or outside the window
        if (m := CAPS_CREDIT.match(text, p, end)) is not None:
            last = p
            yield m
