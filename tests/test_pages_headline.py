"""Article pages: the extractor's copy of the headline is trimmed, the lead never is."""
from scrapers.formats.html_page import HTMLPageParser, _after_headline
from tests.conftest import FIXTURES

HEADLINE = "China's economy is sending mixed signals"


def test_a_lead_above_the_headline_copy_is_kept():
    body = (f"Hong Kong (CNN Business)A muddled view of China's economy emerged on Monday.\n\n{HEADLINE}\n\n"
            "Retail sales grew faster than expected in November.")
    assert _after_headline(body, HEADLINE) == ("Hong Kong (CNN Business)A muddled view of China's economy emerged "
                                               "on Monday.\n\nRetail sales grew faster than expected in November.")


def test_furniture_above_the_headline_copy_goes_with_it():
    body = f"Sponsored Links\n\nTry our new app today.\n\n{HEADLINE}\n\nHONG KONG (Reuters) - Retail sales grew."
    assert _after_headline(body, HEADLINE) == "HONG KONG (Reuters) - Retail sales grew."


def test_a_body_without_the_headline_is_unchanged():
    body = "HONG KONG (Reuters) - Retail sales grew.\n\nMore text."
    assert _after_headline(body, HEADLINE) == body


def test_real_page_starts_at_its_lead():
    page = HTMLPageParser().parse((FIXTURES / "html/reuters-article-knight-capital-2012.html").read_bytes())[0]
    assert page.headline == "Knight trading loss shows cracks in equity markets"
    assert page.body.startswith("(Reuters) - The software glitch that cost Knight Capital Group $440 million")
    assert page.byline == "Jed Horowitz; Joseph Menn"  # from trafilatura's metadata: the page has no author tag
