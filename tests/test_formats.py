"""Format detection and parsing for every corpus file, plus hostile inputs.

Expected values were written by hand from reading each fixture file (see tests/fixtures/SOURCES.md),
not captured from parser output. "body" is the expected opening of the body. A key that is absent
is not checked; "" means the field must be empty.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scrapers.formats import detect, parse_bytes
from scrapers.record import Article, ParseFailure

FIX = Path(__file__).parent / "fixtures"
UTC = dt.timezone.utc


def tz(hours: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


# file -> (format, number of records, expected fields of the first record)
CASES: dict[str, tuple[str, int, dict]] = {
    "rss/reuters-topnews-2017-03-20.xml": ("rss", 10, dict(
        guid="http://www.reuters.com/article/us-usa-trump-russia-idUSKBN16R077?feedType=RSS&feedName=topNews",
        url="http://www.reuters.com/article/us-usa-trump-russia-idUSKBN16R077?feedType=RSS&feedName=topNews",
        headline="FBI head confirms Russia election probe, says Moscow backed Trump", byline="",
        summary="WASHINGTON (Reuters) - FBI Director James Comey on Monday confirmed",
        city="Washington", agency="Reuters", dateline_date="",
        published=dt.datetime(2017, 3, 20, 20, 49, 30, tzinfo=tz(-4)), language="en",
        subjects=[("category", "topNews")], priority=None)),
    "rss/reuters-worldnews-2018-01-30.xml": ("rss", 10, dict(
        headline="U.S. general says North Korea not demonstrated all components of ICBM",
        url="http://www.reuters.com/article/us-northkorea-missiles-usa/u-s-general-says-north-korea-not-demonstrated-all-components-of-icbm-idUSKBN1FJ23Z?feedType=RSS&feedName=worldNews",
        summary="WASHINGTON (Reuters) - North Korea's nuclear program has made strides",
        city="Washington", agency="Reuters", dateline_date="", language="en",
        published=dt.datetime(2018, 1, 30, 12, 29, 57, tzinfo=tz(-5)), subjects=[("category", "worldNews")])),
    "rss/wenn-atom-2015-01-30.xml": ("rss", 2, dict(
        guid="urn:feed-wenn-com:newsfeedarticle:2:2222:1", url="",
        headline="Suge Knight involved in fatal hit and run incident", body="This is body content1.",
        city="", agency="", published=dt.datetime(2015, 1, 30, 0, 33, 6, tzinfo=UTC), language="en",
        subjects=[("category", "Music")])),
    "wire-xml/dpa-newsmlg2-de-athen.xml": ("newsml-g2", 1, dict(
        guid="urn:newsml:dpa.com:20090101:190603-99-492251",
        headline="Mehr als 200 Migranten in der Ägäis aufgegriffen", byline="",
        body="Athen (dpa) - Ungeachtet der EU-Vereinbarung mit der Türkei", city="Athen", agency="dpa",
        dateline_date="", published=dt.datetime(2019, 6, 3, 15, 0, 1, tzinfo=tz(2)), language="de",
        subjects=[("medtop", "20000634"), ("subj", "11017000"), ("medtop", "20000645"), ("keyword", "Meiden")],
        priority=4)),
    "wire-xml/ansa-newsmlg2-it-culture.xml": ("newsml-g2", 1, dict(
        guid="tag:ansa.it,2019-07-01:fd66854b6f8fcf6e0f9dd3792d86ae2e", headline="TEST FROM XAWES",
        body="(ANSA) - ROMA, 1 LUG - TEST FROM XAWES", city="Roma", agency="ANSA",
        published=dt.datetime(2019, 7, 1, 8, 21, tzinfo=UTC), language="it",
        subjects=[("subj", "02003003"), ("subj", "02000000")], priority=4, dateline_resolved=dt.date(2019, 7, 1))),
    "wire-xml/reuters-newsmlg2-kbn0fl0nm.xml": ("newsml-g2", 1, dict(
        guid="tag_reuters.com_2014_newsml_KBN0FL0NM",
        headline="Confident Assad launches new term in stronger position", byline="Marwan Makdisi", body="",
        city="", agency="Reuters", dateline_date="", published=dt.datetime(2014, 7, 16, 8, 10, 15, tzinfo=UTC),
        language="en", subjects=[("N2", "SY"), ("subj", "11001002")], priority=4)),
    "wire-xml/reuters-newsmlg2-mtzxee13zxczes.xml": ("newsml-g2", 1, dict(
        guid="tag:reuters.com,2018:newsml_MTZXEE13ZXCZES", headline="Primeira Liga Results",
        body="Jan 3 (OPTA) - Results and fixtures for the Primeira Liga on Wednesday", city="",
        agency="Opta", dateline_date="Jan 3", dateline_resolved=dt.date(2018, 1, 3),
        published=dt.datetime(2018, 1, 3, 20, 13, 8, tzinfo=UTC), language="en",
        subjects=[("N2", "SOC"), ("subj", "15054000")], priority=4)),
    "wire-xml/reuters-newsmlg2-with-byline.xml": ("newsml-g2", 1, dict(
        guid="tag:reuters.com,2018:newsml_MT1VRT1202671839",
        headline="SAG Awards: 'Big Little Lies' Wins for Nicole Kidman, Alexander Skarsgard", byline="Dave McNary",
        body="LOS ANGELES (Variety.com) - The 24th Annual Screen Actors Guild Awards", city="Los Angeles",
        agency="Variety.com", dateline_date="", published=dt.datetime(2018, 1, 22, 1, 44, 24, tzinfo=UTC),
        language="en", subjects=[("N2", "FLM"), ("subj", "01005000"), ("literal", "SAG Awards")], priority=3)),
    "wire-xml/reuters-newsmlg2-byline-startswith-by.xml": ("newsml-g2", 1, dict(
        guid="tag:reuters.com,2018:newsml_MT1VRT1202671819",
        headline="William H. Macy at SAG Awards: 'It's Hard to Be a Man These Days'", byline="Daniel Holloway",
        body="LOS ANGELES (Variety.com) - William H. Macy revealed Sunday", city="Los Angeles",
        agency="Variety.com", published=dt.datetime(2018, 1, 22, 2, 1, 43, tzinfo=UTC), language="en",
        subjects=[("N2", "TELE"), ("subj", "01016000")], priority=3)),
    "wire-xml/stt-newsmlg2-alcohol.xml": ("newsml-g2", 1, dict(
        guid="urn:newsml:stt.fi:20171219:101801633",
        headline="Parliament passed the Alcohol Act and the government gained confidence",
        body="*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***", city="Helsinki", byline="",
        published=dt.datetime(2017, 12, 19, 10, 33, 4, tzinfo=tz(2)), language="fi",
        subjects=[("sttdepartment", "9")], priority=3)),
    "wire-xml/tt-newsmlg2.xml": ("newsml-g2", 1, dict(
        guid="urn:newsml:tt.se:20171220:TT:585167:0", headline="Polen: EU hämnas för flyktingmotstånd",
        byline="Wiktor Nummelin", byline_title="TT", body="För första gången sedan EU:s Lissabonfördrag trädde i kraft",
        city="Bryssel", published=dt.datetime(2017, 12, 20, 14, 46, 21, tzinfo=tz(1)), language="sv",
        subjects=[("literal", "TT:11000000:POL")], priority=4)),
    "wire-xml/afp-newsml12-en-burkinafaso.xml": ("newsml-1.2", 1, dict(
        guid="urn:newsml:afp.com:20171220T134757Z:TX-PAR-NBK16:1",
        headline="Burkina Faso bans imports from North Korea", byline="",
        body="Burkina Faso is banning imports from North Korea to comply with tough UN economic sanctions",
        city="Ouagadougou", agency="AFP", dateline_date="Dec 20, 2017", dateline_resolved=dt.date(2017, 12, 20),
        published=dt.datetime(2017, 12, 20, 13, 47, 57, tzinfo=UTC), language="en",
        subjects=[("subj", "11014000"), ("subj", "04000000"), ("keyword", "NKorea")], priority=4)),
    "wire-xml/afp-newsml12-fr-strasbourg.xml": ("newsml-1.2", 1, dict(
        guid="urn:newsml:afp.com:20240710:240710125902.qpsp2jzk:1",
        headline="Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée",
        body="L'opératrice du Samu condamnée pour non-assistance à personne en danger", city="Strasbourg",
        agency="AFP", dateline_date="10 juil 2024", dateline_resolved=dt.date(2024, 7, 10),
        published=dt.datetime(2024, 7, 10, 12, 59, 2, tzinfo=UTC), language="fr", priority=None)),
    "wire-xml/belga-newsml12.xml": ("newsml-1.2", 2, dict(
        guid="urn:newsml:belga.be:20190129T133400:98055798:4#98055801",
        headline="Mediawatch dinsdag 29/01/2019 - VTM Nieuws - 13 uur",
        body="Steven Van Geel gaf zich op 31 mei 2014 aan bij de politie van zijn thuisstad Leuven.",
        city="Brussel", agency="Belga", dateline_date="", published=dt.datetime(2019, 1, 29, 12, 45, 50, tzinfo=UTC),
        language="nl", subjects=[("keyword", "ATTENTION USERS"), ("keyword", "MEDIA")], priority=3)),
    "wire-xml/ana-newsml.xml": ("newsml-1.2", 1, dict(
        guid="urn:newsml:ana-mpe.gr:20180404:19336333:1", headline="Wage employment balance positive in Jan-March",
        summary="Wage employment in the private sector grew in March",
        body="Wage employment in the private sector grew in March, recording the best performance since 2001",
        city="Athens", dateline_date="4/4/2018", dateline_resolved=dt.date(2018, 4, 4),
        published=dt.datetime(2018, 4, 4, 17, 58, 59, tzinfo=tz(3)), language="en",
        subjects=[("subj", "09003000"), ("subj", "09003002"), ("subj", "04008004")], priority=5)),
    "wire-xml/aap-nitf-finance.xml": ("nitf", 1, dict(
        guid="AFP.121974877.6504909", headline="ASIA:Samsung sells defence, petrochemical units", byline="",
        body="SEOUL, Nov 26 AFP - Samsung has announced the sale of stakes in four petrochemical",
        city="Seoul", agency="AFP", dateline_date="Nov 26", dateline_resolved=dt.date(2014, 11, 26),
        published=dt.datetime(2014, 11, 26, 4, 27, 3, tzinfo=UTC), subjects=[("subj", "04000000")], priority=5)),
    "wire-xml/ap-nitf-mediaapi.xml": ("nitf", 1, dict(
        guid="", headline="Top Ten", body="BASEBALL'S TOP TEN\nBy The Associated Press\nNATIONAL LEAGUE",
        city="", agency="AP", published=dt.datetime(2019, 7, 3, 4, 5, 12, tzinfo=UTC), priority=None)),
    "wire-xml/efe-nitf-test.xml": ("nitf", 1, dict(
        guid="22751909", headline="Honduran president announces Cabinet changes", byline="gr/bp",
        body="Tegucigalpa, Jan 2 (EFE).- Test body.", summary="Test Abstract", city="Tegucigalpa", agency="EFE",
        dateline_date="Jan 2", dateline_resolved=dt.date(2017, 1, 2),
        published=dt.datetime(2017, 1, 2, 22, 28, tzinfo=UTC), language="en",
        subjects=[("subj", "11006005"), ("EFE", "F01001000"), ("keyword", "HONDURAS GOVERNMENT")], priority=5)),
    "wire-xml/ntb-nitf-no.xml": ("nitf", 1, dict(
        guid="faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c_47",
        headline="Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030",
        byline="Geir Molnes", byline_title="Faktisk.no", body="Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030",
        city="Oslo", agency="NTB", published=dt.datetime(2020, 9, 7, 12, 45, 26, tzinfo=UTC), language="nb", priority=5)),
    "wire-xml/pa-nitf-brexit.xml": ("nitf", 1, dict(
        guid="4a82e12e-6b39-47eb-8e59-2c616a7e32a4HHH-13-1",
        headline="UK BREAK-UP 'NOT INCONCEIVABLE', FIRST MINISTER WARNS AHEAD OF BREXIT TALKS",
        byline="Benjamin Wright", byline_title="Press Association", body="The UK risks breaking up unless all home nations",
        summary="The UK risks breaking", city="", agency="PA", dateline_date="",
        published=dt.datetime(2016, 9, 8, 13, 24, 46, tzinfo=tz(1)), subjects=[("subj", "04015000")], priority=4)),
    "wire-xml/pa-nitf-onthisday.xml": ("nitf", 1, dict(
        guid="af1f7ad5-5619-49de-84cc-2e608538c77fSSS-3-1", headline="PA SPORT TRIVIA (OCTOBER 14)",
        body="ON THIS DAY IN SPORT\n\n1878: Two local teams took part in the first football match under floodlights",
        city="", agency="PA", dateline_date="", published=dt.datetime(2015, 10, 14, 4, 30, 1, tzinfo=tz(1)),
        subjects=[("subj", "04011002"), ("subj", "15054000"), ("keyword", "Trivia (Oct 14)")], priority=4)),
    "wire-xml/ritzau-news.xml": ("ritzau", 1, dict(
        guid="9a6955fc-11da-46b6-9903-439ebb288f2d", byline="Peder Top Poulsen",
        body='Hollandske forskere har "i årevis" lavet forsøg på både mennesker og dyr', city="Haag",
        agency="Ritzau", published=dt.datetime(2018, 1, 30, 16, 32, 18, 397000, tzinfo=UTC), priority=3)),
    "wire-xml/ritzau-feed-envelope.xml": ("ritzau", 2, dict(
        guid="83e4e779-e3b7-46da-b061-34ab92bc6ec4", headline="PR / Spire Global, Inc.",
        summary="UK Space Agency Backs Spire's Proposal to European Space Agency as Space Mission Provider",
        body="GLASGOW, Scotland, Feb. 01, 2018 (GLOBE NEWSWIRE) -- The UK Space Agency has awarded",
        city="Glasgow", agency="GLOBE NEWSWIRE", language="en")),
    "wire-xml/stt-newsmlg2-archive-localtime.xml": ("newsml-g2", 1, dict(
        guid="urn:newsml:stt.fi:20130216:96690243", headline="Yleisurheilutuloksia/SM",
        body="Sisäratojen SM-kilpailut, 1/2 kilpailupäivän tulokset:", agency="STT", language="fi",
        published=dt.datetime(2013, 2, 16, 15, 36, 20, tzinfo=UTC), updated=dt.datetime(2013, 2, 22, 16, 36, 20, tzinfo=UTC))),
    "wire-xml/ap-mediaapi-text.json": ("ap-json", 1, dict(
        guid="f14dd246c9b5efeb56de0141aa50c4fd", url="https://apnews.com/f14dd246c9b5efeb56de0141aa50c4fd",
        headline="Review: Documentary about electric racing holds little spark", byline="MARK KENNEDY",
        body="For proof that Leonardo DiCaprio can't save every film he touches", city="", agency="AP",
        published=dt.datetime(2020, 6, 2, 19, 13, 56, tzinfo=UTC), language="en",
        subjects=[("apcategory", "e"), ("apsubject", "c189ae6088be10048dcfb097165a0203")], priority=4)),
    "wire-xml/ap-mediaapi-politics.json": ("ap-json", 1, dict(
        guid="9e2faea3bf168bab198475dc8be1ec3d", url="https://apnews.com/9e2faea3bf168bab198475dc8be1ec3d",
        headline="Biden taps Rice as domestic policy adviser, McDonough for VA", byline="JULIE PACE and ZEKE MILLER",
        body="", summary="President-elect Joe Biden is naming Susan Rice as director", city="Washington",
        agency="AP", published=dt.datetime(2020, 12, 10, 14, 56, 30, tzinfo=UTC),
        updated=dt.datetime(2020, 12, 10, 16, 13, 39, tzinfo=UTC), language="en",
        subjects=[("apcategory", "p"), ("keyword", "Biden-Staff")], priority=4)),
    "wire-text/ap-anpa1312-2.tst": ("anpa1312", 1, dict(
        headline="Baseball Expanded Standings", byline="The Associated Press", body="All Times EDT",
        city="", agency="AP", published=dt.datetime(2016, 5, 17, 6, 20, tzinfo=UTC), priority=4,
        subjects=[("anpa-category", "z")])),
    "wire-text/ap-anpa1312-6.tst": ("anpa1312", 1, dict(
        headline="Wild Card Glance", byline="The Associated Press", city="", agency="AP",
        published=dt.datetime(2019, 8, 18, 20, 17, tzinfo=UTC), priority=4, subjects=[("anpa-category", "s")])),
    "wire-text/ap-anpa1312-7.tst": ("anpa1312", 1, dict(
        headline="10 Things to Know for Today", byline="The Associated Press", city="", agency="AP",
        published=dt.datetime(2019, 9, 4, 10, 29, tzinfo=UTC), priority=4, subjects=[("anpa-category", "a")])),
    "wire-text/ap-anpa1312-weather.tst": ("anpa1312", 1, dict(
        headline="Global Weather-Fahrenheit", byline="", body="NEW YORK (AP) — Minimum and maximum temperatures",
        city="New York", agency="AP", dateline_date="", published=dt.datetime(2013, 11, 13, 7, 13, tzinfo=UTC),
        priority=3, subjects=[("anpa-category", "i")])),
    "wire-text/dpa-iptc7901-twobyline.txt": ("iptc7901", 1, dict(
        headline="Chiefs-Rams 2.0? Would be a fun Super Bowl, but don't count on it",
        byline="Tom Krasovic", byline_title="The San Diego Union-Tribune",
        body="San Diego (tca/dpa) - History says this wasn't a Super Bowl preview that played out Monday night",
        city="San Diego", published=dt.datetime(2018, 11, 21, 12, 59, tzinfo=UTC), priority=4,
        subjects=[("iptc7901-category", "s"), ("keyword", "American Football"), ("keyword", "NFL")])),
    "html/reuters-article-knight-capital-2012.html": ("html", 1, dict(
        url="http://www.reuters.com/article/2012/08/03/us-knightcapital-trading-technology-idUSBRE87203X20120803",
        headline="Knight trading loss shows cracks in equity markets",
        body="(Reuters) - The software glitch that cost Knight Capital Group $440 million", city="", agency="Reuters")),
    "html/ria-novosti-article-japan-nuclear-rally-2011.html": ("html", 1, dict(
        headline="Japanese rally against nuclear power industry",
        body="About 15,000 people took to the streets in Tokyo on Sunday", city="", agency="")),
}

PREFIX_FIELDS = ("body", "summary")


def _corpus_files() -> list[str]:
    return sorted(str(p.relative_to(FIX)) for d in ("rss", "wire-xml", "wire-text", "html")
                  for p in (FIX / d).iterdir() if p.is_file())


def test_every_corpus_file_has_a_case():
    assert sorted(CASES) == _corpus_files()


@pytest.fixture(scope="module")
def parsed() -> dict[str, list]:
    return {name: parse_bytes((FIX / name).read_bytes(), source=name) for name in CASES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_detected_format(name):
    fmt = CASES[name][0]
    parser = detect((FIX / name).read_bytes())
    assert parser is not None and parser.name == fmt


@pytest.mark.parametrize("name", sorted(CASES))
def test_fields(name, parsed):
    fmt, count, expected = CASES[name]
    records = parsed[name]
    assert all(isinstance(r, Article) for r in records), records
    assert len(records) == count
    a = records[0]
    assert a.format == fmt and a.source == name
    for key, want in expected.items():
        got = getattr(a, key)
        if key == "subjects":
            codes = {(s.scheme, s.code) for s in got}
            assert set(want) <= codes, (name, want, codes)
        elif key in PREFIX_FIELDS and want:
            assert got.startswith(want), (name, key, got[:200])
        else:
            assert got == want, (name, key, got)
    assert a.published is None or a.published.tzinfo is not None
    assert a.updated is None or a.updated.tzinfo is not None


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_carries_required_keys(name, parsed):
    for r in parsed[name]:
        j = r.to_json()
        for key in ("format", "guid", "url", "headline", "byline", "body", "city", "agency",
                    "dateline_date", "published", "language"):
            assert key in j
        assert j["published"] is None or "T" in j["published"]


def test_body_is_clean_text(parsed):
    for name, records in parsed.items():
        for r in records:
            assert "<p>" not in r.body and "&amp;" not in r.body and "&#" not in r.body, name
            assert "\n\n\n" not in r.body and not r.body.startswith((" ", "\n")), name


def test_rss_summary_html_is_stripped(parsed):
    a = parsed["rss/reuters-topnews-2017-03-20.xml"][0]
    assert a.summary.endswith("to influence the 2016 U.S. election.")
    assert a.canonical_url == "https://reuters.com/article/us-usa-trump-russia-idUSKBN16R077"


def test_anpa_tables_stay_aligned(parsed):
    body = parsed["wire-text/ap-anpa1312-2.tst"][0].body
    lines = body.splitlines()
    balt = next(l for l in lines if l.startswith("Baltimore"))
    bos = next(l for l in lines if l.startswith("Boston"))
    assert balt.split() == ["Baltimore", "23", "13", ".639", "_", "_", "8-2", "L-1", "16-6", "7-7"]
    assert len(balt) == len(bos)  # columns line up
    assert "Tampa Bay" in body and "3½" in body and "\x08" not in body
    weather = parsed["wire-text/ap-anpa1312-weather.tst"][0].body
    row = next(l for l in weather.splitlines() if l.startswith("Amsterdam"))
    assert row.split() == ["Amsterdam", "42", "50", "rn", "0.08", "39", "52", "pc", "39", "48", "rn"]


def test_nitf_table_rows(parsed):
    body = parsed["wire-xml/ap-nitf-mediaapi.xml"][0].body
    row = next(l for l in body.splitlines() if l.startswith("McNeil NYM"))
    assert row.split() == ["McNeil", "NYM", "72", "271", "37", "95", ".351"]


def test_iptc7901_drops_non_public_section(parsed):
    a = parsed["wire-text/dpa-iptc7901-twobyline.txt"][0]
    assert "Editorial contacts" not in a.body and "not intended for publication" not in a.body


def test_g2_package_references(parsed):
    a = parsed["wire-xml/reuters-newsmlg2-kbn0fl0nm.xml"][0]
    assert "tag_reuters.com_2014_newsml_KBN0FL0NN" in a.extra["refs"]


def test_wrong_declared_encoding_in_corpus(parsed):
    # afp-newsml12-fr declares iso-8859-1 but is UTF-8
    assert parsed["wire-xml/afp-newsml12-fr-strasbourg.xml"][0].headline.startswith("Décès")


# ---- hostile inputs ----------------------------------------------------------------------

HOSTILE = FIX / "hostile"


@pytest.mark.parametrize("name", ["billion-laughs.xml", "xxe-passwd.xml", "xxe-rss.xml", "truncated-g2.xml",
                                  "truncated.tst", "empty.xml", "random.bin", "png-header.png"])
def test_hostile_gives_failure(name):
    out = parse_bytes((HOSTILE / name).read_bytes(), source=name)
    assert len(out) == 1 and isinstance(out[0], ParseFailure), out
    assert out[0].error and out[0].source == name
    assert "root:" not in str(out[0].to_json())


def test_external_entity_never_resolved():
    for name in ("xxe-passwd.xml", "xxe-rss.xml"):
        out = parse_bytes((HOSTILE / name).read_bytes(), source=name)
        assert "root:x:0:0" not in repr(out)
        assert "entit" in out[0].error.lower()


@pytest.mark.parametrize("name", ["latin1-declared-utf8.xml", "utf8-declared-latin1.xml"])
def test_wrong_encoding_is_repaired(name):
    out = parse_bytes((HOSTILE / name).read_bytes(), source=name)
    assert isinstance(out[0], Article), out
    assert out[0].headline == "Café in Zürich"
    assert out[0].city == "Zürich" and out[0].agency == "dpa"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00" * 64, b"{}", b"[1, 2", b"<html></html>",
                                  b"<rss version='2.0'><channel></channel></rss>", b"<nitf>", b"\x01\x02\x03"])
def test_odd_inputs_never_raise(data):
    out = parse_bytes(data, source="odd")
    assert out and all(isinstance(r, (Article, ParseFailure)) for r in out)


def test_oversized_input_is_refused():
    big = b"<?xml version='1.0'?><nitf><body><body.content><p>" + b"a" * (21 * 1024 * 1024) + b"</p></body.content></body></nitf>"
    out = parse_bytes(big, source="big")
    assert isinstance(out[0], ParseFailure) and "limit" in out[0].error


# ---- generalisation beyond the corpus ------------------------------------------------------

def test_rss1_rdf_and_dublin_core():
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://example.com/"><title>T</title><link>http://example.com/</link><description>d</description>
  <dc:language>en</dc:language></channel>
 <item rdf:about="http://example.com/a1"><title>Quake hits</title><link>http://example.com/a1</link>
  <description>TOKYO (Kyodo) -- A strong earthquake struck.</description>
  <dc:creator>Jane Roe</dc:creator><dc:date>2020-03-01T10:00:00+09:00</dc:date><dc:subject>Disasters</dc:subject></item>
</rdf:RDF>"""
    [a] = parse_bytes(data, source="rdf")
    assert a.format == "rss" and a.headline == "Quake hits" and a.byline == "Jane Roe"
    assert a.url == "http://example.com/a1" and a.language == "en"
    assert a.published == dt.datetime(2020, 3, 1, 1, 0, tzinfo=UTC)
    assert a.city == "Tokyo"


def test_atom_xhtml_content():
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>f</title><id>urn:f</id>
<updated>2021-05-01T12:00:00Z</updated>
<entry><id>urn:e1</id><title>Titre</title><link rel="alternate" href="https://ex.fr/a?utm_source=x"/>
<updated>2021-05-01T12:00:00Z</updated><author><name>Anne</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>PARIS, 1 mai (AFP) - Premier.</p><p>Second.</p></div></content>
</entry></feed>"""
    [a] = parse_bytes(data, source="atom")
    assert a.body == "PARIS, 1 mai (AFP) - Premier.\n\nSecond."
    assert a.city == "Paris" and a.agency == "AFP" and a.language == "fr"
    assert a.canonical_url == "https://ex.fr/a"


def test_g2_other_prefix_and_several_items():
    data = b"""<g2:newsMessage xmlns:g2="http://iptc.org/std/nar/2006-10-01/"><g2:header><g2:sent>2022-02-02T10:00:00Z</g2:sent></g2:header>
<g2:itemSet>
 <g2:newsItem guid="urn:a" xml:lang="en"><g2:itemMeta><g2:itemClass qcode="ninat:text"/><g2:versionCreated>2022-02-02T09:00:00Z</g2:versionCreated></g2:itemMeta>
  <g2:contentMeta><g2:headline>One</g2:headline><g2:subject qcode="medtop:04000000"><g2:name>economy</g2:name></g2:subject></g2:contentMeta>
  <g2:contentSet><g2:inlineXML><h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:body><h:p>LONDON (Reuters) - First story.</h:p></h:body></h:html></g2:inlineXML></g2:contentSet></g2:newsItem>
 <g2:newsItem guid="urn:b"><g2:itemMeta><g2:itemClass qcode="ninat:text"/></g2:itemMeta>
  <g2:contentMeta><g2:headline>Two</g2:headline></g2:contentMeta>
  <g2:contentSet><g2:inlineData contenttype="text/plain">Plain body.</g2:inlineData></g2:contentSet></g2:newsItem>
 <g2:newsItem guid="urn:c"><g2:itemMeta><g2:itemClass qcode="ninat:picture"/></g2:itemMeta></g2:newsItem>
</g2:itemSet></g2:newsMessage>"""
    out = parse_bytes(data, source="g2")
    assert [a.guid for a in out] == ["urn:a", "urn:b"]
    assert out[0].city == "London" and out[0].agency == "Reuters"
    assert ("medtop", "04000000") in {(s.scheme, s.code) for s in out[0].subjects}
    assert out[1].body == "Plain body." and out[1].published == dt.datetime(2022, 2, 2, 10, 0, tzinfo=UTC)


def test_nitf_without_head_and_with_location():
    data = b"""<nitf><body><body.head><hedline><hl1>Headline here</hl1></hedline><byline>By <person>Ann Lee</person></byline>
<dateline><location><city>NAIROBI</city>, <country>Kenya</country></location></dateline></body.head>
<body.content><p>Kenya said on Monday it would act.</p></body.content></body></nitf>"""
    [a] = parse_bytes(data, source="nitf")
    assert a.headline == "Headline here" and a.byline == "Ann Lee" and a.city == "Nairobi"
    assert a.body == "Kenya said on Monday it would act."


def test_published_hint_and_feed_language():
    hint = dt.datetime(2020, 1, 1, 12, 0)
    [a] = parse_bytes(b"<nitf><body><body.content><p>Text.</p></body.content></body></nitf>", source="x",
                      published_hint=hint, feed_language="de-DE")
    assert a.published == dt.datetime(2020, 1, 1, 12, 0, tzinfo=UTC) and a.language == "de"
