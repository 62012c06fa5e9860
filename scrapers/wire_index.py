"""An agency's HTTP drop folder: the file links of a directory index page (Apache/nginx autoindex,
Python's http.server, or any page listing wire files), so it can be polled like a feed."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import lxml.html


def is_index_url(url: str) -> bool:
    """A `wire_url` ending in '/' names a folder of wire files, anything else one wire document."""
    return urlsplit(url).path.endswith("/")


def index_links(page: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the files listed below `base_url`, in page order, without repeats.

    Sub-folders, parent links, sort links (`?C=N;O=D`) and links leaving the folder are skipped.
    """
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return []
    links: list[str] = []
    for href in doc.xpath("//a/@href"):
        url = urljoin(base_url, str(href).strip()).split("#", 1)[0]
        parts = urlsplit(url)
        if (not url.startswith(base_url) or url == base_url or parts.query or parts.path.endswith("/")
                or url in links):
            continue
        links.append(url)
    return links
