"""Shortcuts for text that is already normal: the content hash's text (record.normalise_for_hash),
the renderer's whitespace collapsing (record.collapse) and normalise.clean_text skip their word
splits and line loops for text already in the form they give. The Unicode facts the shortcuts
rest on hold on every code point, and each gives what the plain form gives on real and generated
text: `" ".join(text.casefold().split())`, `" ".join(text.split())`, clean_text as it was."""
from __future__ import annotations

import functools
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import html  # noqa: E402

from scrapers.formats._util import html_fragment_text_flag, looks_like_html  # noqa: E402
from scrapers.normalise import _CONTROL, _clean_plain, clean_text  # noqa: E402
from scrapers.record import collapse, hash_bytes, normalise_for_hash, printable  # noqa: E402

PIECES = ["word", "&amp;", "&", "AT&T", "&lt;b&gt;", "<p>", "</p>", "<b>", "<br>", "<table><tr><td>1</td></tr></table>", "\r", "Über", "ΣΑΣ", "ß", "ﬁ", "İ", "日本", " ", "  ", "\n", "\n\n", "\n\n\n", " \n", "\t", "\xa0",
          "\u2028", "\u3000", "\x1f", "\x85", "\u200b", "\ufeff", "\x00", "-", "ǅ", "\u0345"]


def test_unicode_facts_on_every_code_point():
    chars = [chr(cp) for cp in range(sys.maxunicode + 1)]
    spaces = [c for c in chars if c.isspace()]
    assert [c for c in spaces if c != " " and c.isprintable()] == []  # printable text has no other whitespace
    assert [c for c in spaces if c.casefold() != c] == []
    folded = [c.casefold() for c in chars if not c.isspace()]
    assert [f for f in folded if not f or not "".join(f.split()) == f] == []  # never empty, never whitespace


def test_printable_is_isprintable_on_every_code_point():
    """record.printable's ASCII table scan and its fallback give isprintable's answer, for every
    character alone and inside ASCII and non-ASCII text, without the characters it may keep."""
    for keep in ("", "\n", "\n\t"):
        wrong = []
        for cp in range(sys.maxunicode + 1):
            c = chr(cp)
            for t in (c, "ab" + c, c + "\n\tc d", "é" + c):
                plain = t
                for k in keep:
                    plain = plain.replace(k, "")
                if printable(t, keep) != plain.isprintable():
                    wrong.append((keep, cp, t))
        assert wrong == [], wrong[:5]


@functools.lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    r = random.Random(3)
    out = ["", " ", "\n", "a", " a", "a ", "a\n\nb", "a\n\n\nb", "a \nb", "A  B", "x\ty"]
    out += ["".join(r.choice(PIECES) for _ in range(r.randint(1, 12))) for _ in range(10000)]
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
    return tuple(out)


def test_same_as_the_plain_forms():
    texts = _texts()
    assert len(texts) > 10000
    for t in texts:
        assert normalise_for_hash(t) == " ".join(t.casefold().split()), repr(t)
        assert collapse(t) == " ".join(t.split()), repr(t)
        assert hash_bytes(t) == normalise_for_hash(t).encode("utf-8"), repr(t)


def test_hash_bytes_on_every_ascii_character():
    """The content hash's byte fold of ASCII text gives the text form's bytes for each character
    alone, between words, doubled and at either end (a control that is not whitespace is kept)."""
    for cp in range(128):
        c = chr(cp)
        for t in (c, "Ab" + c + "Cd", "Ab" + c + c + "Cd", c + "x y", "x\n\n" + c, "X" + c + "\n\nY"):
            assert hash_bytes(t) == normalise_for_hash(t).encode("utf-8"), repr(t)


def _clean_text_as_it_was(value: str) -> str:
    value = value or ""
    if "<" in value and looks_like_html(value):
        value, layout = html_fragment_text_flag(value)
        if not layout and "&" not in value and (value.replace("\n", "").isprintable() or not _CONTROL.search(value)):
            return value
    return _clean_plain(value)


def test_clean_text_as_it_was():
    texts = list(_texts())
    texts += [_clean_plain(t) for t in texts]  # already normal text: where the shortcut answers
    shortcut = 0
    for t in texts:
        expected = _clean_text_as_it_was(t)
        assert clean_text(t) == expected, repr(t)
        shortcut += bool(t) and expected == t
    assert shortcut > 2000


def _tag_texts() -> list[str]:
    """The texts above, and generated ones with '<' before, inside and after tags and non-tags."""
    r = random.Random(15)
    bits = ["a", " ", "<", "< b", "<1", "<p>", "</b>", "<!-- c -->", "<!", "</", "<br/", "<a href='x>y'>", ">",
            "\n", "日本", "<html>", "<!DOCTYPE html>", "<HTML>", "\u3000", "\x85", "\x1c", "\xa0", "&lt;"]
    return list(_texts()) + ["".join(r.choice(bits) for _ in range(r.randint(1, 8))) for _ in range(20000)]


def test_looks_like_html_is_the_search():
    """looks_like_html finds the first '<' by str.find and asks the regex from there: the answer
    of `_TAG.search` over the whole text (a variant that only tries the first '<' is wrong)."""
    from scrapers.formats._util import _TAG

    texts = _tag_texts()
    wrong_variant = 0
    for t in texts:
        assert looks_like_html(t) == bool(_TAG.search(t)), repr(t)
        i = t.find("<")
        wrong_variant += (i >= 0 and _TAG.match(t, i) is not None) != bool(_TAG.search(t))
    assert wrong_variant > 100  # the generated texts tell the two apart


def test_whole_document_test_only_on_a_leading_tag():
    """fragment_text asks _FULL_HTML only of stripped markup starting with '<': str.strip and the
    regex's \\s take the same characters (every code point), so no other one can match; unstripped
    markup could (the variant the strip makes safe)."""
    from scrapers.formats._util import _FULL_HTML

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert spaces.strip() == "" and _FULL_HTML(spaces + "<html>")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if (c + "<html>").strip()[0] != "<"
            and _FULL_HTML(c + "<html>")] == []
    unstripped = 0
    for t in _tag_texts():
        s = t.strip()
        if s:
            assert (s[0] != "<" or not _FULL_HTML(s)) == (not _FULL_HTML(s)), repr(t)
        unstripped += t[:1] != "<" and _FULL_HTML(t) is not None
    assert unstripped > 10
