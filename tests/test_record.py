"""The content hash's text (record.normalise_for_hash) and the renderer's whitespace collapsing
(_util.collapse) take a shortcut for text that is already words between single spaces: the
Unicode facts the shortcut rests on hold on every code point, and both give what the plain
`" ".join(text.casefold().split())` / `" ".join(text.split())` give on real and generated text."""
from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.formats._util import collapse  # noqa: E402
from scrapers.record import normalise_for_hash  # noqa: E402

PIECES = ["word", "Über", "ΣΑΣ", "ß", "ﬁ", "İ", "日本", " ", "  ", "\n", "\n\n", "\n\n\n", " \n", "\t", "\xa0",
          "\u2028", "\u3000", "\x1f", "\x85", "\u200b", "\ufeff", "\x00", "-", "ǅ", "\u0345"]


def test_unicode_facts_on_every_code_point():
    chars = [chr(cp) for cp in range(sys.maxunicode + 1)]
    spaces = [c for c in chars if c.isspace()]
    assert [c for c in spaces if c != " " and c.isprintable()] == []  # printable text has no other whitespace
    assert [c for c in spaces if c.casefold() != c] == []
    folded = [c.casefold() for c in chars if not c.isspace()]
    assert [f for f in folded if not f or not "".join(f.split()) == f] == []  # never empty, never whitespace


def _texts() -> list[str]:
    r = random.Random(3)
    out = ["", " ", "\n", "a", " a", "a ", "a\n\nb", "a\n\n\nb", "a \nb", "A  B", "x\ty"]
    out += ["".join(r.choice(PIECES) for _ in range(r.randint(1, 12))) for _ in range(20000)]
    from scrapers.formats.rss import RSSParser
    from scrapers.normalise import normalise

    for path in sorted((ROOT / "tests/fixtures").rglob("*.xml")):
        try:
            arts = RSSParser().parse(path.read_bytes())
        except Exception:  # noqa: BLE001 - not a feed
            continue
        for a in arts:
            n = normalise(a, feed_language="en")
            out += [n.headline, n.body, n.summary, a.summary, a.body]
    return out


def test_same_as_the_plain_forms():
    texts = _texts()
    assert len(texts) > 20000
    for t in texts:
        assert normalise_for_hash(t) == " ".join(t.casefold().split()), repr(t)
        assert collapse(t) == " ".join(t.split()), repr(t)
