"""Canonical URLs: the same story under two URLs must compare equal (a dedupe key).

What is normalised, and why:
- scheme to https and host lower-cased, IDNA-encoded, without a leading "www." or trailing
  dot, default ports dropped: the same page is served under all these spellings;
- fragments dropped (never sent to the server), dot segments resolved;
- percent-escapes made uniform (upper-case hex, unreserved characters decoded, non-ASCII
  characters encoded), so an IRI and its escaped form are equal;
- tracking parameters (utm_*, fbclid, gclid, …) removed and the rest sorted.
Other query parameters are kept: on news sites they often identify the story (?id=123).

courlan was tried: its normal mode keeps fragments and several trackers, its strict mode
drops story-identifying parameters; a small explicit function is easier to trust here.
The result is a comparison key, not an address to fetch (www. and http may be needed to fetch).
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_", "at_", "ns_", "oly_", "hsa_", "_hs", "vero_", "mtm_", "piwik_")
_TRACKING_KEYS = {
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "ocid", "cmpid", "cmp", "ito", "ref",
    "ref_src", "ref_url", "rss", "feedtype", "feedname", "spm", "_ga", "_gl", "s_cid", "mkt_tok", "taid",
    "sr_share", "smid", "smtyp", "wt_mc", "wt.mc_id", "icid", "xtor", "__twitter_impression", "from_rss",
    "rss_source", "trk", "soc_src", "soc_trk", "twclid", "ttclid", "li_fat_id",
}
_UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
# an http(s) URL with a plain host and a path of unreserved characters, without port, user, query,
# escapes, dot segments or fragment: the general steps below would give back https://host/path
_PLAIN = re.compile(r"(?i:https?)://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?)(/[A-Za-z0-9_~./-]*)?")


def canonical_url(url: str) -> str:
    """Return a normalised form of `url`; '' for an empty URL, the input itself when it is not http(s)."""
    url = (url or "").strip()
    if not url:
        return ""
    plain = _PLAIN.fullmatch(url)
    if plain and not ("//" in (path := plain.group(2) or "/") or "/." in path):
        return f"https://{_host(plain.group(1))}{path}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = _host(parts.hostname)
    if port in (80, 443):
        port = None
    netloc = f"{host}:{port}" if port else host
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(k)
    )
    return urlunsplit(("https", netloc, _path(parts.path), urlencode(query, safe="%/:@!$'()*,;~"), ""))


def _host(hostname: str) -> str:
    """Lower-case, IDNA, no trailing dot, no leading 'www.' (www.x.com and x.com serve one site)."""
    host = hostname.lower().rstrip(".")
    if not host.isascii():  # the codec gives an ASCII name back as it is (or refuses it: kept as it is)
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    if host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    return host


def _path(path: str) -> str:
    """Dot segments resolved, escapes made uniform; '' becomes '/', a trailing slash is kept."""
    if not path:
        return "/"
    trailing = path.endswith("/")
    resolved = posixpath.normpath(path) if ("/." in path or "//" in path) else path
    if resolved.startswith("//"):  # normpath keeps a leading '//' (POSIX): collapse it
        resolved = "/" + resolved.lstrip("/")
    if trailing and not resolved.endswith("/"):
        resolved += "/"
    return quote(_decode_unreserved(resolved), safe=_SAFE_PATH)


def _decode_unreserved(text: str) -> str:
    """%41 -> A, %2f -> %2F: escapes of unreserved characters are decoded, others upper-cased."""
    def fix(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        if char.isascii() and (char.isalnum() or char in "-._~"):
            return char
        return "%" + m.group(1).upper()
    return _UNRESERVED.sub(fix, text)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith(_TRACKING_PREFIXES) or key in _TRACKING_KEYS


# --- secrets in URLs --------------------------------------------------------------------------

_SECRET_PARAMS = re.compile(
    r"(?i)^(?:.*[_-])?(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|key|sig|signature|auth|"
    r"access[_-]?token|session|sid|credentials?)$")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/@\s?#]*)@")
_QUERY_SECRET = re.compile(r"([?&;])([^=&;#\s]+)=([^&;#\s]*)")
REDACTED = "REDACTED"


def redact_url(url: str) -> str:
    """`url` with any password and secret-looking query value replaced (what may be stored or logged).

    `https://user:pw@host/f?token=abc&page=2` -> `https://user:REDACTED@host/f?token=REDACTED&page=2`.
    """
    return redact_text(url)


def redact_text(text: str) -> str:
    """Every URL password and secret query value in free text (an error message) redacted."""
    if not text or ("@" not in text and "=" not in text):
        return text
    text = _USERINFO.sub(_userinfo, text)
    return _QUERY_SECRET.sub(_param, text)


def _userinfo(m: re.Match[str]) -> str:
    user, sep, _password = m.group(2).partition(":")
    return f"{m.group(1)}{user}:{REDACTED}@" if sep else m.group(0)


def _param(m: re.Match[str]) -> str:
    if _SECRET_PARAMS.match(m.group(2)) and m.group(3):
        return f"{m.group(1)}{m.group(2)}={REDACTED}"
    return m.group(0)
