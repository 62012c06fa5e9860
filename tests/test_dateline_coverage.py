"""Coverage beyond the real tune rows (issue 10): national agencies of the alias table, month
names of more languages, digits of other scripts, Arabic places printed with the article.

The openings are made up in the shapes these agencies print; they test the table and its
guards, and are no evidence of accuracy (bench/dateline_eval.py measures that on real text).
"""
from __future__ import annotations

import pytest

from datetime import date, datetime

from scrapers.dateline import canonical_agency, parse_dateline, resolve_date


@pytest.mark.parametrize("text, expected", [
    ("SOFIA, March 5 (BTA) - Bulgaria's government approved the budget.", ("Sofia", "BTA", "March 5")),
    ("София, 5 март /БТА/. Правителството одобри бюджета.", ("София", "BTA", "5 март")),
    ("Београд, 5. марта (Танјуг) - Влада Србије усвојила је буџет.", ("Београд", "Tanjug", "5. марта")),
    ("Sarajevo, 5. marta (FENA) - Vijeće ministara BiH usvojilo je budžet.", ("Sarajevo", "FENA", "5. marta")),
    ("Скопје, 5 март (МИА) - Владата ја усвои буџетот.", ("Скопје", "MIA", "5 март")),
    ("TIRANA, March 5 (ATA) - The Albanian parliament approved the budget.", ("Tirana", "ATA", "March 5")),
    ("RIGA, March 5 (LETA) - The Saeima passed the budget on Tuesday.", ("Riga", "LETA", "March 5")),
    ("VILNIUS, March 5 (ELTA) - The Seimas passed the budget.", ("Vilnius", "ELTA", "March 5")),
    ("Ljubljana, 5. marca (STA) - Vlada je sprejela proračun.", ("Ljubljana", "STA", "5. marca")),
    ("Bratislava 5. marca (TASR) - Vláda schválila rozpočet.", ("Bratislava", "TASR", "5. marca")),
    ("CHISINAU, March 5 (MOLDPRES) - The government approved the budget.", ("Chisinau", "Moldpres", "March 5")),
    ("АЛМАТЫ. 5 марта. КазТАГ - Правительство одобрило бюджет.", ("Алматы", "KazTAG", "5 марта")),
    ("Бишкек, 5 марта /Кабар/. Правительство одобрило бюджет.", ("Бишкек", "Kabar", "5 марта")),
    ("Бишкек. 5 марта. АКИpress - Правительство одобрило бюджет.", ("Бишкек", "AKIpress", "5 марта")),
    ("Душанбе, 5 марта /Ховар/. Правительство одобрило бюджет.", ("Душанбе", "Khovar", "5 марта")),
    ("Ташкент, 5 марта (УзА). Правительство одобрило бюджет.", ("Ташкент", "UzA", "5 марта")),
    ("Ulaanbaatar, March 5 (MONTSAME) - The State Great Khural met.", ("Ulaanbaatar", "Montsame", "March 5")),
    ("KABUL, March 5 (Pajhwok): The cabinet approved the budget.", ("Kabul", "Pajhwok", "March 5")),
    ("Baghdad, March 5 (INA) - The cabinet approved the budget.", ("Baghdad", "INA", "March 5")),
    ("بغداد 5 آذار (واع) - وافق مجلس الوزراء على الموازنة.", ("بغداد", "INA", "5 آذار")),
    ("الخرطوم 5 مارس (سونا) - وافق مجلس الوزراء على الموازنة.", ("الخرطوم", "SUNA", "5 مارس")),
    ("Addis Ababa, March 5/2024 (ENA) The cabinet approved the budget.", ("Addis Ababa", "ENA", "March 5/2024")),
    ("Abuja, March 5, 2024 (NAN) The Federal Executive Council met.", ("Abuja", "NAN", "March 5, 2024")),
    ("Luanda, 05 Mar (ANGOP) - O Governo aprovou o orçamento.", ("Luanda", "ANGOP", "05 Mar")),
    ("Maputo, 5 Mar (AIM) - The government approved the budget.", ("Maputo", "AIM", "5 Mar")),
    ("Abidjan, 5 mars (AIP) - Le gouvernement a adopté le budget.", ("Abidjan", "AIP", "5 mars")),
    ("Bangkok, March 5 (TNA) - The cabinet approved the budget.", ("Bangkok", "TNA", "March 5")),
    ("Phnom Penh, March 5 (AKP) - The cabinet approved the budget.", ("Phnom Penh", "AKP", "March 5")),
    ("Lima, 5 mar (ANDINA). El Gobierno aprobó el presupuesto.", ("Lima", "Andina", "5 mar")),
    ("Kingston, March 5 (JIS): The Government approved the budget.", ("Kingston", "JIS", "March 5")),
    ("Roma, 5 mar. (askanews) - Il governo ha approvato il bilancio.", ("Roma", "Askanews", "5 mar.")),
    ("RABAT, March 5 (MAP) - The cabinet approved the budget.", ("Rabat", "MAP", "March 5")),
    ("Windhoek, March 5 (NAMPA) - The cabinet approved the budget.", ("Windhoek", "NAMPA", "March 5")),
    # a bracketed word that is also a place, right after the date, is the credit
    ("SANAA, March 5 (Saba) - The cabinet approved the budget.", ("Sanaa", "Saba", "March 5")),
    ("Antananarivo, 5 mars (ANTA) - Le gouvernement a adopté le budget.", ("Antananarivo", "ANTA", "5 mars")),
])
def test_national_agency_datelines(text, expected):
    d = parse_dateline(text)
    assert (d.city, d.agency, d.date) == expected


@pytest.mark.parametrize("name, short", [
    ("Bulgarian News Agency", "BTA"), ("Polska Agencja Prasowa", "PAP"), ("Арменпресс", "Armenpress"),
    ("Укринформ", "Ukrinform"), ("Qazinform", "Kazinform"), ("Sudan News Agency", "SUNA"),
    ("News Agency of Nigeria", "NAN"), ("Thông tấn xã Việt Nam", "VNA"), ("রয়টার্স", "Reuters"),
    ("एएफपी", "AFP"), ("Associated Press of Pakistan", "APP"), ("FENA/AFP", "FENA/AFP"),
])
def test_national_agency_spellings(name, short):
    assert canonical_agency(name) == short


@pytest.mark.parametrize("text", [
    # acronyms that are also words or other acronyms: no credit without a place or a date
    "The AIM index rose 2 percent as ATA shares climbed on Tuesday.",
    "NAN officials said the STA scheme would continue - the minister said.",
    "Kabar terbaru: harga minyak naik hari ini.",
    "Mia and Lana went to the market (AIM) to buy fruit on Tuesday.",
    "Stocks rally as AKP wins - Turkish markets rose on Monday.",
    "Where the wildfires are burning (MAP) - Fires burned across the state.",
    "Storm hits on March 5 (Florida) - The storm made landfall.",
])
def test_ambiguous_agency_names_are_no_dateline(text):
    d = parse_dateline(text)
    assert (d.city, d.agency, d.date) == ("", "", "")


@pytest.mark.parametrize("text, expected", [
    ("Helsinki, 5. maaliskuuta (STT) - Hallitus hyväksyi budjetin.", ("Helsinki", "STT", "5. maaliskuuta")),
    ("Vilnius, kovo 5 d. (ELTA). Vyriausybė patvirtino biudžetą.", ("Vilnius", "ELTA", "kovo 5 d.")),
    ("Rīga, 5. marts, LETA. Valdība apstiprināja budžetu.", ("Rīga", "LETA", "5. marts")),
    ("Tallinn, 5. märts (BNS) - Valitsus kiitis eelarve heaks.", ("Tallinn", "BNS", "5. märts")),
    ("București, 5 martie /Agerpres/ - Guvernul a aprobat bugetul.", ("București", "Agerpres", "5 martie")),
    ("Αθήνα, 5 Μαρτίου 2024 (ΑΠΕ-ΜΠΕ) - Η κυβέρνηση ενέκρινε τον προϋπολογισμό.",
     ("Αθήνα", "ANA-MPA", "5 Μαρτίου 2024")),
    ("Barcelona, 5 de març (EFE).- El Govern ha aprovat el pressupost.", ("Barcelona", "EFE", "5 de març")),
    ("Tiranë, 5 prill /ATSH/ - Qeveria miratoi buxhetin.", ("Tiranë", "ATA", "5 prill")),
    ("Bakı, 5 mart, AZƏRTAC. Hökumət büdcəni təsdiqləyib.", ("Bakı", "AzerTac", "5 mart")),
    ("Астана, 5 наурыз. ҚазАқпарат - Үкімет бюджетті мақұлдады.", ("Астана", "Kazinform", "5 наурыз")),
    ("MAYNILA, Marso 5 (PNA) -- Inaprubahan ng gobyerno ang badyet.", ("Maynila", "PNA", "Marso 5")),
    ("ঢাকা, ১৫ মার্চ (বাসস) : সরকার বাজেট অনুমোদন করেছে।", ("ঢাকা", "BSS", "১৫ মার্চ")),
    ("नई दिल्ली, ५ मार्च (वार्ता) सरकार ने बजट को मंजूरी दी।", ("नई दिल्ली", "UNI", "५ मार्च")),
    ("กรุงเทพฯ 5 มี.ค. (สำนักข่าวไทย) รัฐบาลอนุมัติงบประมาณ", ("กรุงเทพฯ", "TNA", "5 มี.ค.")),
    ("Zürich (awp) - Der SMI ist am Dienstag gestiegen.", ("Zürich", "awp", "")),
    # a month ending a place name ("Rio de Janeiro") is not the date when the day has its own month
    ("Rio de Janeiro, 5 de março de 2024 - O governo aprovou o orçamento.",
     ("Rio de Janeiro", "", "5 de março de 2024")),
    ("Sunday, March 5 (AP) - The storm made landfall.", ("", "AP", "Sunday, March 5")),
    # a time stamp with its zone before the place is a boundary, not a headline word
    ("TNN / Updated: Mar 5, 2024, 10:30 IST NEW DELHI: The government approved the budget.",
     ("New Delhi", "", "")),
])
def test_more_languages(text, expected):
    d = parse_dateline(text)
    assert (d.city, d.agency, d.date) == expected


@pytest.mark.parametrize("printed, expected", [
    ("5 मार्च", date(2024, 3, 5)), ("১৫ মার্চ", date(2024, 3, 15)), ("5 มี.ค.", date(2024, 3, 5)),
    ("kovo 5 d.", date(2024, 3, 5)), ("March 5/2024", date(2024, 3, 5)), ("5 Μαρτίου", date(2024, 3, 5)),
])
def test_resolve_other_scripts(printed, expected):
    assert resolve_date(printed, datetime(2024, 6, 1)) == expected
