"""What the JSON wire formats (AP Media API, IPTC ninjs) share: sniffing and decoding a document.

Both formats are JSON objects (or arrays of them) told apart only by their keys, so each parser
passes the key pattern that marks its own documents.
"""
from __future__ import annotations

import json
import re
from typing import Any

from scrapers.formats.base import ParseError

_LEADING = b"\xef\xbb\xbf \t\r\n"  # a UTF-8 BOM and whitespace may precede the document


def looks_like(data: bytes, keys: re.Pattern[bytes]) -> bool:
    """A JSON object or array whose first 64 KB hold one of the format's own keys."""
    head = data[:4096].lstrip(_LEADING)
    return head[:1] in (b"{", b"[") and bool(keys.search(data[:65536]))


def load(data: bytes) -> Any:
    """The decoded document; bad UTF-8 or bad JSON is a ParseError naming the fault."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"invalid JSON: {exc}") from None
