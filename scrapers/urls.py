"""Canonical URLs: the same story under two URLs must compare equal.

Tracking parameters (utm_*, fbclid, …) are dropped, scheme and host are lower-cased,
default ports and fragments removed, query parameters sorted. courlan does the heavy lifting.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_")
_TRACKING_KEYS = {
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid", "cmpid", "ito", "ref",
    "ref_src", "rss", "feedtype", "feedname", "spm", "_ga", "s_cid", "mkt_tok", "taid", "sr_share",
}


def canonical_url(url: str) -> str:
    """Return a normalised form of `url`; '' for an empty or unusable URL."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_KEYS
    )
    path = parts.path or "/"
    return urlunsplit(("https", netloc, path, urlencode(query), ""))
