"""Where credit names can start: every listed name found in one pass over the text.

The bare-credit regex (anchors.BARE) cannot skip along the text: its first step is a
lookbehind and a lookahead over ~25 lower-case names, tried at every character (~500 machine
instructions a character on real openings).  An Aho-Corasick automaton over the same names
(ahocorasick_rs: Rust's aho-corasick crate) finds every place one of them is printed in one
pass at a few instructions a character; the regex is then tried only there.  So the automaton
decides nothing: it lists a superset of the positions where the regex can match, and the regex
still says what matches.
"""
from __future__ import annotations

import re

import ahocorasick_rs

# A lone surrogate cannot be encoded for the automaton (it reads UTF-8); as another single
# character it keeps every position, and no name holds either.
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # escapes read by re: no surrogate in the source


def _word_or_dash(ch: str) -> bool:
    """Can the character stand inside a domain's name (the regex's [\\w-])?"""
    return ch.isalnum() or ch == "_" or ch == "-"


class NameStarts:
    """The positions where one of `names`, or a capitalised domain name ending in `.END` for one
    of `domain_ends` (`KOMPAS.com`: `[A-Z][\\w-]*\\.END`), can start in the text."""

    def __init__(self, names: list[str], domain_ends: tuple[str, ...]) -> None:
        self.names = len(names)  # patterns from this index on are domain endings
        patterns = list(names) + ["." + e for e in domain_ends]
        # An automaton over the patterns' UTF-8 bytes, run on the text's: a pattern's bytes match
        # only where the pattern is printed (UTF-8 tells a character's first byte from the rest).
        # ahocorasick_rs's str automaton does the same but maps every byte of the text to its
        # position (~10 instructions a byte); here only the few matches are, and in ASCII text
        # none (its byte offsets are its positions).
        self.auto = ahocorasick_rs.BytesAhoCorasick([p.encode() for p in patterns],
                                                    implementation=ahocorasick_rs.Implementation.DFA)

    def find(self, text: str, start: int, end: int) -> list[int]:
        """Sorted positions in [start, end) where a name printed wholly before `end` starts (a
        superset for domains: every capital of the run before a domain's point)."""
        found: set[int] = set()
        hay = text[start:end]
        try:
            raw = hay.encode()
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form: read as another single character
            raw = _SURROGATE.sub("\ufffd", hay).encode()
        wide = len(raw) != len(hay)  # a character past ASCII: byte offsets are not positions
        for index, first, _ in self.auto.find_matches_as_indexes(raw, overlapping=True):
            k = start + (len(raw[:first].decode()) if wide else first)
            if index < self.names:
                found.add(k)
                continue
            while k > start and _word_or_dash(text[k - 1]):  # the domain's name: the run before its point
                k -= 1
                if "A" <= text[k] <= "Z":
                    found.add(k)
        return sorted(found)
