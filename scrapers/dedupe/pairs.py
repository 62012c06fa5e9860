"""Would dedupe link two texts? The production path on a pair, for evaluations and tests.

Both texts become stories as the pipeline stores them, are signed as one batch would be, and are a
candidate pair when the later one (b) meets one of a's indexed keys: an exact key, an LSH band,
or a's lede window met by one of b's lede windows. Candidates are then judged by verify.judge.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import verify
from .signing import Doc, normalise_body, sign


@dataclass
class Decision:
    linked: bool
    kind: str | None     # match kind when linked
    candidate: bool      # found by the index (before verification)
    jaccard: float       # of the cleaned texts


def _page_text(text: str) -> str:
    """An HTML page is stored as the article the pipeline extracts from it (scrapers.pages)."""
    head = text.lstrip()[:2000].lower()
    if not (head.startswith("<") and any(tag in head for tag in ("<html", "<!doctype", "<body", "<div", "<p>"))):
        return text
    from scrapers.pages import extract_page

    art = extract_page(text.encode("utf-8"), "")
    return art.body if art is not None and art.body else text


def story(i: int, text: str, published: float | None = None) -> Doc:
    """A Doc for `text` as the pipeline would store it (no guid, URL or headline)."""
    from datetime import datetime, timezone

    text = _page_text(text)
    digest = hashlib.sha256(normalise_body(text).encode()).hexdigest()
    when = datetime.fromtimestamp(published, timezone.utc) if published is not None else None
    return Doc(i, i, "", "", "", "", text, "", digest, "", None, when)


def decide(a: str, b: str, threshold: float = verify.JACCARD) -> Decision:
    """Is b (arriving after a) linked to a?"""
    da, db = story(1, a), story(2, b)
    s = sign([da, db])
    side_a, side_b = s.side(0, da), s.side(1, db)
    jac = verify.jaccard(side_a, side_b)
    stored_a = {(k, b_) for d, k, b_, st in zip(s.kd.tolist(), s.kk.tolist(), s.kb.tolist(), s.ks.tolist())
                if d == 0 and st}
    keys_b = {(k, b_) for d, k, b_ in zip(s.kd.tolist(), s.kk.tolist(), s.kb.tolist()) if d == 1}
    shared = stored_a & keys_b
    if any(band < 0 for _, band in shared):
        return Decision(True, "exact", True, jac)
    if not shared:
        return Decision(False, None, False, jac)
    got = verify.judge(side_a, side_b, threshold)
    return Decision(got is not None, got[0] if got else None, True, jac)
