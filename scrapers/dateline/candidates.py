"""Candidate datelines: every plausible reading of an opening, each with named features.

Generators, one per shape (uncredited.py has those without a credit, scripts.py the
script-specific ones):
  credit    `PLACE, DATE (Agency) -`, `PLACE, DATE /TASS/.`, `PLACE, DATE, GNA -`,
            `PLACE - РИА Новости.`, and the credit-first `(ANSA) - Rome, August 7 -`.
Nothing here decides: rank.py scores the candidates and keeps the best one.
"""
from __future__ import annotations

from typing import Final, cast

import re

from .agencies import AMBIGUOUS, canonical_agency, lookup
from .anchors import DOMAIN, PAREN, PAREN_FIRST, SLASH, anchors, bare_anchors, caps_credits
from .gazetteer import lower_case
from .dates import BARE_DAY, Dates, date_ending_at, date_just_before, date_starting_at, misspelt_date
from .memo import UNSEEN, remember
from .names import format_place, is_caps, is_placeword, known
from .places import after_headline, before_date, holds_caption, places_before
from .tables import BYLINE, FUNCTION_WORDS, NOTES, OUTLET_MARKS, OUTLETS, SEPARATORS

ZONE: Final = 560  # a dateline starts in the first ZONE characters
# Credits that, after a date, make the word before the date a place even if no gazetteer has it.
ANCHOR_CREDITS: Final = ("credit_known", "credit_ambiguous", "credit_outlet")


class Candidate:
    """One reading of the opening's dateline and its named features.  (A plain class: compiled
    with mypyc, a dataclass's __init__ is the one the dataclasses module writes, run as
    interpreted Python, about as costly as scoring the candidate.)"""

    def __init__(self, kind: str, start: int, end: int, city: str = "", agency: str = "", date: str = "",
                 feats: dict | None = None) -> None:
        self.kind, self.start, self.end = kind, start, end
        self.city, self.agency, self.date = city, agency, date
        self.feats: dict = {} if feats is None else feats
        self.score: float | None = None  # set by rank.scored

    def __repr__(self) -> str:
        return (f"Candidate({self.kind!r}, {self.start}, {self.end}, {self.city!r}, {self.agency!r}, {self.date!r}, "
                f"{self.feats!r})")


# ---------------------------------------------------------------- credits

# Agencies whose own datelines are printed in capitals (English-language wire style): a
# title-case place after a lower-case word is not their dateline ("Storm hits Florida (AP)").
CAPS_STYLE: Final = frozenset({"AP", "Reuters", "AFP", "UPI", "CP", "AAP", "PA", "Bloomberg", "Dow Jones",
                        "Xinhua", "Yonhap", "Kyodo", "KUNA", "WAM", "TASS"})
NUMERIC: Final = r"(?<![\d.])(\d{1,2}([./])\d{1,2}\2(?:19|20)\d\d)"  # "03.05.2019", "5/3/2024"
NUMERIC_BEFORE: Final = re.compile(NUMERIC + r",?\s+$")  # "03.05.2019, Kraków (PAP) –"
NUMERIC_END: Final = re.compile(r",\s*" + NUMERIC + r"\s*$")  # "Dhaka, 05.03.2024 (BSS) -"
# "Hà Nội, 5/3 (TTXVN) -", "Helsinki, 5.3. (STT)": before a known credit only
DIGIT_OR_POINT: Final = frozenset("0123456789.")
DAY_MONTH_END: Final = re.compile(r"(?<=,)\s*(\d{1,2}/\d{1,2}|\d{1,2}\.\d{1,2}\.)\s*$")
STAMP_END: Final = re.compile(r"\d\d?:\d\d(?::\d\d)?(?:\s*[AP]M)?\]?\s*$")
BYLINE_END: Final = re.compile(r"\s(?:By|BY|by)\s+[^\n:(),]{1,40}?\s*[–—-]\s*$")
_JOINED: Final = re.compile(r"[-/]([A-Za-z]{2,10})\b")
_FIRST_PLACE: Final = re.compile(r"[ ,]*+([^\s,:()\-–—][^\n,:()\-–—]{0,40}+)\s*(?:\([^()]{1,30}\)\s*)?,?\s*(?=[-–—:,])")
FIRST_PLACE_NEXT: Final = tuple("-–—:,")  # _FIRST_PLACE's lookahead: what follows the place
SENTENCE_END: Final = (".", "!", "?", "…", "。", "।", "\"", "”", "»")
SEP_AFTER: Final = re.compile(r"[ \t]*(\.-|---|--|[—–―_:।|]|-(?=[\s\"“«]|[^\W\d_][^\W\d_]*[a-zа-яё])|\.(?=\s))?[ \t\n]*")
CREDIT_PARTS: Final = re.compile(r"\s*[/-]\s*")
SEP_OR_DATE_AFTER: Final = re.compile(r"\s*(?:--|[-–—_:]|\.\s|,?\s*\d)")
SEP_OR_STORY_AFTER: Final = re.compile(r"\s*(?:[-–—:]|\s[A-Z\"“])")
STORY_ON_LINE: Final = re.compile(r"\.? [A-Z\"“]")


CREDITS: Final[dict[str, tuple[str, str] | None]] = {}  # credit_name()'s answers (memo.remember)


def credit_name(raw: str) -> tuple[str, str] | None:
    """(agency, feature) for a credit, or None when the text is not one (remembered: a feed
    repeats its credits)."""
    got = CREDITS.get(raw, UNSEEN)
    if got is UNSEEN:
        got = _credit_name(raw)
        remember(CREDITS, raw, got)
    return cast("tuple[str, str] | None", got)


def _credit_name(raw: str) -> tuple[str, str] | None:
    raw = " ".join(raw.split()).strip(" .,")
    if not raw or "=" in raw or holds_caption(raw, 0, len(raw)):
        return None
    if raw.split()[0].lower().strip(":.") in NOTES and not (raw.isupper() and lookup(raw)):
        return None  # "(UPDATE 2)", "(Map)"; not "(MAP)", Morocco's agency
    if raw in OUTLETS:
        return raw, "credit_outlet"
    parts = [p for p in CREDIT_PARTS.split(raw) if p] if "/" in raw or "-" in raw else [raw]
    if "/" in raw and not lookup(raw.split("/")[-1]) and " " in raw.split("/")[-1].strip():
        return None  # "(Xinhua/Li Xin)": a photographer's credit
    if lookup(raw) or any(lookup(p) for p in parts):
        return canonical_agency(raw), "credit_ambiguous" if raw in AMBIGUOUS else "credit_known"
    words = raw.split()
    inner = [a for a in (lookup(w) for w in words if len(w) >= 3) if a]
    if inner and len(words) > 2 and all(w[:1].isupper() for w in words):
        return inner[0], "credit_known"  # "/Корр. ТАСС Иван Петров/": a reporter's credit
    if known(raw) or (any(c.isdigit() for c in raw) and not DOMAIN.fullmatch(raw)) or len(words) > 3:
        return None  # "Liputan6.com" is an outlet; other credits hold no digit
    marked = outlet_marked(raw)  # "Taiwan News", not "News"
    if marked:
        return raw, "credit_outlet"
    if raw.isupper() and 2 <= len(raw) <= 12 and raw.isalpha():
        return raw, "credit_caps"  # "(CNN)" is listed; "(AAPL)", "(USD)" are not credits
    if all(w[:1].isupper() for w in words):
        return raw, "credit_unknown"
    return None


def outlet_marked(raw: str) -> bool:
    """Does the credit hold one of OUTLET_MARKS, and more than it?  Each mark holds a point or a
    capital, so text with neither (Chinese, a lower-case word) is told at once, not by a test per
    mark."""
    return ("." in raw or raw.lower() != raw) and any(m in raw and m.strip(".") != raw for m in OUTLET_MARKS)


ONE_MARK_SEPS: Final = ("—", "–", "―", "_", ":", "।", "|")  # SEP_AFTER's separators of one mark
DASH_BEFORE: Final = ("\"", "“", "«")  # besides white space: a dash before one is a separator


def separator(text: str, p: int) -> tuple[str, int]:
    """(separator feature, story start) after position p: SEP_AFTER's reading.  The usual
    shapes (spaces, then one mark, two or three dashes, a dash before white space or a quote,
    a point before a dash or white space, or no mark) are read with str operations; a dash
    before anything else by SEP_AFTER, whose lookahead for a lower-case word stays the
    regex's (a regex call costs more than the reading; tests/test_dateline_pretests.py
    compares the two)."""
    q = p
    while text[q:q + 1] in (" ", "\t"):
        q += 1
    mark, after = text[q:q + 1], text[q + 1:q + 2]
    if mark in ONE_MARK_SEPS:
        sep, end = mark, q + 1
    elif mark == "-" and after == "-":
        sep = "---" if text[q + 2:q + 3] == "-" else "--"
        end = q + len(sep)
    elif mark == "-" and after and (after.isspace() or after in DASH_BEFORE):
        sep, end = mark, q + 1
    elif mark == "." and (after == "-" or after.isspace()):
        sep = ".-" if after == "-" else "."
        end = q + len(sep)
    elif mark == "-":
        m = SEP_AFTER.match(text, p)
        assert m is not None  # every part of the pattern is optional
        return SEPARATORS.get(m.group(1) or "", "sep_strong"), m.end()
    else:
        sep, end = "", q
    while text[end:end + 1] in (" ", "\t", "\n"):
        end += 1
    return SEPARATORS.get(sep, "sep_strong"), end


def _story_feats(text: str, end: int, feats: dict) -> bool:
    """Is there a story after the dateline?  Records how it starts."""
    rest = text[end:end + 2]
    if not rest.strip() or rest[0] in ")]}/,;":
        return False
    if rest[0].islower() and lower_case(rest[0]):
        feats["story_lower"] = 1.0
    return True


def _date_str(text: str, span: tuple[int, int] | None) -> str:
    return text[span[0]:span[1]] if span else ""


def around_credit(text: str, dates: Dates, a: int, b: int, agency: str, ckind: str, lo: int,
                  out: list[Candidate], kind: str = "credit") -> None:
    """Readings of `[PLACE[, QUALS]][, DATE] CREDIT [SEP]` and `CREDIT [SEP] PLACE[, DATE] SEP`."""
    sep, end = separator(text, b)
    base = {ckind: 1.0, "sep_strong" if sep == "sep_colon" else sep: 1.0}  # "(ANI):" is strong
    if not _story_feats(text, end, base):
        base["no_story"] = 1.0
    q = a
    window = text[max(lo, a - 50):a]
    if "By" in window or "by" in window or "BY" in window:  # "Jan. 3 By Mehdi Sepahvand - Trend:"
        if (by := BYLINE_END.search(text, max(lo, a - 50), a)):
            q = by.start()
    while q > lo and text[q - 1] in " ,;-–—|":  # "CAIRO, Feb 3, GNA", "КАИР, 2 июл - РИА Новости", "Pune | PTI"
        q -= 1
    dspan = date_ending_at(dates, text, q) or date_just_before(text, lo, q)
    if dspan is None and text[q - 1:q].isdigit() and (
            m := BARE_DAY.search(text, max(lo, q - 6), q) or NUMERIC_END.search(text, max(lo, q - 14), q)):
        dspan = m.span(1)
    if dspan is None and ckind in ANCHOR_CREDITS and text[q - 1:q] in DIGIT_OR_POINT:
        m = DAY_MONTH_END.search(text, max(lo, q - 8), q)
        dspan = m.span(1) if m else misspelt_date(text, lo, q)  # "LAHORE, Mach 4 (APP) -"
    feats = dict(base)
    if dspan:
        feats["date"] = 1.0
        q = dspan[0]
    elif q > lo and text[q - 1] == "." and text[max(lo, q - 3):q].strip(". ") and text[a - 1] == " ":
        feats["credit_after_sentence"] = 1.0  # "… on Saturday. (AFP) The…": a caption credit
    if dspan and _prose_before(text, lo, dspan[0]):
        feats["date_in_prose"] = 1.0
    if not dspan and text.find(":", max(lo, a - 16), a) >= 0 and STAMP_END.search(text, max(lo, a - 16), a):
        feats["credit_after_stamp"] = 1.0  # "08:50 ArmInfo-Turan.", "3:49:10 PM] AMMONNEWS -"
    elif not dspan and kind == "bare":
        feats["bare_alone"] = 1.0
    if not dspan:
        c = max(lo, text.rfind("\n", lo, a), a - 80)  # the credit's line, up to 80 characters before it
        if holds_caption(text, c, b):
            feats["caption_credit"] = 1.0
    out.append(Candidate(kind, q if dspan else a, end, "", agency, _date_str(text, dspan), feats))
    pe = before_date(text, lo, q) if dspan else q
    anchored = ckind in ANCHOR_CREDITS and (comma_date(text, lo, pe) or (
        kind == "credit" and not dspan and agency not in CAPS_STYLE and sep == "sep_strong"
        and "caption_credit" not in feats))  # "… JVA München Stadelheim Kelvadar (dpa) - Weder…"
    for ps, name, pf in places_before(text, lo, pe, anchored):
        f = {**base, **pf}
        n = max(lo, ps - 14)
        if not dspan and number_ends(text, n, ps) and (lead := NUMERIC_BEFORE.search(text, n, ps)):
            dspan, ps = lead.span(1), lead.start(1)  # "03.05.2019, Kraków (PAP) –"
        if dspan:
            f["date"], f["place_date"] = 1.0, 1.0  # (dict.update is a generic method call compiled)
        elif "," in text[ps:a]:
            f["place_comma"] = 1.0
        if "qualifier" not in f or "qualifier_known" in f:  # not "… Gas Hub, Belene N-plant (BTA)"
            after_headline(text, lo, ps, end, f)  # "… instead of blanks Cairo (AFP) - At least…"
        if "b_lower" in f and agency not in CAPS_STYLE:
            del f["b_lower"]
            f["b_lower_title_wire"] = 1.0  # "… etkili oluyor Erzurum (AA) -"
        out.append(Candidate(kind, ps, end, name, agency, _date_str(text, dspan), f))
    _credit_first(text, dates, end, agency, ckind, out)


def number_ends(text: str, a: int, b: int) -> bool:
    """Can NUMERIC_BEFORE match in text[a:b]: does a digit end it, then perhaps a comma, then
    spaces?  Asked before the search (on most credits no number stands there)."""
    part = text[a:b]
    core = part.rstrip()
    if len(core) == len(part):
        return False
    if core.endswith(","):
        core = core[:-1]
    return core[-1:].isdigit()


def comma_date(text: str, lo: int, p: int) -> bool:
    """Is p a date's start after a comma ("Kelvale, Feb 25"): the shape that makes the word
    before it a place even when no gazetteer has it?"""
    return text[max(lo, p - 2):p].rstrip().endswith(",") and text[p:p + 1].isalnum()


def _prose_before(text: str, lo: int, pos: int) -> bool:
    """Is the word before pos a lower-case word ("… on April 15, 2024.")?"""
    words = text[max(lo, pos - 20):pos].split()
    return bool(words) and words[-1] in FUNCTION_WORDS


def _credit_first(text: str, dates: Dates, p: int, agency: str, ckind: str, out: list[Candidate]) -> None:
    """`(ANSA) - Rome, August 7 -`, `By IANS, Kolkata :`, `NEWS.am Armenia –`."""
    if not any(text.find(c, p, p + 60) >= 0 for c in FIRST_PLACE_NEXT):
        return  # (most credits: a regex call costs more than these finds)
    m = _FIRST_PLACE.match(text, p, p + 60)
    if not m:
        return
    words = m.group(1).split()
    if not words or not all(is_placeword(w) for w in words):
        return
    e = m.end()
    dspan = date_starting_at(dates, e, 3) if text[e:e + 1] in ", " or text[e - 1] == "," else None
    sep, end = separator(text, dspan[1] if dspan else e)
    name = format_place(words)
    if lookup(name):
        return
    f = {ckind: 1.0, sep: 1.0, "credit_first": 1.0, "place": 1.0, "b_punct": 1.0,
         "place_known" if known(name) else "place_unknown": 1.0,
         "place_caps" if all(is_caps(w) for w in words) else "place_title": 1.0}
    if "place_unknown" in f and len(words) > 1:  # as places.py weighs an unknown run of words
        f.update(unknown_extra_words=len(words) - 1.0, unknown_weak=1.0)
    if dspan:
        f.update(date=1.0, place_date=1.0)
    if sep != "sep_none" and _story_feats(text, end, f):
        out.append(Candidate("credit_first", p, end, name, agency, _date_str(text, dspan), f))


def bracketed_credits(text: str, dates: Dates, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    """`(Agency)`, `/TASS/` and `(TOKYO)` anchors that start in the window."""
    if "(" in text or "（" in text:
        for m in anchors(PAREN, text, lo, win, PAREN_FIRST):
            got = credit_name(m.group(1)) or _place_named_credit(text, dates, m)
            if got:
                around_credit(text, dates, m.start(), m.end(), got[0], got[1], lo, out)
            elif not paren_date(text, dates, m, lo, out):
                paren_place(text, m, lo, out)
    if "/" in text:
        for m in anchors(SLASH, text, lo, win):
            got = credit_name(m.group(1))
            if got and got[1] in ("credit_unknown", "credit_caps") and m.group(0)[1:2].isspace():
                continue  # "Главная / Новости / Москва": a breadcrumb, not "/ТАСС/"
            if got:
                around_credit(text, dates, m.start(), m.end(), got[0], got[1], lo, out, "slash")


def _place_named_credit(text: str, dates: Dates, m: re.Match[str]) -> tuple[str, str] | None:
    """A bracketed word that is also a place, right after the dateline's date, is its credit
    ("SANAA, March 5 (Saba) -", "Antananarivo, 5 mars (ANTA) -"), not a place."""
    raw = m.group(1).strip()
    if " " in raw or not raw[:1].isupper() or not date_ending_at(dates, text, m.start()):
        return None
    return (raw, "credit_unknown") if raw.isalpha() and known(raw) else None


def bare_credits(text: str, dates: Dates, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    """Credits without brackets (`, GNA -`, `- РИА Новости.`, `ALMATY. KAZINFORM -`)."""
    for a, b in bare_anchors(text, lo, win):
        _bare(text, dates, a, b, lo, out)
    for m in caps_credits(text, lo, win):
        word, before = m.group(1), text[max(lo, m.start() - 2):m.start()]
        if m.start() > lo and before not in (", ", "; ", "] ", ". ") and not (word in OUTLETS and before[-1:] == " "):
            continue  # a listed outlet may follow its place unbracketed: "Washington CNN —"
        got = None if lookup(word) or known(word) else credit_name(word)
        if got:
            around_credit(text, dates, m.start(1), m.end(1), got[0], got[1], lo, out, "bare")


def _bare(text: str, dates: Dates, a: int, b: int, lo: int, out: list[Candidate]) -> None:
    """A credit without brackets at text[a:b]: "Tamale, Mar 4, GNA-", "ALMATY. KAZINFORM -",
    "TOKYO, March 13 Kyodo", "الرياض-سانا", "- РИА Новости.", "By IANS, Kolkata :"."""
    if a > lo and text[a - 1] in "(（/":
        return  # inside brackets: the bracketed credit's reading
    if text[b:b + 1] in ("-", "/") and (joined := _JOINED.match(text, b)) and lookup(joined.group(1)):
        b = joined.end()  # "ArmInfo-Turan", "dpa/lnw"
    got = credit_name(text[a:b])
    if not got or text[a:b].upper() in AMBIGUOUS:  # "- Prime Minister", "PA said"
        return
    before = text[max(lo, a - 3):a]
    after = text[b:b + 3]
    if before.endswith("-") and not before[-2:-1].isspace():  # "الرياض-سانا", not "BC-AP"
        words = text[max(lo, a - 30):a - 1].split()
        if not words or not known(words[-1]):
            return
    by = text[max(lo, a - 4):a].strip().lower() in BYLINE
    at_boundary = (a == lo or before[-1:] in ",.;]-–—|" or before.rstrip()[-1:] in ",.;]-–—|\n"
                   or before.rstrip()[-1:].isdigit())
    if by or at_boundary or "." in got[0]:  # "NEWS.am Armenia –": an outlet's own name
        _credit_first(text, dates, b, got[0], got[1], out)
    if by:
        return
    # "КАИР - РИА Новости.", "— РИА Новости, Анна…", "Riyadh - SPA", "الرياض-سانا"; not
    # "LONDON, March 2 - Reuters Holdings Plc said…"
    dashed = before.rstrip()[-1:] in ("-", "–", "—", "|") and (
        after[:1] in ",." or before.endswith("-") or text[a:b].isupper() or not text[a].isupper())
    if not (SEP_OR_DATE_AFTER.match(after) or dashed):
        if not date_ending_at(dates, text, a) or not after[:1].isspace():
            return
    if at_boundary or date_ending_at(dates, text, a):
        around_credit(text, dates, a, b, got[0], got[1], lo, out, "bare")


def paren_date(text: str, dates: Dates, m: re.Match[str], lo: int, out: list[Candidate]) -> bool:
    """`WASHINGTON (Aug. 13) --`: the date in brackets where a credit would stand, then a strong
    separator and a story; read as a credit's date is (no agency).  True when the bracket is a date."""
    span = date_starting_at(dates, m.start(1), 0)
    if not span or text[span[1]:m.end()].strip(" )）"):
        return False
    sep, end = separator(text, m.end())
    if sep != "sep_strong" or not _story_feats(text, end, {}):
        return True
    for ps, name, pf in places_before(text, lo, m.start()):
        f = {**pf, "sep_strong": 1.0, "date": 1.0, "place_date": 1.0}
        out.append(Candidate("paren_date", ps, end, name, "", _date_str(text, span), f))
    return True


def paren_place(text: str, m: re.Match[str], lo: int, out: list[Candidate]) -> None:
    """`(TOKYO) --`: a place in brackets before a separator."""
    raw = m.group(1).strip()
    if not (is_placeword(raw) and is_caps(raw) and known(raw)):
        return
    sep, end = separator(text, m.end())
    f = {"place": 1.0, "place_known": 1.0, "place_caps": 1.0, sep: 1.0, "paren_place": 1.0,
         "b_start" if not text[lo:m.start()].strip() else "b_punct": 1.0}
    if sep != "sep_none" and _story_feats(text, end, f):
        out.append(Candidate("paren_place", m.start(), end, format_place([raw]), "", "", f))
