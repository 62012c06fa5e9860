"""Turn a printed dateline date into a calendar date."""
from __future__ import annotations

from typing import Final

import re
from collections.abc import Callable
from functools import lru_cache
from datetime import date, datetime

from .calendars import ethiopian, solar_hijri
from .months import ETHIOPIAN, FULLWIDTH, MONTHS, NEPALI, PERSIAN, SPACED_MONTHS, misspelt_month, month_number

_CJK: Final = re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_HAN_NUM: Final = re.compile(r"[〇零一二三四五六七八九十]+(?=\s*[年月日])")  # "一九九八年", "十二月三十一日"
_HAN_DIGIT: Final = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _han_number(m: re.Match) -> str:
    """A Chinese numeral before 年/月/日 in digits: 一九九八 digit by digit, 三十一 by its tens."""
    run = m.group(0)
    if "十" not in run:
        return "".join(str(_HAN_DIGIT[c]) for c in run)
    tens, _, ones = run.partition("十")
    return str(_HAN_DIGIT.get(tens, 1) * 10 + _HAN_DIGIT.get(ones, 0))


_TOKEN: Final = re.compile(r"\d+|[^\s\d,/()-]+")  # a word keeps its vowel signs ("मार्च") and points ("มี.ค.")


@lru_cache(maxsize=4096)
def _ymd(printed: str):
    s = _HAN_NUM.sub(_han_number, printed.translate(FULLWIDTH))
    m = _CJK.search(s)
    if m:
        return (int(m.group(1)) if m.group(1) else None), int(m.group(2)), int(m.group(3))
    month = None
    low = s.lower()
    for name in SPACED_MONTHS:  # "5 tháng 3", "5 كانون الثاني": the name's number is no day
        if name in low:
            month, s = MONTHS[name], low.replace(name, " ")
            break
    nums = []
    for tok in _TOKEN.findall(s):
        if tok[0].isdigit():
            nums.append(int(tok))
        elif tok in NEPALI:
            return None  # Bikram Sambat: no table of its month lengths here
        elif tok in ETHIOPIAN:
            return _converted(ethiopian, ETHIOPIAN[tok], [int(t) for t in _TOKEN.findall(s) if t[0].isdigit()], 30)
        elif tok in PERSIAN:
            return _converted(solar_hijri, PERSIAN[tok], [int(t) for t in _TOKEN.findall(s) if t[0].isdigit()], 31)
        elif month is None:
            n = month_number(tok) or misspelt_month(tok)
            if n:
                month = n
    if month is None and len(nums) == 3 and nums[2] >= 1000 and 1 <= nums[1] <= 12:
        return nums[2], nums[1], nums[0]  # "03.05.2019", "5/3/2024": day, month, year
    if month is None and len(nums) == 2 and ("/" in s or "." in s) and 1 <= nums[1] <= 12:
        return None, nums[1], nums[0]  # "Hà Nội, 5/3 (TTXVN)", "Helsinki, 5.3. (STT)": day, month
    year = day = None
    for n in nums:
        if n >= 1000:  # a Thai Buddhist-era year ("5 มี.ค. 2567") is 543 years ahead
            year = (n - 543 if n >= 2400 else n) if year is None else year
        elif 1 <= n <= 31 and day is None:
            day = n
    if day is None:
        return None
    return year, month, day


def _converted(to_gregorian: Callable[[int, int, int], date | None], month: int, nums: list[int], last_day: int):
    """(year, month, day) of a date in another calendar (`calendars`: "ህዳር 12/2016" -> 2023, 11,
    22; "۱۵ اسفند ۱۴۰۲" -> 2024, 3, 5); None without its year, which cannot be guessed from the
    publication time here."""
    days = [n for n in nums if 1 <= n <= last_day]
    years = [n for n in nums if n >= 1000]
    g = to_gregorian(years[0], month, days[0]) if days and years else None
    return (g.year, g.month, g.day) if g else None


def _ref(published) -> date:
    if published is None:
        return date.today()
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return date.today()


def _cost(d: date, ref: date) -> int:
    delta = (d - ref).days
    # a dateline is normally on or before the publication day; later dates are penalised
    return -delta if delta <= 0 else delta * 4


def resolve_date(printed: object, published: object = None) -> date | None:
    """Resolve a printed dateline date to a calendar date.

    The year (and for a day-only date, the month) comes from the publication time:
    the candidate nearest to it wins, with dates after publication penalised, so a
    story filed on 31 December and published on 1 January lands in the old year.
    Never raises; returns None when the text is not a date.
    """
    try:
        if not printed or not isinstance(printed, str):
            return None
        parts = _ymd(printed)
        if parts is None:
            return None
        return _resolve(parts, _ref(published))
    except Exception:  # pragma: no cover - defensive
        return None


@lru_cache(maxsize=8192)
def _resolve(parts, ref: date) -> date | None:
    """Cached: a feed repeats the same printed dates and publication days."""
    try:
        year, month, day = parts
        if year is not None and month is not None:
            try:
                return date(year, month, day)
            except ValueError:
                return None
        cands = []
        if month is not None:
            for y in (ref.year - 1, ref.year, ref.year + 1):
                try:
                    cands.append(date(y, month, day))
                except ValueError:
                    pass
        else:  # day only: month from the publication time
            first = ref.replace(day=1)
            for k in (-2, -1, 0, 1):
                m0 = (first.month - 1 + k)
                y, m = first.year + m0 // 12, m0 % 12 + 1
                try:
                    cands.append(date(y, m, day))
                except ValueError:
                    pass
        if not cands:
            return None
        return min(cands, key=lambda d: _cost(d, ref))
    except Exception:  # pragma: no cover - defensive
        return None
