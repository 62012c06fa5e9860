"""Every corpus wire file, read by hand: what a newsroom reader gives for each stored field.

The expectations below were written by reading each file (tests/fixtures/wire-xml, wire-json,
wire-text; copies of ../shared/corpus), not by running the parser. Notes on the judgement calls:
- published is in UTC. Naive times are the sender's local time where the agency is known to
  send local time: STT (Helsinki), Ritzau (Copenhagen), NTB (Oslo), AAP (Sydney: the AFP story
  datelined "SEOUL, Nov 26" at 15:27 local Sydney time is 13:27 in Seoul; as UTC it would be past
  midnight in Seoul). Belga's naive 12:45:50 is UTC (a mediawatch of the 13:00 news).
- agency_source: "dateline" when the printed dateline credits an agency, else "metadata".
- Reuters' NewsML-G2 `located` is the editing desk (Bangalore): not the story's city.
- A ninjs `located` that is the byline's name ("Aaron J. Staples, Michigan") is no city.
- ninjs2 is a Reuters story (source "Reuters", Reuters reporter and slug) distributed by AAP.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scrapers.formats import parse_bytes
from scrapers.record import Article

FIX = Path(__file__).parent / "fixtures"

# file: [(headline, agency, agency_source, city, dateline_date, published UTC, status), ...] one per story
EXPECTED: dict[str, list[tuple]] = {
    "wire-xml/aap-nitf-finance.xml": [
        ("ASIA:Samsung sells defence, petrochemical units", "AFP", "dateline", "Seoul", "Nov 26",
         "2014-11-26T04:27:03", "usable")],
    "wire-xml/afp-newsml12-en-burkinafaso.xml": [
        ("Burkina Faso bans imports from North Korea", "AFP", "dateline", "Ouagadougou", "Dec 20, 2017",
         "2017-12-20T13:47:57", "usable")],
    "wire-xml/afp-newsml12-fr-strasbourg.xml": [
        ("Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée", "AFP", "dateline",
         "Strasbourg", "10 juil 2024", "2024-07-10T12:59:02", "usable")],
    "wire-xml/ana-newsml.xml": [
        ("Wage employment balance positive in Jan-March", "ANA-MPA", "metadata", "Athens", "4/4/2018",
         "2018-04-04T14:58:59", "usable")],
    "wire-xml/ansa-newsmlg2-it-culture.xml": [
        ("TEST FROM XAWES", "ANSA", "dateline", "Roma", "1 LUG", "2019-07-01T08:21:00", "usable")],
    "wire-xml/ap-mediaapi-politics.json": [
        ("Biden taps Rice as domestic policy adviser, McDonough for VA", "AP", "metadata", "Washington", "",
         "2020-12-10T14:56:30", "usable")],
    "wire-xml/ap-mediaapi-text.json": [
        ("Review: Documentary about electric racing holds little spark", "AP", "metadata", "", "",
         "2020-06-02T19:13:56", "usable")],
    "wire-xml/ap-nitf-mediaapi.xml": [
        ("Top Ten", "AP", "metadata", "", "", "2019-07-03T04:05:12", "usable")],
    "wire-xml/belga-newsml12.xml": [
        ("Mediawatch dinsdag 29/01/2019 - VTM Nieuws - 13 uur", "Belga", "metadata", "Brussel", "",
         "2019-01-29T12:45:50", "usable")] * 2,
    "wire-xml/dpa-newsmlg2-de-athen.xml": [
        ("Mehr als 200 Migranten in der Ägäis aufgegriffen", "dpa", "dateline", "Athen", "",
         "2019-06-03T13:00:01", "usable")],
    "wire-xml/efe-nitf-test.xml": [
        ("Honduran president announces Cabinet changes", "EFE", "dateline", "Tegucigalpa", "Jan 2",
         "2017-01-02T22:28:00", "usable")],
    "wire-xml/ntb-nitf-no.xml": [
        ("Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030", "NTB", "metadata",
         "Oslo", "", "2020-09-07T12:45:26", "usable")],
    "wire-xml/pa-nitf-brexit.xml": [
        ("UK BREAK-UP 'NOT INCONCEIVABLE', FIRST MINISTER WARNS AHEAD OF BREXIT TALKS", "PA", "metadata", "", "",
         "2016-09-08T12:24:46", "embargoed")],
    "wire-xml/pa-nitf-onthisday.xml": [
        ("PA SPORT TRIVIA (OCTOBER 14)", "PA", "metadata", "", "", "2015-10-14T03:30:01", "usable")],
    "wire-xml/reuters-newsmlg2-byline-startswith-by.xml": [
        ("William H. Macy at SAG Awards: 'It's Hard to Be a Man These Days'", "Variety.com", "dateline",
         "Los Angeles", "", "2018-01-22T02:01:43", "usable")],
    "wire-xml/reuters-newsmlg2-kbn0fl0nm.xml": [
        ("Confident Assad launches new term in stronger position", "Reuters", "metadata", "", "",
         "2014-07-16T08:10:15", "usable")],
    "wire-xml/reuters-newsmlg2-mtzxee13zxczes.xml": [
        ("Primeira Liga Results", "Opta", "dateline", "", "Jan 3", "2018-01-03T20:13:08", "usable")],
    "wire-xml/reuters-newsmlg2-with-byline.xml": [
        ("SAG Awards: 'Big Little Lies' Wins for Nicole Kidman, Alexander Skarsgard", "Variety.com", "dateline",
         "Los Angeles", "", "2018-01-22T01:44:24", "usable")],
    "wire-xml/ritzau-feed-envelope.xml": [
        ("PR / Spire Global, Inc.", "GLOBE NEWSWIRE", "dateline", "Glasgow", "Feb. 01, 2018",
         "2018-02-01T17:44:52.973000", "usable"),
        ("Kort om sport", "Ritzau", "metadata", "København", "", "2018-02-01T17:38:49.417000", "usable")],
    "wire-xml/ritzau-news.xml": [
        ('Hollandske forskere har "i årevis" lavet forsøg på både mennesker og dyr, hvor de har testet '
         "effekten af at indånde udstødningsgas fra dieselbiler.", "Ritzau", "metadata", "Haag", "",
         "2018-01-30T16:32:18.397000", "usable")],
    "wire-xml/stt-newsmlg2-alcohol.xml": [
        ("Parliament passed the Alcohol Act and the government gained confidence", "STT", "metadata",
         "Helsinki", "", "2017-12-19T08:33:04", "usable")],
    "wire-xml/stt-newsmlg2-archive-localtime.xml": [
        ("Yleisurheilutuloksia/SM", "STT", "metadata", "", "", "2013-02-16T15:36:20", "usable")],
    "wire-xml/tt-newsmlg2.xml": [
        ("Polen: EU hämnas för flyktingmotstånd", "TT", "metadata", "Bryssel", "", "2017-12-20T13:46:21",
         "usable")],
    "wire-json/ninjs-bbc-ninjs-text-test.json": [
        ("advisory", "BBC", "metadata", "", "", "2018-05-28T16:40:08", "usable")],
    "wire-json/ninjs-ninjs1.json": [
        ("headline", "AAP", "metadata", "Milton Keynes", "", "2017-08-24T04:37:19", "usable")],
    "wire-json/ninjs-ninjs2.json": [
        ("Oil prices edge up on first drop in US drilling in months", "Reuters", "metadata", "Singapore", "",
         "2017-07-03T01:38:13", "usable")],
    "wire-json/ninjs-ninjs3.json": [
        ("German Air Force Museum", "AAP", "metadata", "", "", "2017-08-18T02:57:43", "usable")],
    "wire-json/ninjs-ninjsExMediumText1.json": [
        ("Captain of wrecked cruise ship on trial in Italy", "AP", "dateline", "Grosseto", "",
         "2013-07-09T10:37:00", "usable")],
    "wire-json/ninjs-ninjsExSimpleText1.json": [
        ("Captain of wrecked cruise ship on trial in Italy", "AP", "dateline", "Grosseto", "",
         "2013-07-09T10:37:00", "usable")],
    "wire-json/ninjs-ninjs_embargoed.json": [
        ("Trouble is brewing for the future of beer", "360info", "metadata", "", "", "2022-06-26T23:54:25",
         "embargoed")],
    "wire-text/ap-anpa1312-2.tst": [
        ("Baseball Expanded Standings", "AP", "metadata", "", "", "2016-05-17T06:20:00", "usable")],
    "wire-text/ap-anpa1312-6.tst": [
        ("Wild Card Glance", "AP", "metadata", "", "", "2019-08-18T20:17:00", "usable")],
    "wire-text/ap-anpa1312-7.tst": [
        ("10 Things to Know for Today", "AP", "metadata", "", "", "2019-09-04T10:29:00", "usable")],
    "wire-text/ap-anpa1312-weather.tst": [
        ("Global Weather-Fahrenheit", "AP", "dateline", "New York", "", "2013-11-13T07:13:00", "usable")],
    "wire-text/dpa-iptc7901-twobyline.txt": [
        ("Chiefs-Rams 2.0? Would be a fun Super Bowl, but don't count on it", "tca/dpa", "dateline", "San Diego",
         "", "2018-11-21T12:59:00", "usable")],
}

# file: [(byline, byline_title), ...] where the file has a byline
BYLINES = {
    "wire-xml/pa-nitf-brexit.xml": [("Benjamin Wright", "Press Association")],
    "wire-xml/ntb-nitf-no.xml": [("Geir Molnes", "Faktisk.no")],
    "wire-xml/tt-newsmlg2.xml": [("Wiktor Nummelin", "TT")],
    "wire-xml/reuters-newsmlg2-with-byline.xml": [("Dave McNary", "")],
    "wire-xml/reuters-newsmlg2-byline-startswith-by.xml": [("Daniel Holloway", "")],
    "wire-xml/reuters-newsmlg2-kbn0fl0nm.xml": [("Marwan Makdisi", "")],
    "wire-xml/ap-mediaapi-politics.json": [("JULIE PACE and ZEKE MILLER", "Associated Press")],
    "wire-xml/ap-mediaapi-text.json": [("MARK KENNEDY", "AP Entertainment Writer")],
    "wire-xml/ritzau-news.xml": [("Peder Top Poulsen", "")],
    "wire-json/ninjs-ninjs2.json": [("Henning Gloystein", "")],
    "wire-json/ninjs-ninjs_embargoed.json": [("Aaron J. Staples", "Michigan State University")],
    "wire-json/ninjs-ninjsExMediumText1.json": [("Paulo Santalucia and Frances d'Emilio", "")],
    "wire-text/dpa-iptc7901-twobyline.txt": [("Tom Krasovic", "The San Diego Union-Tribune")],
}
EMBARGOED_UNTIL = {
    "wire-xml/pa-nitf-brexit.xml": "2016-09-08T23:01:00",  # 0001 Friday September 9, London (BST)
    "wire-json/ninjs-ninjs_embargoed.json": "2022-06-29T02:30:00",
}


def _stories(name: str) -> list[Article]:
    records = parse_bytes((FIX / name).read_bytes(), source=name)
    assert all(isinstance(r, Article) for r in records), records
    return records


def _utc(value: dt.datetime | None) -> str:
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat() if value else ""


def test_every_corpus_wire_file_has_an_expectation():
    files = {f"{d}/{p.name}" for d in ("wire-xml", "wire-json", "wire-text") for p in (FIX / d).iterdir()}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_stored_fields_are_what_the_wire_meant(name):
    got = [(a.headline, a.agency, a.agency_source, a.city, a.dateline_date, _utc(a.published), a.status)
           for a in _stories(name)]
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(BYLINES))
def test_bylines_apart_from_their_titles(name):
    assert [(a.byline, a.byline_title) for a in _stories(name)] == BYLINES[name]


@pytest.mark.parametrize("name", sorted(EMBARGOED_UNTIL))
def test_embargo_times(name):
    assert [_utc(a.embargoed_until) for a in _stories(name)] == [EMBARGOED_UNTIL[name]]
