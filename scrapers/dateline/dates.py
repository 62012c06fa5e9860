"""Dates as printed in datelines: every date of an opening is found in one pass, then the
candidate generators look them up by position."""
from __future__ import annotations

from typing import Final

import re

from .months import FULL_NAMES, MONTHS, WEEKDAYS, _trie_regex, digit, digits, misspelt_month


def _names(words) -> str:
    """Any of the words, in any case.  The lookahead in front (their first letters, in any
    case) only lets the regex engine turn away quickly at a letter no name starts with ("5
    dlrs"), where the trie alone tries every one of its first letters; it never changes what
    matches."""
    first = re.escape("".join(sorted({w[0] for w in words})))
    return r"(?=(?i:[" + first + r"]))(?i:" + _trie_regex(words) + r")"


MON: Final = _names(MONTHS) + r"(?![^\W\d_])"
WD: Final = r"(?:" + _names(WEEKDAYS) + r"\.?,?\s+)"
# Digits in any script ("১৫ মার্চ", "५ मार्च", "۱۵ اسفند"; months.DIGIT_ZEROS): \d is
# Unicode-aware and int() reads them.  Years 18xx-20xx; the Solar Hijri 13xx-14xx in Persian
# digits ("۱۴۰۲"); the Thai Buddhist era's 2550-2579 ("5 มี.ค. 2567").
YEAR: Final = (r"(?:[" + digit("1") + "][" + digit("8") + digit("9") + "]|[" + digit("2") + "][" + digit("0") + "]"
               r"|۱[۳۴]|[2๒][5๕](?=[5-7๕-๗]))\d\d(?!\d)")
DAY: Final = r"(?:[" + digits("0", "3") + r"]?\d)"
DAY_AFTER_MONTH: Final = DAY + r"(?:st|nd|rd|th|\s?d\.)?(?!\d)(?![^\W\d_])"  # Lithuanian "kovo 5 d."
DAY_BEFORE_MONTH: Final = DAY + r"(?:st|nd|rd|th|er|º|\.|-(?=[^\W\d_]))?"  # Kyrgyz, Uzbek "5-mart"
CJK: Final = r"(?:[0-9０-９]{4}\s*[年년]\s*)?[0-9０-９]{1,2}\s*[月월]\s*[0-9０-９]{1,2}\s*[日일]"

# (A month-first date starts with a letter: the lookahead turns it away at once at a number.)
DATE: Final = re.compile(
    r"(?:(?<![\w.])(?:"
    + r"(?=[^\W\d_])" + WD + r"?" + MON + r"\.?,?\s*" + DAY_AFTER_MONTH + r"(?:(?:,\s*|\s+|/)" + YEAR + r")?"
    r"|" + WD + r"?" + DAY_BEFORE_MONTH + r"\s*(?:de\s+)?" + MON + r"\.?(?:\s+" + MON + r")?"
    r"(?:,?\s+(?:de\s+)?" + YEAR + r"\.?)?"
    r"|" + YEAR + r"\.\s*" + MON + r"\.?\s*" + DAY + r"\.)"  # Hungarian "2024. március 5."
    r"|" + CJK + r")"
)
# a bare day before a credit: "MADRID, 21 (EUROPA PRESS)"
BARE_DAY: Final = re.compile(r",\s*([0-3]?\d)\s*$")
DATE_AT_END: Final = re.compile(r"(?:" + DATE.pattern + r")[\s,.]*$")

# Month words that abbreviate a longer name of the same month keep their point ("5 Nov."); a
# full name of four letters or more does not, though another language's name starts with it
# ("Toshkent, 5 mart. /UzA/": "mart" is Uzbek's name, not short for Serbian "marta").
ABBREVIATED: Final = frozenset(m for m in MONTHS if m not in FULL_NAMES and any(
    n != m and n.startswith(m) and MONTHS[n] == MONTHS[m] for n in MONTHS))
DOTTED: Final = tuple(m + "." for m in MONTHS if "." in m)  # Thai "มี.ค." keeps its point
_LAST_WORD: Final = re.compile(r"([^\W\d_]+)\.$")
_ORDINAL_DAY: Final = re.compile(r"\d{1,2}\.")
_YEAR_FIRST: Final = re.compile(YEAR + r"\.")


def _trim(text: str, s: int, e: int) -> int:
    """End of a date without a point that is not part of it: a point stays after an
    abbreviated month ("5 Nov.") and after the year of an ordinal date ("2. ožujka 2012.")."""
    if text[e - 1] != ".":
        return e
    span = text[s:e]
    m = _LAST_WORD.search(span)
    if m and m.group(1).lower() in ABBREVIATED or span.endswith(DOTTED) or span.endswith(" d."):
        return e
    if span[-2:-1].isdigit() and (_ORDINAL_DAY.match(span) or _YEAR_FIRST.match(span)):
        return e
    return e - 1


# A number (\d+), found by a character class that the regex engine skips along quickly (0-9,
# or any character past Latin-1), then checked to be a digit: \d+ alone costs a Unicode
# category look-up at every character of the opening.  The same spans.
_DIGITS: Final = re.compile("[0-9\u0100-\U0010ffff](?<=\\d)\\d*")
_NAME_STARTS: Final = re.compile(r"(?<![^\W\d_])([^\W\d_]+)")
# Runs of letters (the same words from the second on; the scan starts with a character class,
# which the regex engine skips along, not with a lookbehind tried at every position).
_LETTERS: Final = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS: Final = re.compile(r"[A-Za-z]+")
_ONE_DIGIT: Final = bytes.maketrans(b"123456789", b"000000000")
_NAMES: Final = {**MONTHS, **{w: 0 for w in WEEKDAYS}}  # words a date may start with


NAME_REACH: Final = 30  # a date starts at its number or at a month or weekday name this far before it


class Dates:
    """The dates of an opening, left to right, found as far as the readers ask.  Every date
    holds a number, so the date pattern is tried only at the number and at the starts of the
    words before it.  The scan goes left to right and stops at the last position asked for
    (a dateline is mostly read from the first ~150 characters, where a Reuters opening has
    dozens of figures after them): `upto(x)` holds every date that starts before x, as the
    first entries of the full scan (a date starts at most NAME_REACH before its number)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[tuple[int, int]] = []
        self._read_to = 0  # every number that starts before this is read
        ascii_text = text.isascii()
        # In ASCII text a letter is [A-Za-z]: the same runs, without a Unicode look-up a character
        self._letters: re.Pattern[str] = _ASCII_LETTERS if ascii_text else _LETTERS
        # and a digit is 0-9: in a copy of its bytes with every digit made "0", the next number
        # is found by bytes.find (a memory search), where the regex engine tests its class at
        # every character (~40 machine instructions each)
        self._zeros: bytes | None = text.encode("ascii").translate(_ONE_DIGIT) if ascii_text else None

    def upto(self, x: int) -> list[tuple[int, int]]:
        """The dates found so far, which include every date that starts before x.  The numbers
        are searched for only up to the last start asked for (a search to the next number after
        it read on to the opening's end where none follows)."""
        end = min(x + NAME_REACH + 1, len(self.text))
        while self._read_to < end:
            d = self._number(self._read_to, end)
            if d is None:
                self._read_to = end
                break
            self._read_to = d.end()
            self._read(d)
        return self.found

    def _number(self, a: int, b: int) -> re.Match[str] | None:
        """The first number that starts in text[a:b], whole (it may run on past b)."""
        text = self.text
        if self._zeros is not None:
            p = self._zeros.find(b"0", a, b)
            return _DIGITS.match(text, p) if p >= 0 else None
        d = _DIGITS.search(text, a, b)
        if d is not None and d.end() == b:  # the number may run on past b
            return _DIGITS.match(text, d.start()) or d
        return d

    def all(self) -> list[tuple[int, int]]:
        return self.upto(len(self.text))

    def _read(self, d: re.Match[str]) -> None:
        """The date that holds the number d, if any."""
        text, out = self.text, self.found
        ds = d.start()
        if out and ds < out[-1][1]:
            return
        reach = max(0, ds - NAME_REACH)
        starts = self._names_before(reach, ds)
        after = text[d.end():d.end() + 1]
        if after.isalpha() or after.isspace() or after in (".", "º", "-"):  # "5 May", "5. Mai", "5日", "5-mart"
            starts.append(ds)
        for st in starts:
            if out and st < out[-1][1]:
                continue
            m = DATE.match(text, st)
            if m and m.end() > ds:
                e = _trim(text, st, m.end())
                if e > ds:
                    out.append(_own_month(text, st, e, d) or (st, e))
                    return


    def _names_before(self, reach: int, ds: int) -> list[int]:
        """Starts of the last two month or weekday names in text[reach:ds] (not a word's tail cut
        at reach).  The runs of letters are read as strings and each is found after the one
        before (only non-letters stand between): a match object per run cost more than the rest."""
        text = self.text
        starts: list[int] = []
        pos = reach
        word: str
        for word in self._letters.findall(text, reach, ds):
            s = text.find(word, pos)
            pos = s + len(word)
            if word.lower() in _NAMES and not (s == reach > 0 and self._letters.match(text, reach - 1)):
                starts.append(s)
        return starts[-2:]


def find_dates(text: str) -> list[tuple[int, int]]:
    """Spans of all dates in the text, left to right."""
    return Dates(text).all()


def _own_month(text: str, st: int, e: int, d: re.Match) -> tuple[int, int] | None:
    """The day's own date when a month-first reading ends at the day but a month follows it:
    in "Rio de Janeiro, 5 de março de 2024" the date is "5 de março de 2024", not "Janeiro, 5"."""
    if st == d.start() or e != d.end() or text[st:st + 1].islower() or (
            name := _NAME_STARTS.match(text, st)) is None or MONTHS.get(name.group(1).lower()) is None:
        return None
    m = DATE.match(text, d.start())
    return (d.start(), _trim(text, d.start(), m.end())) if m and m.end() > e else None


def date_ending_at(dates: Dates, text: str, pos: int) -> tuple[int, int] | None:
    """The date that ends at pos, ignoring spaces, commas and points between."""
    j = pos
    while j > 0 and text[j - 1] in " ,.":
        j -= 1
    for s, e in dates.upto(pos):
        if j <= e <= pos and e > s and not text[e:pos].strip(" ,."):
            return s, e
    return None


def date_starting_at(dates: Dates, pos: int, slack: int = 3) -> tuple[int, int] | None:
    """The date that starts within `slack` characters after pos."""
    for s, e in dates.upto(pos + slack + 1):
        if pos <= s <= pos + slack:
            return s, e
    return None


def date_just_before(text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """A date right before pos that the one-pass scan missed because an earlier date-like
    match swallowed its start ("Rio de Janeiro, 15 abr": "Janeiro, 15" is also a date)."""
    if not _DIGITS.search(text, max(lo, pos - 32), pos):
        return None  # every date holds a number
    m = DATE_AT_END.search(text, max(lo, pos - 32), pos)
    if not m:
        return None
    e = m.start() + len(m.group(0).rstrip(" ,."))
    e = _trim(text, m.start(), e + (text[e:e + 1] == "."))
    return m.start(), e


_MISSPELT: Final = re.compile(r",\s*([^\W\d_]{4,9}\.?\s+[0-3]?\d)\s*,?\s*$")


def misspelt_date(text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """A date whose month is misprinted ("Mach 4", "Arpil 2") right before pos, after a comma:
    read only where a known credit follows (candidates.around_credit), the one slot where a
    word one letter off a month name and a day can be nothing but the dateline's date."""
    m = _MISSPELT.search(text, max(lo, pos - 24), pos)
    if m is None or misspelt_month(m.group(1).split()[0].rstrip(".")) is None:
        return None
    before = text[max(lo, m.start() - 30):m.start()].split()
    if not before or not before[-1][:1].isupper():
        return None  # a place ends before the comma ("LAHORE, Mach 4"), not prose ("said, Match 4")
    return m.span(1)
