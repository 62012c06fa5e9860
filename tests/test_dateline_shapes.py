"""Dateline shapes real text holds that the tune rows did not teach (issue 10, session 6).

Each shape is read by a general mechanism (a data table in scrapers/dateline/tables.py or a
generator), tested here on a few made-up openings per shape, with openings of the same look
that hold no dateline.  Made-up text tests the mechanism; it is no evidence of accuracy
(bench/dateline_eval.py measures that on real text).  Each opening runs through the fast path
and through the full ranker: both must agree.
"""
from __future__ import annotations

import pytest

from tests.dateline_read import STORY, read_both as _read

GERMAN = " Die Stadt hat am Montag beschlossen, dass die Radwege bis zum Sommer ausgebaut werden sollen."


@pytest.mark.parametrize("text, expected", [
    # AP-style state abbreviations after a city are its qualifier, never the city (one table)
    ("MOBILE, ALA., March 4 - First Southern Federal said" + STORY, ("Mobile", "", "March 4")),
    ("RENO, Nev., May 2 - Porsche Cars North America said" + STORY, ("Reno", "", "May 2")),
    ("ANGLETON, Tex. March 3 - Oper shr 26 cts vs 18 cts." + STORY, ("Angleton", "", "March 3")),
    ("HARRISBURG, Pa. (AP) — The state senate voted." + STORY, ("Harrisburg", "AP", "")),
    ("ALBANY, N.Y., June 5 (UPI) -- Lawmakers voted." + STORY, ("Albany", "UPI", "June 5")),
    # an abbreviation without a comma belongs to the place, point and all
    ("BOGOTÁ D.C., 5 mar (EFE).- El Gobierno anunció hoy un plan." + STORY, ("Bogotá D.C.", "EFE", "5 mar")),
    ("Bogotá D.C., 12 de marzo de 2024 - El Ministerio de Salud informó." + STORY,
     ("Bogotá D.C.", "", "12 de marzo de 2024")),
    # a run in capitals that begins with a place prefix is read whole around its known tail
    ("NORTH PALM BEACH, Fla., March 6 - Shr 91 cts vs 1.25 dlrs." + STORY, ("North Palm Beach", "", "March 6")),
    ("EAST GRAND RAPIDS, Mich. (AP) — Police said." + STORY, ("East Grand Rapids", "AP", "")),
    # decoration before the dateline
    ("****SANTO DOMINGO, March 4 - The Dominican Republic sold sugar." + STORY, ("Santo Domingo", "", "March 4")),
    ("■ BERLIN (dpa) - Die Regierung hat beschlossen." + STORY, ("Berlin", "dpa", "")),
    # a known place of several words with its later words in lower case
    ("La paz, march 4 - about 1,000 bolivian central bank employees quit." + STORY, ("La Paz", "", "march 4")),
    ("New york, March 2 - Chicago physician LeRoy Pesch said." + STORY, ("New York", "", "March 2")),
    # an article between the place and its date (French, Spanish, Italian, Portuguese)
    ("Paris, le 5 mars 2024 - Le gouvernement a annoncé un plan." + STORY, ("Paris", "", "5 mars 2024")),
    ("PARIS, le 12 avril (AFP) - Le président a déclaré." + STORY, ("Paris", "AFP", "12 avril")),
    ("Madrid, el 5 de marzo - El presidente del Gobierno anunció." + STORY, ("Madrid", "", "5 de marzo")),
    ("Roma, il 5 marzo (ANSA) - Il governo ha approvato il decreto." + STORY, ("Roma", "ANSA", "5 marzo")),
    ("Lisboa, o 5 de março - O governo anunciou um plano." + STORY, ("Lisboa", "", "5 de março")),
    # a place after a page's time stamp starts the text
    (" date 2020-01-02 Lahore: The Punjab government announced a plan." + STORY, ("Lahore", "", "")),
    ("Updated: 10:07 PM Karachi: The Sindh government announced a plan." + STORY, ("Karachi", "", "")),
    # German local papers: the place and a point, then the story
    ("Düsseldorf." + GERMAN, ("Düsseldorf", "", "")),
    ("HAMBURG. Der Senat hat am Dienstag neue Regeln beschlossen." + GERMAN, ("Hamburg", "", "")),
    # a clock time with its words before the place ("10.30 PM IST")
    ("TNN | Mar 5, 2024, 10.30 PM IST PATNA: The Bihar government said." + STORY, ("Patna", "", "")),
    # a page title repeated by the story before the place
    ("Tag: Politik • Kota baru akan dibangun di Kalimantan Kota baru akan dibangun di Kalimantan Jakarta: "
     "Pemerintah menegaskan kembali rencana itu pada hari Senin." + STORY, ("Jakarta", "", "")),
    # Greek and Armenian places in capitals take the gazetteer's accents and letters
    ("ΑΘΗΝΑ, 5 Μαρτίου (ΑΠΕ) – Η κυβέρνηση ενέκρινε τον προϋπολογισμό." + STORY, ("Αθήνα", "ANA-MPA", "5 Μαρτίου")),
    ("ԵՐԵՎԱՆ, 5 ՄԱՐՏԻ, ԱՐՄԵՆՊՐԵՍ: Կառավարությունը հաստատել է բյուջեն." + STORY,
     ("Երևան", "Armenpress", "5 ՄԱՐՏԻ")),
    # Hungarian dates print the year first
    ("Budapest, 2024. március 5. (MTI) – A kormány elfogadta a költségvetést." + STORY,
     ("Budapest", "MTI", "2024. március 5.")),
    # outlet domains in the credit slot, with a digit or a short ending
    ("Liputan6.com, Jakarta - Presiden meminta para menteri bekerja." + STORY, ("Jakarta", "Liputan6.com", "")),
    ("TEMPO.CO, Jakarta - Presiden meminta para menteri bekerja." + STORY, ("Jakarta", "TEMPO.CO", "")),
    # a Chinese paper's own dateline has no credit
    ("本报北京3月5日电 国务院总理在政府工作报告中说。", ("北京", "", "3月5日")),
    ("КИЇВ. 5 березня. УНН. Уряд ухвалив бюджет на наступний рік." + STORY, ("Київ", "UNN", "5 березня")),
    # a title and a story run together: the place after the headline is the story's dateline
    ("Officials warn of new floods in the northern region Cairo (AFP) - At least 35 troops were killed in "
     "clashes on the border with Libya." + STORY, ("Cairo", "AFP", "")),
    ("OFFICIALS WARN OF NEW FLOODS IN THE NORTH KUWAIT - Deputy Prime Minister Sheikh Fahad said on Monday "
     "that the plan would go ahead." + STORY, ("Kuwait", "", "")),
    # a country after the place is its qualifier, also after a headline
    ("Arabs criticize Rumsfeld comments Beirut, Lebanon, Aug. 8 (UPI) -- Defense Secretary Donald Rumsfeld said."
     + STORY, ("Beirut", "UPI", "Aug. 8")),
    # an agency's name ends a photo credit line before the place
    ("Photo: AFP BEIRUT — Lebanon's government said." + STORY, ("Beirut", "", "")),
    # a place the gazetteer does not know, one word, where the text starts
    ("Kelbrook (dpa) - Die Stadtverwaltung hat am Montag beschlossen." + STORY, ("Kelbrook", "dpa", "")),
    ("(Dân trí) - Chính phủ vừa ban hành nghị định mới về quản lý thuế, có hiệu lực từ tháng sau.",
     ("", "Dân trí", "")),
    # Georgian letters are lower case in Unicode but the script prints no capitals: a name
    ("თბილისი, 5 მარტი /საქინფორმი/. საქართველოს მთავრობამ დაამტკიცა ბიუჯეტი.", ("თბილისი", "Sakinform", "5 მარტი")),
    ("Мінск, 5 сакавіка (БЕЛТА) - Урад зацвердзіў бюджэт на наступны год.", ("Мінск", "BelTA", "5 сакавіка")),
    ("ירושלים (רויטרס) - ממשלת ישראל אישרה את התקציב.", ("ירושלים", "Reuters", "")),
    # a numeric date between the place and the credit
    ("Dhaka, 05.03.2024 (BSS) - The government approved the budget." + STORY, ("Dhaka", "BSS", "05.03.2024")),
    # a word of a caseless script before a place in capitals is no run of capitals
    ("北部で洪水 SEOUL -- Military cooperation between North Korea and Russia cannot be ruled out." + STORY,
     ("Seoul", "", "")),
    # a country of several words qualifies the place
    ("SARAJEVO, Bosnia and Herzegovina (AP) — Officials said." + STORY, ("Sarajevo", "AP", "")),
])
def test_shapes(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "Berlin. Die Stadt der Zukunft",  # a headline, nothing after it
    "Die Kanzlerin besuchte Berlin. Die Visite dauerte zwei Tage, wie ein Sprecher am Montag sagte.",
    "Kanzlerin reist nach Berlin. Dort trifft sie am Montag den Präsidenten zu Gesprächen.",
    "Paris. The city of light is getting darker as the council cuts the budget for street lamps.",
    "Mobile phones will be banned in schools from September, the minister said on Monday.",
    "Visitors to New york, and to the rest of the state, will pay a new tax from next year.",
    "The storm hit the coast of N.Y. and Mass. on Monday, officials said.",
    "The minister said the plan would go ahead. The minister said the plan would go ahead. Paris: it is.",
    "U.S. STOCKS-Wall St rallies as tech shares gain",
    "MANCHESTER UNITED - Ole Gunnar Solskjaer was named permanent manager on Thursday, the club said.",
    "By Jane Doe August 5 - After receiving the statement, the ministers met on Monday to discuss it.",
])
def test_same_look_no_dateline(text):
    assert _read(text) == ("", "", "")


@pytest.mark.parametrize("printed, expected", [
    ("05.03.2024", (2024, 3, 5)), ("03.05.2019", (2019, 5, 3)), ("2024. március 5.", (2024, 3, 5)),
])
def test_numeric_and_year_first_dates_resolve(printed, expected):
    from datetime import date, datetime

    from scrapers.dateline import resolve_date
    assert resolve_date(printed, datetime(2024, 3, 6)) == date(*expected)
