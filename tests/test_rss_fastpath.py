"""The lxml fast path of the RSS parser gives exactly feedparser's records, or steps aside.

Every feed is parsed both ways (`RSSParser.parse`, which takes the fast path when it can, and
`RSSParser.parse_feedparser`) and the records are compared field by field.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scrapers.formats import parse_bytes
from scrapers.formats.base import ParseError
from scrapers.formats.rss import RSSParser, _fast_entries

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "bench"))


def _records(articles):
    return [a.to_json() for a in articles]


def both(data: bytes) -> tuple[list, list]:
    p = RSSParser()
    return _records(p.parse(data, source="s")), _records(p.parse_feedparser(data, source="s"))


def _rss(items: str, extra_ns: str = "", channel: str = "") -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/' "
            "xmlns:media='http://search.yahoo.com/mrss/' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
            "xmlns:feedburner='http://rssnamespace.org/feedburner/ext/1.0' xmlns:atom='http://www.w3.org/2005/Atom' "
            f"{extra_ns}><channel><title>T</title><link>http://x/</link><description>d</description>{channel}"
            f"{items}</channel></rss>").encode()


CORPUS = sorted(str(p.relative_to(FIX)) for p in (FIX / "rss").iterdir())


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_feeds_fast_path_equals_feedparser(name):
    data = (FIX / name).read_bytes()
    fast, slow = both(data)
    assert fast == slow
    assert len(fast) > 0


@pytest.mark.parametrize("name", ["rss/reuters-topnews-2017-03-20.xml", "rss/reuters-worldnews-2018-01-30.xml",
                                  "rss/wenn-atom-2015-01-30.xml"])
def test_corpus_feeds_take_the_fast_path(name):
    assert _fast_entries((FIX / name).read_bytes()) is not None


def test_bench_feeds_equal():
    import parse_bench
    import store_bench
    import random

    data = parse_bench.generated_rss(200)
    assert _fast_entries(data) is not None
    fast, slow = both(data)
    assert fast == slow
    items = store_bench.sample_items()
    data = store_bench.build_payload(100, 0, items, random.Random(3))
    assert _fast_entries(data) is not None
    fast, slow = both(data)
    assert fast == slow and len(fast) == 100


FEEDS = {
    "rdf": b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://example.com/"><title>T</title><link>http://example.com/</link><description>d</description>
  <dc:language>en</dc:language></channel>
 <item rdf:about="http://example.com/a1"><title>Quake hits</title><link>http://example.com/a1</link>
  <description>TOKYO (Kyodo) -- A strong earthquake struck.</description>
  <dc:creator>Jane Roe</dc:creator><dc:date>2020-03-01T10:00:00+09:00</dc:date><dc:subject>Disasters</dc:subject></item>
 <item rdf:about="urn:x:2"><title></title><title>Second</title><dc:date>bad date</dc:date></item>
</rdf:RDF>""",
    "atom": """<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr_CA"><title>f</title><id>urn:f</id>
<updated>2021-05-01T12:00:00Z</updated>
<entry><id>urn:e1</id><title type="html">Titre &amp;lt;b&amp;gt;</title><link rel="alternate" href="https://ex.fr/a?utm_source=x"/>
<link rel="enclosure" href="https://ex.fr/a.mp3"/>
<updated>2021-05-01T12:00:00Z</updated><published>2021-04-30T10:00:00+02:00</published>
<author><name>Anne</name><email>anne@ex.fr</email></author>
<category term="Politique" scheme="urn:s" label="Pol"/><category term="Politique" scheme="urn:s" label="Pol"/>
<summary>Résumé court.</summary>
<content type="html" xml:lang="de">&lt;p&gt;PARIS, 1 mai (AFP) - Premier.&lt;/p&gt;</content>
</entry>
<entry><id>https://ex.fr/b</id><title>Deux</title><content type="text">Texte</content><summary>Texte</summary>
<author><email>x@ex.fr</email></author></entry>
<entry xml:lang=""><id>https://ex.fr/c</id><link href="https://ex.fr/c2"/><title>Trois</title>
<summary>s1</summary><summary>s2</summary><author><uri>https://ex.fr/u</uri></author></entry>
</feed>""".encode(),
    "rss_quirks": _rss("""
<item><title>A &amp; B</title><link>http://ex.com/a?x=1&amp;y=2&amp;z;=3</link><guid>http://ex.com/g1</guid>
 <description>&lt;p&gt;Desc &#233;t&#xe9;&lt;/p&gt;</description><content:encoded><![CDATA[<p>Full body</p>]]></content:encoded>
 <dc:creator>Jo Bloggs</dc:creator><author>jo@ex.com (Jo)</author><category domain="d1">C1</category><category>C1</category>
 <category>C2</category><dc:subject>S</dc:subject><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
 <media:content url="http://ex.com/i.jpg" type="IMAGE/JPEG"/><media:thumbnail url="http://ex.com/t.jpg"/>
 <media:credit role="photographer">AP Photo</media:credit><feedburner:origLink>http://orig.ex.com/a</feedburner:origLink>
 <comments>http://ex.com/c</comments><enclosure url="http://ex.com/e.mp3" length="1" type="audio/mpeg"/>
 <foo:bar xmlns:foo="urn:foo"><foo:baz>x</foo:baz></foo:bar></item>
<item><guid isPermaLink="false">id-2</guid><title>  Spaced  </title><content:encoded>Only content</content:encoded>
 <dc:date>2003-06-10T04:00:00-05:00</dc:date><language>de-DE</language><media:thumbnail>http:///ex.com/t2.jpg</media:thumbnail></item>
<item><guid>http:///ex.com/g3</guid><link>http://ex.com/l3</link><description>One</description><description>Two</description>
 <title>Caf\u00c3\u00a9 \u0093quoted\u0094</title><pubDate>not a date</pubDate><source url="http://s/">Src</source><title>Later</title></item>
<item><description>no guid, no link</description><atom:link href="http://ex.com/atomlink"/></item>
""", channel="<language>en-gb</language><image><url>http://x/i.png</url><title>i</title><link>http://x/</link></image>"),
}


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_dialects_fast_path_equals_feedparser(name):
    data = FEEDS[name]
    assert _fast_entries(data) is not None, name
    fast, slow = both(data)
    assert fast == slow


FALLBACK = {
    "xhtml content": b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title><id>urn:f</id>
<entry><id>urn:e1</id><title>T</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>P.</p></div></content></entry></feed>""",
    "markup in title": _rss("<item><title>A <b>bold</b> title</title><guid>g</guid></item>"),
    "itunes": _rss("<item><title>A</title><itunes:keywords>a, b</itunes:keywords></item>",
                   extra_ns="xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd'"),
    "media group": _rss("<item><title>A</title><media:group><media:content url='http://x/1.jpg'/></media:group></item>"),
    "xml:base": _rss("<item xml:base='http://x/'><title>A</title><link>rel</link></item>"),
    "latin-1": "<?xml version='1.0' encoding='iso-8859-1'?><rss version='2.0'><channel><title>t</title><item><title>Café</title></item></channel></rss>".encode("latin-1"),
    "doctype": b"<?xml version='1.0'?><!DOCTYPE rss><rss version='2.0'><channel><title>t</title><item><title>A</title></item></channel></rss>",
    "prefix clash": _rss("<item><title>A</title><dc:x xmlns:dc='urn:other'>1</dc:x></item>"),
    "html entity": _rss("<item><title>A&nbsp;B</title></item>"),
}


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_unmodelled_feeds_fall_back_to_feedparser(name):
    data = FALLBACK[name]
    assert _fast_entries(data) is None
    p = RSSParser()
    try:
        expected = _records(p.parse_feedparser(data, source="s"))
    except ParseError as exc:
        with pytest.raises(ParseError, match=str(exc)[:20]):
            p.parse(data, source="s")
        return
    assert _records(p.parse(data, source="s")) == expected


def test_malformed_feed_falls_back_and_keeps_items():
    data = (FIX / "broken" / "truncated-reuters.xml").read_bytes()
    assert _fast_entries(data) is None
    out = parse_bytes(data, source="broken")
    expected = parse_bytes(data, source="broken")  # deterministic
    assert [getattr(r, "headline", None) for r in out] == [getattr(r, "headline", None) for r in expected]
    p = RSSParser()
    try:
        slow = _records(p.parse_feedparser(data, source="s"))
    except ParseError:
        with pytest.raises(ParseError):
            p.parse(data, source="s")
    else:
        assert _records(p.parse(data, source="s")) == slow


def test_hostile_rss_still_refused():
    data = (FIX / "hostile" / "xxe-rss.xml").read_bytes()
    out = parse_bytes(data, source="x")
    assert "entit" in out[0].error.lower()
