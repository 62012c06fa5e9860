"""Where a story came from, when it was sent and whether it may be used: the wire-fidelity rules.

One place for the rules every format shares (parsers only report what the wire says):

- **Agency**: the credit printed in the dateline first (``agency_source = "dateline"``); else the
  wire's own provider metadata (NewsML provider / creator, NITF copyright holder, ninjs
  copyrightholder...), through the one alias table (``"metadata"``); else the feed's configured
  agency (``"feed"``, set by the pipeline).
- **Time zones**: a wire time without an offset is local time of its sender. The feed's
  ``timezone:`` wins; else the provider's known zone (``PROVIDER_TIMEZONES``); else UTC.
- **Place**: metadata locations (NewsML-G2 ``located``, ninjs ``located``, Ritzau ``town``...) only
  fill a city the printed dateline leaves empty, and never when they are placeholders, a person
  (the byline) or, for providers whose ``located`` is the editing desk, at all.
- **Status**: usable / withdrawn / canceled / embargoed (with ``embargoed_until``).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

from scrapers.record import Article

# Agencies known to send naive local times (their wire metadata carries no offset).
PROVIDER_TIMEZONES = {
    "STT": "Europe/Helsinki", "Ritzau": "Europe/Copenhagen", "NTB": "Europe/Oslo",
    "AAP": "Australia/Sydney",
}
# Senders whose own metadata `located` is the editing desk, not where the story happened.
LOCATED_IS_DESK = {"Reuters"}
STATUSES = ("usable", "withdrawn", "canceled", "embargoed")
_TIMES = ("published", "updated", "embargoed_until")
_STATUS_WORDS = {
    "usable": "usable", "published": "usable", "active": "usable", "ok": "usable",
    "withdrawn": "withdrawn", "withheld": "withdrawn", "kill": "withdrawn", "killed": "withdrawn",
    "deleted": "canceled", "canceled": "canceled", "cancelled": "canceled", "cancel": "canceled",
    "embargoed": "embargoed", "embargo": "embargoed",
}
_PLACEHOLDER = re.compile(r"^(?:no[-_ ]?data[-_ ]?available|n/?a|none|null|unknown|undefined|tbd|-+|x+)$", re.I)
_INITIAL = re.compile(r"\b[A-Z]\.\s+[A-Z][a-z]")  # "Aaron J. Staples": a person's middle initial


def status_of(raw: str) -> str:
    """Our status word for a wire's status value ('stat:canceled', 'Usable', 'withheld'...)."""
    word = (raw or "").strip().rsplit(":", 1)[-1].strip().lower()
    return _STATUS_WORDS.get(word, "usable" if not word else "")


@functools.lru_cache(maxsize=64)
def zone(name: str) -> dt.tzinfo | None:
    """A tz database zone by name; None for '' or an unknown name."""
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def canonical(name: str) -> str:
    """Short agency name through THE alias table ('Thomson Reuters' -> 'Reuters')."""
    name = " ".join((name or "").split()).strip(" /-–—")
    name = re.sub(r"^(?:via|by|från|von|par)\s+", "", name, flags=re.I).strip(" /")
    if not name or _PLACEHOLDER.match(name):
        return ""
    try:
        from scrapers.dateline import canonical_agency
    except ImportError:  # the dateline package is optional at import time
        return name
    return canonical_agency(name) or name


def sender_zone(a: Article, feed_timezone: str = "") -> dt.tzinfo | None:
    """The zone naive times of this story are in: the feed's, else its sender's known zone."""
    tz = zone(feed_timezone)
    if tz is not None:
        return tz
    for who in (a.extra.get("sender"), a.provider):
        name = PROVIDER_TIMEZONES.get(canonical(str(who or "")))
        if name:
            return zone(name)
    return None


def localise(value: dt.datetime | None, tz: dt.tzinfo | None) -> dt.datetime | None:
    """A naive wire time read as local time in `tz` (aware values are left as they are)."""
    if tz is None or not isinstance(value, dt.datetime) or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=tz).astimezone(dt.timezone.utc)


def prepare(a: Article, feed_timezone: str = "") -> None:
    """Before the dateline step: local times converted, a usable metadata location as fallback city."""
    naive = [k for k in _TIMES if isinstance(getattr(a, k), dt.datetime) and getattr(a, k).tzinfo is None]
    if naive:
        tz = sender_zone(a, feed_timezone) or dt.timezone.utc
        for key in naive:
            setattr(a, key, localise(getattr(a, key), tz))
        a.extra["local_times"] = (naive, str(tz))  # what apply_feed may re-read in the feed's zone
    located = str(a.extra.get("located") or "")
    if located and not a.extra.get("city_fallback") and located_is_place(located, a):
        a.extra["city_fallback"] = located.split(",")[0].strip()


def located_is_place(located: str, a: Article) -> bool:
    """False for placeholders, a person's name (the byline's) and a desk-only provider's `located`."""
    first = located.split(",")[0].strip()
    if not first or _PLACEHOLDER.match(first) or any(ch.isdigit() for ch in first):
        return False
    if canonical(str(a.extra.get("sender") or a.provider)) in LOCATED_IS_DESK:  # the sender's own desk
        return False
    byline = (a.byline or "").casefold()
    if byline and first.casefold() in byline:
        return False
    return not _INITIAL.search(first)


def settle(a: Article) -> None:
    """After the dateline step: agency and its source, status and embargo."""
    if a.city and _PLACEHOLDER.match(a.city):  # 'No-Data-Available' is no place
        a.city = ""
    if a.agency:
        a.agency_source = a.agency_source or "dateline"
    else:
        provider = canonical(a.provider)
        if provider:
            a.agency, a.agency_source = provider, "metadata"
    status = "usable" if a.status == "usable" else status_of(a.status) or "usable"  # the default, most stories
    if a.embargoed_until is not None and status == "usable":
        status = "embargoed"
    a.status = status


def apply_feed(a: Article, feed_agency: str = "", feed_timezone: str = "") -> None:
    """The feed's settings on a parsed story: its agency as the last resort, its time zone for
    the times the wire sent without an offset (read again as wall-clock times in that zone)."""
    if not a.agency and feed_agency:
        a.agency, a.agency_source = feed_agency, "feed"
    tz = zone(feed_timezone)
    local = a.extra.get("local_times")
    if tz is None or not local or local[1] == feed_timezone:
        return
    for key in local[0]:
        value = getattr(a, key)
        if isinstance(value, dt.datetime):
            was = zone(local[1]) or dt.timezone.utc
            setattr(a, key, localise(value.astimezone(was).replace(tzinfo=None), tz))
    a.extra["local_times"] = (local[0], feed_timezone)
