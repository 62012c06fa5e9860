"""Every record carries a language: declared by the item, else by its feed, else detected."""
import pytest

from scrapers.normalise import normalise
from scrapers.record import Article
from tests.conftest import FIXTURES

CASES = [
    ("Mehr als 200 Migranten in der Ägäis aufgegriffen", "Die griechische Küstenwache hat am Montag mehr als 200 Migranten aufgegriffen.", "de"),
    ("Samsung sells defence units", "Samsung Group agreed on Wednesday to sell its stakes in four defence and chemical affiliates.", "en"),
    ("Décès de Naomi Musenga", "L'opératrice du Samu de Strasbourg sera jugée pour non-assistance à personne en danger.", "fr"),
    ("Москва готовит ответ", "Министерство иностранных дел России заявило в среду, что готовит ответные меры.", "ru"),
]


@pytest.mark.parametrize("headline, body, expected", CASES)
def test_language_is_detected_when_nothing_declares_it(headline, body, expected):
    assert normalise(Article(format="nitf", headline=headline, body=body)).language == expected


def test_declared_language_wins_over_detection():
    art = Article(format="nitf", headline="Samsung sells defence units", body="Samsung agreed to sell.", language="en-GB")
    assert normalise(art).language == "en"
    assert normalise(Article(format="rss", headline="x", body="Samsung agreed to sell."), feed_language="ms").language == "ms"


@pytest.mark.parametrize("text, expected", [
    # CLD2 confuses Malay and Indonesian: lingua decides (the opening is Bernama's Malay)
    ("KUALA LUMPUR, 3 Mac (Bernama) -- Kerajaan akan terus memperkukuh ekonomi negara melalui pelbagai inisiatif", "ms"),
    # control characters make CLD2 refuse the text: lingua answers instead of the story failing
    ("\x01\x02 Die griechische Küstenwache hat am Montag mehr als 200 Migranten aufgegriffen.", "de"),
    ("Министерство иностранных дел России заявило в среду, что готовит ответные меры.", "ru"),
    ("Faktisk.no: Nei, dette dokumentet beskriver ikke regjeringens planer for neste år", "no"),
    ("12 34 56", ""),
])
def test_quick_detector_falls_back_to_lingua_where_cld2_is_unsure(text, expected):
    from scrapers.tagging.language import detect_quick

    assert detect_quick(text) == expected


def test_a_payload_detects_its_stories_languages_after_normalising_and_one_failure_stays_its_own(monkeypatch):
    from scrapers.formats import parse_bytes
    from scrapers.tagging import language

    data = (FIXTURES / "rss/reuters-topnews-2017-03-20.xml").read_bytes().replace(b"<language>en-us</language>", b"")
    declared = parse_bytes(data, source="x", feed_language="en")
    detected = parse_bytes(data, source="x")
    assert len(detected) > 5 and {a.language for a in detected} == {"en"}
    assert [a.language for a in detected] == [language.detect_quick(f"{a.headline}\n{a.body or a.summary}")
                                              for a in detected]
    assert [a.to_json() for a in detected] == [dict(a.to_json(), language=b.language)
                                               for a, b in zip(declared, detected)]
    real = language.detect_quick
    bad = detected[1].headline
    monkeypatch.setattr(language, "detect_quick", lambda t: real(t) if not t.startswith(bad) else 1 / 0)
    again = parse_bytes(data, source="x")
    assert [type(r).__name__ for r in again] == ["Article", "ParseFailure"] + ["Article"] * (len(again) - 2)
    assert "normalise failed: division by zero" in again[1].error and again[1].guid == detected[1].guid
    assert [a.to_json() for i, a in enumerate(again) if i != 1] == [a.to_json() for i, a in enumerate(detected) if i != 1]


def test_quick_detector_reads_the_first_lines_first_with_the_answers_of_the_whole_opening():
    """CLD2 reads CLD_FIRST characters first and the whole opening only when unsure of them: on
    the fixture feeds' and wires' stories longer than that, the answer reading the whole opening."""
    from scrapers.formats import parse_bytes
    from scrapers.tagging import language as lang

    def whole_opening(text: str) -> str:  # detect_quick before the first read
        opening = text[:lang.OPENING]
        code = lang._cld2(opening)
        return lang._out(code) if code else lang.detect(opening, quick=True)[0]

    texts = [f"{a.headline}\n{a.body or a.summary}" for d in ("rss", "wire-xml", "wire-text")
             for path in sorted((FIXTURES / d).iterdir()) if path.suffix != ".md"
             for a in parse_bytes(path.read_bytes(), source=path.name, feed_language="en") if hasattr(a, "headline")]
    long = [t for t in texts if len(t) > lang.CLD_FIRST]
    assert len(long) >= 30  # 41 stories in 8 languages when written
    assert sum(bool(lang._cld2(t[:lang.CLD_FIRST])) for t in long) >= len(long) // 2  # the first read answers
    assert [lang.detect_quick(t) for t in long] == [whole_opening(t) for t in long]


@pytest.mark.parametrize("text", [
    "", "12 34 56", "U.S. general says North Korea #0", "ab 12 cd 34 ef 56 gh 78 ij 90 kl", "ab 12 cd 34 ef 56 gh",
    "A1B2C3D4E5F6G7H8I9J0K1L2", "a" * 11 + " " * 20 + "b", "Москва готовит ответ", "ÉÉÉÉÉÉ 123 ÉÉÉÉÉÉ",
    "x_y_z_1_2_3 ½ ² Ⅻ ab" + "é" * 12, "__________________________abcdefghijkl", "\n\t" * 20 + "abcdefghijkl",
])
def test_letters_are_counted_alike_on_ascii_and_any_other_text(text):
    """The ASCII head settled in C gives the answer of counting every letter."""
    from scrapers.tagging.language import MIN_LETTERS, _has_letters

    assert _has_letters(text) == (sum(ch.isalpha() for ch in text) >= MIN_LETTERS)
