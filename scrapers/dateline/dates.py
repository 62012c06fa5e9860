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


def _is_digit(text: str, i: int) -> bool:
    """Is text[i] a digit (\\d: Unicode's decimal digits, which str.isdecimal reads)?  Told from its
    code point (ord(text[i]) reads it without making a string) where no digit lies: before U+0660
    but 0-9, and in general punctuation, CJK and kana, and Hangul syllables, where most characters
    of a non-ASCII opening past Latin-1 stand.  tests/test_dateline_scan_paths.py compares it with
    \\d on every code point."""
    o = ord(text[i])
    if o < 0x660:
        return 48 <= o <= 57
    if 0x1C5A <= o < 0xA620 or 0xABFA <= o < 0xFF10:
        return False
    return text[i].isdecimal()


def _wide_digit(text: str, marks: str, a: int, b: int) -> int:
    """The first digit past ASCII in text[a:b] (-1: none): each character past ASCII is a "?" in
    marks (Dates._marks), found by str.find; the next one of a run of them is read at once."""
    q = marks.find("?", a, b)
    while q >= 0:
        if _is_digit(text, q):
            return q
        q = q + 1 if q + 1 < b and ord(text[q + 1]) >= 128 else marks.find("?", q + 1, b)
    return -1


_NAME_STARTS: Final = re.compile(r"(?<![^\W\d_])([^\W\d_]+)")
# Runs of letters (the same words from the second on; the scan starts with a character class,
# which the regex engine skips along, not with a lookbehind tried at every position).
_LETTERS: Final = re.compile(r"[^\W\d_]+")
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
        # A copy of the text with every ASCII digit made "0" and every character past ASCII "?"
        # (one character for one: the positions are the text's): the next number is found by
        # str.find in it (a memory search), where the regex engine tests its class at every
        # character (~55 machine instructions each, ~250 past Latin-1)
        self._marks = text.encode("ascii", "replace").translate(_ONE_DIGIT).decode("ascii")
        self._wide = not text.isascii()  # a digit past ASCII ("١٥", "１５") can be printed
        self._next = self._number(0)  # the first number not read yet (None: no number is left)

    def upto(self, x: int) -> list[tuple[int, int]]:
        """The dates found so far, which include every date that starts before x: the numbers
        that start before x + NAME_REACH + 1 are read.  The number after the last one read is
        found once and kept (a search per call, bounded at the position asked, cost a regex
        call each time a reader asked a little further)."""
        end = x + NAME_REACH + 1
        while (span := self._next) is not None and span[0] < end:
            ds, de = span
            self._next = self._number(de)
            self._read(ds, de)
        return self.found

    def _number(self, a: int) -> tuple[int, int] | None:
        """The span of the first number that starts at a or after it: the first "0" of the copy,
        unless a digit past ASCII comes first (`_wide_digit`)."""
        marks, text = self._marks, self.text
        p = marks.find("0", a)
        if self._wide and (w := _wide_digit(text, marks, a, p if p >= 0 else len(text))) >= 0:
            p = w
        if p < 0:
            return None
        e = p + 1
        while e < len(text) and _is_digit(text, e):
            e += 1
        return p, e

    def all(self) -> list[tuple[int, int]]:
        return self.upto(len(self.text))

    def _read(self, ds: int, de: int) -> None:
        """The date that holds the number text[ds:de], if any."""
        text, out = self.text, self.found
        if out and ds < out[-1][1]:
            return
        reach = max(0, ds - NAME_REACH)
        starts = self._names_before(reach, ds) if _may_follow_name(text, reach, ds) else []
        after = text[de:de + 1]
        if (after.isspace() or after.isalpha() or after in (".", "º", "-")) \
                and _may_start_date(text, ds, de):  # "5 May", "5. Mai", "5日", "5-mart"
            starts.append(ds)
        for st in starts:
            if out and st < out[-1][1]:
                continue
            m = DATE.match(text, st)
            if m is not None and (me := m.end()) > ds:
                e = _trim(text, st, me)
                if e > ds:
                    out.append(_own_month(text, st, e, ds, de) or (st, e))
                    return

    def _names_before(self, reach: int, ds: int) -> list[int]:
        """Starts of the last two month or weekday names in text[reach:ds] (not a word's tail cut
        at reach).  Where text[reach - 1:ds] is ASCII its runs of letters are [A-Za-z]+, read
        back from ds by code (a regex call costs more than the ~30 characters); elsewhere by the
        regex, each run found after the one before (only non-letters stand between: a match
        object per run cost more than the rest)."""
        text = self.text
        if not self._wide or text[max(0, reach - 1):ds].isascii():
            return _ascii_names_before(text, reach, ds)
        starts: list[int] = []
        pos = reach
        word: str
        for word in _LETTERS.findall(text, reach, ds):
            s = text.find(word, pos)
            pos = s + len(word)
            if word.lower() in _NAMES and not (s == reach > 0 and _LETTERS.match(text, reach - 1)):
                starts.append(s)
        return starts[-2:]


def _ascii_names_before(text: str, reach: int, ds: int) -> list[int]:
    """Dates._names_before where text[reach - 1:ds] is ASCII: its runs of [A-Za-z], read from
    the last, until two are names."""
    starts: list[int] = []
    e = ds
    while e > reach and len(starts) < 2:
        if not _ascii_letter(ord(text[e - 1])):
            e -= 1
            continue
        s = e - 1
        while s > reach and _ascii_letter(ord(text[s - 1])):
            s -= 1
        if text[s:e].lower() in _NAMES and not (s == reach > 0 and _ascii_letter(ord(text[s - 1]))):
            starts.insert(0, s)
        e = s
    return starts


# What a date that starts at its number needs next: DAY_BEFORE_MONTH's suffixes, then spaces and
# perhaps "de", then a month name; a year's point (Hungarian "2024. március 5."); a CJK mark.
_TWO_LETTER_SUFFIXES: Final = ("st", "nd", "rd", "th", "er")
_ONE_MARK_SUFFIXES: Final = ("º", ".", "-")
# re's case-insensitive matching reads an ASCII letter for these too (re._casefix's extra cases
# and the two code points whose simple lower case is ASCII); other letters only for themselves.
_ASCII_FOLD: Final = {"ı": "i", "ſ": "s", "İ": "i", "\u212a": "k"}


def _is_letter(c: str) -> bool:
    """[^\\W\\d_]: a word character that is neither a digit nor the underscore."""
    return c.isalnum() and not c.isdecimal()


def _as_ascii(run: str) -> str | None:
    """The ASCII text that MON and WD read as the run of letters, in lower case (None where no
    ASCII text is read as it: "tháng")."""
    folded = "".join(_ASCII_FOLD.get(c, c) for c in run).lower()
    return folded if folded.isascii() else None


def _first_run(name: str) -> str:
    k = 0
    while k < len(name) and _is_letter(name[k]):
        k += 1
    return name[:k]


def _last_run(name: str) -> str:
    k = len(name)
    while k > 0 and _is_letter(name[k - 1]):
        k -= 1
    return name[k:]


# The first runs of the month names, and the last runs of the month and weekday names before
# any digits they end with, as ASCII text reads them ("kasım" is read in "Kasim 5"; a name of
# several words by its first or last: "thg 10" by "thg" first and last, "quarta-feira" by "feira").
_ASCII_HEADS: Final = frozenset(h for h in (_as_ascii(_first_run(n)) for n in MONTHS) if h)
_ASCII_TAILS: Final = frozenset(t for t in (_as_ascii(_last_run(n.rstrip("0123456789").rstrip(" .,")))
                                            for n in (*MONTHS, *WEEKDAYS)) if t)
# A caseless character (a CJK, Arabic or Devanagari letter or mark) is read only as itself: the
# first characters of the month names, and the last of the names (before digits they end with).
_FIRST_CHARS: Final = frozenset(n[0] for n in MONTHS)
_LAST_CHARS: Final = frozenset(n.rstrip("0123456789").rstrip(" .,")[-1] for n in (*MONTHS, *WEEKDAYS))


def _caseless(c: str) -> bool:
    """Has the character no other case (re's (?i) then reads it only as itself: the test checks
    every code point)?"""
    return c.lower() == c and c.upper() == c


def _ascii_letter(o: int) -> bool:
    """Is the code point o an ASCII letter?  (ord(text[i]) reads it without making a string.)"""
    return 65 <= o <= 90 or 97 <= o <= 122


def _month_may_start(text: str, p: int) -> bool:
    """Can MON match at p?  Decided for a word in ASCII letters (its first run of letters must be
    read as a name's first run; a name of several words may follow); a word with another letter,
    in it or right after it, is left to the pattern (True)."""
    q = p
    while q < len(text) and _ascii_letter(ord(text[q])):
        q += 1
    if q == p:  # no ASCII letter: an ASCII mark or digit starts no name, a caseless letter its own
        return p < len(text) and ord(text[p]) >= 128 and (not _caseless(text[p]) or text[p] in _FIRST_CHARS)
    if q < len(text) and ord(text[q]) >= 128:
        return True
    return text[p:q].lower() in _ASCII_HEADS


def _month_after(text: str, p: int) -> bool:
    """Can a month name, or "de", spaces and a month name, start at p?"""
    if _month_may_start(text, p):
        return True
    q = _skip_spaces(text, p + 2)
    return text[p:p + 2] == "de" and q > p + 2 and _month_may_start(text, q)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():  # \s is str.isspace's set
        i += 1
    return i


def _may_start_date(text: str, ds: int, de: int) -> bool:
    """Can DATE match at the number text[ds:de]?  False only where it cannot (the pattern is tried
    at ~1 number an opening of real text and fails at most, ~8k machine instructions a try):
    a day before its month is one or two digits, then one of DAY_BEFORE_MONTH's suffixes or none,
    spaces, perhaps "de" and spaces, and a month name ("5 May"; not "5 people", "5th of"); a date
    that starts with a year is four digits before a point or a CJK year mark; a CJK day and month,
    one or two digits before 月 or 월.  tests/test_dateline_date_gates.py compares it with the
    pattern at every number of the sets and of random text."""
    n = de - ds
    if n > 2 and n != 4:
        return False
    p = _skip_spaces(text, de)
    mark = text[p:p + 1]
    if n == 4:
        return text[de:de + 1] == "." or mark == "年" or mark == "년"
    if mark == "月" or mark == "월" or _month_after(text, p):
        return True
    suffix = 2 if text[de:de + 2] in _TWO_LETTER_SUFFIXES else 1 if text[de:de + 1] in _ONE_MARK_SUFFIXES else 0
    return suffix > 0 and _month_after(text, _skip_spaces(text, de + suffix))


def _may_follow_name(text: str, reach: int, ds: int) -> bool:
    """Can a date that starts at a month or weekday name before ds, as _names_before finds them,
    be read here?  Its last name (the month, or the weekday before a day) must end right before
    the number, points, commas and spaces apart: where a number stands between the name and ds,
    that number's read tried the same start first (a name in the last two before ds is in the
    last two before it) and kept its date, which reaches past ds, or none.  So the word before
    the number, in ASCII letters, must be read as a name's last run of letters (or the run
    before the digits a name ends with: "thg 1" in "Thứ Hai thg 11" ends in the day's number); a
    word with another letter, in it or right before it, is left to the scan (True); no name ends
    with an ASCII mark, and after a digit no date is read from a name."""
    j = ds
    while j > reach and ((c := text[j - 1]) == "." or c == "," or c.isspace()):
        j -= 1
    i = j
    while i > reach and _ascii_letter(ord(text[i - 1])):
        i -= 1
    if i == j:  # no ASCII letter: no name ends with an ASCII mark, and a caseless letter ends its own
        return j > reach and ord(text[j - 1]) >= 128 and (not _caseless(text[j - 1]) or text[j - 1] in _LAST_CHARS)
    if i > 0 and ord(text[i - 1]) >= 128:
        return True
    return text[i:j].lower() in _ASCII_TAILS


def find_dates(text: str) -> list[tuple[int, int]]:
    """Spans of all dates in the text, left to right."""
    return Dates(text).all()


def _own_month(text: str, st: int, e: int, ds: int, de: int) -> tuple[int, int] | None:
    """The day's own date when a month-first reading ends at the day (the number text[ds:de])
    but a month follows it: in "Rio de Janeiro, 5 de março de 2024" the date is "5 de março de
    2024", not "Janeiro, 5"."""
    if st == ds or e != de or not _may_start_date(text, ds, de) or text[st:st + 1].islower() or (
            name := _NAME_STARTS.match(text, st)) is None or MONTHS.get(name.group(1).lower()) is None:
        return None
    m = DATE.match(text, ds)
    return (ds, _trim(text, ds, m.end())) if m and m.end() > e else None


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
