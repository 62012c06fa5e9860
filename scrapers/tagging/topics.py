"""IPTC media topics: from the wire's own subject codes, else an offline keyword classifier.

Wire subject codes: IPTC subject codes ("subj:04016000", scheme "subj") map to the media topic
with the same top-level code (the 17 top-level subject codes and media topics share codes);
media topic codes ("medtop:20000001") are kept as sent. Finer subject->topic mappings are not
attempted: the top level is exact, finer levels need IPTC's mapping table.
The rules classifier: weighted keyword stems per top-level topic (English plus the commonest
stems of the other wire languages); confidence = 1 - exp(-score / 2), kept on each tag.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

TOP_LEVEL = {
    "01000000": "arts, culture, entertainment and media", "02000000": "crime, law and justice",
    "03000000": "disaster, accident and emergency incident", "04000000": "economy, business and finance",
    "05000000": "education", "06000000": "environment", "07000000": "health", "08000000": "human interest",
    "09000000": "labour", "10000000": "lifestyle and leisure", "11000000": "politics", "12000000": "religion",
    "13000000": "science and technology", "14000000": "society", "15000000": "sport",
    "16000000": "conflict, war and peace", "17000000": "weather",
}
KEYWORDS: dict[str, str] = {
    "01000000": "film movie actor actress music album concert festival museum theatre theater art artist novel "
                "book award oscar grammy golden globe television tv show hollywood celebrity kino film musik "
                "cinema música festival",
    "02000000": "police arrest arrested court judge trial prosecutor charged charges sentenced prison jail "
                "murder crime criminal lawsuit sued fraud corruption investigation indicted полици* суд* "
                "polizei gericht* policía tribunal* polícia",
    "03000000": "earthquake flood floods fire wildfire crash accident explosion disaster rescue rescuers "
                "hurricane typhoon tsunami collapsed derailed victims emergency землетрясени* erdbeben "
                "terremoto inundaci* наводнени* 地震 지진",
    "04000000": "economy economic market markets shares stock stocks investors investment bank banks "
                "billion million company companies profit revenue inflation gdp trade tariff tariffs "
                "oil prices currency rouble dollar euro sanctions business finance earnings экономи* "
                "wirtschaft* economía economia ekonomi* 经济 경제 рын* банк* цен*",
    "05000000": "school schools university universities students student teacher teachers education "
                "exam curriculum",
    "06000000": "climate environment environmental pollution emissions carbon wildlife conservation "
                "deforestation biodiversity",
    "07000000": "health hospital hospitals disease virus vaccine patients doctors medical cancer "
                "outbreak pandemic epidemic covid alcohol drug drugs здравоохранени* gesundheit salud 卫生 医院 병원",
    "08000000": "zoo birthday celebrity royal wedding anniversary pet animal",
    "09000000": "strike strikes workers union unions unemployment jobs employment wage wages labour labor",
    "10000000": "travel tourism food restaurant fashion holiday leisure hobby",
    "11000000": "president minister government election elections parliament vote voters lawmakers "
                "senate congress party opposition prime kremlin diplomatic diplomats talks summit "
                "republicans democrats policy sanctions nato treaty referendum президент* правительств* "
                "выбор* regierung präsident* gobierno presidente governo parlamento hükümet cumhurbaşkan* kerajaan "
                "kanselir 总统 政府 国务院 总理 대통령 정부 국회 선거",
    "12000000": "church pope vatican cardinal religious religion mosque muslim christian bishop islam "
                "buddhist jewish",
    "13000000": "science scientists research researchers technology space nasa satellite software "
                "internet computer artificial intelligence study",
    "14000000": "migrants migration refugees asylum poverty protest protesters rally demonstrators "
                "society social community rights gender",
    "15000000": "football soccer match goal goals league championship tournament olympic olympics "
                "tennis baseball basketball cricket coach team player players cup win won season "
                "fußball fútbol futebol calcio",
    "16000000": "war military troops army militants militia rebels attack attacks killed bomb "
                "airstrike airstrikes warplanes missile ceasefire conflict soldiers insurgents weapons "
                "nuclear icbm войск* военн* krieg* guerra 军队 군",
    "17000000": "weather forecast temperatures rain snow storm storms heatwave drought meteorological",
}
THRESHOLD = 0.5
MAX_TOPICS = 3


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    out = {}
    for code, words in KEYWORDS.items():
        # "word*" is a stem (inflected languages); CJK words have no word boundaries
        alts = {re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words.split()}
        cjk = [a for a in alts if re.match(r"[\u3040-\u9fff\uac00-\ud7af]", a)]
        alternation = "|".join(sorted(set(alts) - set(cjk), key=len, reverse=True))
        tail = ("|" + "|".join(cjk)) if cjk else ""
        out[code] = re.compile(rf"(?<!\w)(?:{alternation})(?!\w){tail}", re.IGNORECASE)
    return out


def from_subjects(subjects: list[dict]) -> dict[str, float]:
    """Media topic code -> confidence (1.0) from the wire's own subject codes."""
    topics: dict[str, float] = {}
    for s in subjects or []:
        code = str(s.get("code", "")).strip()
        scheme = str(s.get("scheme", "")).lower()
        if ":" in code:
            prefix, code = code.split(":", 1)
            scheme = scheme or prefix.lower()
        if not re.fullmatch(r"\d{8}", code):
            continue
        if scheme.startswith("medtop") or code.startswith("20"):
            topics[code] = 1.0
        elif code[:2] in {k[:2] for k in TOP_LEVEL}:  # IPTC subject code -> top-level media topic
            topics[code[:2] + "000000"] = 1.0
    return topics


def classify(text: str, headline: str = "") -> dict[str, float]:
    """Top-level media topic -> confidence from keyword rules (headline counts double)."""
    scores: dict[str, float] = {}
    opening = text[:3000]
    for code, pattern in _patterns().items():
        score = len(pattern.findall(opening)) + 2 * len(pattern.findall(headline))
        if score:
            scores[code] = 1 - math.exp(-score / 2)
    best = sorted(scores.items(), key=lambda kv: -kv[1])[:MAX_TOPICS]
    return {code: round(conf, 3) for code, conf in best if conf >= THRESHOLD}
