"""Every record carries a language: declared by the item, else by its feed, else detected."""
import pytest

from scrapers.normalise import normalise
from scrapers.record import Article

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
