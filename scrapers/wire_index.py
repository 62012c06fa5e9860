"""An agency's HTTP drop folder: the file links of a directory index page (Apache/nginx autoindex,
Python's http.server, or any page listing wire files), so it can be polled like a feed."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html

_DOT_ESCAPE = re.compile(r"%2e", re.I)


def is_index_url(url: str) -> bool:
    """A `wire_url` ending in '/' names a folder of wire files, anything else one wire document."""
    return urlsplit(url).path.endswith("/")


def resolved(url: str) -> str:
    """`url` with its dot segments resolved, escaped ones (`%2e%2e`) included, as a server would."""
    parts = urlsplit(url)
    path = _DOT_ESCAPE.sub(".", parts.path)
    clean = posixpath.normpath(path) if path else "/"
    if clean.startswith("//"):
        clean = "/" + clean.lstrip("/")
    if path.endswith("/") and not clean.endswith("/"):
        clean += "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), clean, parts.query, ""))


def index_links(page: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the files listed in the folder `base_url`, in page order, once each.

    Sub-folders, parent links, sort links (`?C=N;O=D`) and links leaving the folder are skipped;
    a link is judged after its dot segments are resolved, so `../x` or `%2e%2e/x` cannot escape,
    and links with an escaped slash or a backslash (separators to some servers) are refused.
    """
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return []
    folder = resolved(base_url)
    links: list[str] = []
    for href in doc.xpath("//a/@href"):
        url = urljoin(base_url, str(href).strip()).split("#", 1)[0]
        if "\\" in url or "%5c" in url.lower() or "%2f" in url.lower():  # encoded or DOS separators
            continue
        target = resolved(url)
        parts = urlsplit(target)
        if (not target.startswith(folder) or target == folder or parts.query or parts.path.endswith("/")
                or target in links):
            continue
        links.append(target)
    return links
