"""Article pages for summary-only feeds: fetch the page, take its main text, keep the summary.

Only feeds with `fetch_pages: true` in config/feeds.yml come here. Pages go through
`Fetcher.fetch_page`, so robots.txt is obeyed and the host's politeness limits apply.
Text extraction is `scrapers.formats.html_page` (trafilatura plus page metadata); this
module adds no second extractor. A page that cannot be had (robots, HTTP error, no
article text) leaves the article as the feed gave it: the summary is never lost.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterable

from scrapers.fetch import Fetcher
from scrapers.formats.base import ParseError
from scrapers.formats.html_page import HTMLPageParser
from scrapers.record import Article, normalise_for_hash

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 300  # a body shorter than this is a teaser, not the story


def extract_page(html: bytes, url: str) -> Article | None:
    """The article on an HTML page (main text by trafilatura), or None when there is none."""
    try:
        found = HTMLPageParser().parse(html, source=url)
    except ParseError as exc:
        log.info("page %s: %s", url, exc)
        return None
    return found[0] if found else None


def is_summary_only(article: Article, min_body_chars: int = MIN_BODY_CHARS) -> bool:
    """True when the feed gave no real story text: no body, the summary again, or a teaser."""
    body = normalise_for_hash(article.body)
    if not body:
        return True
    return body == normalise_for_hash(article.summary) or len(body) < min_body_chars


def enrich_with_pages(articles: Iterable[Article], fetcher: Fetcher, *,
                      skip_urls: Collection[str] = (), max_pages: int = 100,
                      min_body_chars: int = MIN_BODY_CHARS) -> list[Article]:
    """Replace summary-only bodies with the text of the article page; keep the rest unchanged.

    The input articles are not modified; each returned one records the page outcome in
    `extra["page"]`. `skip_urls` (pages already fetched on an earlier run) and `max_pages`
    keep a large or frequently polled feed from re-fetching the same pages every cycle.
    """
    out, fetched = [], 0
    for article in articles:
        if not article.url or not is_summary_only(article, min_body_chars) or article.url in skip_urls:
            out.append(article)
            continue
        if fetched >= max_pages:
            out.append(_note(article, status="skipped", error=f"more than {max_pages} pages in one batch"))
            continue
        fetched += 1
        out.append(_with_page(article, fetcher))
    return out


def _with_page(article: Article, fetcher: Fetcher) -> Article:
    """The article with the page's text as body, or unchanged (with the reason) when it can't be had."""
    res = fetcher.fetch_page(article.url)
    if res.status != "ok":
        return _note(article, status="failed", error=res.error, http_status=res.http_status)
    page = extract_page(res.body, res.final_url or article.url)
    if page is None or len(page.body) <= len(article.body or article.summary):
        return _note(article, status="no_text", url=res.final_url)
    return merge_page(article, page, res.final_url)


def merge_page(article: Article, page: Article, page_url: str) -> Article:
    """The feed item with the page's text as body; the feed's own fields win where it has them.

    Also used to re-apply a page stored on an earlier poll, so a re-poll changes nothing.
    """
    extra = {**article.extra, "page": {"status": "ok", "url": page_url}}
    return dataclasses.replace(
        article,
        body=page.body,
        summary=article.summary or article.body,  # the feed's text stays as the summary
        byline=article.byline or page.byline,
        language=article.language or page.language,
        published=article.published or page.published,
        extra=extra,
    )


def _note(article: Article, **page: object) -> Article:
    return dataclasses.replace(article, extra={**article.extra, "page": {k: v for k, v in page.items() if v}})
