"""Candidate datelines: every plausible reading of an opening, each with named features.

Generators, one per shape (scripts.py has the script-specific ones):
  credit    `PLACE, DATE (Agency) -`, `PLACE, DATE /TASS/.`, `PLACE, DATE, GNA -`,
            `PLACE - РИА Новости.`, and the credit-first `(ANSA) - Rome, August 7 -`;
  separator `PLACE, DATE —`, `PLACE:`, `AMMAN – 3 March 2019:`, `APRIL 29 ---` (no credit);
  line      `New Delhi, August 29 There is…` (a date ends the dateline, no separator).
Nothing here decides: rank.py scores the candidates and keeps the best one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .agencies import ALIASES, _TABLE, canonical_agency, lookup
from .dates import BARE_DAY, NUMERIC, date_ending_at, date_starting_at
from .places import format_place, is_caps, is_placeword, known, places_before
from .tables import NOTES, OUTLET_MARKS, SEPARATORS

ZONE = 260  # a dateline starts in the first ZONE characters


@dataclass
class Candidate:
    kind: str
    start: int
    end: int
    city: str = ""
    agency: str = ""
    date: str = ""
    feats: dict = field(default_factory=dict)
    score: float = 0.0


# ---------------------------------------------------------------- credits

# Short aliases that are also common abbreviations: credits only with a place or date.
AMBIGUOUS = frozenset({"PC", "EP", "PL", "PA", "TT", "ANA", "MAP", "TAP", "APS", "APP", "PRIME",
                       "AA", "UNI", "APA", "CP", "MNA", "ONA", "BNA", "NNA", "STT", "RSS", "CMC"})
PAREN = re.compile(r"[(（]\s*([^()（）\n]{1,48}?)\s*[)）]")
SLASH = re.compile(r"(?<![\w/])/\s*([^/\n\s][^/\n]{0,28}?)\s*/(?![\w/])")
_BARE_NAMES = sorted({n for names in _TABLE.values() for n in names if len(n) >= 3 or n == "AP"}
                     | {n.upper() for names in _TABLE.values() for n in names if len(n) >= 3},
                     key=len, reverse=True)
BARE = re.compile(r"(?<![\w.@])(" + "|".join(re.escape(n) for n in _BARE_NAMES)
                  + r"|[A-Z][\w-]*\.(?:com|COM|co\.id|CO\.ID|am|az|ru|RU|kz|net))(?![\w@])")
CAPS_CREDIT = re.compile(r"(?:^|(?<=[,;\]]\s)|(?<=\.\s))([A-Z]{2,12})(?=\s*(?:--|[-–—_:]|\.\s))")
SEP_AFTER = re.compile(r"[ \t]*(\.-|---|--|[—–―_:।]|-(?!\w)|\.(?=\s))?[ \t\n]*")


def credit_name(raw: str) -> tuple[str, str] | None:
    """(agency, feature) for a credit, or None when the text is not one."""
    raw = " ".join(raw.split()).strip(" .,")
    if not raw or "=" in raw or raw.split()[0].lower().strip(":.") in NOTES:
        return None
    parts = [p for p in re.split(r"\s*[/-]\s*", raw) if p]
    if lookup(raw) or any(lookup(p) for p in parts):
        name = canonical_agency(raw)
        return name, "credit_ambiguous" if name in AMBIGUOUS else "credit_known"
    if known(raw) or any(c.isdigit() for c in raw) or len(raw.split()) > 3:
        return None
    if any(m in raw for m in OUTLET_MARKS) or (raw.isupper() and 2 <= len(raw) <= 12 and raw.isalpha()):
        return raw, "credit_outlet"
    return None


def separator(text: str, p: int) -> tuple[str, int]:
    """(separator feature, story start) after position p."""
    m = SEP_AFTER.match(text, p)
    sep = (m.group(1) or "").strip()
    return SEPARATORS.get(sep, "sep_strong"), m.end()


def _story_feats(text: str, end: int, feats: dict) -> bool:
    """Is there a story after the dateline?  Records how it starts."""
    rest = text[end:end + 2]
    if not rest.strip() or rest[0] in ")]}/,;":
        return False
    if rest[0].islower():
        feats["story_lower"] = 1.0
    return True


def _date_str(text: str, span) -> str:
    return text[span[0]:span[1]] if span else ""


def around_credit(text, dates, a, b, agency, ckind, lo, out, kind="credit") -> None:
    """Readings of `[PLACE[, QUALS]][, DATE] CREDIT [SEP]` and `CREDIT [SEP] PLACE[, DATE] SEP`."""
    sep, end = separator(text, b)
    base = {ckind: 1.0, sep: 1.0}
    if not _story_feats(text, end, base):
        return
    q = a
    while q > lo and text[q - 1] in " ,;-–—":  # "CAIRO, Feb 3, GNA", "КАИР, 2 июл - РИА Новости"
        q -= 1
    dspan = date_ending_at(dates, text, q)
    if dspan is None and (m := BARE_DAY.search(text, max(lo, q - 6), q)):
        dspan = m.span(1)
    feats = dict(base)
    if dspan:
        feats["date"] = 1.0
        q = dspan[0]
    elif q > lo and text[q - 1] in ".!?" and text[max(lo, q - 3):q].strip(".!? ") and text[a - 1] == " ":
        feats["credit_after_sentence"] = 1.0  # "… on Saturday. (AFP) The…": a caption credit
    out.append(Candidate(kind, q if dspan else a, end, "", agency, _date_str(text, dspan), feats))
    for ps, name, pf in places_before(text, lo, q):
        f = dict(base, **pf)
        if dspan:
            f.update(date=1.0, place_date=1.0)
        out.append(Candidate(kind, ps, end, name, agency, _date_str(text, dspan), f))
    _credit_first(text, dates, end, agency, ckind, out)


def _credit_first(text, dates, p, agency, ckind, out) -> None:
    """`(ANSA) - Rome, August 7 -`, `By IANS, Kolkata :`, `NEWS.am Armenia –`."""
    m = re.match(r"[ ,]*((?:[^\s,:()]+ ?){1,4}?)(?:,\s*)?(?=[-–—:]|\s[-–—:]|,)", text[p:p + 60])
    if not m:
        return
    words = m.group(1).split()
    if not words or not all(is_placeword(w) for w in words):
        return
    e = p + m.end()
    dspan = date_starting_at(dates, e, 3) if text[e:e + 1] in ", " or text[e - 1] == "," else None
    sep, end = separator(text, dspan[1] if dspan else e)
    name = format_place(words)
    f = {ckind: 1.0, sep: 1.0, "credit_first": 1.0, "place": 1.0, "b_punct": 1.0,
         "place_known" if known(name) else "place_unknown": 1.0,
         "place_caps" if all(is_caps(w) for w in words) else "place_title": 1.0}
    if dspan:
        f["date"] = 1.0
    if sep != "sep_none" and _story_feats(text, end, f):
        out.append(Candidate("credit_first", p, end, name, agency, _date_str(text, dspan), f))


def credit_candidates(text: str, dates, lo: int, out: list) -> None:
    """Bracketed, slashed and bare credits."""
    if "(" in text or "（" in text:
        for m in PAREN.finditer(text, lo, ZONE + 60):
            got = credit_name(m.group(1))
            if got:
                around_credit(text, dates, m.start(), m.end(), got[0], got[1], lo, out)
            else:
                paren_place(text, m, lo, out)
    if "/" in text:
        for m in SLASH.finditer(text, lo, ZONE + 40):
            got = credit_name(m.group(1))
            if got:
                around_credit(text, dates, m.start(), m.end(), got[0], got[1], lo, out, "slash")
    for m in BARE.finditer(text, lo, ZONE + 40):
        _bare(text, dates, m, lo, out)
    for m in CAPS_CREDIT.finditer(text, lo, ZONE + 20):
        if not lookup(m.group(1)) and not known(m.group(1)):
            around_credit(text, dates, m.start(1), m.end(1), m.group(1), "credit_caps", lo, out, "bare")


def _bare(text: str, dates, m, lo: int, out: list) -> None:
    """A credit without brackets: "Tamale, Mar 4, GNA-", "ALMATY. KAZINFORM -", "TOKYO, March 13
    Kyodo", "الرياض-سانا", "- РИА Новости.", "By IANS, Kolkata :"."""
    a, b = m.span(1)
    before = text[max(lo, a - 3):a]
    after = text[b:b + 3]
    got = credit_name(m.group(1))
    if not got:
        return
    by = text[max(lo, a - 4):a].strip().lower() in ("by", "por")
    if not (by or re.match(r"\s*(?:--|[-–—_:]|\.\s|,?\s*\d)", after) or before.endswith("-")):
        if not date_ending_at(dates, text, a) or not after[:1].isspace():
            return
    if not (a == lo or by or before[-1:] in ",.;]-–—" or before.rstrip()[-1:] in ",.;]-–—\n"
            or date_ending_at(dates, text, a)):
        return
    if by:
        _credit_first(text, dates, b, got[0], got[1], out)
        return
    around_credit(text, dates, a, b, got[0], got[1], lo, out, "bare")


def paren_place(text: str, m, lo: int, out: list) -> None:
    """`(TOKYO) --`: a place in brackets before a separator."""
    raw = m.group(1).strip()
    if not (is_placeword(raw) and is_caps(raw) and known(raw)):
        return
    sep, end = separator(text, m.end())
    f = {"place": 1.0, "place_known": 1.0, "place_caps": 1.0, sep: 1.0, "paren_place": 1.0,
         "b_start" if not text[lo:m.start()].strip() else "b_punct": 1.0}
    if sep != "sep_none" and _story_feats(text, end, f):
        out.append(Candidate("paren_place", m.start(), end, format_place([raw]), "", "", f))


# ---------------------------------------------------------------- datelines without a credit

SEPS = re.compile(r"(?:\s?(?:---|--)|\s[-–—―](?=\s)|(?<=[^\W\d_])[-–—](?=\s)|[—–](?=\S)|\s?:(?=\s)|\s?।)")


def separator_candidates(text: str, dates, lo: int, out: list) -> None:
    for m in SEPS.finditer(text, lo, ZONE):
        s = m.start()
        sep, end = separator(text, s)
        after = date_starting_at(dates, end, 0)
        feats = {sep: 1.0}
        date = ""
        if after and re.match(r"\s*(?:[-–—:]|\s[A-Z\"“])", text[after[1]:after[1] + 3]):
            date = _date_str(text, after)
            feats["date_after"] = 1.0
            _, end = separator(text, after[1])
        if not _story_feats(text, end, feats):
            continue
        dspan = None if date else date_ending_at(dates, text, s)
        if dspan:
            feats.update(date=1.0)
            date = _date_str(text, dspan)
            if not text[lo:dspan[0]].strip(" ,") or text[dspan[0] - 1] == "\n":
                out.append(Candidate("date_only", dspan[0], end, "", "", date, dict(feats, b_start=1.0)))
        q = dspan[0] if dspan else s
        for ps, name, pf in places_before(text, lo, q):
            f = dict(feats, **pf)
            if date:
                f["place_date"] = 1.0
            out.append(Candidate("separator", ps, end, name, "", date, f))


def line_candidates(text: str, dates, lo: int, out: list) -> None:
    """`New Delhi, August 29 There is…`: a place and a date, then the story on the same line."""
    for s, e in dates:
        if s > ZONE:
            break
        if not re.match(r" [A-Z\"“]", text[e:e + 2]) or text[s - 2:s] != ", ":
            continue
        for ps, name, pf in places_before(text, lo, s):
            f = dict(pf, sep_none=1.0, date=1.0, place_date=1.0, line=1.0)
            out.append(Candidate("line", ps, e + 1, name, "", text[s:e], f))


def numeric_lead(text: str, dates, lo: int, out: list) -> None:
    """`03.05.2019, Kraków (PAP) –`: a numeric date, then a place and a credit."""
    m = NUMERIC.match(text, lo) if lo < len(text) else None
    if m:
        dates.append(m.span())
