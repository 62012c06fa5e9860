"""Wire-fidelity mechanisms on the shapes the issue names (the corpus has no file of these):
ANPA keyword headlines, IPTC 7901 take keys and GMT trailers, ninjs 2.x, WordPress WXR, byline
titles, status words, and the AP JSON parser leaving other JSON to ninjs."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from scrapers.formats import detect, parse_bytes
from scrapers.formats.base import ParseError
from scrapers.formats._lines import clean_headline, slug_title, split_byline
from scrapers.provenance import status_of
from scrapers.record import Article

UTC = dt.timezone.utc


def one(data: bytes) -> Article:
    records = parse_bytes(data, source="t")
    assert len(records) == 1 and isinstance(records[0], Article), records
    return records[0]


@pytest.mark.parametrize("byline, expected", [
    ("Alan Karben NITF Network News Online", ("Alan Karben", "NITF Network News Online")),
    ("Mia Rabson and Jordan Press The Canadian Press", ("Mia Rabson and Jordan Press", "The Canadian Press")),
    ("Benjamin Wright, Press Association", ("Benjamin Wright", "Press Association")),
    ("John Smith, Jane Doe and Bob Ray", ("John Smith, Jane Doe and Bob Ray", "")),
    ("JULIE PACE and ZEKE MILLER", ("JULIE PACE and ZEKE MILLER", "")),
    ("gr/bp", ("gr/bp", "")),
])
def test_byline_split(byline, expected):
    assert split_byline(byline) == expected


@pytest.mark.parametrize("raw, title", [
    ("BC-BBN--Top Ten", "Top Ten"), ("*9006< ^AP-Top-Entertainment-Headlines,0176", "Top Entertainment Headlines"),
    ("APNewsAlert,17", "AP News Alert"), ("BC-WEA--Global Weather-Fahrenheit,", "Global Weather-Fahrenheit")])
def test_slug_titles_carry_no_control_junk(raw, title):
    assert slug_title(raw) == title


def test_take_markers_leave_the_headline():
    assert clean_headline("UPDATE 2-Primeira Liga Results") == ("Primeira Liga Results", "UPDATE 2")
    assert clean_headline("EXCLUSIVE-Banks cut jobs")[0] == "EXCLUSIVE-Banks cut jobs"  # a label, not a take


@pytest.mark.parametrize("raw, status", [("stat:canceled", "canceled"), ("Usable", "usable"), ("withheld", "withdrawn"),
                                          ("EMBARGOED", "embargoed"), ("", "usable")])
def test_status_words(raw, status):
    assert status_of(raw) == status


def anpa(lines: list[str]) -> bytes:
    text = "\x16\x16\x01a0176\x1f-----\r\nr e\x13\x11 BC-APNewsAlert     09-04 0111\r\n\x02" + "\r\n".join(lines)
    return (text + "\r\n\x03AP-WF-09-04-19 1029GMT<\r\n\x04").encode("latin-1")


def test_anpa_keyword_lines_are_not_headlines():
    a = one(anpa(["*9006< ^AP-Top-Entertainment-Headlines,0176<", "^Stars shine at the Emmys<",
                  "\t   LOS ANGELES (AP) _ The stars came out on Sunday.<"]))
    assert (a.headline, a.agency, a.city) == ("Stars shine at the Emmys", "AP", "Los Angeles")
    alert = one(anpa(["^BC-APNewsAlert,17<", "\t   WASHINGTON (AP) _ The Senate passed the bill.<"]))
    assert alert.headline == "AP News Alert" and "<" not in alert.headline and alert.agency_source == "dateline"


def test_anpa_kill_notice_is_withdrawn():
    kill = one(anpa(["^BC-US--Biden-Staff, KILL<", "^Editors: Kill the story. It was sent in error.<"]))
    assert kill.status == "withdrawn"


def iptc(text: str, trailer: str = "242200 GMT Jun 17") -> bytes:
    return ("\x01dpa0100 4 pl 250  dpa 1234\r\nPolitik/Wahlen/\r\n\x02" + text + "\x03" + trailer).encode("latin-1")


def test_iptc7901_take_keys_byline_and_gmt_trailer():
    a = one(iptc("1ST LEAD\r\nMerkel wins fourth term =\r\nBy Anna Schmidt, dpa =\r\n\r\n"
                 "Berlin (dpa) - Angela Merkel has won.\r\n"))
    assert (a.headline, a.byline, a.byline_title, a.extra["take_key"]) == (
        "Merkel wins fourth term", "Anna Schmidt", "dpa", "1ST LEAD")
    assert a.published == dt.datetime(2017, 6, 24, 22, 0, tzinfo=UTC) and a.body.startswith("Berlin (dpa)")
    killed = one(iptc("(Achtung: Meldung wird zurückgezogen)\r\nMerkel wins fourth term =\r\n\r\nText.\r\n",
                      "241405 MESZ Jun 17"))
    assert killed.status == "withdrawn" and killed.published == dt.datetime(2017, 6, 24, 12, 5, tzinfo=UTC)


NINJS2 = {
    "uri": "http://example.com/items/1", "type": "text", "language": "en", "pubstatus": "canceled",
    "firstcreated": "2023-03-01T10:00:00+01:00", "versioncreated": "2023-03-01T11:00:00+01:00",
    "headlines": [{"role": "sub", "value": "Subhead"}, {"role": "main", "value": "Main headline"}],
    "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>OSLO (NTB) - Text of the story.</p>"}],
    "altids": [{"role": "internal", "value": "x1"}], "infosources": [{"name": "NTB", "role": "source"}],
    "by": "Kari Nordmann", "embargoed": "2023-03-02T06:00:00Z",
}


def test_ninjs_2_lists_and_status():
    data = json.dumps(NINJS2).encode()
    assert detect(data).name == "ninjs"
    a = one(data)
    assert (a.headline, a.body, a.city, a.agency, a.status) == (
        "Main headline", "OSLO (NTB) - Text of the story.", "Oslo", "NTB", "canceled")
    assert a.embargoed_until == dt.datetime(2023, 3, 2, 6, 0, tzinfo=UTC)


def test_ap_json_parser_takes_only_ap_documents():
    assert detect(json.dumps({"guid": "g", "headline": "h", "versioncreated": "2020-01-01T00:00:00Z",
                              "copyrightholder": "Australian Associated Press"}).encode()).name == "ninjs"
    assert detect(json.dumps({"data": {"item": {"altids": {"itemid": "x"}, "headline": "h"}},
                              "api_version": "2.1"}).encode()).name == "ap-json"


WXR = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Site</title><link>https://news.example</link><language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[jdoe]]></wp:author_login><wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
<item><title>Harbour reopens after storm</title><link>https://news.example/harbour</link>
<dc:creator><![CDATA[jdoe]]></dc:creator><guid isPermaLink="false">https://news.example/?p=10</guid>
<content:encoded><![CDATA[<p>[dropcap]M[/dropcap]ARSEILLE (Reuters) - Many ships returned.[caption id="a1"]A ship[/caption]</p>
[embed]https://video.example/1[/embed]]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>10</wp:post_id>
<wp:post_date><![CDATA[2023-05-01 14:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2023-05-01 12:00:00]]></wp:post_date_gmt>
<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="world"><![CDATA[World]]></category></item>
<item><title>ship.jpg</title><wp:post_id>11</wp:post_id><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type></item>
<item><title>Draft piece</title><guid>https://news.example/?p=12</guid><dc:creator>jdoe</dc:creator>
<content:encoded><![CDATA[<p>Not yet.</p>]]></content:encoded><wp:post_date>2023-05-02 09:00:00</wp:post_date>
<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>"""


def test_wordpress_export_posts_only_shortcodes_stripped():
    assert detect(WXR).name == "wxr"
    records = parse_bytes(WXR, source="t", feed_timezone="Europe/Paris")
    assert [r.headline for r in records] == ["Harbour reopens after storm", "Draft piece"]
    post, draft = records
    assert post.body == "MARSEILLE (Reuters) - Many ships returned.A ship"
    assert (post.city, post.agency, post.byline, post.language) == ("Marseille", "Reuters", "Jane Doe", "en")
    assert post.published == dt.datetime(2023, 5, 1, 12, 0, tzinfo=UTC)
    assert draft.status == "withdrawn" and draft.published == dt.datetime(2023, 5, 2, 7, 0, tzinfo=UTC)


def g2(located: str, body: str, provider: str = "reuters.com") -> bytes:
    return (f"""<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="tag:x" version="1">
<itemMeta><itemClass qcode="icls:text"/><provider literal="{provider}"/>
<firstCreated>2014-07-16T08:10:15Z</firstCreated><pubStatus qcode="stat:usable"/></itemMeta>
<contentMeta><located literal="{located}"><name>{located}</name></located>
<creator literal="Reuters" role="cRole:source"/><headline>Assad sworn in</headline></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>{body}</p></body></html></inlineXML></contentSet></newsItem>""").encode()


def test_printed_dateline_beats_the_desk_and_placeholders_are_no_city():
    a = one(g2("Bangalore", "DAMASCUS (Reuters) - President Bashar al-Assad was sworn in."))
    assert (a.city, a.agency, a.agency_source, a.extra["located"]) == ("Damascus", "Reuters", "dateline", "Bangalore")
    desk = one(g2("Bangalore", "President Bashar al-Assad was sworn in on Wednesday."))
    assert (desk.city, desk.agency, desk.agency_source) == ("", "Reuters", "metadata")
    other = one(g2("Helsinki", "The parliament voted on Tuesday.", provider="STT"))
    assert other.city == "Helsinki"
    assert one(g2("No-Data-Available", "The parliament voted.", provider="STT")).city == ""


@pytest.mark.parametrize("fmt", ["ninjs", "ap-json"])
def test_json_formats_share_bom_and_error_handling(fmt):
    """A BOM before the document is allowed; a cut-off document is a ParseError, not a crash."""
    doc = ({"uri": "urn:x:1", "headline": "Rates held", "body_text": "Body."} if fmt == "ninjs"
           else {"api_version": "2.1", "data": {"item": {"altids": {"itemid": "1"}, "headline": "H"}}})
    data = b"\xef\xbb\xbf\n" + json.dumps(doc).encode()
    parser = detect(data)
    assert parser.name == fmt
    with pytest.raises(ParseError, match="invalid JSON"):
        parser.parse(data[:-3], "drop/x.json")
