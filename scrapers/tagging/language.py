"""Language of a story (ISO 639-1) with lingua, the feed's declared language as a prior.

Restricted to the ~30 languages wire feeds here carry, in high-accuracy mode (all 75 languages
need ~6 s and ~1 GB to load). Re-measured on a quiet machine (bench/tag_eval.py): ~850-1,000
openings/s one call per text (an earlier note said ~3,500: not reproduced), ~2,600/s through
lingua's parallel batch call, which the taggers use (detect_many). Only the opening (600 characters) is read: datelines and ledes decide it.
The prior: the declared language wins when lingua gives it at least half the top confidence
(Malay/Indonesian, Spanish/Portuguese, short texts); a clear disagreement overrides the feed.

`detect_quick` is what normalise runs on every story whose item and feed declare no language:
CLD2 (pycld2, ~50 µs an opening against ~2.5 ms for lingua's low-accuracy mode) answers when it
calls its answer reliable, gives it most of the text and names one of our languages outside the
pairs it confuses (Malay/Indonesian, the Norwegian written forms and Danish, the Serbo-Croatian
standards); everything else goes to lingua as before. CLD2 reads the first CLD_FIRST characters
first (~17 µs) and the whole opening only when it is not sure of them: on the corpus, the fixtures
and the tagging evaluation's openings no story's answer changed (bench/tag_eval.py prints the figures).
"""
from __future__ import annotations

from functools import lru_cache

import pycld2
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

CODES = ("en ru zh ko ja es pt it fr de nl ms id tr ar uk be pl sv nb nn da fi el cs ro hu vi fa he hi "
         "kk az sr hr bg").split()
_CODE_SET = frozenset(CODES)
_ALIASES = {"no": "nb", "iw": "he", "in": "id"}
OPENING = 600
PRIOR_RATIO = 0.5
MIN_LETTERS = 12
_CLD_CODES = {"iw": "he", "in": "id", "no": "nb", "zh-Hant": "zh"}
_CLD_CONFUSED = frozenset("ms id nb nn da sr hr bs".split())
_CLD_MIN_PERCENT = 80
# CLD2 reads this much of the opening first: its cost is ~18k instructions a call and ~270 a
# character (45k at 100, 85k at 250, 99k at 300, 177k at 600). At 250 no answer changed on the
# corpus, the fixtures, the tagging evaluation's real openings and tests/dedupe_pairs.jsonl (6,763
# texts); at 200 one did (a Norwegian text with an English quote read as English), at 175 three.
CLD_FIRST = 250


def _language(code: str) -> Language | None:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        return None


@lru_cache(maxsize=2)
def detector(quick: bool = False):
    """The tagger's detector; `quick` is low-accuracy mode (trigrams only): loads in ~0.3 s instead
    of ~6 s, for parsing single files where the wire declares no language."""
    builder = LanguageDetectorBuilder.from_languages(*(lang for lang in map(_language, CODES) if lang is not None))
    return builder.with_low_accuracy_mode().build() if quick else builder.with_preloaded_language_models().build()


def normalise_code(code: str) -> str:
    """'en-GB' -> 'en', 'eng' -> 'en', 'no' -> 'nb' (lingua's name for Norwegian); '' when empty.

    The tag itself is read by scrapers.normalise.language_code, the one reader of language tags.
    """
    from scrapers.normalise import language_code

    primary = language_code(code)
    return _ALIASES.get(primary, primary)


# ASCII characters that are not letters: deleted from an ASCII opening, what is left are its letters
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _has_letters(text: str) -> bool:
    """At least MIN_LETTERS letters (stops counting there: a story has them in its first words).

    An ASCII head with enough letters is settled in C (half the instructions of the loop on a
    story, which needs ~14 characters to count 12 letters); any other text is counted as written."""
    head = text[:2 * MIN_LETTERS]
    if head.isascii() and len(head.encode().translate(None, _ASCII_NOT_LETTERS)) >= MIN_LETTERS:
        return True
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= MIN_LETTERS:
                return True
    return False


def _out(code: str) -> str:
    return "no" if code in ("nb", "nn") else code


def _decide(values, prior: str) -> tuple[str, float]:
    """Apply the feed prior to lingua's confidence values (best first)."""
    if not values:
        return (_out(prior), 0.5) if prior else ("", 0.0)
    top = values[0]
    top_code = top.language.iso_code_639_1.name.lower()
    if prior and prior != top_code:
        for v in values:
            if v.language.iso_code_639_1.name.lower() == prior:
                if v.value >= PRIOR_RATIO * top.value:
                    return _out(prior), round(max(v.value, 0.5), 3)
                break
    return _out(top_code), round(top.value, 3)


def detect(text: str, feed_language: str = "", quick: bool = False) -> tuple[str, float]:
    """(ISO 639-1 code, confidence); ('', 0.0) when there is nothing to go on."""
    prior = normalise_code(feed_language)
    opening = (text or "")[:OPENING]
    if not _has_letters(opening):
        return (_out(prior), 0.5) if prior else ("", 0.0)
    return _decide(detector(quick).compute_language_confidence_values(opening), prior)


def detect_many(items: list[tuple[str, str]]) -> list[tuple[str, float]]:
    """detect(text, feed_language) for many (text, feed_language) pairs, the same answers, with
    lingua's multi-threaded batch call (~2.5x the throughput of one call per text on 2 cores)."""
    out: list[tuple[str, float] | None] = [None] * len(items)
    todo, openings = [], []
    for i, (text, feed_language) in enumerate(items):
        prior = normalise_code(feed_language)
        opening = (text or "")[:OPENING]
        if not _has_letters(opening):
            out[i] = (_out(prior), 0.5) if prior else ("", 0.0)
        else:
            todo.append((i, prior))
            openings.append(opening)
    if openings:
        for (i, prior), values in zip(todo, detector().compute_language_confidence_values_in_parallel(openings)):
            out[i] = _decide(values, prior)
    return out  # type: ignore[return-value]


def _cld2(opening: str) -> str:
    """CLD2's answer when it is sure and it names one of CODES it tells apart well; else ''."""
    try:
        reliable, _, found = pycld2.detect(opening, isPlainText=True)
    except (pycld2.error, UnicodeError):  # invalid UTF-8 (surrogates) or control characters
        return ""
    code, percent = found[0][1], found[0][2]
    code = _CLD_CODES.get(code, code)
    if not reliable or percent < _CLD_MIN_PERCENT or code not in _CODE_SET or code in _CLD_CONFUSED:
        return ""
    return code


def detect_quick(text: str) -> str:
    """The language of a story nothing declares: CLD2 where it is sure, else lingua's fast mode
    (detect(text, quick=True)); '' when there is nothing to go on."""
    opening = (text or "")[:OPENING]
    if not _has_letters(opening):
        return ""
    code = _cld2(opening[:CLD_FIRST]) if len(opening) > CLD_FIRST else ""  # sure on the first lines
    if not code:
        code = _cld2(opening)
    return _out(code) if code else detect(opening, quick=True)[0]
