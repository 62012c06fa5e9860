"""The words of a dateline place: which words can be part of one, whether a name is a known
place, and how a place printed in capitals is printed in Title Case ("LA PAZ" -> "La Paz")."""
from __future__ import annotations

from typing import Final

import re
import unicodedata

from . import gazetteer
from .memo import remember
from .tables import ABBREV, PARTICLES, STATE_ABBREV

INITIALISM: Final = re.compile(r"(?:[^\W\d_]\.){2,}")  # "D.C.", "N.Y.": printed as is, point kept
_HYPHEN_PARTS: Final = re.compile(r"([\-/])")
_SLASH_SPACES: Final = re.compile(r"\s*/\s*")
_APOSTROPHE: Final = re.compile(r"^([^\W\d_])(['’])(.+)$")
_SENTENCE_PUNCT: Final = "\"”»)]|•·:;!?…-–—"  # a sentence ends with one of them ("--" with "-")


def _letterish(c: str) -> bool:
    return c.isalpha() or c in "'’.-/" or unicodedata.category(c)[0] == "M"


def is_placeword(w: str, alpha: bool = False) -> bool:
    """A word that can be part of a place: starts with a capital (or a caseless letter) and
    holds only letters, marks, points, hyphens, apostrophes and slashes.  alpha: the caller
    has found `w.isalpha()` true already (each str method call is dear compiled)."""
    if not w:
        return False
    c = w[0]
    if not (65 <= ord(c) <= 90 or (c.isalpha() and not gazetteer.lower_case(c))):
        return False  # (a Latin capital A-Z, the common case, by its code: compiled, a str method
        # call or a str comparison is a generic call, `ord` of a character a C integer)
    return alpha or w.isalpha() or all(_letterish(c) for c in w)


def script_of(c: str) -> str:
    """The script of a letter ("LATIN", "CYRILLIC", "ARABIC"; Latin letters without a lookup)."""
    return "LATIN" if ord(c) < 0x250 else unicodedata.name(c, "").split(" ")[0]


def is_caps(w: str) -> bool:
    return w.isupper() and len(w) >= 2


def sentence_end(tok: str) -> bool:
    """Does the token end a sentence ("coast.", "país!"), rather than abbreviate ("U.S.")?"""
    if not tok:
        return False
    last = tok[-1]  # (one character test: tok.endswith(tuple) tried each)
    if last in _SENTENCE_PUNCT:
        return True
    if last != ".":
        return False
    body = tok.rstrip(".")
    return len(body) > 2 and "." not in body and body.lower() not in ABBREV


def _lower(w: str) -> str:
    """Lower case; Turkish dotted and dotless I where the word has a dotted capital."""
    if "İ" in w:
        w = w.replace("I", "ı").replace("İ", "i")
    return w.lower()


def _title_word(w: str) -> str:
    """SEOUL -> Seoul, N'DJAMENA -> N'Djamena, PORT-AU-PRINCE -> Port-au-Prince,
    DİYARBAKIR -> Diyarbakır."""
    if w.isalpha() and "İ" not in w:
        return w[:1] + w[1:].lower()  # the common case: letters only
    if INITIALISM.fullmatch(w):
        return w  # "D.C."
    if "İ" in w:
        return w[0] + _lower(w[1:])
    out = []
    for i, part in enumerate(_HYPHEN_PARTS.split(w)):
        low = part.lower()
        if part in ("-", "/") or not part:
            out.append(part)
        elif i > 0 and low in PARTICLES and out and out[-1] == "-":
            out.append(low)
        elif (m := _APOSTROPHE.match(part)) and len(part) > 3:
            out.append(m.group(1).upper() + m.group(2) + m.group(3)[:1].upper() + m.group(3)[1:].lower())
        else:
            out.append(part[:1] + low[1:])
    return "".join(out)


def format_place(words: list[str], upper: list[bool] | None = None) -> str:
    """Title-case the words printed in capitals, keep the others as printed ("LA PAZ" ->
    "La Paz", "THE HAGUE" -> "The Hague", "RIO DE JANEIRO" -> "Rio de Janeiro").  upper: each
    word's `isupper()`, where the caller has asked it already (each str method call is dear
    compiled, and a run of words is formatted once for each word added to it)."""
    if len(words) == 1 and words[0].isalpha():  # the common case: one word
        w = words[0]
        if not (upper[0] if upper is not None else w.isupper()):
            return w
        return _title_word(w) if ord(w[0]) < 0x370 else gazetteer.spelled(_title_word(w))  # "ΑΘΗΝΑ" -> "Αθήνα"
    if upper is None:
        upper = [w.isupper() for w in words]
    out = []
    for i, w in enumerate(words):
        if upper[i]:
            t = _title_word(w)
            out.append(t.lower() if i > 0 and t.lower() in PARTICLES else t)
        else:
            out.append(w)
    name = " ".join(out)
    if upper[0] and ord(words[0][0]) >= 0x370:
        name = gazetteer.spelled(name)
    name = (_SLASH_SPACES.sub("/", name) if "/" in name else name).strip(" -/")
    return name if name.endswith(".") and INITIALISM.fullmatch(name.rsplit(" ", 1)[-1]) else name.strip(" .-/")


def is_state_abbrev(w: str) -> bool:
    """"Ala.", "N.Y.", "D.C.": a state or province abbreviation (tables.STATE_ABBREV)."""
    return w.endswith(".") and w.lower() in STATE_ABBREV


def _known_part(p: str) -> bool:
    if gazetteer.known_place(p):
        return True
    if p.endswith(".") and " " in p:  # (lower case keeps a final point and the spaces)
        low = p.lower()
        if is_state_abbrev(low.rsplit(" ", 1)[1]):
            return gazetteer.known_place(low.rsplit(" ", 1)[0])  # "Bogotá D.C.", "Washington D.C."
    if p[:1] not in "Ss":
        return False  # (only "S" and "s" lower-case to "s": no "St." name)
    low = p.lower()
    return low.startswith(("st. ", "st ")) and gazetteer.known_place("saint " + low.split(" ", 1)[1])


KNOWN: Final[dict[str, bool]] = {}  # known()'s answers (memo.remember)


def known(name: str) -> bool:
    """Is the name (or each `/` part of it) a place of the gazetteer?  (Remembered: the readings
    of an opening ask about the same words, a feed about the same places.)"""
    got = KNOWN.get(name)
    if got is None:
        got = _known(name)
        remember(KNOWN, name, got)
    return got


def _known(name: str) -> bool:
    if "/" not in name:
        return _known_part(name)
    parts = [p for p in name.split("/") if p.strip()]
    if not parts:
        return False
    if len(parts) > 1 and gazetteer.known_place(parts[0]):
        return True  # "Frankfurt/Main", "Damascus/Hasaka"
    return all(_known_part(p) for p in parts)
