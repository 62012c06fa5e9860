"""Normalisation: the pure step applied to every parsed Article, whatever its format.

- Dateline: the dateline printed at the top of the body (else the summary, else the headline)
  wins over a structured dateline element sent by the wire (kept raw in
  ``extra["dateline_text"]``), which fills what the printed one lacks; fields a parser copied
  from a structured dateline (NITF ``<location>``) are kept. ``extra["city_fallback"]`` (NITF
  ``<evloc>``, metadata locations through ``scrapers.provenance``) is used last.
- The printed dateline date is resolved to a calendar date with the publication time.
- Body and summary: HTML stripped, entities decoded, paragraphs kept as blank-line separated
  text, whitespace normalised (aligned table lines keep their inner spacing).
- Times: ``published`` / ``updated`` are made timezone aware. A wire time without a zone is
  local time of the feed's ``timezone:`` or of its sender when known (``scrapers.provenance``),
  else UTC. ``published`` falls back to the caller's hint (e.g. the feed fetch time or file time).
- Agency (dateline, else wire metadata, else feed), status and metadata locations follow
  ``scrapers.provenance``; headline take markers and byline titles ``scrapers.formats._lines``.
- Language: the primary subtag, lower case (``en-US`` -> ``en``, ``swe`` -> ``sv``); the feed's
  language is used when the item gives none, and the language detector when neither does.
- ``canonical_url`` from ``scrapers.urls.canonical_url``.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import re

from scrapers import provenance
from scrapers.formats._lines import clean_headline, split_byline
from scrapers.formats._util import fragment_text, html_fragment_text, looks_like_html
from scrapers.record import Article, collapse, printable
from scrapers.urls import canonical_url

try:  # imported once here, not per story (a function-level import costs ~2 µs a call)
    from scrapers.dateline import canonical_agency, parse_dateline, resolve_date
    # a story's agency is one of a few names, asked of the alias table (its pure function) for every story
    _canonical_agency = functools.lru_cache(maxsize=1024)(canonical_agency)
except ImportError:  # the dateline package is optional at import time
    parse_dateline = None

_ISO3 = {"eng": "en", "swe": "sv", "fin": "fi", "nor": "no", "nob": "nb", "nno": "nn", "dan": "da",
         "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "ita": "it", "spa": "es", "nld": "nl",
         "dut": "nl", "por": "pt", "rus": "ru", "ell": "el", "gre": "el", "tur": "tr", "pol": "pl",
         "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "ara": "ar", "ukr": "uk", "ces": "cs",
         "cze": "cs", "hun": "hu", "ron": "ro", "rum": "ro", "bul": "bg", "hrv": "hr", "srp": "sr",
         "slk": "sk", "slv": "sl", "est": "et", "lav": "lv", "lit": "lt", "isl": "is", "msa": "ms",
         "may": "ms", "ind": "id", "vie": "vi", "tha": "th", "heb": "he", "fas": "fa", "per": "fa",
         "hin": "hi", "cat": "ca", "eus": "eu", "baq": "eu", "glg": "gl"}
_TIMESTAMP = re.compile(r"^\s*\d{4}-?\d{2}-?\d{2}(?:[T ]\d{2}:?\d{2})?")
_NUMDATE = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?\s*$")
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+", re.I)
_LINE_WS = re.compile(r"[^\S\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]+")  # control characters but \t and \n (\r is gone by then)
_PARA = re.compile(r"\n[^\S\n]*\n")
_new_article = object.__new__
_LAYOUT = re.compile(r"\S {2,}\S.* {2,}\S")
_PARTICLES = {"de", "del", "la", "las", "los", "el", "do", "da", "dos", "das", "di", "of", "the",
              "von", "van", "der", "den", "du", "des", "le", "au", "aux", "on", "upon", "am", "an",
              "im", "y", "e"}


def normalise(article: Article, published_hint: dt.datetime | None = None, feed_language: str = "",
              feed_timezone: str = "", detect_later: list[tuple[Article, str]] | None = None) -> Article:
    """Return a normalised copy of `article` (the input is not modified).

    With `detect_later`, a story whose language must be detected gets '' and is appended with the
    text to detect it from, for `detect_languages` once the whole payload is normalised: the
    detector's tables stay in the CPU cache (~40% less time a story than one call between parses).
    """
    # a shallow copy (what dataclasses.replace gives, without re-running __init__), own extra/subjects
    fields = article.__dict__.copy()  # then set as the copy's __dict__: cheaper than updating a new one
    fields["extra"] = dict(article.extra)
    fields["subjects"] = list(article.subjects)
    a = _new_article(Article)
    a.__dict__ = fields
    a.headline = clean_inline(a.headline)
    _wire_lines(a)
    a.body = clean_text(a.body)
    a.summary = clean_text(a.summary)
    if not a.extra.get("headline_from_body"):  # a headline taken from the text keeps its paragraph
        a.body = _drop_leading_repeats(a.body, a.headline, a.byline)
    provenance.prepare(a, feed_timezone)  # naive local times, metadata location as fallback city
    a.published = aware(a.published) or aware(published_hint)
    a.updated = aware(a.updated)
    a.embargoed_until = aware(a.embargoed_until)
    a.language = language_code(a.language) or language_code(feed_language) or _detected_language(a, detect_later)
    _dateline(a)
    provenance.settle(a)  # agency and its source, status
    if a.url and not a.canonical_url:
        a.canonical_url = canonical_url(a.url)
    return a


def _wire_lines(a: Article) -> None:
    """Headline without take markers; byline without its "By" and apart from its title."""
    if "-" in a.headline or "***" in a.headline:
        a.headline, removed = clean_headline(a.headline)
        if removed:
            a.extra["take_key"] = removed
    a.byline = _BY.sub("", clean_inline(a.byline)) if a.byline else ""  # most stories have none
    a.byline_title = clean_inline(a.byline_title) if a.byline_title else ""
    if a.byline and not a.byline_title:
        a.byline, a.byline_title = split_byline(a.byline)


def _detected_language(a: Article, detect_later: list[tuple[Article, str]] | None = None) -> str:
    """Only where neither the item nor its feed declares a language (CLD2 first, lingua when unsure)."""
    text = f"{a.headline}\n{a.body or a.summary}"
    if detect_later is not None:
        detect_later.append((a, text))
        return ""
    from scrapers.tagging.language import detect_quick

    return detect_quick(text)


def detect_languages(pending: list[tuple[Article, str]]) -> dict[int, Exception]:
    """Set the language of every (story, text) `normalise(..., detect_later=pending)` left;
    {id(story): error} for the stories whose detection raised (their language stays '')."""
    from scrapers.tagging.language import detect_quick

    failed = {}
    for a, text in pending:
        try:
            a.language = detect_quick(text)
        except Exception as exc:  # noqa: BLE001 - one story's failure is that story's
            failed[id(a)] = exc
    return failed


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """Timezone-aware datetime; naive values are taken as UTC."""
    if value is None or not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


@functools.lru_cache(maxsize=1024)  # the same few tags on every story of a feed
def language_code(tag: str) -> str:
    """Primary language subtag in lower case; '' for empty or unusable tags."""
    t = (tag or "").strip().replace("_", "-").split("-")[0].lower()
    if not t or t in ("x", "i", "und", "mul", "zxx"):
        return ""
    if len(t) == 3:
        return _ISO3.get(t, t)
    return t if t.isalpha() and len(t) == 2 else ""


def clean_inline(value: str) -> str:
    """One-line text: tags stripped, entities decoded, whitespace collapsed."""
    value = value or ""
    if "<" in value and looks_like_html(value):
        value = html_fragment_text(value)
    return collapse(html.unescape(value) if "&" in value else value)  # unescape's own test, without a call


def clean_text(value: str) -> str:
    """Body text: HTML stripped, entities decoded, paragraphs separated by one blank line."""
    if not value:
        return ""
    if "<" in value and looks_like_html(value):
        value, layout, checked = fragment_text(value)
        # rendered text is paragraphs of whitespace-collapsed lines: unless it has layout lines,
        # entities or control characters, the steps below would return it unchanged
        if not layout and (checked or printable(value, "\n") or not _CONTROL.search(value)) \
                and ("&" not in value or html.unescape(value) == value):
            return value
    elif _normal_text(value):
        return value
    return _clean_plain(value)


def _normal_text(value: str) -> bool:
    """Whether `value` already is what `_clean_plain` makes of it: paragraphs of single-spaced
    lines (what the parsers' renderers give), printable, nothing to decode. C scans only, where
    `_clean_plain` splits every line into words."""
    return ("  " not in value and "\n\n\n" not in value and " \n" not in value and "\n " not in value
            and value[0] not in " \n" and value[-1] not in " \n" and printable(value, "\n")
            and ("&" not in value or html.unescape(value) == value))


def _clean_plain(value: str) -> str:
    """clean_text of text that is not HTML (or HTML rendered with layout lines or entities)."""
    value = html.unescape(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not printable(value, "\n\t"):  # a C scan; the regex is slower
        value = _CONTROL.sub("", value)
    paras = []
    for chunk in _PARA.split(value):
        lines = []
        for line in chunk.split("\n"):
            line = line.replace("\t", " ").replace("\u00a0", " ").rstrip()
            if "  " not in line or not _LAYOUT.search(line):  # a layout line has two runs of 2+ spaces
                line = " ".join(line.split())  # = _LINE_WS.sub(" ", line).strip(): same whitespace set
            if line.strip():
                lines.append(line)
        if lines:
            paras.append("\n".join(lines))
    return "\n\n".join(paras)


def _drop_leading_repeats(body: str, headline: str, byline: str) -> str:
    """Drop an opening paragraph that only repeats the headline or the byline."""
    if not body:  # an RSS story's text is its summary
        return body
    for _ in range(2):
        first, _, rest = body.partition("\n\n")
        by = _BY.match(first)  # what _BY.sub removes: `^` matches at the start only
        f = (first[by.end():] if by else first).strip().casefold()
        if rest and f and (f == headline.casefold() or (byline and f == byline.casefold())):
            body = rest
        else:
            break
    return body


def title_city(name: str) -> str:
    """City in Title Case when printed in capitals (SEOUL -> Seoul); otherwise as printed."""
    name = " ".join((name or "").split()).strip(" ,-–—:")
    if not name or not (name.isupper() and len(name) > 3):
        return name
    words = []
    for i, w in enumerate(re.split(r"(\s+|/|-)", name)):
        lw = w.lower()
        words.append(lw if (i and lw in _PARTICLES) else w[:1].upper() + w[1:].lower())
    return "".join(words)


def _opening(a: Article) -> str:
    for candidate in (a.body, a.summary, a.headline):
        if candidate and candidate.strip():
            return candidate[:600]
    return ""


def _dateline(a: Article) -> None:
    """Fill city / agency / dateline date and resolve the date.

    The dateline printed at the top of the text wins; a structured dateline sent by the wire
    fills what it lacks (it is the only one when the text prints none); metadata places last.
    """
    if parse_dateline is None:
        a.city = title_city(a.city)
        return
    _printed_dateline(a, parse_dateline)
    _structured_dateline(a, parse_dateline)
    if not a.city and a.extra.get("city_fallback"):
        a.city = str(a.extra["city_fallback"])
    a.city = title_city(a.city)
    if a.agency:
        try:
            a.agency = _canonical_agency(a.agency) or a.agency
        except Exception:  # noqa: BLE001 - an alias lookup must never sink a record
            pass
    if a.dateline_date and a.dateline_resolved is None:
        try:
            a.dateline_resolved = resolve_date(a.dateline_date, a.published)
        except Exception:  # noqa: BLE001
            a.dateline_resolved = None


def _printed_dateline(a: Article, parse_dateline) -> None:
    """The dateline at the top of the body (else summary, else headline)."""
    if a.city and a.agency and a.dateline_date:
        return
    dl = _safe_parse(parse_dateline, _opening(a), a.published)
    if dl is not None and (dl.city or dl.agency or dl.date):
        consistent = not a.city or not dl.city or dl.city.casefold() == title_city(a.city).casefold()
        if consistent:
            a.city = a.city or dl.city or ""
            a.agency = a.agency or dl.agency or ""
            if not a.dateline_date and dl.date and a.dateline_resolved is None:
                # the parser resolved its date with this very publication time: not resolved twice
                a.dateline_resolved = dl.resolved
            a.dateline_date = a.dateline_date or dl.date or ""


def _structured_dateline(a: Article, parse_dateline) -> None:
    """A dateline element or attribute (``extra["dateline_text"]``) fills what the text left empty."""
    raw = a.extra.get("dateline_text")
    raw = " ".join(str(raw).split()) if raw else ""
    if not raw or _TIMESTAMP.match(raw) or (a.city and a.agency and a.dateline_date):
        return
    if _NUMDATE.match(raw):
        a.dateline_date = a.dateline_date or raw.strip()
        return
    dl = _safe_parse(parse_dateline, raw if re.search(r"[-–—:]\s*$", raw) else raw + " - x", a.published)
    if dl is not None and (dl.city or dl.agency or dl.date):
        if not a.city or not dl.city or dl.city.casefold() == title_city(a.city).casefold():
            a.city = a.city or dl.city or ""
            a.dateline_date = a.dateline_date or dl.date or ""
        a.agency = a.agency or dl.agency or ""
    elif not re.search(r"\d", raw) and len(raw.split()) <= 4:
        a.city = a.city or raw.strip(" ,-–—:")


def _safe_parse(parse_dateline, text: str, published):
    if not text:
        return None
    try:
        return parse_dateline(text, published)
    except Exception:  # noqa: BLE001 - the dateline parser must never sink a record
        return None
