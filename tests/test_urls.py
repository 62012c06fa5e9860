"""canonical_url: one key for the same story under different spellings, distinct stories kept apart."""
import pytest

from scrapers.urls import canonical_url


@pytest.mark.parametrize("a,b", [
    ("HTTP://Example.COM:80/a/b", "https://example.com/a/b"),
    ("https://www.example.com/story", "https://example.com/story"),
    ("https://example.com./story#comments", "https://example.com/story"),
    ("https://example.com/story?utm_source=rss&utm_medium=feed", "https://example.com/story"),
    ("https://example.com/s?fbclid=abc&id=5&gclid=x", "https://example.com/s?id=5"),
    ("https://example.com/s?b=2&a=1", "https://example.com/s?a=1&b=2"),
    ("https://example.com:443/x/../y/./z", "https://example.com/y/z"),
    ("https://example.com/%7euser/%41", "https://example.com/~user/A"),
    ("https://ria.example/новости/1", "https://ria.example/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"),
    ("https://ria.example/%d0%bd/1", "https://ria.example/%D0%BD/1"),
    ("https://BÜCHER.example/a", "https://xn--bcher-kva.example/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/?", "https://example.com/"),
    ("  https://example.com/a  ", "https://example.com/a"),
])
def test_same_story_same_key(a, b):
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize("a,b", [
    ("https://example.com/story?id=1", "https://example.com/story?id=2"),
    ("https://example.com/a", "https://example.com/b"),
    ("https://example.com:8080/a", "https://example.com/a"),
    ("https://news.example.com/a", "https://example.com/a"),
    ("https://example.com/a%2Fb", "https://example.com/a/b"),  # an escaped slash is not a path separator
])
def test_different_stories_stay_apart(a, b):
    assert canonical_url(a) != canonical_url(b)


def test_exact_form():
    assert canonical_url("http://WWW.Example.com/News/Story.html?utm_campaign=x&page=2#top") == \
        "https://example.com/News/Story.html?page=2"


@pytest.mark.parametrize("url", ["", "   ", None])
def test_empty(url):
    assert canonical_url(url) == ""


@pytest.mark.parametrize("url", ["mailto:desk@example.com", "urn:uuid:1234", "tag:ap.org,2024:1", "http://[::1"])
def test_non_http_is_returned_as_is(url):
    assert canonical_url(url) == url


def test_idempotent():
    for url in ["https://www.example.com/a/../b?utm_x=1&z=%41&a=b c", "https://ria.example/новости?q=мир"]:
        once = canonical_url(url)
        assert canonical_url(once) == once
