"""Candidate datelines without a credit (candidates.py reads the credited ones):

  separator `PLACE, DATE —`, `PLACE:`, `AMMAN – 3 March 2019:`, `APRIL 29 ---`;
  line      `New Delhi, August 29 There is…` (a date ends the dateline, no separator), and a
            place in capitals alone on its line.
Nothing here decides: rank.py scores the candidates and keeps the best one.
"""
from __future__ import annotations

from typing import Final

import re

from .anchors import marks
from .candidates import (SENTENCE_END, comma_date, SEP_OR_STORY_AFTER, STORY_ON_LINE, Candidate, _date_str, _story_feats,
                         credit_name, separator)
from .dates import Dates, date_ending_at, date_starting_at
from .gazetteer import is_country
from .tables import (CAPS_STORY_BOUNDARIES, COLON_STORY_BOUNDARIES, DATE_ARTICLES, POINT_BOUNDARIES, POINT_STORY,
                     STORY_BOUNDARIES, STRONG_BOUNDARIES)
from .boundaries import boundary
from .places import STORY_CHARS, UNKNOWN_MIN, after_headline, before_date, places_before


SEPS_FIRST: Final = "-—–―।:"  # every match of SEPS starts with one of these (anchors)
SEPS_MARKS: Final = tuple(SEPS_FIRST)
SEPS: Final = re.compile("[" + SEPS_FIRST + r"](?:(?<=-)-{1,2}|(?<=[-:])(?=\s)|(?<=[—–―।]))")
SEPS_ALONE: Final = ("—", "–", "―", "।")  # SEPS's marks that are a separator by themselves


def separator_starts(text: str, lo: int, win: tuple[int, int]) -> list[int]:
    """Where the matches of SEPS start in the window, as anchors(SEPS, text, lo, win, SEPS_MARKS)
    finds them, read at each mark with str tests: a dash of two or three, one of SEPS_ALONE, or
    a dash or colon before white space (SEPS's \\s, which str.isspace reads the same).  A regex
    call costs ~1.5k machine instructions before it reads a character, and a match object more."""
    starts: list[int] = []
    done = 0  # a mark inside the match before is passed over, as finditer passes it
    for p in marks(text, SEPS_MARKS, max(lo, win[0]), win[1]):
        if p < done:
            continue
        mark, after = text[p], text[p + 1:p + 2]
        if mark == "-" and after == "-":
            done = p + 3 if text[p + 2:p + 3] == "-" else p + 2
        elif mark in SEPS_ALONE or after.isspace():  # the mark is "-" or ":" when not alone
            done = p + 1
        else:
            continue
        starts.append(p)
    return starts


def separator_candidates(text: str, dates: Dates, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    for s in separator_starts(text, lo, win):
        while s > lo and text[s - 1] == " ":
            s -= 1
        if s > lo and text[s - 1] in ")/）" and _credit_closes_at(text, lo, s):
            continue  # "(Yonhap) --", "/TASS/ -": the credit's reading covers it
        dspan = date_ending_at(dates, text, s)
        pe = before_date(text, lo, dspan[0]) if dspan else s
        places = places_before(text, lo, pe, dspan is not None and comma_date(text, lo, pe))
        if not (dspan or places):
            continue  # neither a date nor a place before the separator: nothing to read
        sep, end = separator(text, s)
        feats = {sep: 1.0}
        date = ""
        after = None if dspan else date_starting_at(dates, end, 0)  # "AMMAN – 3 March 2019:"
        if after and SEP_OR_STORY_AFTER.match(text[after[1]:after[1] + 3]):
            date = _date_str(text, after)
            feats["date_after"] = 1.0
            _, end = separator(text, after[1])
        if not _story_feats(text, end, feats):
            continue
        if not (date or dspan) and _headline_only(text, end):
            feats["headline_only"] = 1.0
        if dspan:
            feats.update(date=1.0)
            date = _date_str(text, dspan)
            prev = text[max(lo, dspan[0] - 40):dspan[0]].split()[-5:]
            bnd = boundary(text, lo, dspan[0], prev, date.isupper())
            out.append(Candidate("date_only", dspan[0], end, "", "", date, {**feats, "date_only": 1.0, bnd: 1.0}))
        for ps, name, pf in places:
            f = {**feats, **pf}
            if not (date or dspan) and _printed_twice(text, ps, end):
                f["headline_only"] = 1.0  # "Riverdale: So ehrt die Serie … Riverdale: So ehrt die Serie …"
            after_headline(text, lo, ps, end, f)
            if date:
                f["place_date"] = 1.0
            elif is_country(name):
                f["country_alone"] = 1.0  # "IRAN - Rouhani says…": a headline's topic
            if _caps_story(text, end, name, f):
                f["unknown_caps_story"] = 1.0  # "KELVALE — Border guards received…"
            elif not (date or dspan) and _unknown_story(text, end, name, f):  # a date already anchors it
                f["unknown_story"] = 1.0  # "Kelvale: The Bharatiya Janata Party called…"
            if "b_headline" in f and "sep_colon" in f and story_sentence(text, end):
                f["colon_story"] = 1.0  # "… slams US bill on Balochistan Lahore: Prime Minister…"
            out.append(Candidate("separator", ps, end, name, "", date, f))


# A story sentence: a capital, then lower-case words on the same line.
STORY_SENTENCE: Final = re.compile(r"[\"“]?[A-Z][\w'’.]*(?: [\w'’,.\-]+){3}")


def _caps_story(text: str, end: int, name: str, f: dict) -> bool:
    """An unknown place read from its shape: one word in capitals (five letters or more: a
    shorter one is an acronym more often) after a clear boundary, a dash, then a story sentence
    on the same line ("KELVALE — Border guards received 58…")."""
    if "place_unknown" not in f or "place_caps" not in f or "sep_strong" not in f or " " in name:
        return False
    if len(name) < UNKNOWN_MIN or not name.isalpha() or any(k in f for k in SHAPE_SPOILERS):
        return False
    return any(b in f for b in CAPS_STORY_BOUNDARIES) and story_sentence(text, end)


def _unknown_story(text: str, end: int, name: str, f: dict) -> bool:
    """An unknown place read from its shape in either case: one plain word (five letters or
    more) after the end of a title or a stamp, a dash, then a story sentence on the same line
    ("… flight MH17 Kelvale – The Philippine government…").  With a colon only after a title the
    story repeats or a headline in the other case ("… Persen Kelvale: Indonesia…", "… on
    Balochistan KELVALE: Prime Minister…").  A word and a separator that open the text, a line
    or a numbered item are a kicker more often ("Pictured: The…", "Vorweg: Die…", "6. STUDY: …")."""
    if "place_unknown" not in f or " " in name or len(name) < UNKNOWN_MIN or not name.isalpha():
        return False
    if not (name.isupper() or name[1:].islower()) or any(k in f for k in SHAPE_SPOILERS):
        return False
    bounds = STORY_BOUNDARIES if "sep_strong" in f else COLON_STORY_BOUNDARIES if "sep_colon" in f else ()
    return any(b in f for b in bounds) and story_sentence(text, end)


def story_sentence(text: str, end: int) -> bool:
    """Does a story sentence start at end: a capital, then words in lower case, on one line?"""
    story = text[end:end + STORY_CHARS]
    words = text[end:end + 2 * STORY_CHARS].split("\n", 1)[0].split()[1:8]  # leads open with names
    return (len(story) == STORY_CHARS and "\n" not in story and STORY_SENTENCE.match(story) is not None
            and any(w.islower() for w in words))


SHAPE_SPOILERS: Final = ("unknown_weak", "not_place", "place_is_agency", "headline_only", "country_alone", "qualifier")
HEADLINE_CHARS: Final = 80  # a rest shorter than this, without a sentence end, is a headline's


def _headline_only(text: str, end: int) -> bool:
    """Is all that follows the separator a short headline ("Jerusalem - The holy city through
    the ages (Photo gallery)", "Berlin: Großdemonstration gegen Antisemitismus")?  Then the
    place before it is the headline's topic, not a dateline."""
    rest = text[end:].strip()
    return len(rest) < HEADLINE_CHARS and "\n" not in rest and not rest.endswith(SENTENCE_END)


TWICE_CHARS: Final = 30  # characters after the separator that, printed again later, make a title


def _printed_twice(text: str, ps: int, end: int) -> bool:
    """Are the place, its separator and what follows printed twice in the opening (a page's
    title, then the same title over the story: "Riverdale: So ehrt die Serie … 17:32 Uhr
    Riverdale: So ehrt die Serie …")?  Then the place (either copy) is the title's topic, not a
    dateline."""
    key = text[ps:end + TWICE_CHARS]
    return len(key) - (end - ps) == TWICE_CHARS and (text.find(key) < ps or text.find(key, end) >= 0)


def _credit_closes_at(text: str, lo: int, s: int) -> bool:
    """Does a bracketed or slashed credit end at s?"""
    opener = {")": "(", "）": "（", "/": "/"}[text[s - 1]]
    o = text.rfind(opener, max(lo, s - 50), s - 1)
    return o >= 0 and credit_name(text[o + 1:s - 1]) is not None


# Where the date of a line dateline starts after its comma: ", " and an article ("Paris, le 5
# mars"): no later date can be one, so the date scan (a try of the date pattern per number) need
# not read past the last comma of the window.
LINE_DATE_AFTER_COMMA: Final = 3 + max(map(len, DATE_ARTICLES))


def line_candidates(text: str, dates: Dates, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    """`New Delhi, August 29 There is…`: a place and a date, then the story on the same line;
    and the place alone on its line, or before a point (place_lines, point_candidates)."""
    reach = min(win[1], text.rfind(", ", 0, win[1]) + LINE_DATE_AFTER_COMMA + 1)
    for s, e in dates.upto(reach):  # not past the last ", ": a later date has no comma before it
        if s >= reach:
            break
        if s < win[0]:
            continue
        p = before_date(text, lo, s)
        if not STORY_ON_LINE.match(text[e:e + 3]) or text[p - 2:p] != ", ":
            continue
        for ps, name, pf in places_before(text, lo, p):
            f = {**pf, "sep_none": 1.0, "date": 1.0, "place_date": 1.0, "line": 1.0}
            after_headline(text, lo, ps, e + 1, f)
            if not any(b in f for b in STRONG_BOUNDARIES) or text[:ps].rstrip().endswith(","):
                continue  # "… in Mosul, Iraq, March 20, 2019. REUTERS/…": a caption
            out.append(Candidate("line", ps, e + 1, name, "", text[s:e], f))
    place_lines(text, lo, out, win)
    point_candidates(text, lo, out, win)


def place_lines(text: str, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    """`ANKARA\n\nTurkish President…`: a place in capitals alone on its line."""
    nl = text.find("\n", max(lo, win[0]), win[1])
    while nl >= 0:
        start = text.rfind("\n", lo, nl) + 1
        line = text[start:nl].strip()
        if 0 < len(line) <= 30 and line.isupper():
            end = len(text) - len(text[nl:].lstrip())
            for ps, name, pf in places_before(text, lo, nl):
                if ps == start + text[start:nl].index(line[0]) and "place_caps" in pf:
                    f = {**pf, "line_alone": 1.0}
                    if _story_feats(text, end, f):
                        out.append(Candidate("line", ps, end, name, "", "", f))
        nl = text.find("\n", nl + 1, win[1])


# A point after a word, then a German story: "Düsseldorf. Die Stadt…" (German local papers
# print their datelines so; in other languages a place and a point is a sentence or a headline).
POINT: Final = re.compile(r"\.(?<=[^\W\d_]{2}\.)[ \t]+(?=(?:" + "|".join(POINT_STORY) + r")\s)")
# Boundaries that let a point end a dateline: the text or a line starts, a stamp or a byline
# ends; not a sentence or a headline before it (a place and a point there end a sentence).


def may_hold_point(text: str, a: int, b: int) -> bool:
    """Can POINT match in text[a:b]: is a point printed there before a space or a tab?  Asked
    before the search (~2k machine instructions a call; three windows in four print neither)."""
    return text.find(". ", a, b) >= 0 or text.find(".\t", a, b) >= 0


def point_candidates(text: str, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    """`Düsseldorf. Die Stadt hat…`: a known place and a point, then a German story, where the
    place starts the text or a line, or follows a stamp or a byline."""
    if not may_hold_point(text, max(lo, win[0]), win[1]):
        return
    m = POINT.search(text, max(lo, win[0]), win[1])
    while m is not None:
        s = m.start()
        m = POINT.search(text, m.end(), win[1])
        if not text[s - 1].isalpha() or not text[text.rfind(" ", lo, s) + 1:s][:1].isupper():
            continue
        sep, end = separator(text, s)
        for ps, name, pf in places_before(text, lo, s):
            if "place_known" not in pf or "qualifier" in pf or is_country(name):
                continue
            f = {**pf, "sep_point": 1.0}
            if any(b in f for b in POINT_BOUNDARIES) and _story_feats(text, end, f):
                if _headline_only(text, end):
                    f["headline_only"] = 1.0
                out.append(Candidate("point", ps, end, name, "", "", f))
