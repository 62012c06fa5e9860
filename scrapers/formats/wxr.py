"""WordPress eXtended RSS (WXR) exports: an RSS 2.0 channel with ``wp:`` post records.

Only posts and pages (and custom post types) are stories: attachments, menu items, revisions
and other ``wp_*`` records are skipped. Bodies are ``content:encoded`` HTML with WordPress
shortcodes stripped (``[dropcap]M[/dropcap]`` -> ``M``; ``[embed]…[/embed]`` dropped).
``wp:post_date_gmt`` is UTC; a draft's is ``0000-00-00 00:00:00`` and ``wp:post_date`` (site local
time, no offset: the feed's ``timezone:``) is used. ``wp:status``: publish -> usable, future ->
embargoed until the post date, trash -> withdrawn, draft / pending / private -> withdrawn.
"""
from __future__ import annotations

import re

from scrapers import safexml
from scrapers.formats._util import child, html_fragment_text, kids, local, parse_datetime, text, xml_root
from scrapers.formats.base import ParseError
from scrapers.record import Article, Subject

_WP_NS = re.compile(rb'xmlns:wp\s*=\s*["\']http://wordpress\.org/export/')
_SKIP_TYPES = {"attachment", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache",
               "user_request", "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation"}
_STATUS = {"publish": "usable", "future": "embargoed", "trash": "withdrawn", "draft": "withdrawn",
           "pending": "withdrawn", "private": "withdrawn", "auto-draft": "withdrawn", "inherit": "usable"}
_DROP_SHORTCODES = re.compile(r"\[(embed|video|audio|gallery|playlist)\b[^\]]*\](?:.*?\[/\1\])?", re.S | re.I)
_SHORTCODE = re.compile(r"\[/?[A-Za-z_][\w-]*(?:\s[^\[\]]*)?/?\]")


class WXRParser:
    """WordPress export files (RSS with the wp: export namespace)."""

    name = "wxr"

    def can_parse(self, data: bytes) -> bool:
        return safexml.sniff_root(data)[0] == "rss" and bool(_WP_NS.search(data[:8192]))

    def parse(self, data: bytes, source: str = "") -> list[Article]:
        root = xml_root(data)
        channel = child(root, "channel")
        if local(root) != "rss" or channel is None:
            raise ParseError(f"not a WordPress export (root <{local(root)}>)")
        authors = {text(child(a, "author_login")): text(child(a, "author_display_name"))
                   for a in kids(channel, "author")}
        language = text(child(channel, "language"))
        out = [self._item(item, authors, language, source) for item in kids(channel, "item")
               if text(child(item, "post_type")) not in _SKIP_TYPES]
        if not out:
            raise ParseError("WordPress export without posts (attachments and menu items are skipped)")
        return out

    def _item(self, item, authors: dict[str, str], language: str, source: str) -> Article:
        a = Article(format=self.name, source=source, language=language)
        a.guid = text(child(item, "guid")) or "wp:" + text(child(item, "post_id"))
        a.url = text(child(item, "link"))
        a.headline = text(child(item, "title"))
        a.body = html_fragment_text(strip_shortcodes(_raw(item, "encoded", "content")))
        a.summary = html_fragment_text(strip_shortcodes(_raw(item, "encoded", "excerpt")))
        login = text(child(item, "creator"))
        a.byline = authors.get(login) or login
        gmt = text(child(item, "post_date_gmt"))
        if gmt and not gmt.startswith("0000"):
            a.published = parse_datetime(gmt.replace(" ", "T") + "Z")
        else:
            a.published = parse_datetime(text(child(item, "post_date")))
        a.status = _STATUS.get(text(child(item, "status")), "usable")
        if a.status == "embargoed":
            a.embargoed_until = a.published
        for c in kids(item, "category"):
            scheme = "keyword" if c.get("domain") == "post_tag" else "category"
            if text(c):
                a.subjects.append(Subject(code=c.get("nicename") or text(c), name=text(c), scheme=scheme))
        a.extra["post_type"] = text(child(item, "post_type"))
        return a


def _raw(item, name: str, prefix: str) -> str:
    """The text of content:encoded / excerpt:encoded (same local name, told apart by namespace)."""
    for el in kids(item, name):
        if prefix in (el.tag.split("}")[0] if "}" in el.tag else ""):
            return el.text or ""
    return ""


def strip_shortcodes(html: str) -> str:
    """WordPress shortcodes out, their enclosed text kept ('[dropcap]M[/dropcap]any' -> 'Many')."""
    if "[" not in html:
        return html
    return _SHORTCODE.sub("", _DROP_SHORTCODES.sub("", html))
