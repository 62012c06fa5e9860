"""Dateline forms of scripts without capitals, one table row per form.

  新华社上海3月5日电  (Xinhua, CNS, …: agency, place, date, optional 电)
  本报南昌电  新华社呼和浩特一月十七日电  (no date; Chinese numerals, as the People's Daily prints them)
  生活报讯  齐鲁网聊城12月14日讯  正义网11月16日电  (a paper or site crediting itself: "…报"/"…网")
  IT之家9月30日消息  新浪科技讯 北京时间9月11日凌晨消息  (a site or portal desk crediting itself at the text's start)
  （中央社記者劉世怡台北27日電）  (CNA: agency, reporter, place, date, 電)
  【パリ共同】 【ワシントン時事】 【ワシントン=田島大志】  (Japanese: place + agency or reporter)
  (서울=연합뉴스) 【부산=뉴시스】  (Korean: place = agency)
  加拿大 蒙特利尔2005 年12 月7 日讯－  (no credit: a known place and a date at a boundary, as press releases print them)
  ［米ルイジアナ州・ラファイエット］ ［キエフ・ウクライナ］ ［スペイン］  (Japanese: a place tag, state and country qualifiers dropped)
"""
from __future__ import annotations

from typing import Final

import re

from .agencies import canonical_agency, lookup
from .anchors import anchors, marks
from .candidates import Candidate, separator
from .countries_cldr import JA_COUNTRIES
from .dates import Dates
from .names import known

HAN: Final = r"[\u4e00-\u9fff]"
NAME_HAN: Final = r"(?:(?![讯訊电電])[\u4e00-\u9fff])"  # a place or outlet never runs over "电"/"讯" ("本报讯国务院…")
XUN: Final = r"(?<![通资資])(?:讯|訊)"  # not the 讯 of 通讯员 (a correspondent), 资讯 (news items)
ENDS: Final = r"(?:快)?(?:电|電|" + XUN + ")"  # "…日电", "…讯", "新京报快讯" (a flash)
# what follows a credit's lone 讯 at the text's start: a space or a bracket, the reporter's byline
# or the lead's figures ("南都讯记者…", "某某科技讯2018年…"); not a comma ("经审讯，…": a word)
AFTER_XUN: Final = r"[\s（(0-9０-９]|记者|記者"
DAY_ENDS: Final = r"(?:" + ENDS + "|消息)"  # after a date also "…日消息" (news of the day; "本报和新华社消息" is no dateline)
HAN_DAY: Final = r"(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # 十, 十七, 二十六, 三十一
HAN_MONTH: Final = r"(?:十[一二]?|[一二三四五六七八九])"
CJK_DATE: Final = (r"(?:(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年\s*)?"
            r"(?:(?:[0-9０-９]{1,2}|" + HAN_MONTH + r")\s*月\s*)?(?:[0-9０-９]{1,2}|" + HAN_DAY + r")\s*日")

# The agencies and papers of the chinese form, as its regex tries them; each name ends with one of
# the form's marks (社, 网, 報, ...).
CHINESE_CREDITS: Final = ("新华社", "新華社", "新华网", "新華網", "中新社", "中新网", "中新網", "中国新闻网", "中央社", "人民网",
                          "人民網", "央广网", "本报", "本報", "光明网", "中国日报网", "环球网", "央视网")
CHINESE_FIRSTS: Final = "".join(sorted({name[0] for name in CHINESE_CREDITS}))  # what such a credit starts with
OUTLET_NAME: Final = 7  # Han characters of an outlet's name before its 报/网
OUTLET_AFTER: Final = ":：】【」』）)]，。！？|"  # besides white space, what an outlet's name follows (or the text's start)

# (name, regex with groups ag / city / date, marks: every match holds one of them, so a form is
# tried only on text that holds one; its regex would scan the whole zone for nothing otherwise;
# reach: where a match's credit ends with one of the marks, at most this many characters before
# it the match starts (0: not so), and the regex is tried only there: _credit_anchored)
FORMS: Final = [
    ("chinese", re.compile(r"(?P<ag>" + "|".join(CHINESE_CREDITS) + ")"
                           r"(?:记者|記者)?(?P<city>" + NAME_HAN + r"{0,12}?)\s*(?:(?P<date>" + CJK_DATE + r")\s*" + DAY_ENDS + r"?|" + ENDS + ")"),
     "社网網报報", max(map(len, CHINESE_CREDITS)) - 1),
    # a paper or news site crediting itself after a boundary (not glued to a headline, where its
    # name cannot be told from the headline's last words); "…网电" with a date only ("互联网电商")
    ("outlet", re.compile(r"(?:^|(?<=[\s" + re.escape(OUTLET_AFTER) + r"]))(?P<ag>" + NAME_HAN + r"{1,%d}?[报報网網])" % OUTLET_NAME
                          + r"(?P<city>" + NAME_HAN + r"{0,4}?)\s*(?:(?P<date>" + CJK_DATE + r")\s*" + DAY_ENDS + "|(?:快)?" + XUN + ")"),
     "报報网網", OUTLET_NAME),
    ("bracket", re.compile(r"【(?P<city>[^【】=\s\d]{1,12}?)(?P<ag>共同|時事|聯合|新華社)】"), "【", 0),
    ("bracket", re.compile(r"[(（\[【]\s*(?P<city>[^()（）\[\]【】=\s\d]{1,12}?)\s*=\s*(?P<ag>[^)）\]】=\n]{1,15}?)"
                           r"\s*[)）\]】]"), "=", 0),
    # no credit: a place the gazetteer knows, whole, at a boundary, its date and 讯/电, then a
    # separator or the story's space (not 电视/电影 run on: prose); a country before it qualifies it
    ("uncredited", re.compile(r"(?:^|(?<=[\s】」』）)\]，。！？：]))(?P<city>" + NAME_HAN + r"{2,6}?)\s*(?P<date>"
                              + CJK_DATE + r")\s*" + DAY_ENDS + r"(?=[\s－—–:：，（(]|$)"), "讯訊电電息", 0),
    # a site or a portal's desk crediting itself where the text starts, whatever its name ends in:
    # its name, 讯 (then AFTER_XUN), and/or a date ended by 消息/讯/电 ("Beijing time" and a time of day may stand
    # between), then a space or a separator
    ("lead", re.compile(r"^(?P<ag>[A-Za-z]{0,6}" + NAME_HAN + r"{2,6}?)(?:(?P<xun>" + XUN + r")(?=" + AFTER_XUN + r")\s*(?:北京时间\s*)?)?"
                        r"(?:(?P<date>" + CJK_DATE + r")\s*(?:凌晨|上午|中午|下午|晚间|晚上|早间)?\s*(?P<end>" + DAY_ENDS + "))?"
                        r"(?=[\s，,：:（(]|" + AFTER_XUN + "|$)"), "讯訊电電息", 0),
    # a Japanese place tag in full-width square brackets (at a boundary: _place_form); parts joined by ・
    ("place_tag", re.compile(r"［(?P<city>[^［］\s\d]{2,24}?)］"), "［", 0),
]
MARKS: Final = "".join(sorted({c for _, _, marks, _ in FORMS for c in marks}))  # fast.ANCHOR_MARKS holds them too
_MARK_CHARS: Final = [tuple(marks) for _, _, marks, _ in FORMS]  # iterated as strings of one character made once
_ASCII_MARKS: Final = tuple(sorted({c for marks in _MARK_CHARS for c in marks if c.isascii()}))  # "="
# each mark once (the forms share 讯, 电, 网, 报, ...), the commonest in Chinese text first: a
# window that holds one stops at it (zh, gne and feeds' windows: 电 103, 报 75, 讯 61, 网 59, 社 48)
MARKS_BY_USE: Final = tuple(sorted(set(MARKS), key="电报讯网社息【=電報訊網［".find))
DAY_END: Final = re.compile(r"日\s*" + DAY_ENDS)  # the uncredited form is looked for only where a date ends in 讯/电/消息
REPORTED: Final = ("报道", "報導", "报导", "報道")  # "…9月9日报道": a report cited in prose, not a dateline's end
NOT_LEAD_ENDS: Final = ("时间", "時間", "日", "快")  # a lead credit's name never ends a date, a clock or "快讯"
ADMIN_SUFFIX: Final = ("州", "県", "省")  # "米ルイジアナ州": a state, prefecture or province qualifies the place after it
OWN_PAPER: Final = ("本报", "本報", "本网", "本網", "本站")  # "本报北京3月5日电", "本网讯": the paper's (site's) own reporter, no credit
# Words that make the right side of `(서울=…)` an outlet's name, kept as printed ("뉴스핌",
# "매일경제", "朝日新聞"), and words of a reporter's byline, which is no credit ("홍길동 기자").
OUTLET_WORDS: Final = ("뉴스", "일보", "신문", "통신", "방송", "경제", "투데이", "데일리", "미디어", "타임스",
                "헤럴드", "저널", "新聞", "通信", "放送", "ニュース", "网", "網", "报", "報")
REPORTER_WORDS: Final = ("기자", "특파원", "記者", "记者", "特派員", "特派员")


def _credit(raw: str) -> tuple[str, str]:
    """(agency, feature) of the credit of a script form: a listed agency, an outlet kept as
    printed, or none (a reporter's name)."""
    if raw in OWN_PAPER:
        return "", "no_credit"
    if lookup(raw):
        return canonical_agency(raw), "credit_known"
    raw = raw.strip()
    if any(w in raw for w in OUTLET_WORDS) and not any(w in raw for w in REPORTER_WORDS):
        return raw, "credit_outlet"
    return "", "no_credit"


def _city(run: str, reporter: bool) -> str:
    """The place at the end of a Han run: the longest known suffix; else, after a
    reporter's name (two or three characters), the rest."""
    for k in range(min(len(run), 6), 1, -1):
        if known(run[-k:]):
            return run[-k:]
    if reporter and len(run) > 3:
        return run[3:] if len(run) > 5 else run[-2:]
    return run


def _tagged_place(tag: str) -> tuple[str, bool] | None:
    """(place, vouched) of a place tag's parts ("米ルイジアナ州・ラファイエット" -> the city after its
    state, "キエフ・ウクライナ" -> the city before its country): one part left once the state and
    country qualifiers are dropped, else None.  A country alone ("スペイン") is the place; vouched:
    a qualifier or CLDR says it is a place, which the gazetteer need not know."""
    if tag in JA_COUNTRIES:
        return tag, True
    parts = [p for p in tag.split("・") if p]
    rest = [p for p in parts if not p.endswith(ADMIN_SUFFIX) and p not in JA_COUNTRIES]
    return (rest[0], len(rest) < len(parts)) if len(rest) == 1 else None


def script_candidates(text: str, dates: Dates, lo: int, out: list[Candidate], win: tuple[int, int]) -> None:
    """Script forms that start in the window (their dates are read by their own patterns)."""
    reach = text[max(lo, win[0]):win[1] + 80]  # every match lies in the window and the 80 characters after it
    if reach.isascii() and not any(c in reach for c in _ASCII_MARKS):
        return  # most marks are CJK characters (str.isascii reads a flag of the string)
    if not any(c in reach for c in MARKS_BY_USE):
        return  # most other text holds none either: each mark asked once, not once per form
    for (name, rx, _, credit_reach), form_marks in zip(FORMS, _MARK_CHARS):
        if not any(c in reach for c in form_marks):
            continue  # every match that gives a reading holds one of its marks (a test per mark: a regex scan costs ~50 instructions a character)
        if name == "uncredited":
            found = _day_anchored(rx, text, lo, win)
        elif credit_reach:
            found = _credit_anchored(name, rx, text, lo, win, form_marks, credit_reach)
        else:
            found = anchors(rx, text, lo, win)
        for m in found:
            if name in ("uncredited", "place_tag"):
                _place_form(name, m, text, out)
                continue
            if name == "lead":
                _lead_form(m, text, out)
                continue
            agency, ckind = _credit(m.group("ag"))
            reporter = "記者" in text[m.start():m.start("city")] or "记者" in text[m.start():m.start("city")]
            city = _city(m.group("city"), reporter) if name in ("chinese", "outlet") else m.group("city")
            if name == "bracket" and not agency and not known(city):
                continue
            date = (m.group("date") or "") if "date" in rx.groupindex else ""
            if name == "chinese" and not (city or date) or name == "outlet" and not agency:
                continue  # "本报讯", "新华社电": no place, no date; "本网讯": no credit either
            if text.startswith(REPORTED, m.end()) or _cited(text, m):
                continue  # "据中新网9月9日报道，…", "据某某网23日消息": the lead cites a report, no dateline
            sep, end = separator(text, m.end())
            if text[end:end + 1] == "）" or text[end:end + 1] == ")":
                end += 1
            feats = {"script_form": 1.0, ckind: 1.0}
            if known(city):
                feats["place_known"] = 1.0
            if date:
                feats["date"] = 1.0
            out.append(Candidate(name, m.start(), end, city, agency, date, feats))


def _credit_anchored(name: str, rx: re.Pattern, text: str, lo: int, win: tuple[int, int], form_marks: tuple[str, ...],
                     reach: int):
    """The matches of a form whose credit ends with one of its marks ("新华社", "…报") that start in
    the window, as anchors(rx, text, lo, win) finds them: a match starts at most `reach`
    characters before such a mark, so rx is tried only there where its credit can start, in
    order, and after a match only past it (searched, the regex tries every position of the
    zone: ~100 machine instructions a character of Chinese text)."""
    pos, end = max(lo, win[0]), win[1] + 80
    p = pos  # the next position to try
    for k in marks(text, form_marks, pos + 1, end):
        p = max(p, k - reach)
        while p < k:
            if p >= win[1]:
                return
            m = rx.match(text, p, end) if _credit_may_start(name, text, p) else None
            if m is None:
                p += 1
                continue
            yield m
            p = m.end()


def _credit_may_start(name: str, text: str, p: int) -> bool:
    """Can the form's credit start at p: the first character of one of the chinese form's names,
    or an outlet's name at the text's start or after white space or one of OUTLET_AFTER (its
    lookbehind; str.isspace reads \\s's characters)?  A regex call costs more than these tests."""
    if name == "chinese":
        return text[p] in CHINESE_FIRSTS
    if p == 0:
        return True
    before = text[p - 1]
    return before.isspace() or before in OUTLET_AFTER


def _day_anchored(rx: re.Pattern, text: str, lo: int, win: tuple[int, int]):
    """Matches of the uncredited form that start in the window, looked for only just before a
    date that ends in 讯/电 (the form starts with no literal: scanned everywhere, it would try
    every Han character of the zone)."""
    seen = -1
    for d in DAY_END.finditer(text, max(lo, win[0]), win[1] + 80):
        m = rx.search(text, max(lo, win[0], d.start() - 40, seen + 1), d.end() + 1)
        if m is not None and m.start() < win[1]:
            seen = m.start()
            yield m


def _place_form(name: str, m: re.Match, text: str, out: list[Candidate]) -> None:
    """A dateline without a credit: the place must be a known one (a place tag's may be unknown
    when a state or a country qualifies it: the shape then says it is a place)."""
    city, vouched = m.group("city"), False
    if name == "place_tag":
        if m.start() > 0 and not text[m.start() - 1].isspace():
            return  # glued to the words before it: a rubric or a title's part
        if (got := _tagged_place(city)) is None:
            return
        city, vouched = got
    place_known = known(city) or city in JA_COUNTRIES
    if not (place_known or vouched):
        return
    sep, end = separator(text, m.end())
    date = m.group("date") if "date" in m.re.groupindex else ""
    feats = {"script_form": 1.0, "no_credit": 1.0}
    if place_known:
        feats["place_known"] = 1.0
    if date:
        feats["date"] = 1.0
    out.append(Candidate(name, m.start(), end, city, "", date, feats))


def _cited(text: str, m: re.Match) -> bool:
    """A match ended by 消息 after 据 ("according to"): the lead cites another's news ("据某某网站
    23日消息", "据中新网5月3日消息"); 据新华社…电 is still Xinhua's dateline."""
    return text.endswith("消息", 0, m.end()) and "据" in text[max(0, m.start() - 1):m.end()]


def _lead_form(m: re.Match, text: str, out: list[Candidate]) -> None:
    """A credit where the text starts whose name need not end in 报/网 ("IT之家9月30日消息",
    "新浪科技讯 北京时间…消息"): 讯, or a date and its end mark.  Not a known place (a place and a
    date is the uncredited form's), nor a name the other forms read (…社, …报, …网)."""
    raw = m.group("ag")
    if not (m.group("xun") or m.group("end")) or raw in OWN_PAPER or known(raw) or any(c in raw for c in "社报報网網据"):
        return
    if raw.endswith(NOT_LEAD_ENDS) or "月日" in raw:
        return  # "北京时间1月3日消息" (Beijing time), "物流运输快讯 |" (a rubric), "月日讯" (a date's remains)
    city = next((raw[-k:] for k in (3, 2) if len(raw) - k >= 3 and known(raw[-k:])), "")
    raw = raw[:len(raw) - len(city)]  # "中青在线商丘9月24日电": the site's bureau in a known place
    agency = canonical_agency(raw) if lookup(raw) else raw
    date = m.group("date") or ""
    sep, end = separator(text, m.end())
    feats = {"script_form": 1.0, "credit_known" if lookup(raw) else "credit_outlet": 1.0}
    if city:
        feats["place_known"] = 1.0
    if date:
        feats["date"] = 1.0
    out.append(Candidate("lead", m.start(), end, city, agency, date, feats))
