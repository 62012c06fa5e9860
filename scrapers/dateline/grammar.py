"""Regex building blocks of the dateline grammar (data, not logic)."""
from __future__ import annotations

import re

from .months import WEEKDAYS, _trie_regex, month_alternation

UC = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŸŹŻŽА-ЯЁІЇЄЎҐ"
LC = "a-zß-öø-ÿāăąćčďđēėęěğīıĺľłńňōőœřśşšţťūůűźżžа-яёіїєўґ"

MON = r"(?i:" + month_alternation() + r")(?![^\W\d_])"
WD = r"(?:(?i:" + _trie_regex(WEEKDAYS) + r")\.?,?\s+)"
YEAR = r"(?:1[89]|20)\d\d(?!\d)"
DAY_MD = r"[0-3]?\d(?:st|nd|rd|th)?(?![\d\w])"
DAY_DM = r"[0-3]?\d(?:st|nd|rd|th|er|º|\.)?"
CJK_DATE = r"(?:[0-9０-９]{4}\s*[年년]\s*)?[0-9０-９]{1,2}\s*[月월]\s*[0-9０-９]{1,2}\s*[日일]"

DATE = (
    r"(?:" + WD + r"?" + MON + r"\.?\s*" + DAY_MD + r"(?:,?\s+" + YEAR + r")?"
    r"|" + WD + r"?" + DAY_DM + r"\s*(?:de\s+)?" + MON + r"(?:\.?,?\s+(?:de\s+)?" + YEAR + r")?"
    r"|" + CJK_DATE + r")"
)

# a date at the very end of the left context (before a credit)
DATE_END = re.compile(r"(?:^|(?<=[\s,.(]))(?P<date>" + DATE + r")$")
# a bare day before a credit: "MADRID, 21 (EUROPA PRESS)"
DAY_END = re.compile(r",\s*(?P<date>[0-3]?\d)$")
DATE_AT = re.compile(DATE)
DATE_FULL = re.compile(r"(?:" + DATE + r")[\s,.]*")
DATE_STARTS = re.compile(r"[\s,.(]+")

# Credit anchors.  Order inside the alternation does not matter: finditer
# returns them left to right.
_DASH_AGENCIES = (
    r"РИА\s+Новости|РИА\s+[\"«]Новости[\"»]|RIA\s+Novosti|ИНТЕРФАКС|Интерфакс|INTERFAX|Interfax|"
    r"ПРАЙМ|PRIME|Sputnik|Спутник|ИТАР-ТАСС|ТАСС|TASS|БелТА|BelTA|REGNUM|Regnum"
)
# Credit anchors, one regex per kind; a cheap substring test decides which run.
A_PAREN = re.compile(r"[(（]\s*([^()（）\n]{1,48}?)\s*[)）]")
A_SLASH = re.compile(r"/\s*([^/\n]{0,40}?(?:ИТАР-ТАСС|ТАСС|ITAR-TASS|Itar-Tass|TASS)[^/\n]{0,40}?)\s*/")
A_GSLASH = re.compile(r"(?<![\w/])/\s*([A-Za-zА-ЯЁа-яё][\w.\- ]{1,30}?)\s*/(?=\s*(?:--|[-–—]))")
A_IFX = re.compile(r"(INTERFAX\.RU|Interfax\.ru|ИНТЕРФАКС\.РУ|(?<=[.,]\s)(?:ИНТЕРФАКС|INTERFAX)(?=\s*(?:--|[-–—])))")
A_TREND = re.compile(r"((?:[-–—]\s*)?Trend(?:\s+News\s+Agency)?)\s*:")
A_DASH = re.compile(r"[-–—]\s*(" + _DASH_AGENCIES + r")(?=[\s.,:]|$)")
A_BARE = re.compile(
    r"(AFP|AAP|Kyodo|KYODO|IRNA|Xinhua|XINHUA|KUNA|WAM|Bernama|BERNAMA|Yonhap|KCNA|"
    r"AP|Reuters|PTI|IANS|SPA|QNA|MENA|SANA|Petra|ANTARA|Antara|BelTA|AzerTac|AZERTAC|APA)"
    r"(?=\s*(?:--|[-–—_:]))"
)
DASH_HINTS = ("РИА", "Novosti", "НТЕРФАКС", "нтерфакс", "NTERFAX", "nterfax", "ПРАЙМ", "PRIME",
              "Sputnik", "Спутник", "ТАСС", "TASS", "БелТА", "BelTA", "REGNUM", "Regnum")
TREND_BYLINE = re.compile(r"\s*By\s[^\n:()]{1,60}?[\s–—-]*$")

# separator after a credit
SEP = re.compile(r"[ \t]*(?P<sep>\.?[ \t]*(?:-{1,3}|[–—_:])|\.(?=\s|$)|,)?[ \t\r]*")

# notes in parentheses that are not credits
NOTE = re.compile(
    r"(?i)^(?:lead|\d+\s*(?:st|nd|rd|th)?\s*ld|update|updated|urgent|flash|refile|corrected|correction|"
    r"attn|eds?\b|editors?|adds|recasts|amended|repeat|rpt|photo|photos|video|videos|audio|graphic|"
    r"with|see|file|official|exclusive|analysis|feature|interview|news\s+focus|yonhap\s+feature|"
    r"opinion|sponsored|advertisement|ap\s+photo|reuters\s+photo|afp\s+photo|picture|pictured|"
    r"image|credit|via|source|local|world|breaking|live|watch|full|text|\d)"
)

CHINESE = re.compile(
    r"(?P<ag>新华社|新華社|新华网|新華網|中新社|中新网|中新網|人民网|人民網|央视网|本报|本報|人民日报)"
    r"(?:记者|記者)?\s*(?P<city>[\u4e00-\u9fff]{0,10}?)\s*(?P<date>" + CJK_DATE + r")\s*(?:电|電)"
    r"(?:\s*[（(](?:记者|記者)[^）)]{0,40}[）)])?"
)
KOREAN = re.compile(
    r"[(（\[【]\s*(?P<city>[가-힣]{1,10}(?:\s[가-힣]{1,6})?)\s*=\s*(?P<ag>[^)）\]】=\n]{1,15}?)\s*[)）\]】]"
    r"(?:\s*[가-힣]{2,4}\s*(?:특파원|기자)?\s*=)?"
)

# forward dateline without a credit: "WASHINGTON —", "SPRINGFIELD, Mass. —", "LONDON:",
# "Tegucigalpa, Jan 2 -"
FWD = re.compile(
    r"(?P<loc>[" + UC + r"][^\s,()\[\]:;—–\-]*(?:[ \t\-]+[^\s,()\[\]:;—–\-]+){0,4}?)"
    r"(?:\s*\((?P<prov>[^()\n]{1,30})\))?"
    r"(?P<quals>(?:,\s*[" + UC + r"][^\s,()]*(?:\s[" + UC + r"][^\s,()]*){0,2}){0,2}?)"
    r"(?:[,.]\s*(?P<date>" + DATE + r"))?"
    r"[ \t]*(?P<sep>--+|[—–_]|:|\s-|(?<=\d)\.(?=[ \t]))(?=[ \t]|\S)"
)

JUNK_START = re.compile(
    r"(?:[\s\x00-\x1f]*(?:"
    r"\((?i:lead|\d+\s*(?:st|nd|rd|th)?\s*ld|attn|update|urgent|flash|refile|corrected|eds?|editors|adds|recasts)[^()\n]*\)"
    r"|(?i:updated?|published|posted|last\s+updated)\s*:?\s*[\w ,:./-]{0,40}?\d\d?[:.]\d\d\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?"
    r"|\(\s*MENAFN[^()]*(?:\([^()]*\)[^()]*)*\)"
    r"))*[\s\x00-\x1f]*"
)
