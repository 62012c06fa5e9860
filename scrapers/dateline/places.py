"""Reading the place of a dateline: the words before a date, credit or separator, their case,
the qualifiers after them, each reading with its features (boundaries.py names the boundary
before it; names.py prints the place and knows which names are places)."""
from __future__ import annotations

from typing import Final

import re

from .agencies import lookup
from .boundaries import STAMP_NAMES, boundary
from .names import INITIALISM, format_place, is_caps, is_placeword, is_state_abbrev, known, script_of, sentence_end
from .tables import (ADMIN_PREFIX, BYLINE_START, CAPTION, CAPTION_WORDS, CLEAR_BOUNDARIES, CLOCK_WORDS, DATE_ARTICLES, DECORATION, DESK,
                     NOT_PLACE, PARTICLES, PLACE_PREFIX, RUBRIC, STRONG_BOUNDARIES)

MAX_WORDS: Final = 5      # longest place read ("Kabupaten Bone Bolango", "Rio de Janeiro")
LOOK_BACK: Final = 90     # characters of left context looked at
QUOTES: Final = "\"“”«»'‘’"  # stripped from the words of a place
WORD_BREAKS: Final = ",()[]"  # characters that end a word as whitespace does
# The last point where a word is glued to the next ("WWF|Paris", "2025|КАИР", "season|Video"):
# after a letter before a capital and a small letter, a digit before a letter, or a small letter
# before two capitals.  The greedy `.*` backs off from the end, so the one match ends at the last
# cut (every cut found, each a match object, and the last kept cost ~1.9 times as much).
_LAST_GLUE: Final = re.compile(r"(?s:.*)(?:[^\W\d_](?=[A-ZÀ-ÞА-ЯЁ][a-zß-ÿа-яё])|\d(?=[^\W\d_])"
                               r"|[a-zß-ÿа-яё](?=[A-ZÀ-ÞА-ЯЁİ]{2}))")
CAPTION_RE: Final = re.compile(CAPTION)  # a caption's or photo credit's words

# The letters that CAPTION_RE's case-insensitive words match beside those whose lower case is the
# word's letter: "İ" and "ı" for i (tests/test_dateline_pretests.py asks re for every code point;
# a plural "s", or "ſ", follows a whole word).  "İ" lower-cases to two characters, so "İmage"
# lower-cased holds no "image".
CAPTION_FOLDS: Final = ("İ", "ı")


def may_hold_caption(text: str, a: int, b: int) -> bool:
    """Can CAPTION_RE find one of its words in text[a:b]?  Asked before the search (a
    case-insensitive search tries its words at every character: ~30k machine instructions on a
    credit's line in Cyrillic or Greek): the text lower-cased holds one of them, unless it prints
    a letter of CAPTION_FOLDS, and then the search decides."""
    part = text[a:b]
    if not part.isascii() and any(c in part for c in CAPTION_FOLDS):
        return True
    part = part.lower()
    return any(w in part for w in CAPTION_WORDS)


def holds_caption(text: str, a: int, b: int) -> bool:
    """Does text[a:b] hold a caption's or photo credit's word (CAPTION_RE), the pre-test asked
    first?"""
    return may_hold_caption(text, a, b) and CAPTION_RE.search(text, a, b) is not None


UNKNOWN_MIN: Final = 5   # letters of an unknown place read from its shape (shorter: an acronym more often)


# ---------------------------------------------------------------- reading backwards


def _strip_back(text: str, lo: int, q: int, chars: str = " ,") -> int:
    while q > lo and text[q - 1] in chars:
        q -= 1
    return q


def _bracket_quals(text: str, lo: int, q: int) -> tuple[int, int]:
    """Skip "(Ukraine)", "[US]", "(BARI)" qualifiers at the end; returns (new end, count)."""
    n = 0
    while n < 2 and q > lo and text[q - 1] in ")]":
        open_ch = "(" if text[q - 1] == ")" else "["
        s = text.rfind(open_ch, max(lo, q - 32), q - 1)
        inner = text[s + 1:q - 1]
        if s < 0 or not inner.strip() or any(c in inner for c in "()[]") or lookup(inner.strip()):
            break  # a credit ("(AP)") is no qualifier
        if holds_caption(inner, 0, len(inner)):
            return lo, n  # "… à Toulouse (Photo Lionel Bonaventure. AFP) -": a caption's place
        if any(c.isdigit() for c in inner) or inner.strip()[:1].islower():
            break  # nor is a date or a figure ("(OCTOBER 14)"), or a word in lower case ("(soccer)")
        q = _strip_back(text, lo, s, " ,")
        n += 1
    return q, n


def _known_quals(text: str, q: int, end: int) -> bool:
    """Are the bracketed qualifiers between q and end all known places ("(Cuba)", "(Ukraine)")?
    Then the word before them is a place, known or not ("Kelvale (Cuba) (AFP)")."""
    inner = [p.strip(" ,") for p in re.split(r"[()\[\]]", text[q:end]) if p.strip(" ,")]
    return bool(inner) and all(known(p) for p in inner)


def _qualifier_ok(seg: str) -> bool:
    """", Mass.", ", Texas", ", Japan", ", Jamaica": one to three capitalised words, or a
    longer known name (", Democratic Republic of Congo").  (Split into at most seven parts: a
    segment of more than six words is neither.)"""
    words = seg.split(None, 6)
    if 0 < len(words) <= 3 and all(is_placeword(w) for w in words):
        return " ".join(words).strip(".").lower() not in NOT_PLACE
    return 1 < len(words) <= 6 and words[0][:1].isupper() and known(" ".join(words))


def _glued_tail(w: str, alone: bool = False) -> str | None:
    """"WWFParis" -> "Paris", "seasonVideo" -> "Video", "2025КАИР" -> "КАИР", and a known
    place glued to a headline word in capitals: "ICBMWASHINGTON" -> "WASHINGTON",
    "REUTERSKYIV" -> "KYIV" (not at the start of the text: "ZEEBRUGGE" stays whole)."""
    alpha = w.isalpha()
    return _tail_of(w, alpha, alpha and w.isupper(), alone)


def _tail_of(w: str, alpha: bool, upper: bool, alone: bool) -> str | None:
    """_glued_tail of a word whose shape the caller has asked already (w.isalpha(), and
    w.isupper() where it is alpha): each str method call is dear compiled."""
    plain = alpha and (upper or w[1:].islower())  # no inner capital, no digit
    if not plain and (cut := _LAST_GLUE.match(w)):
        return w[cut.end():]
    if len(w) >= 8 and upper and not alone and not known(w):
        for k in range(2, len(w) - 3):
            if known(w[k:]) and (lookup(w[:k]) or len(w) - k >= 5):
                return w[k:]
    return None


HEADLINE_WORDS: Final = 4  # words of a headline before a dateline glued to it
STORY_CHARS: Final = 40    # characters of story, on one line, after a dateline that follows a headline


def after_headline(text: str, lo: int, ps: int, end: int, f: dict) -> None:
    """A known place (or one anchored by a date or a known qualifier) after a headline, with a
    story sentence after its separator, is the dateline of a title and body run together ("…
    with live ammo instead of blanks Paris - A demonstration of…", "… IN NORTHERN REGION KUWAIT -
    Deputy Prime Minister…"): the headline word before it is then no evidence against it."""
    if "place_known" not in f and "unknown_anchored" not in f:
        return
    bnd = "b_lower" if "b_lower" in f else "b_title" if "b_title" in f else "b_caps_run"
    if bnd not in f or not text[end:end + 1].isupper():
        return
    if text[max(lo, ps - 2):ps].strip().endswith(","):
        return  # "Beirut, Lebanon, Aug. 8": a qualifier after a place, not a place after a headline
    story = text[end:end + STORY_CHARS]
    head = text[max(lo, text.rfind("\n", lo, ps) + 1):ps]
    head = head.rsplit(";", 1)[-1]  # "… Sky Sports 3 0630; Generali Ladies Linz -": a list item, not a headline
    if len(story) < STORY_CHARS or "\n" in story or len(head.split(None, HEADLINE_WORDS - 1)) < HEADLINE_WORDS:
        return  # (a head of HEADLINE_WORDS words or more splits into HEADLINE_WORDS parts: the rest is not cut)
    del f[bnd]
    f["b_headline"] = 1.0


def before_date(text: str, lo: int, s: int) -> int:
    """Where the place before a date that starts at s ends: before an article printed between
    them ("Paris, le 5 mars", "Madrid, el 5 de marzo", "Roma, il 5 marzo")."""
    j = s - 1
    while j > lo and text[j - 1].isalpha():
        j -= 1
    return j if text[s - 1:s] == " " and text[j:s - 1] in DATE_ARTICLES and text[j - 1:j] in (" ", ",") else s


def places_before(text: str, lo: int, q: int, anchored: bool = False) -> list[tuple[int, str, dict]]:
    """Every reading of a place that ends at q: (start, printed name, features).  Anchored: a
    date and a known credit (or separator) follow, which make a word unknown to the gazetteer a
    place even after a headline word ("… Raul Castro Kelvale, Feb 25 (Prensa Latina)")."""
    q = _strip_back(text, lo, q, " ,.")
    end = q
    q, nquals = _bracket_quals(text, lo, q)
    out: list[tuple[int, str, dict]] = []
    seg_end, state, qual_known = q, False, nquals > 0 and _known_quals(text, q, end)
    for ncomma in range(3):
        lo_seg = max(lo, seg_end - LOOK_BACK)
        comma = text.rfind(",", lo_seg, seg_end)
        seg_start = comma + 1 if comma >= 0 else lo_seg
        first = len(out)
        _read_segment(text, lo, seg_start, seg_end, nquals + ncomma, out, anchored or qual_known)
        for _, _, f in out[first:]:
            if state:  # "MOBILE, Ala.": the place a state abbreviation qualifies
                f.pop("not_place", None)
                f["state_qualifier"] = 1.0
            if qual_known:
                f["qualifier_known"] = 1.0  # "Beirut, Lebanon, Aug. 8": a known place qualifies it
        if comma < 0 or not _qualifier_ok(text[seg_start:seg_end]):
            break
        seg = text[seg_start:seg_end].strip()
        state = is_state_abbrev(seg + "." if text[seg_end:seg_end + 1] == "." else seg)
        qual_known = state or known(seg)
        seg_end = comma
    return out


def _words(text: str, seg_start: int, seg_end: int) -> tuple[str, list[str]]:
    """The segment (at most LOOK_BACK characters) with its WORD_BREAKS marks made spaces, and
    its words: runs of characters that are neither whitespace nor a mark.  The length stays, so
    a word's offset in the segment is its offset in the text less seg_start; `str.split` cuts
    at whitespace as the regex `\\s` does (both ask `Py_UNICODE_ISSPACE`), at about a quarter
    of a regex `findall`'s cost."""
    seg = text[seg_start:seg_end]
    for mark in WORD_BREAKS:
        if mark in seg:
            seg = seg.replace(mark, " ")
    return seg, seg.split()


def _tokens(text: str, seg_start: int, seg_end: int) -> list[tuple[int, str]]:
    """(position, word) of the segment's words.  Each word is found after the one before: only
    separators stand between them, so its first occurrence there is the word itself."""
    seg, words = _words(text, seg_start, seg_end)
    out, pos = [], 0
    for w in words:
        pos = seg.find(w, pos)
        out.append((seg_start + pos, w))
        pos += len(w)
    return out


def _no_place_ends(w: str) -> bool:
    """Can no place end with this word: not a place word, nor glued to one ("kill", "2019")?"""
    w = w.strip(QUOTES).lstrip(DECORATION)
    return not is_placeword(w) and not ((tail := _glued_tail(w)) and is_placeword(tail))


def _read_segment(text: str, lo: int, seg_start: int, seg_end: int, nquals: int, out: list,
                  anchored: bool = False) -> None:
    """Options for the place at the end of one comma segment.  Most anchors follow a word no
    place ends with: the segment's words are then not read further (_read_words would give
    none).  The segment is cut into words once, for the test and for the reading."""
    seg, words = _words(text, seg_start, seg_end)
    last = words[-1] if words else ""
    if not _no_place_ends(last):
        _read_words(text, lo, seg_start, seg, words, nquals, out, anchored)
    elif last.isalpha() and last.islower():
        _read_miscased(text, lo, seg_start, seg_end, nquals, out)


def _read_miscased(text: str, lo: int, seg_start: int, seg_end: int, nquals: int, out: list) -> None:
    """A known place of two or three words printed with its later words in lower case ("La paz,
    march 4", "New york, March 2"): read in Title Case, with a feature that says so."""
    toks = _tokens(text, max(seg_start, seg_end - 40), seg_end)
    for k in (2, 3):
        if len(toks) < k or not is_placeword(toks[-k][1]) or not all(w.isalpha() for _, w in toks[-k + 1:]):
            continue
        words = [toks[-k][1]] + [w if w in PARTICLES else w[:1].upper() + w[1:] for _, w in toks[-k + 1:]]
        if not known(" ".join(words)):
            continue
        n = len(out)
        prev_words = [t for _, t in toks[max(0, len(toks) - k - 5):len(toks) - k]] or _words_before(text, lo, seg_start)
        _option(text, lo, toks[-k][0], words, prev_words, nquals, out, None, _caps_run(words))
        if len(out) > n:
            out[-1][2]["place_miscased"] = 1.0


def _read_words(text: str, lo: int, seg_start: int, seg: str, toks: list[str], nquals: int,
                out: list, anchored: bool = False) -> None:
    """Options for the place at the end of one comma segment (seg, from _words, and its words:
    toks), shortest first.  A word's position is found only when it is read: backwards, before
    the word after it (only separators stand between them, so its last occurrence there is the
    word itself); most segments read one or two of their words."""
    seg_end = seg_start + len(seg)
    dotted = bool(toks) and text[seg_end:seg_end + 1] == "." and INITIALISM.fullmatch(toks[-1] + ".") is not None
    words: list[str] = []
    upper_words: list[bool] = []  # each word's isupper(), for format_place
    lower_words: list[str] = []  # each word in lower case, for _option
    first, run_start, found = len(out), -1, len(seg)
    rest_caps = True  # every word of `words` in capitals or a particle (a run in capitals so far)
    for i in range(len(toks) - 1, max(-1, len(toks) - 1 - MAX_WORDS), -1):
        w = toks[i]
        found = seg.rfind(w, 0, found)
        pos = seg_start + found
        if dotted and i == len(toks) - 1:
            w += "."  # "Bogotá D.C.": the point is the name's
        if w[:1] in DECORATION:
            pos, w = pos + len(w) - len(w.lstrip(DECORATION)), w.lstrip(DECORATION)
        w = w.strip(QUOTES)
        low_w = w.lower()
        particle = low_w in PARTICLES
        if particle and words and not w[0].isupper():
            words.insert(0, w)
            upper_words.insert(0, w.isupper())
            lower_words.insert(0, low_w)
            continue
        alpha = w.isalpha()  # the word's shape, asked once
        if not is_placeword(w, alpha):
            tail = _tail_of(w, alpha, alpha and w.isupper(), False)  # (_glued_tail(w))
            if tail and is_placeword(tail):
                glued = [tail] + words
                _option(text, lo, pos + len(w) - len(tail), glued, [], nquals, out, "b_glue", _caps_run(glued))
            break
        if words and script_of(w[0]) != script_of(words[0][0]):
            break  # "ECONOMY МОСКВА": a place's words are written in one script
        upper = w.isupper()
        words.insert(0, w)
        upper_words.insert(0, upper)
        lower_words.insert(0, low_w)
        run_start = pos
        w_caps = upper and len(w) >= 2  # (is_caps(w))
        caps = w_caps and rest_caps
        rest_caps = rest_caps and (w_caps or particle)
        prev_words = toks[max(0, i - 5):i] or _words_before(text, lo, seg_start)
        _option(text, lo, pos, words, prev_words, nquals, out, None, caps, anchored, upper_words, lower_words)
        tail = _tail_of(w, alpha, alpha and upper, i == 0 and not text[lo:seg_start].strip())
        if tail and is_placeword(tail) and len(tail) < len(w):
            glued = [tail] + words[1:]
            _option(text, lo, pos + len(w) - len(tail), glued, [], nquals, out, "b_glue", _caps_run(glued))
            return
    else:
        if len(toks) > MAX_WORDS:
            return
    _mark_whole_run(out, first, run_start)


def _mark_whole_run(out: list, first: int, run_start: int) -> None:
    """A run of two or three words in capitals after a clear boundary is read whole
    ("OLD GREENWICH", "NORTH PALM BEACH"), not as its known tail ("Greenwich")."""
    if len(out) - first < 2 or out[-1][0] != run_start:
        return
    start, name, feats = out[-1]
    if "place_caps" in feats and len(name.split()) <= 3 and any(b in feats for b in STRONG_BOUNDARIES):
        feats["whole_run"] = 1.0
        if ("place_unknown" in feats and "place_known" in out[-2][2]
                and name.split()[0].lower() in PLACE_PREFIX):  # "NORTH PALM BEACH", "EAST GRAND RAPIDS"
            del feats["place_unknown"], feats["unknown_extra_words"]
            feats["known_tail"] = 1.0


def _words_before(text: str, lo: int, pos: int) -> list[str]:
    """The few words before a segment (across its comma), for the boundary test."""
    return text[max(lo, pos - 40):pos].split()[-5:]


def _state_word(text: str, start: int, w: str) -> bool:
    """Is the word printed at start, with the point after it, a state abbreviation ("ALA.")?"""
    end = start + len(w.rstrip("."))
    return text[end:end + 1] == "." and is_state_abbrev(text[start:end + 1])


def _starts_name(text: str, lo: int, prev_words: list[str]) -> bool:
    """Does the word before the place open the text or a sentence (then the two are one name
    more often than a headline and a place)?"""
    return len(prev_words) < 2 or sentence_end(prev_words[-2])


def _caps_run(words: list[str]) -> bool:
    """Is the place printed in capitals: its first word, and each other but particles?"""
    return is_caps(words[0]) and all(is_caps(w) or w.lower() in PARTICLES for w in words)


def _option(text: str, lo: int, start: int, words: list[str], prev_words: list[str], nquals: int,
            out: list[tuple[int, str, dict]], forced: str | None, caps: bool, anchored: bool = False,
            upper: list[bool] | None = None, lower: list[str] | None = None) -> None:
    """Add one reading of a place with its features (caps: _caps_run(words), which the reader
    of a run of words keeps as it adds each; upper and lower: each word's isupper() and lower
    case, where the reader has them: each str method call is dear compiled).  An unknown
    title-case place right after a title-case headline word cannot win, so it is not added
    ("Supreme Court Rules On … (AP)")."""
    name = format_place(words, upper)
    if not name:
        return
    c = words[0][0]
    caseless = not (65 <= ord(c) <= 90 or c.isupper())  # (A-Z by its code: no str method call)
    bnd = forced or boundary(text, lo, start, prev_words, caps)
    if lower is None:
        lower = [w.lower() for w in words]
    low_first = lower[0]
    admin, is_known = low_first in ADMIN_PREFIX, known(name)
    if anchored and bnd == "b_title" and _starts_name(text, lo, prev_words):
        anchored = False  # "Naciones Unidas, 13 nov": the word before starts the name
    if not (caps or caseless or admin or is_known) and bnd in ("b_title", "b_func", "b_split"):
        if not (anchored and bnd == "b_title"):
            return
    feats = {"place": 1.0, bnd: 1.0}
    low = name.lower()
    if (low in NOT_PLACE or (low.endswith(".") and low.rstrip(".") in NOT_PLACE) or low_first in DESK
            or all(w in CLOCK_WORDS for w in lower)
            or (len(words) == 1 and len(words[0]) <= 6 and _state_word(text, start, words[0]))
            or (len(words) > 1 and (low_first in BYLINE_START or all(w in RUBRIC for w in lower)))):
        feats["not_place"] = 1.0  # a headline word, a desk label, clock words ("PM EST"), a state abbreviation ("ALA."),
        # a byline ("By Staff Reporter") or a rubric ("Latest News")
    if lookup(name):
        feats["place_is_agency"] = 1.0
    if admin:
        feats["admin_prefix"] = 1.0
    elif is_known:
        feats["place_known"] = 1.0
    elif caseless and not (anchored and len(words) == 1 and len(name) >= 3 and bnd in CLEAR_BOUNDARIES):
        feats["place_caseless_unknown"] = 1.0  # (anchored, one word, a clear start: "ሀዋሳ፤ ህዳር 12/2016 (ኢዜአ)")
    else:
        feats["place_unknown"] = 1.0
        feats["unknown_extra_words"] = len(words) - 1
        if len(words) > 1 or len(name) < 3 or (len(name) < 4 and not caseless) or INITIALISM.fullmatch(name):
            feats["unknown_weak"] = 1.0  # several words or a short one: a slug or an acronym more often
        elif anchored and (caseless or (len(name) >= UNKNOWN_MIN and name.isalpha())) and low not in STAMP_NAMES:
            feats["unknown_anchored"] = 1.0  # "… Meeting Kelvale, September 6 (KCNA) —"
    feats["place_caps" if caps else "place_caseless" if caseless else "place_title"] = 1.0
    if nquals:
        feats["qualifier"] = 1.0
    out.append((start, name, feats))
