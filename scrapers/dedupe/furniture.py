"""Strip page and wire furniture from a story before it is shingled.

A copy keeps the story's lede and body; what differs between copies is the furniture around it:
photo captions and credits, "Recommended videos" / "READ MORE" promos, link lists, newsletter
boxes, syndication disclaimers, reporting/editing credits, and the dateline with its agency credit.
Each rule drops a whole unit (a paragraph, or a sentence when the text has no paragraph breaks),
never words inside a sentence, so a story's own text is never rewritten.
"""
from __future__ import annotations

import re

# One table of furniture rules: a unit matching any of these is dropped.
_RULES = [
    # promos, link-list headers and calls to action (a short unit starting with the label)
    r"(?:recommended(?: for you| videos?| stories| reading)?|read more|more reading|related(?: coverage| stories"
    r"| articles| news| content| topics)?|see also|also read|read also|more from|more on this|watch(?: now)?|listen"
    r"|sign up|subscribe|newsletter|click here|follow us|download (?:the|our)|advertisement|sponsored"
    r"|story continues below|continue reading|trending(?: now)?|most (?:read|popular|viewed)|editor'?s picks?"
    r"|you may also like|top stories|latest news|share this|share on|tap here|get the app)\b.{0,300}",
    # captions and picture credits
    r"(?:file )?(?:photo|picture|image|video|caption|graphic)s?\s*(?::|by\b|credit\b|/|\|).{0,400}",
    r".{0,400}\b(?:reuters|ap|afp|getty images|epa(?:-efe)?|anadolu|xinhua|pti|ani|bloomberg|aap|dpa|tass|"
    r"ria novosti|sputnik|shutterstock|istock)\s*(?:photo|photos|/\s*[a-z][\w.' -]{1,40}|pictures?)\)?\.?\s*"
    r"(?:\(?file\)?)?",
    # syndication disclaimers, copyright and wire credits
    r".{0,200}\b(?:has not been edited by|auto-generated from a syndicated feed|all rights reserved|"
    r"may not be (?:published|reproduced|redistributed)|trust principles|"
    r"only the headline of this report|views expressed (?:here|in this)|is published under licen[cs]e)\b.{0,300}",
    r"(?:\(|\[)?(?:\(c\)|©|copyright)\s.{0,200}",
    r"\(?(?:reporting|additional reporting|writing|editing|compiled|edited|produced) by\b.{0,300}",
    r"(?:disclaimer|note to editors|editor'?s note|for more (?:news|information)|for the latest)\b.{0,400}",
    r"(?:\(?this (?:story|article) (?:has been|was|is) (?:updated|corrected|refiled|published|produced)).{0,300}",
    r"(?:reuters?|ap|afp|pti|ians|bloomberg|aap|dpa|ani)\s*(?:&#3;|\x03)?\s*$",  # sign-off (and wire end mark)
    # time stamps, forms and account boxes
    r"[\w ,./-]{0,40}\b\d{1,2}:\d{2}\b[\w ,./()-]{0,30}",
    r"(?:all )?fields (?:marked .{0,40})?(?:are )?required.{0,40}|you are logged in as.{0,60}|log ?in|sign in"
    r"|send to (?:a )?friend|print this|email this|.{0,40}sent to (?:your )?e-?mail"
    r"|you (?:may|can) (?:place|share|embed) this (?:material|article|story).{0,100}",
]
_FURNITURE = re.compile("|".join(f"(?:{r})" for r in _RULES), re.IGNORECASE | re.DOTALL)
_MAX_FURNITURE_WORDS = 60          # a longer unit is story text even if it starts like furniture
_SHORT = 12                        # a unit this short without sentence punctuation: a headline or link
_SENTENCE_END = re.compile(r"[.!?\"'”’»)\]:;]\s*$")
_PARAS = re.compile(r"\n\s*\n|\n(?=\s*[-•*·▪|>]\s)|\r\n\s*\r\n")
# a sentence ends after three lower-case letters or digits (not after "U.S.", "Fla.", "ST.", "Inc.");
# the pattern starts with the stop itself so the scan skips ahead to each candidate quickly
_SENTENCE_END_AT = re.compile(r"[.!?][\"'”’»)]*\s+(?=[\"'“‘«(]*[A-Z0-9])")
_ENDS_WORD = re.compile(r"[a-z0-9%]{3}$")
_LINES = re.compile(r"\s*\n\s*")
# A dateline opening: "WASHINGTON (Reuters) - ", "MOSCOW, Nov 13. /TASS/. ", "(AP) — ", "PARIS, March 2 -".
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,12}\.?)*,?\s*)?"
    r"(?:(?:[A-Z][a-z]{2,8}\.?|\d{1,2})\s+\d{1,2}\.?(?:,\s*\d{4})?\s*)?"
    r"(?:\((?:[A-Za-z][\w .&-]{0,30})\)|/[A-Za-z-]+/\.?)?\s*(?:[-–—]{1,2}|:)\s+"
)
_DATELINE_HEAD = re.compile(r"^\s*(?:[A-Z]{2}|\()")


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END_AT.finditer(text):
        if _ENDS_WORD.search(text, max(0, m.start() - 3), m.start()):
            out.append(text[start : m.start() + 1].strip())
            start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def units(text: str) -> list[str]:
    """Paragraphs; a text without paragraph breaks is cut into lines, else sentences."""
    if "\n" not in text:
        return sentences(text.strip())
    paras = [p.strip() for p in _PARAS.split(text) if p.strip()]
    if len(paras) == 1:
        lines = [p for p in _LINES.split(paras[0]) if p]
        paras = lines if len(lines) > 1 else sentences(paras[0])
    return paras


def is_furniture(unit: str) -> bool:
    words = unit.count(" ") + 1
    if words <= _MAX_FURNITURE_WORDS and _FURNITURE.fullmatch(unit):
        return True
    return words <= _SHORT and not _SENTENCE_END.search(unit)


def strip_dateline(unit: str) -> tuple[str, str]:
    """(the opening without its dateline and credit, the dateline): copies drop or restyle them."""
    if not _DATELINE_HEAD.match(unit):
        return unit, ""
    m = _DATELINE.match(unit)
    if m and m.end() < 90 and any(c.isupper() for c in unit[: m.end()]):
        return unit[m.end():], unit[: m.end()]
    return unit, ""


def normalise(text: str) -> str:
    """House styles that change words but not the story: per cent / percent / pct / %."""
    return _PERCENT.sub(" percent", text) if ("%" in text or "cent" in text or "pct" in text) else text


_PERCENT = re.compile(r"\s*%|\s+(?:per\s?cent|pct)\b", re.IGNORECASE)


def clean(text: str) -> tuple[str, float, str]:
    """(the story without furniture, the share of its words that were furniture, its dateline).

    The dateline is that of the story's own first paragraph (not of a caption above it)."""
    parts = units(text)
    if not parts:
        return "", 0.0, ""
    kept = [u for u in parts if not is_furniture(u)]
    if not kept:  # all of it looks like furniture (a stub, a headline): keep it as it is
        return normalise(text.strip()), 0.0, ""
    kept[0], dateline = strip_dateline(kept[0])
    total = sum(u.count(" ") + 1 for u in parts)
    left = sum(u.count(" ") + 1 for u in kept)
    return normalise("\n\n".join(kept)), 1.0 - left / total, dateline
