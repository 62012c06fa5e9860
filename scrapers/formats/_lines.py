"""Headline and byline lines as newsrooms read them, whatever the format.

- A headline loses the wire's take markers (``UPDATE 2-``, ``REFILE-``, ``CORRECTED-``) and
  machine notes (``*** TRANSLATED ***``); they are kept in ``extra["take_key"]``.
- A byline is split from its title: ``Benjamin Wright, Press Association``,
  ``Mia Rabson and Jordan Press The Canadian Press``, ``Alan Karben NITF Network News Online``,
  ``Wiktor Nummelin/TT`` -> names and title apart.
"""
from __future__ import annotations

import re

_TAKE = re.compile(r"^\s*((?:(?:UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|RPT|REPEAT|RECASTS?)(?:\s+\d+)?\s*-\s*)+)(?=\S)")
_NOTE = re.compile(r"\s*\*{3}\s*[A-Z][A-Z \-]*[A-Z]\s*\*{3}\s*")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’\-]+|[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]*[A-Z][a-zà-öø-ÿ]+|"
                        r"and|&|de|del|da|di|van|von|der|den|la|le|du|bin|al|el|y)$")
_JOINERS = {"and", "&", "und", "et", "y", "og", "och", "ja"}
_SLUG_PREFIX = re.compile(r"^\s*\*?\d*<?\s*\^?(?:(?:BC|AM|PM|AP)-)(?:[A-Z]{2,4}-{1,2})?")
SLUG = re.compile(r"^\s*(?:BC|AM|PM|AP)-[\w-]*-")


def slug_title(slug: str) -> str:
    """An ANPA keyword slug as a title: 'BC-BBN--Top Ten' -> 'Top Ten', 'AP-Top-News,0176' -> 'Top News'."""
    title = _SLUG_PREFIX.sub("", slug)
    title = re.sub(r"(?:,\s*\d*|[<=>^]+)+\s*$", "", title).strip(" ,-")
    if " " not in title:
        title = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", title.replace("-", " "))
    return title


def clean_headline(headline: str) -> tuple[str, str]:
    """(headline without take markers and machine notes, what was removed)."""
    removed = []
    m = _TAKE.match(headline)
    if m:
        removed.append(m.group(1).strip(" -"))
        headline = headline[m.end():]
    if "***" in headline:
        notes = _NOTE.findall(headline)
        if notes:
            removed += [n.strip(" *") for n in notes]
            headline = _NOTE.sub(" ", headline).strip()
    return headline, "; ".join(removed)


def split_byline(byline: str) -> tuple[str, str]:
    """(names, title) of a byline; the title is '' when the line holds names only."""
    byline = " ".join(byline.split())
    if not byline or ";" in byline:
        return byline, ""
    for sep in (",", "/"):
        head, _, tail = byline.partition(sep)
        if (tail.strip() and _names(head.strip()) and (sep == "," or " " in head.strip())
                and not (set(tail.lower().split()) & _JOINERS and _names(tail.strip()))):
            return head.strip(), tail.strip()
    words = byline.split(" ")
    if byline.isupper() or len(words) < 3:
        return byline, ""
    for i in range(2, len(words)):
        w = words[i]
        if (w == "The" or (w.isupper() and len(w) > 1)) and _names(" ".join(words[:i])):
            return " ".join(words[:i]), " ".join(words[i:])
    return byline, ""


def _names(text: str) -> bool:
    """Whether `text` reads as one or more person names ('Mia Rabson and Jordan Press')."""
    words = text.split()
    if not words or words[0].lower() in _JOINERS or words[-1].lower() in _JOINERS:
        return False
    caps = [w for w in words if w.lower() not in _JOINERS]
    return len(caps) >= 2 and all(_NAME_WORD.match(w) for w in words)
