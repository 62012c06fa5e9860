"""The lxml fast path of the RSS parser gives exactly feedparser's records, or steps aside.

Every feed is parsed both ways (`RSSParser.parse`, which takes the fast path when it can, and
`RSSParser.parse_feedparser`) and the records are compared field by field.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scrapers.formats import parse_bytes
from scrapers.formats._rss_fast import fast_entries as _fast_entries
from scrapers.formats.base import ParseError
from scrapers.formats.rss import RSSParser

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


# ---- randomised feeds: many element orders, duplicates, attributes, quirky text -----------------

NS = ("xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:media='http://search.yahoo.com/mrss/' "
      "xmlns:content='http://purl.org/rss/1.0/modules/content/' xmlns:feedburner='http://rssnamespace.org/feedburner/ext/1.0' "
      "xmlns:atom='http://www.w3.org/2005/Atom' xmlns:x='urn:x' xmlns:dcterms='http://purl.org/dc/terms/' xmlns:slash='http://purl.org/rss/1.0/modules/slash/'")
TEXTS = ["", "  ", "Plain", " padded ", "A &amp; B", "&lt;p&gt;Para&lt;/p&gt;", "<![CDATA[<b>x</b> & y]]>", "Caf\u00c3\u00a9", "\u00e9t\u00e9",
         "&#150; dash", "&#x93;q&#x94;", "LONDON (Reuters) - Text.", "jo@ex.com (Jo)", "http://ex.com/a?x=1&amp;y=2", "http:///ex.com/b",
         "urn:x:1", "x&amp;amp;y", "line1\nline2", "\u201cq\u201d", "&#13;cr", "a\u00a0b"]
DATES = ["Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00-05:00", "10 Jun 03 04:00 EST", "bad", "", "2020-02-30T00:00:00Z",
         "Mon, 20 Mar 2017 20:49:30 -0400", "2015-01-30", "Sun, 31 Dec 1899 23:59:59 +1400"]

CLANG = ['', ' xml:lang="it"']
NS_NOATOM = NS.replace(" xmlns:atom='http://www.w3.org/2005/Atom'", "")
def t(rng): return rng.choice(TEXTS)
def attrs(rng, names):
    out = []
    for n in names:
        if rng.random() < 0.4:
            out.append(f" {n}=\"{rng.choice(['', 'x', 'http://ex.com/v', 'true', 'false', 'TEXT', 'html', 'text/html', 'alternate', 'self', 'enclosure', 'Foo'])}\"")
    return "".join(out)

def rss_item(rng):
    els = []
    for _ in range(rng.randint(0, 14)):
        k = rng.randrange(24)
        if k == 0: els.append(f"<title{attrs(rng,['type'])}>{t(rng)}</title>")
        elif k == 1: els.append(f"<link>{t(rng)}</link>")
        elif k == 2: els.append(f"<guid{attrs(rng,['isPermaLink'])}>{t(rng)}</guid>")
        elif k == 3: els.append(f"<description>{t(rng)}</description>")
        elif k == 4: els.append(f"<content:encoded>{t(rng)}</content:encoded>")
        elif k == 5: els.append(f"<pubDate>{rng.choice(DATES)}</pubDate>")
        elif k == 6: els.append(f"<dc:date>{rng.choice(DATES)}</dc:date>")
        elif k == 7: els.append(f"<dc:creator>{t(rng)}</dc:creator>")
        elif k == 8: els.append(f"<author>{t(rng)}</author>")
        elif k == 9: els.append(f"<category{attrs(rng,['domain','term','label','scheme'])}>{t(rng)}</category>")
        elif k == 10: els.append(f"<dc:subject>{t(rng)}</dc:subject>")
        elif k == 11: els.append(f"<media:content{attrs(rng,['url','type','href','medium'])}/>")
        elif k == 12: els.append(f"<media:thumbnail{attrs(rng,['url','width'])}>{t(rng) if rng.random()<0.5 else ''}</media:thumbnail>")
        elif k == 13: els.append(f"<media:credit{attrs(rng,['role','scheme'])}>{t(rng)}</media:credit>")
        elif k == 14: els.append(f"<feedburner:origLink>{t(rng)}</feedburner:origLink>")
        elif k == 15: els.append(f"<language>{rng.choice(['en','de-DE','fr_CA','',' sv '])}</language>")
        elif k == 16: els.append(f"<dc:language>{rng.choice(['en','no'])}</dc:language>")
        elif k == 17: els.append(f"<x:foo{attrs(rng,['a'])}>{t(rng)}<x:bar>1</x:bar></x:foo>")
        elif k == 18: els.append(f"<atom:link{attrs(rng,['href','rel','type','url'])}/>")
        elif k == 19: els.append(f"<source{attrs(rng,['url'])}>{t(rng)}</source>")
        elif k == 20: els.append(f"<comments>{t(rng)}</comments><slash:comments>3</slash:comments>")
        elif k == 21: els.append(f"<dcterms:modified>{rng.choice(DATES)}</dcterms:modified>")
        elif k == 22: els.append(f"<enclosure{attrs(rng,['url','type','length'])}/>")
        else: els.append(f"<description{attrs(rng,['type'])}>{t(rng)}</description>")
    lang = rng.choice(["", "", " xml:lang='de'", " xml:lang=''"])
    return f"<item{lang}>{''.join(els)}</item>"

def atom_entry(rng):
    els = []
    for _ in range(rng.randint(0, 12)):
        k = rng.randrange(14)
        if k == 0: els.append(f"<title{attrs(rng,['type'])}>{t(rng)}</title>")
        elif k == 1: els.append(f"<id>{t(rng)}</id>")
        elif k == 2: els.append(f"<link{attrs(rng,['href','rel','type'])}/>")
        elif k == 3: els.append(f"<updated>{rng.choice(DATES)}</updated>")
        elif k == 4: els.append(f"<published>{rng.choice(DATES)}</published>")
        elif k == 5:
            sub = "".join(rng.choice([f"<name>{t(rng)}</name>", f"<email>{t(rng)}</email>", f"<uri>{t(rng)}</uri>"]) for _ in range(rng.randint(0, 3)))
            els.append(f"<author>{sub}</author>")
        elif k == 6: els.append(f"<summary{attrs(rng,['type'])}>{t(rng)}</summary>")
        elif k == 7: els.append(f"<content{attrs(rng,['type'])}{rng.choice(CLANG)}>{t(rng)}</content>")
        elif k == 8: els.append(f"<category{attrs(rng,['term','scheme','label'])}/>")
        elif k == 9: els.append(f"<x:thing>{t(rng)}</x:thing>")
        elif k == 10: els.append(f"<dc:creator>{t(rng)}</dc:creator>")
        elif k == 11: els.append("<media:thumbnail url='http://ex.com/t.jpg'/>")
        else: els.append(f"<rights>{t(rng)}</rights>")
    return f"<entry>{''.join(els)}</entry>"

def random_feed(rng):
    kind = rng.choice(["rss", "rss", "atom", "rdf"])
    if kind == "rss":
        ch = rng.choice(["", "<language>en-us</language>", "<dc:language>de</dc:language>", "<image><url>http://x/i</url><title>i</title></image>"])
        root_lang = rng.choice(["", " xml:lang='fi'"])
        return (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0' {NS}{root_lang}><channel><title>T</title><link>http://x/</link>"
                f"<description>d</description>{ch}" + "".join(rss_item(rng) for _ in range(rng.randint(1, 4))) + "</channel></rss>").encode()
    if kind == "atom":
        lang = rng.choice(["", " xml:lang='en'", " xml:lang='pt_BR'"])
        return (f"<feed xmlns='http://www.w3.org/2005/Atom' {NS_NOATOM}{lang}><title>f</title><id>urn:f</id>"
                + "".join(atom_entry(rng) for _ in range(rng.randint(1, 4))) + "</feed>").encode()
    items = "".join(rss_item(rng).replace("<item", f"<item rdf:about='http://ex.com/{rng.randint(0,9)}'", 1) for _ in range(rng.randint(1, 3)))
    return (f"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/' {NS}>"
            f"<channel rdf:about='http://x/'><title>T</title><dc:language>en</dc:language></channel>{items}</rdf:RDF>").encode()



@pytest.mark.parametrize("seed", range(4))
def test_random_feeds_fast_path_equals_feedparser(seed):
    import random

    rng = random.Random(seed)
    p = RSSParser()
    fast_count = 0
    for _ in range(150):
        data = random_feed(rng)
        if _fast_entries(data) is None:
            continue
        fast_count += 1
        try:
            slow = _records(p.parse_feedparser(data, source="s"))
        except ParseError:
            slow = None
        assert slow is not None and _records(p.parse(data, source="s")) == slow, data.decode()
    assert fast_count > 50


def test_rfc822_dates_as_feedparser_reads_them():
    """The fast path's RFC 822 dates (scrapers.formats._rss_dates) are feedparser's, valid or not."""
    import datetime as dt
    import random

    from feedparser.datetimes import _parse_date

    from scrapers.formats._rss_dates import _RFC822, parse_date_utc
    from scrapers.formats.rss import _dt

    r = random.Random(822)
    fast = 0
    for _ in range(20_000):
        day = r.choice(["", "Fri, ", "mon, ", "Xyz, ", "Sun "])
        date = r.choice(["%02d" % r.randint(0, 32), str(r.randint(0, 32))])
        year = r.choice(["%04d" % r.randint(0, 9999), str(r.randint(1990, 2030)), "%02d" % r.randint(0, 99)])
        hms = "%02d:%02d:%02d" % (r.randint(0, 25), r.randint(0, 61), r.randint(0, 61))
        zone = r.choice(["+0000", "GMT", "-0500", "+0530", "+%02d%02d" % (r.randint(0, 99), r.randint(0, 99)),
                         "UT", "Z", "EST", "+00:00", ""])
        s = f"{day}{date} {r.choice(['Mar', 'DEC', 'feb', 'Foo'])} {year} {hms} {zone}".rstrip()
        fast += bool(_RFC822.fullmatch(s.lower()))
        got = parse_date_utc(s)
        assert (got.utctimetuple() if isinstance(got, dt.datetime) else got) == _parse_date(s), s
        assert repr(_dt(parse_date_utc(s))) == repr(_dt(_parse_date(s))), s  # what the fast path's entries give
    assert fast > 2000


def test_namespace_declarations_found_as_the_regex_finds_them():
    """_rss_strict._declarations (str.find to each "xmlns", then the regex) yields the matches
    _DECL_RE.finditer yields, on every fixture file and on generated runs of near-declarations."""
    import random

    from scrapers.formats._rss_strict import _DECL_RE, _declarations

    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(FIX.rglob("*")) if p.is_file()]
    pieces = ['xmlns="a"', "xmlns:x='b'", "xmlnsxmlns:a='c'", 'xmlns:a = "x"xmlns:b="y"', "xmlns", "xmlns:",
              'xmlns:a="', "xxmlns:a='1' xmlns='2'", " ", "<a ", ">", '"', "'"]
    rng = random.Random(3)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12))) for _ in range(5000)]
    for t in texts:
        want = [(m.start(), m.end(), m.groups()) for m in _DECL_RE.finditer(t)]
        assert [(m.start(), m.end(), m.groups()) for m in _declarations(t)] == want, t[:200]


def test_payload_bytes_kept_as_they_are_when_valid():
    """recover's UTF-8 mend returns ASCII and valid UTF-8 payloads themselves (no copy), mends a few
    invalid bytes; the strict tree from the caller's bytes is the tree from the text re-encoded."""
    from lxml import etree

    from scrapers import safexml
    from scrapers.recover import _mend_utf8

    ascii_feed = _rss("<item><title>a &amp; b</title><description>&lt;p&gt;x&lt;/p&gt;</description></item>")
    utf8_feed = ascii_feed.replace(b"a &amp; b", "Zürich – ok".encode())
    assert _mend_utf8(ascii_feed) is ascii_feed and _mend_utf8(utf8_feed) is utf8_feed
    damaged = utf8_feed.replace(b"ok", b"o\xffk")
    assert _mend_utf8(damaged) == utf8_feed.replace(b"ok", "o\ufffdk".encode())
    for data in (ascii_feed, utf8_feed):
        text = data.decode("utf-8")
        assert etree.tostring(safexml.parse_xml_text(text, encoded=data)) == \
            etree.tostring(safexml.parse_xml_text(text))
