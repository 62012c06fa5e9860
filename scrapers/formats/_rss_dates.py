"""feedparser's date parsing (`feedparser.datetimes._parse_date`) with a fast path for the one
form nearly every RSS feed uses, RFC 822 with a four-digit year and a numeric or GMT zone
("Fri, 01 Mar 2024 10:00:00 +0000"): the UTC time feedparser's RFC 822 handler gives, as an aware
datetime, without trying its other handlers first. Anything else (and any date that does not exist) goes
to feedparser itself. tests/test_rss_fastpath.py compares both on generated dates (and what
`rss._dt` makes of each).
"""
from __future__ import annotations

import datetime as dt
import re
import time

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_datetime, _UTC = dt.datetime, dt.timezone.utc  # module globals: no attribute look-ups a date
_RFC822 = re.compile(r"(?:(?:mon|tue|wed|thu|fri|sat|sun), )?([0-9]{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
                     r"|nov|dec) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) (?:([+-])([0-9]{2})([0-9]{2})|gmt|ut|z)",
                     re.ASCII)


def parse_date_utc(value: str) -> dt.datetime | time.struct_time | None:
    """The fast form's time as the aware UTC datetime that `rss._dt` makes of feedparser's UTC
    9-tuple (no tuple built and read back a story); feedparser's 9-tuple or None for anything
    else."""
    m = _RFC822.fullmatch(value.lower()) if value else None
    if m is not None:
        day, month, year, hour, minute, second, sign, zh, zm = m.groups()
        try:
            stamp = _datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), 0, _UTC)
            if sign and (zh != "00" or zm != "00"):  # most wires send +0000: no arithmetic then
                offset = dt.timedelta(hours=int(zh), minutes=int(zm))
                stamp = stamp - offset if sign == "+" else stamp + offset
            return stamp
        except (ValueError, OverflowError):
            pass
    from feedparser.datetimes import _parse_date

    return _parse_date(value)
