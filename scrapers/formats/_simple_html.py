"""A fast path for HTML fragments with simple markup: the text `_util.html_fragment_text_flag`
renders, without building a tree.

Most escaped HTML inside wire fields is a few paragraphs, links, emphasis and tracking images,
well nested. For such markup rendering only needs to know where blocks start and end (each
boundary is a paragraph break) and where a <br> is (a space); the text in between comes in
document order. libxml2's HTML parser, which the general path uses, repairs bad nesting by
closing or ignoring elements, which moves paragraph breaks; so this path takes only markup where
no repair can happen and returns None for anything else (the caller then parses it with lxml):
- every `<` starts a complete tag of a short list of elements (no comments, scripts, tables,
  forms, head or body tags...), its attributes in a strict syntax;
- every end tag closes the innermost open element (`</img>` and `</br>`, which libxml2 drops,
  aside); no block starts inside a <p> or a heading, no <li> inside an <li> (libxml2 would
  close them first); `<b/>` is an empty element, as libxml2 reads it;
- text without control characters, surrogates or noncharacters, and character references only
  when complete (`&name;` of the HTML5 table, numbers of printable characters), decoded by the
  HTML5 rules (html.unescape), as libxml2 does.
tests/test_simple_html.py checks it against the lxml path on the corpus fragments and on
generated markup.
"""
from __future__ import annotations

import html
import re
from html.entities import html5 as _HTML5

from scrapers.record import printable

_WS = "[ \t\n\r\f]"
# An attribute: a name, then an optional value; `="..."` straight after the name (what nearly every
# generator writes) is tried first, a case of the general form's first branch that the regex engine
# matches with fewer steps (the same matches: the general form would read exactly it there).
_ATTR = rf"(?>{_WS}++[A-Za-z_:][-\w:.]*+(?>=\"[^\"]*+\"|{_WS}*+={_WS}*+(?>\"[^\"]*+\"|'[^']*+'|[^ \t\n\r\f\"'=<>`]++))?+)"
# The attributes nearly every generator writes (` name="value"`: one space, a lower-case name), read
# first by a plain possessive repeat: each one is exactly what one _ATTR would read there, and
# _ATTR takes over from the first other one, so the matches are the same, for ~15% fewer of the
# regex engine's steps (no alternation or charset class an attribute). An atomic group around a
# greedy repeat, not a possessive repeat of the group (`(?:…)*+`): the same matches, but Python
# 3.11.2 (Debian 12's) backtracks such a repeat wrongly after a partial attribute (`<a href=x>` did
# not match); 3.11.7 reads both alike.
_PLAIN_ATTRS = r'(?>(?: [a-z]++="[^"]*+")*)'
# groups: start tag name, self-closing slash, end tag name (atomic groups: no backtracking)
_TAG = re.compile(rf"<(?:([A-Za-z][A-Za-z0-9]*+){_PLAIN_ATTRS}{_ATTR}*+{_WS}*+(/?+)|/([A-Za-z][A-Za-z0-9]*+){_WS}*+)>",
                  re.ASCII)
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_REF = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}))(;?)")

INLINE = frozenset("a b i u em strong span small big sub sup font cite code q s strike abbr tt mark time".split())
BLOCKS = frozenset("p div blockquote h1 h2 h3 h4 h5 h6 ul ol li".split())  # all in _util.BLOCKS
VOID = {"img": "", "br": " "}  # what each adds to the text (img is skipped, br is a space)
_CLOSED_BY_BLOCK = frozenset("p h1 h2 h3 h4 h5 h6".split())  # libxml2 closes these when a block starts
_KNOWN = INLINE | BLOCKS | VOID.keys()
_CUT_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9]*)({_WS}[^<>]*)?$")
MAX_DEPTH = 64
MAX_CHARS = 200_000
_BREAK = "\n\n"
_IMG, _BR, _INLINE, _BLOCK, _LI, _CLOSER = range(6)  # what a tag is to `_tags_text` (blocks from _BLOCK on)
_KINDS = {"img": _IMG, "br": _BR, **dict.fromkeys(INLINE, _INLINE), **dict.fromkeys(BLOCKS, _BLOCK), "li": _LI,
          **dict.fromkeys(_CLOSED_BY_BLOCK, _CLOSER)}


def simple_fragment_text(markup: str) -> str | None:
    """The text `_util._render` would collect for the fragment (joined, before `_finish`), or
    None when the markup needs the real parser."""
    got = simple_fragment(markup)
    return None if got is None else got[0]


def simple_fragment(markup: str) -> tuple[str, bool] | None:
    """(simple_fragment_text, whether that text is printable but for tabs and newlines), or None:
    the caller's paragraph collapse then needs no scan of its own for other characters."""
    if len(markup) > MAX_CHARS or not (markup.isascii() or _encodable(markup)):
        return None  # lxml cannot take a lone surrogate anywhere, even in an attribute
    if "\r" in markup:  # the HTML parser's newline normalisation
        markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    pieces = _TAG.split(_without_cut_tag(markup))
    texts = pieces[0::4]  # the text before each tag, and after the last one
    del pieces[0::4]  # the tags: (start name, slash, end name) each
    added = _added(pieces)
    if added is None:
        return None
    out = [""] * (2 * len(texts) - 1)  # texts and what each tag adds, interleaved in document order
    out[0::2] = texts
    out[1::2] = added
    raw = "".join(out)  # what a tag adds holds no '<' or '&': the texts are tested in it, not joined apart
    if "<" in raw:
        return None
    if "&" in raw:
        texts = [_text(t) if "&" in t else t for t in texts]
        if None in texts:
            return None
        out[0::2] = texts
        raw = "".join(out)
    clean = printable(raw, "\n\t")  # a C scan: no character of _UNSAFE then (all are unprintable)
    if not clean and _UNSAFE.search(raw) is not None:
        return None  # control characters in text (in tags they are harmless)
    return raw, clean


_MEMO: dict[tuple, list[str] | None] = {}  # tag names in order -> what _tags_text adds for them
_MEMO_SIZE = 2048
_MEMO_TAGS = 512  # longer sequences are not kept
_UNSEEN: list = []


def _added(tags: list) -> list[str] | None:
    """_tags_text of the tags, remembered by their names: a feed's items have the same markup
    around different text and links (~4x faster than the loop on a remembered sequence)."""
    key = tuple(tags)
    added = _MEMO.get(key, _UNSEEN)
    if added is _UNSEEN:
        added = _tags_text(tags[0::3], tags[1::3], tags[2::3])
        if len(tags) <= 3 * _MEMO_TAGS:
            if len(_MEMO) >= _MEMO_SIZE:
                _MEMO.clear()
            _MEMO[key] = added
    return added


def _tags_text(starts: list, slashes: list, ends: list) -> list[str] | None:
    """What each tag adds to the text (a paragraph break, a <br>'s space or nothing), in order;
    None when the nesting is not simple. One loop with the rules inline: it runs for every tag."""
    added: list[str] = []
    append = added.append
    stack: list[str] = []
    closers = 0  # open elements of _CLOSED_BY_BLOCK (libxml2 closes them when a block starts)
    lis = 0  # open <li> elements
    kinds = _KINDS
    for start, slash, end in zip(starts, slashes, ends):
        if start is not None:
            name = start
            kind = kinds.get(name)
            if kind is None:
                name = start.lower()
                kind = kinds.get(name)
                if kind is None:  # an element this path does not take
                    return None
            if kind <= _BR:  # the commonest tags (tracking images), <img/> alike
                append(" " if kind else "")
                continue
            if len(stack) >= MAX_DEPTH:
                return None
            if kind == _INLINE:
                if not slash:  # <b/> is opened and closed at once
                    stack.append(name)
                append("")
                continue
            if closers or (lis and kind == _LI):
                return None
            if slash:  # <div/>
                append(_BREAK + _BREAK)
                continue
            stack.append(name)
            closers += kind == _CLOSER
            lis += kind == _LI
            append(_BREAK)
        else:
            name = end
            kind = kinds.get(name)
            if kind is None:
                name = end.lower()
                kind = kinds.get(name)
            if kind is not None and kind <= _BR:  # </img>, </br>: libxml2 drops them
                append("")
                continue
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            if kind >= _BLOCK:
                closers -= kind == _CLOSER
                lis -= kind == _LI
                append(_BREAK)
            else:
                append("")
    return added


def _without_cut_tag(markup: str) -> str:
    """The markup without a start tag cut off by the end of the field (`...<img src="x`).

    libxml2 reads such a tag up to the `>` of the closing tags around the fragment: it becomes
    an element with no text (a name with `<` in it when the cut is inside the name), at the end,
    where a paragraph break or a <br>'s space changes nothing.
    """
    i = markup.rfind("<")
    if i < 0 or markup.find(">", i) >= 0:  # a '>' after it: no cut tag (spares the regex's backtracking)
        return markup
    m = _CUT_TAG.match(markup, i)
    if m is None or (m.group(2) and m.group(1).lower() not in _KNOWN):
        return markup
    return markup[:i]


def _text(s: str) -> str | None:
    """Text between tags with its character references decoded; None when not simple."""
    if "<" in s:
        return None
    if "&" not in s:
        return s
    refs = 0
    for m in _REF.finditer(s):
        number, hexa, name, semicolon = m.groups()
        if not semicolon:
            return None
        if name is not None:
            if name + ";" not in _HTML5:
                return None
        elif not _printable(int(number) if number is not None else int(hexa, 16)):
            return None
        refs += 1
    return html.unescape(s) if refs == s.count("&") else None


def _encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(cp: int) -> bool:
    return 0x20 <= cp <= 0x10FFFF and not (0x7F <= cp <= 0x9F or 0xD800 <= cp <= 0xDFFF
                                           or 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE)
