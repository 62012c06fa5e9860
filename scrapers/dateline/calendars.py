"""Calendars other than the Gregorian that datelines print, converted to it.

The Ethiopian calendar ("ህዳር 12/2016") has twelve months of 30 days and a thirteenth of five
or six, counted from its epoch (Julian day 1723856).
The Solar Hijri calendar (Iran's: "۱۵ اسفند ۱۴۰۲") starts its year at the March equinox.  Its
leap years follow the 33-year arithmetic rule (years whose remainder by 33 is 1, 5, 9, 13, 17,
22, 26 or 30), which matches the astronomical calendar from 1343 to 1472 (1964-2093); the first
six months have 31 days, the next five 30, the last 29 or 30.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Final

_ETHIOPIC_EPOCH: Final = 1723856  # Julian day number of the Ethiopian calendar's epoch
_ORDINAL_TO_JDN: Final = 1721425   # date.toordinal() + this = Julian day number
_LEAP33: Final = frozenset({1, 5, 9, 13, 17, 22, 26, 30})
_NOWRUZ_1403: Final = date(2024, 3, 20)  # 1 Farvardin 1403


def ethiopian(year: int, month: int, day: int) -> date:
    """The Gregorian date of an Ethiopian calendar date ("ህዳር 12/2016" -> 2023-11-22)."""
    jdn = _ETHIOPIC_EPOCH + 365 + 365 * (year - 1) + year // 4 + 30 * month + day - 31
    return date.fromordinal(jdn - _ORDINAL_TO_JDN)


def solar_hijri_leap(year: int) -> bool:
    return year % 33 in _LEAP33


def solar_hijri(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a Solar Hijri date (None outside 1343-1472 or not a date)."""
    if not 1343 <= year <= 1472 or not 1 <= month <= 12:
        return None
    length = 31 if month <= 6 else 30 if month <= 11 else 30 if solar_hijri_leap(year) else 29
    if not 1 <= day <= length:
        return None
    start = _NOWRUZ_1403
    for y in range(min(year, 1403), max(year, 1403)):  # the year's first day from 1403's
        step = 366 if solar_hijri_leap(y) else 365
        start += timedelta(days=step if year > 1403 else -step)
    return start + timedelta(days=(month - 1) * 31 - max(0, month - 7) + day - 1)
