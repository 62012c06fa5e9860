"""HTTP dates (RFC 9110: Expires, Retry-After, Last-Modified), one parser for every header."""
from __future__ import annotations

import datetime as dt
import email.utils


def parse_http_date(value: str | None) -> dt.datetime | None:
    """Timezone-aware datetime of an HTTP date; None when absent or unreadable (naive = UTC)."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
