"""Dateline parser: ordered rules over a tokenised opening.

1. special scripts: Chinese `新华社北京8月29日电`, Korean `(서울=연합뉴스)`;
2. credit anchors, left to right (`(Agency)`, `/TASS/`, `- РИА Новости`, `INTERFAX.RU`,
   `Trend:`, a bare `AFP -`): the date and the place are read leftwards from the
   anchor, the story start rightwards;
3. a forward rule for datelines without a credit (`WASHINGTON —`, `LONDON:`).
Every rule must pass acceptance checks; when in doubt the fields stay empty.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from . import gazetteer
from .agencies import BARE_OK, canonical_agency, lookup
from .grammar import (
    A_BARE, A_DASH, A_GSLASH, A_IFX, A_PAREN, A_SLASH, A_TREND, CHINESE, DASH_HINTS, DATE_FULL, DATE_STARTS,
    DAY_END, FWD, JUNK_START, _DASH_AGENCIES, KOREAN, LC, NOTE, SEP, TREND_BYLINE, UC,
)
from .months import MONTHS, WEEKDAYS
from .resolve import resolve_date

HEAD = 320  # how much of the text is read (every labelled dateline ends before 160)


@dataclass
class Dateline:
    city: str = ""
    agency: str = ""
    date: str = ""
    resolved: date | None = None
    end: int = 0

    def as_dict(self) -> dict:
        return {"city": self.city, "agency": self.agency, "date": self.date}


# ---------------------------------------------------------------- normalising

_CTRL = {i: " " for i in range(0, 32)}
_CTRL[10] = "\n"
_CTRL[13] = "\n"
_CTRL[0xA0] = " "
_CTRL[0x2028] = "\n"
_CTRL[0x2029] = "\n"
_CTRL[0x3000] = " "
_CTRL[0x200B] = " "
_CTRL[0xFEFF] = " "
for _c in (1, 2, 3, 4, 0x1E, 0x1F):
    _CTRL[_c] = "\n"
_CTRL[9] = " "

_ENT_OR_TAG = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|<(?:br|p|/p|div|/div|span|/span|b|/b|strong|/strong|em|/em|i|/i|a\s[^<>]{0,200}|/a|font[^<>]{0,80}|/font)\s*/?>", re.I)
_BLOCK_TAGS = ("<br", "<p", "</p", "<div", "</div")


_ASCII_CTRL = bytes(i for i in range(32) if i != 10)
_NEEDS_TRANSLATE = re.compile("[\x00-\x09\x0b-\x1f\xa0\u2028\u2029\u3000\u200b\ufeff]")


def _normalise(text: str):
    """Return (normalised head, offset map or None).  Map: norm index -> text index."""
    head = text[:HEAD + 200]
    if "&" not in head and "<" not in head:
        head = head[:HEAD]
        if head.isascii():
            # bytes.translate deleting the control bytes is ~5x cheaper than a regex scan
            if len(head.encode("ascii").translate(None, _ASCII_CTRL)) != len(head):
                head = head.translate(_CTRL)
        elif not head.isprintable() and _NEEDS_TRANSLATE.search(head):
            head = head.translate(_CTRL)
        return head, None
    out: list[str] = []
    omap: list[int] = []
    pos = 0
    for m in _ENT_OR_TAG.finditer(head):
        s, e = m.span()
        chunk = head[pos:s]
        out.append(chunk)
        omap.extend(range(pos, s))
        tok = m.group(0)
        if tok[0] == "&":
            rep = html.unescape(tok)
            if rep == tok:
                rep = tok
        else:
            rep = "\n" if tok.lower().startswith(_BLOCK_TAGS) else ""
        out.append(rep)
        omap.extend([s] * len(rep))
        pos = e
    out.append(head[pos:])
    omap.extend(range(pos, len(head)))
    norm = "".join(out)[:HEAD]
    omap = omap[:len(norm)]
    omap.append(omap[-1] + 1 if omap else 0)
    return norm.translate(_CTRL), omap


def _orig(omap, i: int) -> int:
    if omap is None:
        return i
    if i >= len(omap):
        return omap[-1]
    return omap[i]


# ---------------------------------------------------------------- words

_PARTICLES = {
    "de", "do", "da", "dos", "das", "del", "della", "dello", "dei", "degli", "di", "du", "des",
    "of", "es", "am", "an", "der", "den", "im", "la", "le", "les", "el", "sur", "upon", "on",
    "al", "en", "y", "e", "i", "the", "na", "au", "aux", "lès", "sous", "ar", "над", "на", "в", "ob", "aan", "bei", "sul", "sull",
}
_TITLE_KEEP_LOWER = _PARTICLES - {"the"}
_CONNECT = {  # words that start a place name: never split a run just after them
    "st", "st.", "ste", "ste.", "saint", "sainte", "san", "santa", "santo", "são", "sao", "new",
    "fort", "ft.", "port", "east", "west", "north", "south", "lake", "mount", "mt.", "la", "los",
    "las", "el", "le", "les", "al", "ras", "abu", "bandar", "kuala", "kota", "dar", "rio", "nizhny",
    "нижний", "великий", "high", "great", "little", "upper", "lower", "grand", "palm", "salt",
    "sri", "addis", "buenos", "hong", "tel", "baton", "costa", "puerto", "porto", "den", "the",
    "ciudad", "cidade", "bad", "frankfurt", "aboard", "united", "vatican", "panama", "mexico",
    "gaza", "kuwait", "guatemala", "city", "washington", "cape", "camp", "capitol",
}
_STOP = {
    "UPDATE", "UPDATED", "UPDATES", "BREAKING", "EXCLUSIVE", "URGENT", "FLASH", "NEWS", "LEAD",
    "PHOTO", "PHOTOS", "VIDEO", "AUDIO", "ANALYSIS", "FACTBOX", "FEATURE", "OPINION", "EDITORIAL",
    "REVIEW", "INTERVIEW", "WATCH", "LIVE", "REFILE", "CORRECTED", "CORRECTION", "RPT", "BRIEF",
    "BRIEFS", "INSIGHT", "WRAPUP", "SPECIAL", "REPORT", "PM", "AM", "GMT", "EDT", "EST", "UTC",
    "BST", "CET", "CEST", "MSK", "KST", "JST", "IST", "ET", "PT", "PST", "PDT", "CST", "CDT",
    "BY", "AND", "THE", "A", "AN", "IN", "TO", "FOR", "AT", "WITH", "SAYS", "SAID", "SAY", "IS",
    "ARE", "WAS", "WILL", "NOT", "NO", "AS", "OVER", "AFTER", "FROM", "INTO", "UP", "OUT",
    "GENERAL", "WORLD", "BUSINESS", "SPORT", "SPORTS", "POLITICS", "ECONOMY", "MARKETS", "MARKET",
    "TOP", "STORY", "STORIES", "HEADLINES", "ADVISORY", "ALERT", "DIGEST", "SUMMARY", "NOTE",
    "PRESS", "RELEASE", "ENDS", "MORE", "NEW:", "ATTN", "EDS", "EDITORS", "TEXT", "TRANSCRIPT",
    "STATEMENT", "COMMENTARY", "COLUMN", "BLOG", "QUOTE", "Q&A", "POLL", "FACTS", "TIMELINE",
    "ОБНОВЛЕНО", "МОЛНИЯ", "СРОЧНО", "ЭКСКЛЮЗИВ", "ВИДЕО", "ФОТО",
}
_WORD_RE = re.compile(r"[^\s()\[\]\"“”«»:*|•·;]+|[()\[\]\"“”«»:*|•·;]")
_GLUE_CAPS = re.compile(r"(?<=[" + LC + r"0-9])(?=[" + UC + r"]{2})")
_GLUE_TITLE = re.compile(r"(?<=[" + LC + r"])(?=[" + UC + r"][" + LC + r"])")
_HAS_DIGIT = re.compile(r"\d")
_ANY_LOWER = re.compile(r"[" + LC + r"][" + UC + r"]")
_CLEAN_STOPS = {")", "]", ":", "\"", "“", "”", "«", "»", ";", "\x01"}


def _is_caps(w: str) -> bool:
    return w.isupper()


def _is_placeword(w: str) -> bool:
    if not w or not w[0].isupper():
        return False
    if w.isalpha():  # letters only: no digit, nothing to check char by char
        return True
    if _HAS_DIGIT.search(w):
        return False
    for c in w:
        if not (c.isalpha() or c in "'’.-/"):
            return False
    return True


_HYPH_SPLIT = re.compile(r"([\-/])")
_APOS = re.compile(r"^([^\W\d_])(['’])(.+)$")
_SLASH_WS = re.compile(r"\s*/\s*")


def _title_word(w: str) -> str:
    """SEOUL -> Seoul, N'DJAMENA -> N'Djamena, PORT-AU-PRINCE -> Port-au-Prince."""
    turkish = "İ" in w
    out = []
    if "-" not in w and "/" not in w and "'" not in w and "’" not in w and not turkish:
        return w[:1] + w[1:].lower()
    for i, part in enumerate(_HYPH_SPLIT.split(w)):
        if part in ("-", "/") or not part:
            out.append(part)
            continue
        low = part.lower() if not turkish else part.replace("I", "ı").replace("İ", "i").lower()
        if i > 0 and low in _TITLE_KEEP_LOWER and out and out[-1] == "-":
            out.append(low)
            continue
        m = _APOS.match(part)
        if m and len(part) > 3:
            out.append(m.group(1).upper() + m.group(2) + m.group(3)[:1].upper() + (m.group(3)[1:].lower() if not turkish else low[3:]))
            continue
        out.append(part[:1] + low[1:])
    return "".join(out)


def _format_city(words: list[str]) -> str:
    """Title-case a caps run; keep a printed title-case run as printed."""
    return _format_words(tuple(words))


@lru_cache(maxsize=4096)
def _format_words(words: tuple) -> str:
    """Cached: a pure function of the words, and feeds repeat the same few places."""
    res = []
    for i, w in enumerate(words):
        if _is_caps(w):
            t = _title_word(w)
            if i > 0 and t.lower() in _TITLE_KEEP_LOWER:
                t = t.lower()
            res.append(t)
        else:
            res.append(w)
    s = " ".join(res)
    if "/" in s:
        s = _SLASH_WS.sub("/", s)
    return s.strip(" .-/")


def _known(words: list[str]) -> bool:
    return _known_name(" ".join(words))


@lru_cache(maxsize=8192)
def _known_name(name: str) -> bool:
    """Cached: a pure function of the name (the gazetteer is loaded once, never changed)."""
    if gazetteer.known_place(name):
        return True
    if "/" in name:
        return all(gazetteer.known_place(p) for p in name.split("/") if p.strip())
    low = name.lower()
    if low.startswith(("st. ", "st ")):
        return gazetteer.known_place("saint " + low.split(" ", 1)[1])
    if low.startswith("aboard "):
        return True
    return False


# ---------------------------------------------------------------- place reading


def _byte_classes(classes: dict[bytes, str]) -> bytes:
    """A bytes.translate table mapping each listed byte to its class letter, the rest to '.'."""
    table = bytearray(b"." * 256)
    for members, letter in classes.items():
        for byte in members:
            table[byte] = ord(letter)
    return bytes(table)


_CASE_TABLE = _byte_classes({b"abcdefghijklmnopqrstuvwxyz": "l", b"0123456789": "d",
                             b"ABCDEFGHIJKLMNOPQRSTUVWXYZ": "U"})


def _unglue(part: str) -> str:
    """_GLUE_TITLE.sub(" \\x02 ", _GLUE_CAPS.sub(" \\x01 ", part)); ASCII text without regex scans.

    The two kinds of split point never coincide nor interact (a caps split needs two
    capitals after it, a title split a capital then a lower-case letter)."""
    if not part.isascii():
        return _GLUE_TITLE.sub(" \x02 ", _GLUE_CAPS.sub(" \x01 ", part))
    cls = part.encode("ascii").translate(_CASE_TABLE)
    cuts = []
    i = cls.find(b"U", 1)
    while i != -1:
        prev = cls[i - 1]
        if prev == 108 or prev == 100:  # "l" / "d" before a capital
            nxt = cls[i + 1] if i + 1 < len(cls) else 0
            if nxt == 85:  # "U": caps glued to a word
                cuts.append((i, " \x01 "))
            elif nxt == 108 and prev == 108:  # "l": title word glued to a word
                cuts.append((i, " \x02 "))
        i = cls.find(b"U", i + 1)
    if not cuts:
        return part
    out = []
    pos = 0
    for i, ins in cuts:
        out.append(part[pos:i])
        out.append(ins)
        pos = i
    out.append(part[pos:])
    return "".join(out)


def _trailing_run(part: str, first_part: bool, line_clean: bool):
    """Read the run of place words at the end of `part`.

    Returns (words, clean, caps, byline, stop) or None; `stop` is the token before the run."""
    if _ANY_LOWER.search(part):
        part = _unglue(part)
    toks = _WORD_RE.findall(part)
    run: list[str] = []
    i = len(toks) - 1
    while i >= 0:
        w = toks[i]
        if _is_placeword(w) or (run and w.lower() in _PARTICLES and not w[0].isupper()):
            run.append(w)
            i -= 1
            continue
        break
    stop = toks[i] if i >= 0 else None
    while run and run[-1].lower() in _PARTICLES and not run[-1][0].isupper():
        stop = run.pop()
    run.reverse()
    if not run:
        return None
    # a caps run preceded by title-case words: keep the caps part only
    if any(_is_caps(w) and len(w) > 1 for w in run):
        j = len(run)
        while j > 0 and (_is_caps(run[j - 1]) or run[j - 1].lower() in _PARTICLES):
            j -= 1
        if j > 0:
            stop = run[j - 1]
            run = run[j:]
        caps = True
    else:
        caps = False
    while run and run[0][0].islower():
        run = run[1:]
    if not run:
        return None
    if stop is None:
        clean = line_clean or not first_part
    elif stop == "\x01":
        clean = caps
    elif stop in _CLEAN_STOPS:
        clean = True
    elif caps and not _is_caps(stop) and stop not in ("*", "|", "•", "·", "\x02"):
        clean = True  # caps city after a title/lower-case headline
    else:
        clean = False
    byline = False
    k = max(0, i - 7)
    window = [t.lower() for t in toks[k:i + 1]] + [w.lower() for w in run[:3]]
    if "by" in window or "por" in window or "von" in window or "par" in window:
        byline = True
    if stop is not None and stop.lower() in ("by", "and", "&", "por", "von", "par", "y", "und", "et", "e"):
        byline = True
    return run, clean, caps, byline, stop


def _choose_place(run: list[str], clean: bool, caps: bool, strict: bool):
    """Pick the place from a run of capitalised words, or None."""
    # cut at stop words
    for j in range(len(run) - 1, -1, -1):
        if run[j].upper().strip(".") in _STOP or run[j].upper() in _STOP:
            run = run[j + 1:]
            clean = False if not caps else clean
            break
    if not run:
        return None
    if _known(run):
        return run
    w0 = run[0]
    if _is_caps(w0) and len(w0) > 6 and w0.isalpha():
        # a caps headline glued to a caps city: "...ICBMWASHINGTON"
        for k in range(1, len(w0) - 3):
            if _known([w0[k:]] + run[1:]):
                return [w0[k:]] + run[1:]
    n = len(run)
    for j in range(1, n):
        prev = run[j - 1].lower()
        if prev in _CONNECT or prev in _PARTICLES:
            continue
        sub = run[j:]
        if _known(sub):
            return sub
    if strict:
        return None
    if clean and n <= (4 if caps else 3):
        if not caps and not gazetteer.available():
            return run
        if not caps:
            # a title-case run at a clean start: accept short runs
            return run if n <= 3 else None
        return run
    return None


def _is_caps_glued(w: str) -> bool:
    return not w.isupper() and _ANY_LOWER.search(w) is not None


_PROV_END = re.compile(r"\s*\([^()\n]{1,30}\)$")


def _read_location(left: str, line_clean: bool, strict: bool = False, bare: bool = False, agency: str = ""):
    """City from the text before the date/credit ("SPRINGFIELD, Mass.", "Baku, Azerbaijan").

    Returns (city, byline, leftover) where leftover tells whether unexplained text remains."""
    left = left.rstrip(" \t,.")
    if not left:
        return "", False, False
    if line_clean and not strict and len(left) < 48 and "," not in left and "(" not in left:
        words = left.split()
        if len(words) == 1:
            w = words[0]
            if _is_placeword(w) and w.upper().strip(".") not in _STOP and not _is_caps_glued(w):
                return _format_city(words), False, False
        elif 1 < len(words) <= 3 and all(_is_placeword(w) and w.isupper() for w in words) and _known(words):
            return _format_city(words), False, False
    if left.endswith(")"):  # no newline in `left`, so "$" can only match at the very end
        left = _PROV_END.sub("", left)  # MONOPOLI (BARI)
    parts = left.split(",")
    if len(parts) > 4:
        parts = parts[-4:]
        line_clean = False
    cands = []  # (index, run, clean, caps, byline, stop)
    for idx in range(len(parts) - 1, -1, -1):
        p = parts[idx]
        r = _trailing_run(p, idx == 0, line_clean)
        if r is None:
            break
        run, clean, caps, byline, stop = r
        full = clean and len(run) == len(_WORD_RE.findall(p.strip()))
        cands.append((idx, run, clean, caps, byline, stop))
        if not full or len(cands) >= 3:
            break
    if not cands:
        return "", False, True
    capsc = [c for c in cands if c[3]]
    pick = capsc[-1] if capsc else cands[-1]
    idx, run, clean, caps, byline, stop = pick
    # a title-case place right before the credit, with no date nor comma qualifier between
    bare = bare and not caps and idx == len(parts) - 1
    if byline:
        if bare and run[0].lower() in _BY_WORDS:
            place = _byline_place(run[1:])
            if place:
                return _format_city(place), False, False
        return "", True, False
    place = _choose_place(run, clean, caps, strict)
    if not place:
        return "", False, True
    if bare and not _bare_title_ok(run, place, stop, idx == 0 and line_clean, agency):
        return "", False, True
    return _format_city(place), False, False


_BY_WORDS = {"by", "por", "von", "par", "di", "da"}
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "ste", "mt", "ft", "gov", "sen", "rep", "gen", "lt", "col",
           "capt", "sgt", "prof", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "sra", "sr", "dott",
           "ing", "avv", "hr", "fr", "nr"}


def _sentence_end(tok: str) -> bool:
    """Does the token end a sentence ("coast.", "país!"), rather than abbreviate ("U.S.", "Dr.")?"""
    if not tok or tok[-1] not in ".!?…":
        return False
    body = tok.rstrip(".!?…")
    if tok[-1] in "!?…":
        return bool(body)
    return len(body) > 2 and "." not in body and body.lower() not in _ABBREV


def _bare_title_ok(run: list[str], place: list[str], stop, at_start: bool, agency: str) -> bool:
    """A title-case place directly before a credit counts only after a clear boundary:
    the start of the text or line, a sentence end, a colon or bracket, a byline, an aggregator
    prefix or stamp (already skipped), or a word glued to it -- never after title-case headline
    words ("Trump Visits Paris (Reuters)"), nor after a lower-case word that governs it
    ("Floods in Jakarta (Reuters)", "Incendio a Milano (ANSA)").  After another lower-case
    headline word the place is the dateline only for agencies that print title-case datelines
    ("BI holds rate at 6 percent Jakarta (ANTARA) -", "... etkili oluyor Erzurum (AA) -"); the
    English-language wires print theirs in capitals ("Storm hits Florida (AP) -")."""
    n = len(run) - len(place)
    if n > 0:
        prev = run[n - 1]
        return _sentence_end(prev) and _known(place)
    if not _known(place):
        return len(place) == 1 and stop is None and at_start  # "Wolfsburg (dpa) -"
    if stop is None:
        return at_start
    if stop in _CLEAN_STOPS or stop in _DASH_STOPS:
        return True
    if stop == "\x02":  # a body glued to its headline: "...gegen RechtsBerlin (dpa) -"
        return True
    if _sentence_end(stop):
        return True
    low = stop.lower()
    if not stop[:1].islower() or low in _FUNCTION_WORDS or agency in _CAPS_STYLE:
        return False
    return len(low) > 2 and low.isalpha()


_DASH_STOPS = frozenset({"-", "--", "–", "—", "|"})  # "Title - Berlin (dpa) - Body"
# words that tie the next word to a headline: prepositions, articles, conjunctions
_FUNCTION_WORDS = frozenset("""
in at to from near into across over outside inside around for of on off through toward towards via with
against after before and or the a an amid among between beyond under
en de del desde hacia para por con y el la los las sobre entre tras contra al
da di nel nella nei negli per tra fra su sul sulla e il lo gli dal dalla alla
em no na nos nas ao aos do dos das com o os as pela pelo
im nach aus bei von vom zu zum zur für mit gegen und der die das dem über an am auf um
à au aux du des dans par avec sur et le les vers chez
ile ve naar uit bij van te het op met di ke dari dan
""".split())
# agencies whose own datelines are printed in capitals (English-language wire style)
_CAPS_STYLE = frozenset({"AP", "Reuters", "AFP", "UPI", "CP", "AAP", "PA", "Bloomberg", "Dow Jones",
                         "Xinhua", "Yonhap", "Kyodo", "KUNA", "WAM", "TASS"})


def _byline_place(words: list[str]):
    """"By Sarah Marsh Berlin": the known place after a name of two or three words."""
    for k in range(2, min(4, len(words))):
        rest = words[k:]
        if 1 <= len(rest) <= 3 and _known(rest):
            return rest
    return None


# ---------------------------------------------------------------- rules


def _credit_agency(kind: str, raw: str) -> tuple[str, bool]:
    """(agency, known) for an anchor."""
    if kind == "g":
        raw = raw.strip()
        return (lookup(raw) or raw), bool(lookup(raw))
    if kind == "p":
        return _paren_credit(raw)
    if kind == "s":
        return "TASS", True
    if kind == "i":
        return "Interfax", True
    if kind == "t":
        return "Trend", True
    return canonical_agency(raw), True


@lru_cache(maxsize=4096)
def _paren_credit(raw: str) -> tuple[str, bool]:
    """(agency, known) for bracketed text.  Cached: a pure function of the text (the alias
    table is fixed at import), and feeds repeat the same few credits, "(Reuters)", "(AP)"."""
    raw = raw.strip()
    known = lookup(raw)
    if known:
        return known, True
    for sep in ("/", "-", "–"):
        if sep in raw:
            parts = [x.strip() for x in raw.split(sep)]
            mapped = [lookup(x) for x in parts]
            if all(mapped) and 2 <= len(parts) <= 3:
                return "/".join(mapped), True
    return raw, False


_DASH_HINT_RE = re.compile("|".join(re.escape(h) for h in DASH_HINTS))


_WIN = 200     # anchors are scanned window by window: most datelines sit in the first one
_OVERLAP = 100  # longest anchor plus its look-ahead
ZONE = 300     # a credit anchor must start in the first ZONE characters of the opening


def _anchor_kinds(norm: str, asc: bool):
    """The regex-scanned anchor kinds whose cheap substring hint occurs in the text."""
    kinds = []
    tass = "TASS" in norm or (not asc and "ТАСС" in norm)
    if tass:
        kinds.append((A_SLASH, "s"))
    ifx = "NTERFAX" in norm or "nterfax" in norm or (not asc and "НТЕРФАКС" in norm)
    if ifx:
        kinds.append((A_IFX, "i"))
    if "Trend" in norm:
        kinds.append((A_TREND, "t"))
    if _dash_credit(norm, asc):
        kinds.append((A_DASH, "d"))
    if "/" in norm:
        kinds.append((A_GSLASH, "g"))
    return kinds


# the literal start of each A_DASH agency name ("РИА", "RIA", "ИНТЕРФАКС", "PRIME", ...)
_DASH_STARTS = tuple(dict.fromkeys(re.match(r"[^\\\[(]+", alt).group(0) for alt in _DASH_AGENCIES.split("|")))
_DASH_CHARS_ASCII = ("-",)
_DASH_CHARS = ("-", "–", "—")


def _dash_credit(norm: str, asc: bool) -> bool:
    """Can A_DASH match at all: a dash, optional white space, then the start of an agency name?
    One str.find per dash and a tuple startswith, instead of a scan per agency hint."""
    for ch in (_DASH_CHARS_ASCII if asc else _DASH_CHARS):
        i = norm.find(ch)
        while i != -1:
            j = i + 1
            while j < len(norm) and norm[j].isspace():
                j += 1
            if norm.startswith(_DASH_STARTS, j):
                return True
            i = norm.find(ch, i + 1)
    return False


# bare credits ("SEOUL, Nov 26 AFP -") are found from their separator, with str.find:
# far cheaper than scanning the whole opening with an alternation of agency names
_BARE_WORDS = frozenset(A_BARE.pattern[1:A_BARE.pattern.index(")")].split("|"))
_BARE_SEPS = ("-", "–", "—", "_", ":")
_BARE_SEPS_ASCII = ("-", "_", ":")


# last letter of each bare agency name: a separator after any other character is no credit
_BARE_LAST = frozenset(w[-1] for w in _BARE_WORDS)


def _bares(norm: str, n: int, asc: bool) -> list:
    """Bare agency credits followed by a separator, bucketed by anchor window: one pass of
    str.find per separator over the whole opening.  A credit starting in window w counts
    only with its separator before w's scan limit (start of w + _WIN + _OVERLAP)."""
    nwin = (n + _WIN - 1) // _WIN
    out = [[] for _ in range(nwin)]
    for ch in (_BARE_SEPS_ASCII if asc else _BARE_SEPS):
        i = norm.find(ch)
        while i != -1:
            j = i
            while j > 0 and norm[j - 1].isspace():
                j -= 1
            if j >= 2 and norm[j - 1] in _BARE_LAST:
                k = j - 1
                while k > 0 and ("a" <= norm[k - 1] <= "z" or "A" <= norm[k - 1] <= "Z"):
                    k -= 1
                if k < n and j - k >= 2 and norm[k:j] in _BARE_WORDS:
                    w = k // _WIN
                    if i < w * _WIN + _WIN + _OVERLAP:
                        out[w].append((k, j, "b", norm[k:j]))
            i = norm.find(ch, i + 1)
    return out


_SEP_FIRST = frozenset(".-–—_:")


def _paren_at(norm: str, i: int, out: list) -> None:
    """A bracket anchor at i; an unknown bracket with no separator after it is never a credit
    ("(including new taxes) would"), so _try_anchor is not even called for it."""
    m = A_PAREN.match(norm, i)
    if m is None:
        return
    e = m.end()
    j = e
    while j < len(norm) and norm[j] in " \t":
        j += 1
    if (j >= len(norm) or norm[j] not in _SEP_FIRST) and not _paren_credit(m.group(1))[1]:
        return
    out.append((i, e, "p", m.group(1)))


def _parens(norm: str, a: int, b: int, out: list, asc: bool) -> None:
    """Bracket anchors starting in [a, b): str.find is far cheaper than a regex scan."""
    for ch in (("(",) if asc else ("(", "（")):
        i = norm.find(ch, a, b)
        while i != -1:
            _paren_at(norm, i, out)
            i = norm.find(ch, i + 1, b)


def _anchors(norm: str, has_paren: bool, has_sep: bool, asc: bool):
    """Credit anchors as (start, end, kind, raw), left to right, lazily window by window:
    the scan stops as soon as a rule accepts an anchor (usually in the first window)."""
    kinds = _anchor_kinds(norm, asc)
    n = min(len(norm), ZONE)
    pos = [0] * len(kinds)
    bares = _bares(norm, n, asc) if has_sep else None
    a = 0
    while a < n:
        b = min(a + _WIN, n)
        stop = b + _OVERLAP
        found = []
        if has_paren:
            _parens(norm, a, b, found, asc)
        if bares is not None:
            found += bares[a // _WIN]
        for i, (rx, k) in enumerate(kinds):
            p = pos[i]
            while True:
                m = rx.search(norm, p, stop)
                if m is None or m.start() >= b:
                    break
                found.append((m.start(), m.end(), k, m.group(1)))
                p = m.end()
            pos[i] = max(p, b)
        if len(found) > 1:
            found.sort()
        yield from found
        a = b


_WORD_AT = re.compile(r"[^\W\d_]+")
_WEEKDAYS = set(WEEKDAYS)


def _date_at_end(s: str):
    """(start, printed) of a date that ends `s`, or None."""
    tail = s[-46:]
    if not _HAS_DIGIT.search(tail):
        return None
    off = len(s) - len(tail)
    starts = [0]
    starts += [m.end() for m in DATE_STARTS.finditer(tail)]
    for st in starts:
        if st >= len(tail):
            break
        c = tail[st]
        if not c.isdigit():
            w = _WORD_AT.match(tail, st)
            if not w:
                continue
            lw = w.group(0).lower()
            if lw not in MONTHS and lw not in _WEEKDAYS:
                continue
        m = DATE_FULL.fullmatch(tail, st)
        if m:
            d = tail[st:].rstrip(" \t,.")
            return off + st, d
    return None


_CREDIT_LIKE = re.compile(r"^[A-Za-zÀ-ÿ][\w.&'’/ \-]{0,40}$")


def _credit_ok(raw: str) -> bool:
    """Is an unknown bracketed text a credit such as (Sports Network), (CNN/Money)?"""
    if not _CREDIT_LIKE.match(raw) or NOTE.match(raw):
        return False
    words = raw.replace("/", " ").split()
    if not words or len(words) > 4:
        return False
    if _HAS_DIGIT.search(raw) and not re.search(r"[A-Za-z]\d", raw):
        return False
    for w in words:
        if not (w[0].isupper() or "." in w or any(c.isupper() for c in w)
                or (len(w) <= 4 and w.isalpha() and w.islower())
                or (len(words) == 1 and len(w) <= 8 and w.replace("-", "").isalpha())):
            return False
    if gazetteer.known_place(raw):
        return False  # a province: MONOPOLI (BARI)
    return True


def _line_start(norm: str, pos: int) -> int:
    return norm.rfind("\n", 0, pos) + 1


def _after_credit(norm: str, pos: int):
    """Consume the separator after a credit; return (end, has_sep, next_char)."""
    s = SEP.match(norm, pos)
    end = s.end()
    sep = s.group("sep")
    nxt = norm[end:end + 1]
    return end, bool(sep and sep != ","), nxt


_ANSA_FWD = re.compile(
    r"(?P<loc>[" + UC + r"][^\n,()\-–—:;]{1,40}?)(?:\s*\([^()\n]{1,25}\))?"
    r"(?:,\s*(?P<date>[^\n\-–—]{2,20}?))?\s*(?:--|[-–—])\s*"
)


_JUNK_FIRST = set("( \t\nUuPpLl")
_DASHY = re.compile(r"--|[-–—]")
# desk or section labels in the place slot ("Redacción Internacional, 13 nov (EFE).-")
_DESK = {"redacción", "redaccion", "redação", "redacao", "redazione", "rédaction", "redaction",
         "redaktion", "redactie", "newsroom", "desk", "newsdesk", "редакция"}


# A headline glued to a body that opens with an agency-only credit is a dateline with no
# place (lead's decision): "Apple to sell Vision Pro from February (Reuters) - Apple Inc said".
# Aliases that are also common abbreviations or words are not trusted in that position.
_GLUED_AMBIGUOUS = {"pc", "ep", "pl", "pa", "tt", "ana", "map", "tap", "aps", "app", "prime",
                    "petra", "trend", "fars", "mehr", "ntx", "abr", "mna", "una", "bna", "apa",
                    "spa", "mena", "ona", "cna", "bss", "ani", "uni", "dha", "iha", "news1"}
_GLUED_SEPS = {"-", "--", "—", "–", ":"}
_CAPTION = re.compile(
    r"(?i)\b(?:photos?|pictures?|pictured|pic|foto|fotos|caption|file|images?|credit|courtesy|"
    r"video|watch|gallery|slideshow|фото|видео)\b|[A-Z]{2,}/[A-Z][a-z]")
_STORY_START = re.compile(r"[\"“«'‘]?[" + UC + r"0-9][^\n]{0,60}?[" + LC + r"]{2}[^\n]{0,40}?\s\S")


def _glued_headline_credit(norm: str, kind: str, known: bool, raw: str, a_end: int, end: int,
                           loc: str, line_clean: bool) -> bool:
    """A recognised credit, then a dateline separator and story text, after a headline."""
    if not known or kind not in ("p", "s") or not line_clean:
        return False
    if kind == "p" and raw.strip().lower() in _GLUED_AMBIGUOUS:
        return False
    if norm[a_end:end].strip().lstrip(".").strip() not in _GLUED_SEPS:
        return False
    head = loc.rstrip()
    if not head or head.endswith((".", ",", ";", "(", "/")) or len(head) > 150:
        return False  # a caption or prose sentence ends in a full stop before its credit
    if _CAPTION.search(head):
        return False
    return _STORY_START.match(norm, end) is not None


def _try_anchor(norm: str, anc, omap, published):
    a_start, a_end, kind, raw = anc
    agency, known = _credit_agency(kind, raw)
    end, has_sep, nxt = _after_credit(norm, a_end)
    if kind == "p":
        if not known:
            if not has_sep or NOTE.match(agency) or not _credit_ok(agency):
                return None
        elif not has_sep and nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“«'‘(\n"):
            return None
    if kind == "d" and a_start > 0 and not norm[a_start - 1].isspace():
        return None
    if kind == "b" and a_start > 0 and (norm[a_start - 1].isalnum() or norm[a_start - 1] in "(/-_"):
        return None
    if kind == "t":
        tb = TREND_BYLINE.search(norm, max(0, a_start - 70), a_start)
        if tb:
            a_start = tb.start()
    ls = _line_start(norm, a_start)
    left = norm[ls:a_start]
    if len(left) > 160:
        left = left[-160:]
        line_clean = False
    else:
        line_clean = True
    # skip junk at the start of the line (notes, stamps, aggregator prefixes)
    if line_clean and left[:1] in _JUNK_FIRST:
        j = JUNK_START.match(left)
        if j and j.end():
            left = left[j.end():]
    if kind == "b" and agency not in BARE_OK:
        return None
    # date just before the credit
    stripped = left.rstrip(" \t,.")
    if kind == "p" and stripped.endswith(("—", "–", "--")):
        stripped = stripped.rstrip(" \t—–-")
    date_s = ""
    d_abs = -1
    dm = _date_at_end(stripped)
    if dm:
        d_local, date_s = dm
        loc = stripped[:d_local]
    else:
        dd = DAY_END.search(stripped[-12:]) if kind == "p" else None
        if dd and stripped[:len(stripped) - len(stripped[-12:]) + dd.start()].strip():
            date_s = dd.group("date")
            d_local = len(stripped) - len(stripped[-12:]) + dd.start("date")
            loc = stripped[:d_local]
        else:
            d_local = -1
            loc = stripped
    if date_s:
        d_abs = (a_start - len(left)) + d_local
    # bare agencies and Trend need a date or a comma-city right before
    if kind == "b" and not date_s and not stripped.endswith(("," , ", ")) and not left.rstrip().endswith(","):
        return None
    city, byline, leftover = _read_location(loc, line_clean, bare=not date_s, agency=agency)
    if (city and not date_s and kind == "p" and raw.strip().lower() in _GLUED_AMBIGUOUS
            and not _is_caps(city.replace(" ", "")) and not _known(city.split())):
        return None  # "John Smith (PC) -": a name and a party, not a place and an agency
    headline = glued = False
    if not date_s and not city:
        if loc.strip() and not byline:
            # unexplained text before the credit: a headline or prose, not a dateline --
            # unless a known agency in brackets is followed by a caps place and a date
            # ("Titolo (ANSA) - ROMA, 16 MAG -")
            glued = _glued_headline_credit(norm, kind, known, raw, a_end, end, left, line_clean)
            if not glued and not (kind == "p" and known and _DASHY.search(norm, a_end, end) and nxt.isupper()
                                  and line_clean and not stripped.endswith(",")):
                return None
            headline = True
        if not has_sep and kind == "p":
            return None
        if kind == "b":
            return None
        # "(ANSA) - ROMA, 16 MAG -": the place follows the credit
        f = _ANSA_FWD.match(norm, end)
        if f:
            words = f.group("loc").split()
            fdate = f.group("date") or ""
            dok = True
            if fdate:
                from .grammar import DATE_AT
                dmm = DATE_AT.fullmatch(fdate.strip())
                dok = bool(dmm)
            shape = words and all(_is_placeword(w) or w.lower() in _PARTICLES for w in words)
            caps = shape and all(_is_caps(w) or w.lower() in _PARTICLES for w in words)
            if shape and not caps and not ((fdate and dok) or _known(words)):
                shape = False
            if headline and not (caps and fdate and dok):
                shape = False
            if dok and shape and not any(w.upper() in _STOP for w in words) and len(words) <= 4:
                city = _format_city(words)
                if fdate:
                    date_s = fdate.strip()
                    d_abs = norm.find(date_s, f.start("date"))
                end = f.end()
    else:
        if not known and not has_sep:
            return None
        if known and not has_sep and nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“«'‘("):
            return None
    if loc.strip() and not city and not date_s and not byline and not glued:
        return None  # unexplained text before a credit that is not a glued headline
    if kind == "g" and not (city or date_s):
        return None
    if kind in ("p", "g") and not known and city and not date_s:
        if not (_is_caps(city.replace(" ", "")) or gazetteer.known_place(city)):
            return None
        if not _is_caps(loc.strip().split(",")[0].replace(" ", "")) and not gazetteer.known_place(city):
            return None
    if date_s and d_abs >= 0:
        date_s = norm[d_abs:d_abs + len(date_s)] if omap is None else date_s
    return Dateline(city=city, agency=agency, date=date_s,
                    resolved=resolve_date(date_s, published) if date_s else None,
                    end=_orig(omap, end))


def _try_forward(norm: str, pos: int, omap, published, glued: bool):
    j = JUNK_START.match(norm, pos)
    if j:
        pos = j.end()
    if pos >= len(norm) or not norm[pos].isupper() or not _has_fwd_sep(norm, pos):
        return None
    f = FWD.match(norm, pos)
    if not f:
        return None
    words = f.group("loc").replace("-", " - ").split()
    words = [w for w in words if w != "-"]
    loc = f.group("loc")
    locwords = loc.split()
    if not locwords or len(locwords) > 5:
        return None
    quals = [q.strip() for q in f.group("quals").split(",") if q.strip()]
    date_s = f.group("date") or ""
    sep = f.group("sep")
    caps = all(_is_caps(w) or w.lower() in _PARTICLES for w in locwords)
    if not all(_is_placeword(w) or w.lower() in _PARTICLES for w in locwords):
        return None
    if any(w.upper().strip(".") in _STOP for w in locwords):
        return None
    if not caps and not date_s:
        return None
    known = _known(locwords)
    if not known:
        if glued:
            return None
        if not (date_s or quals):
            return None
        if not caps and not date_s:
            return None
    if sep == ":" and not known and not date_s:
        return None
    if sep == "." and not (date_s and caps):
        return None
    if not date_s and not quals and gazetteer.is_country(" ".join(locwords)):
        return None
    if sep.strip() == "-" and not (date_s or known):
        return None
    city = _format_city(locwords)
    end = f.end()
    while end < len(norm) and norm[end] in " \t":
        end += 1
    if not date_s and not any(c.islower() for c in norm[end:end + 40]):
        return None  # "LONDON: THE BIG SMOKE..." is an all-caps headline, not a dateline
    return Dateline(city=city, agency="", date=date_s,
                    resolved=resolve_date(date_s, published) if date_s else None,
                    end=_orig(omap, end))


_FWD_SEP = re.compile(r"--|[—–_:]|\s-|\d\.\s")
_WS_DASH = re.compile(r"\s-")
_DIGIT_DOT = re.compile(r"\d\.\s")


def _has_fwd_sep(norm: str, pos: int) -> bool:
    """_FWD_SEP.search(norm, pos, pos + 100), with str scans before any regex."""
    seg = norm[pos:pos + 100]
    if ":" in seg or "—" in seg or "–" in seg or "_" in seg or "--" in seg:
        return True
    if "-" in seg and (" -" in seg or "\n-" in seg or _WS_DASH.search(seg)):
        return True
    return "." in seg and _DIGIT_DOT.search(seg) is not None
_GLUE_POS = re.compile(r"[" + LC + r"!?\"”’](?=[" + UC + r"]{2,}[\s,])")
# ASCII openings: map each byte to a class letter (l: lower-case or !?", U: capital,
# s: white space or comma, .: anything else) and find "lUU" with bytes.find
_GLUE_TABLE = _byte_classes({b"abcdefghijklmnopqrstuvwxyz!?\"": "l", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ": "U",
                             b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f,": "s"})


def _glue_positions(norm: str):
    """Starts of caps runs glued to a lower-case word ("...peopleMOSUL, Iraq"), first 200 chars."""
    head = norm[:200]
    if not head.isascii():
        return [g.start() + 1 for g in _GLUE_POS.finditer(norm, 0, 200)]
    cls = head.encode("ascii").translate(_GLUE_TABLE)
    out = []
    i = cls.find(b"lUU")
    n = len(cls)
    while i != -1:
        j = i + 3
        while j < n and cls[j] == 85:  # "U"
            j += 1
        if j < n and cls[j] == 115:  # "s"
            out.append(i + 1)
        i = cls.find(b"lUU", i + 1)
    return out


_FAST = re.compile(
    r"[ \t]*(?P<city>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,2})"
    r"(?:, (?P<q>[A-Z][A-Za-z.]{1,15}(?: [A-Z][A-Za-z.]{1,15})?))?"
    r"(?:, (?P<date>(?P<mon>[A-Z][a-z]{2,8})\.? [1-3]?\d))?"
    r" \((?P<ag>[A-Za-z][A-Za-z .]{0,20})\) ?(?:--|[-—–_]) ?"
)


def _fast(norm: str, omap, published):
    """The commonest shape, `CITY[, Qual][, Mon DD] (Agency) -`, at the very start."""
    m = _FAST.match(norm)
    if not m:
        return None
    agency = lookup(m.group("ag"))
    if not agency:
        return None
    q = m.group("q")
    if q and (q.lower().rstrip(".") in _WEEKDAYS or q.lower().rstrip(".") in MONTHS):
        return None
    words = m.group("city").split()
    for w in words:
        if w in _STOP:
            return None
    if len(words) > 1 and not _known(words):
        return None
    date_s = m.group("date") or ""
    if date_s and not MONTHS.get(m.group("mon").lower()):
        return None
    return Dateline(city=_format_city(words), agency=agency, date=date_s,
                    resolved=resolve_date(date_s, published) if date_s else None,
                    end=_orig(omap, m.end()))


def _parse(text: str, published) -> Dateline:
    d = _parse_raw(text, published)
    if d.city and d.city.split(None, 1)[0].lower() in _DESK:
        d.city = ""
        if not d.agency:
            return Dateline()
    return d


def _city_line(norm: str, s: int, omap):
    """A line holding only a caps place, then prose: "ANKARA\nTurkish President ..."."""
    e = norm.find("\n", s)
    if e == -1 or e - s > 40:
        return None
    line = norm[s:e].strip()
    words = line.split()
    if not words or len(words) > 3 or not line.isupper():
        return None
    if not all(_is_placeword(w) for w in words) or any(w.strip(".") in _STOP for w in words):
        return None
    if not _known(words) or gazetteer.is_country(line):
        return None
    nxt = e
    while nxt < len(norm) and norm[nxt] in "\n \t":
        nxt += 1
    body = norm[nxt:nxt + 30]
    if not body[:1].isupper() or not any(c.islower() for c in body[:12]):
        return None
    return Dateline(city=_format_city(words), end=_orig(omap, nxt))


def _parse_raw(text: str, published) -> Dateline:
    norm, omap = _normalise(text)
    if not norm.strip():
        return Dateline()
    d = _fast(norm, omap, published)
    if d is not None:
        return d
    # 1. special scripts
    if "电" in norm or "電" in norm:
        m = CHINESE.search(norm)
        if m:
            ag = m.group("ag")
            agency = lookup(ag) or ("" if ag in ("本报", "本報") else ag)
            if ag in ("本报", "本報"):
                agency = ag
            d = m.group("date")
            return Dateline(city=m.group("city"), agency=agency, date=d,
                            resolved=resolve_date(d, published), end=_orig(omap, m.end()))
    if "=" in norm:
        m = KOREAN.search(norm)
        if m:
            ag = m.group("ag").strip()
            end = m.end()
            while end < len(norm) and norm[end] == " ":
                end += 1
            return Dateline(city=m.group("city").strip(), agency=canonical_agency(ag),
                            end=_orig(omap, end))
    # 2. credit anchors, dispatched from a pre-scan of a few str.find calls: brackets,
    # separators (for bare credits), slashes and Interfax; none of them, no anchor rule runs
    asc = norm.isascii()
    has_paren = "(" in norm or (not asc and "（" in norm)
    has_sep = "-" in norm or ":" in norm or "_" in norm or (not asc and ("–" in norm or "—" in norm))
    if has_paren or has_sep or "/" in norm or "NTERFAX" in norm or "nterfax" in norm or not asc:
        for anc in _anchors(norm, has_paren, has_sep, asc):
            try:
                d = _try_anchor(norm, anc, omap, published)
            except Exception:
                d = None
            if d is not None:
                return d
    # 3. forward rule at line starts
    starts = [0]
    p = norm.find("\n")
    while p != -1 and len(starts) < 8:
        starts.append(p + 1)
        p = norm.find("\n", p + 1)
    for s in starts:
        d = _try_forward(norm, s, omap, published, glued=False)
        if d is not None:
            return d
    for g in _glue_positions(norm):
        d = _try_forward(norm, g, omap, published, glued=True)
        if d is not None:
            return d
    for s in starts[:4]:
        d = _city_line(norm, s, omap)
        if d is not None:
            return d
    return Dateline()


def parse_dateline(text: str, published: datetime | None = None) -> Dateline:
    """Parse the dateline at the opening of a wire story.  Never raises."""
    try:
        if not isinstance(text, str):
            if isinstance(text, (bytes, bytearray)):
                text = bytes(text).decode("utf-8", "replace")
            else:
                return Dateline()
        return _parse(text, published)
    except Exception:  # pragma: no cover - a parser bug must not break ingestion
        return Dateline()
