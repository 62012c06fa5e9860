"""The figures of a story, read as numbers: what a copy keeps and a templated report changes.

A desk that re-sends an earnings table rounds it ("Net 13,555,000" becomes "Net 13.5 mln"), drops
a line ("Shr diluted 69 cts vs 54 cts") or corrects one figure; a templated report of another
company keeps the template and changes every figure. So:
- a figure is its printed form plus, when it reads unambiguously, its value and the unit of its
  last printed digit (scale words mln / million / bln / billion... applied); two figures agree
  when printed alike, or when one is a rounding (or truncation) of the other at its printed
  precision (at least ROUNDED_DIGITS significant digits, a scale word on the rounded one);
- figures are compared along an alignment of the two texts (difflib on word tokens, figures
  with their scale word one token, spelled-out numbers as digits): a figure
  in a short stretch that replaced another figure between shared words is a CONFLICT (another
  value in the same slot of the same template); figures in stretches only one side has (a
  dropped or added line) are neither agreement nor conflict.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?")
_SCALE = {"thousand": 1e3, "mln": 1e6, "million": 1e6, "mn": 1e6, "m": 1e6, "bln": 1e9, "billion": 1e9,
          "bn": 1e9, "trillion": 1e12, "tln": 1e12, "trn": 1e12}
_WORDS = "thousand|mln|million|mn|m|bln|billion|bn|trillion|tln|trn"
_NUMBER = re.compile(rf"(?<![&#\w])(\d+(?:[.,/-]\d+)*)(?:\s?({_WORDS})\b)?", re.IGNORECASE)
_TOKEN = re.compile(rf"(?<![&#\w])\d+(?:[.,/-]\d+)*(?:\s?(?:{_WORDS})\b)?|[^\W\d_]+")  # on casefolded text
_DIGIT = re.compile(r"\d")
# numbers a wire desk spells out ("six cts", "April one"): figures in a template's slot too
_SPELLED = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty".split())}
_SPELLED.update({w: str(10 * i) for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})
ROUNDED_DIGITS = 2    # a rounded figure keeps at least this many significant digits
REPLACED_SPAN = 4     # tokens: a replaced stretch this short is one slot of a template
ALIGNED_CHARS = (3_000, 30_000)  # the shorter text's opening aligned against the longer's (cost)


@dataclass(frozen=True)
class Figure:
    printed: str              # digits and separators as printed ("13,555,000", "7-1/4")
    value: float | None       # the number, scale word applied (None: a fraction, a range...)
    step: float | None        # the unit of its last printed digit (13.5 mln: 100,000)
    scaled: bool = False      # printed with a scale word (a rounded form)

    def agrees(self, other: "Figure") -> bool:
        if self.printed == other.printed:
            return True
        if self.value is None or other.value is None or self.step is None or other.step is None:
            return False
        coarse, fine = (self, other) if self.step >= other.step else (other, self)
        if not coarse.scaled or coarse.step <= fine.step or significant_digits(coarse) < ROUNDED_DIGITS:
            return False
        return abs(coarse.value - fine.value) < coarse.step


def significant_digits(f: Figure) -> int:
    """Digits printed after any leading zeros ("13,555,000": 8; "0.25": 2), of a figure with a value."""
    return len(f.printed.replace(",", "").replace(".", "").lstrip("0"))


@lru_cache(maxsize=65536)
def read(token: str) -> Figure:
    """A figure from its printed token ("13.5 mln", "13,555,000", "4.10", "7-1/4")."""
    m = _NUMBER.fullmatch(token.strip())
    if m is None:
        return Figure(token, None, None)
    digits, word = m.group(1), (m.group(2) or "").casefold()
    scale = _SCALE.get(word, 1.0)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", digits):
        whole, _, frac = digits.replace(",", "").partition(".")
    elif re.fullmatch(r"\d+,\d{1,2}", digits):           # a decimal comma ("13,5")
        whole, _, frac = digits.partition(",")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):   # dots between thousands ("1.234.567")
        whole, frac = digits.replace(".", ""), ""
    else:
        return Figure(digits, None, None, bool(word))
    value = float(f"{whole}.{frac or 0}") * scale
    return Figure(digits, value, scale * 10.0 ** -len(frac), bool(word))


def figures(text: str) -> list[Figure]:
    """The figures of a text, each printed form once, dates ("March 16", "1 April") left out."""
    seen: dict[str, Figure] = {}
    for m in _NUMBER.finditer(DATE.sub(" ", text)):
        seen.setdefault(m.group(1), read(m.group()))
    return list(seen.values())


def kept(mine: list[Figure], other: list[Figure]) -> int:
    """How many of `mine` agree with some figure of `other`."""
    printed = {f.printed for f in other}
    return sum(1 for f in mine if f.printed in printed or any(f.agrees(g) for g in other))


def _tokens(text: str) -> list[str]:
    """Word tokens, figures whole ("13.5 mln") and spelled-out numbers as digits."""
    return [_SPELLED.get(t, t) for t in _TOKEN.findall(DATE.sub(" ", text).casefold())]


def _is_figure(token: str) -> bool:
    return token[0].isdigit()


def aligned(a: str, b: str) -> tuple[int, int]:
    """(agreeing, conflicting) figures of a along an alignment of a and b (see the module doc).
    Text without a digit on either side has no conflict to find (spelled-out numbers on both
    sides are left out); difflib's autojunk skips the commonest words (same counts, faster)."""
    a, b = a[: ALIGNED_CHARS[0]], b[: ALIGNED_CHARS[1]]
    if not (_DIGIT.search(a) or _DIGIT.search(b)):
        return 0, 0
    ta, tb = _tokens(a), _tokens(b)
    agree = conflict = 0
    sm = difflib.SequenceMatcher(None, ta, tb)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            agree += sum(1 for t in ta[i1:i2] if _is_figure(t))
        elif op == "replace" and i2 - i1 <= REPLACED_SPAN and j2 - j1 <= REPLACED_SPAN:
            fa = [read(t) for t in ta[i1:i2] if _is_figure(t)]
            fb = [read(t) for t in tb[j1:j2] if _is_figure(t)]
            same = min(kept(fa, fb), kept(fb, fa))
            agree += same
            conflict += min(len(fa), len(fb)) - same
    return agree, conflict
