"""National news agencies added in session 11 (issue 10): the members of OANA, EANA, the
Alliance of Mediterranean News Agencies, FANA and the Latin American agencies, with the
native-script names their press prints.  One made-up dateline credits each spelling (the
shape is the common `PLACE, DATE (CREDIT) -`; the names are real); they test the alias table,
and are no evidence of accuracy (bench/dateline_eval.py measures that on real text).
"""
from __future__ import annotations

from datetime import datetime

import pytest

from scrapers.dateline import parse_dateline
from scrapers.dateline.agencies import AMBIGUOUS

PUB = datetime(2024, 3, 20)

# (place, date, credit as printed, short name)
CREDITS = [
    ("Sanaa", "March 5", "Saba", "Saba"), ("صنعاء", "5 مارس", "سبأ", "Saba"),
    ("Kabul", "March 5", "Bakhtar", "Bakhtar"), ("کابل", "۵ مارچ", "باختر", "Bakhtar"),
    ("کابل", "۵ مارچ", "پژواک", "Pajhwok"),
    ("Λευκωσία", "5 Μαρτίου", "ΚΥΠΕ", "CNA"), ("Nicosia", "March 5", "Cyprus News Agency", "CNA"),
    ("Lefkoşa", "5 Mart", "TAK", "TAK"), ("Pristina", "March 5", "KosovaPress", "KosovaPress"),
    ("Podgorica", "5. mart", "MINA", "MINA"), ("Подгорица", "5. март", "МИНА", "MINA"),
    ("Beograd", "5. mart", "Beta", "Beta"), ("Београд", "5. март", "Бета", "Beta"),
    ("Београд", "5. март", "ФоНет", "FoNet"), ("Bucureşti", "5 martie", "Mediafax", "Mediafax"),
    ("Минск", "5 марта", "БелаПАН", "BelaPAN"), ("Прага", "5 марта", "ЧТК", "CTK"),
    ("Загреб", "5 марта", "Хина", "HINA"), ("Рим", "5 марта", "АНСА", "ANSA"),
    ("Берлин", "5 марта", "ДПА", "dpa"), ("Анкара", "5 марта", "Анадолу", "AA"),
    ("Токио", "5 марта", "Киодо", "Kyodo"), ("Париж", "5 марта", "Франс-Пресс", "AFP"),
    ("София", "5 март", "Франс Прес", "AFP"), ("София", "5 март", "Ройтерс", "Reuters"),
    ("София", "5 март", "Асошиейтед прес", "AP"), ("София", "5 март", "Синхуа", "Xinhua"),
    ("Αθήνα", "5 Μαρτίου", "Ρόιτερς", "Reuters"),
    ("Brazzaville", "5 mars", "ACI", "ACI"), ("Bujumbura", "5 mars", "ABP", "ABP"),
    ("Conakry", "5 mars", "AGP", "AGP"), ("Bangui", "5 mars", "ACAP", "ACAP"),
    ("N'Djamena", "5 mars", "ATPE", "ATPE"), ("Nouakchott", "5 mars", "AMI", "AMI"),
    ("نواكشوط", "5 مارس", "الوكالة الموريتانية للأنباء", "AMI"), ("Djibouti", "5 mars", "ADI", "ADI"),
    ("Niamey", "5 mars", "Agence Nigérienne de Presse", "ANP"),
    ("Freetown", "March 5", "SLENA", "SLENA"), ("Monrovia", "March 5", "LINA", "LINA"),
    ("Maseru", "March 5", "LENA", "LENA"), ("Lilongwe", "March 5", "MANA", "MANA"),
    ("Kigali", "March 5", "RNA", "RNA"), ("Praia", "5 de março", "Inforpress", "Inforpress"),
    ("Pretoria", "March 5", "SAnews", "SAnews"), ("Mogadishu", "March 5", "SONNA", "SONNA"),
    ("Dodoma", "March 5", "Shihata", "Shihata"), ("Yaoundé", "5 mars", "CAMNEWS", "CAMNEWS"),
    ("São Tomé", "5 de março", "STP-Press", "STP-Press"), ("الدوحة", "5 مارس", "قنا", "QNA"),
    ("مسقط", "5 مارس", "وكالة الأنباء العمانية", "ONA"), ("بيروت", "5 آذار", "وطنية", "NNA"),
    ("الجزائر", "5 مارس", "وأج", "APS"), ("موسكو", "5 مارس", "تاس", "TASS"),
    ("القاهرة", "5 مارس", "أسوشيتد برس", "AP"), ("تهران", "۵ مارس", "آسوشیتدپرس", "AP"),
    ("تهران", "۵ مارس", "خبرگزاری فرانسه", "AFP"), ("تهران", "۵ مارس", "خبرگزاری جمهوری اسلامی", "IRNA"),
    ("تهران", "۵ مارس", "فارس", "FNA"), ("تهران", "۵ مارس", "خبرگزاری مهر", "MNA"),
    ("ワシントン", "3月5日", "AP通信", "AP"), ("パリ", "3月5日", "AFP時事", "AFP"),
    ("서울", "3월 5일", "AFP통신", "AFP"), ("워싱턴", "3월 5일", "AP통신", "AP"),
    ("বেঙ্গালুরু", "৫ মার্চ", "পিটিআই", "PTI"), ("ಬೆಂಗಳೂರು", "ಮಾರ್ಚ್ 5", "ಪಿಟಿಐ", "PTI"),
    ("హైదరాబాద్", "మార్చి 5", "పీటీఐ", "PTI"), ("തിരുവനന്തപുരം", "മാർച്ച് 5", "പിടിഐ", "PTI"),
    ("मुंबई", "५ मार्च", "पीटीआय", "PTI"), ("અમદાવાદ", "5 માર્ચ", "પીટીઆઈ", "PTI"),
    ("ਚੰਡੀਗੜ੍ਹ", "5 ਮਾਰਚ", "ਪੀਟੀਆਈ", "PTI"), ("কলকাতা", "৫ মার্চ", "আইএএনএস", "IANS"),
    ("কলকাতা", "৫ মার্চ", "ইউএনআই", "UNI"), ("کلکتہ", "5 مارچ", "یو این آئی", "UNI"),
    ("কলকাতা", "৫ মার্চ", "এএনআই", "ANI"), ("Colombo", "March 5", "ලංකාපුවත්", "Lanka Puvath"),
    ("Vientiane", "March 5", "ຂປລ", "KPL"), ("Phnom Penh", "March 5", "អ.ក.ព", "AKP"),
    ("Yangon", "March 5", "ဆင်ဟွာ", "Xinhua"), ("กรุงเทพมหานคร", "5 มี.ค.", "ซินหัว", "Xinhua"),
    ("تهران", "۵ مارس", "شین‌هوا", "Xinhua"), ("اسلام آباد", "5 مارچ", "شنہوا", "Xinhua"),
    ("Toshkent", "5 mart", "O‘zA", "UzA"), ("Toshkent", "5 mart", "O'zA", "UzA"),
    ("Aşgabat", "5 mart", "Türkmenistan Döwlet Habarlar Gullugy", "TDH"),
    ("Tokyo", "March 5", "Kyodo Tsushin", "Kyodo"),
    ("Asunción", "5 de marzo", "Agencia IP", "Agencia IP"),
    ("Buenos Aires", "5 de marzo", "Noticias Argentinas", "Noticias Argentinas"),
    ("Buenos Aires", "5 de marzo", "Agencia Télam", "Telam"),
    ("La Habana", "5 de marzo", "Agencia Cubana de Noticias", "ACN"),
    ("Caracas", "5 de marzo", "Agencia Venezolana de Noticias", "AVN"),
    ("La Paz", "5 de marzo", "Agencia Boliviana de Información", "ABI"),
    ("Guatemala", "5 de marzo", "Agencia Guatemalteca de Noticias", "AGN"),
    ("Quito", "5 de marzo", "Agencia Andes", "ANDES"),
    ("Georgetown", "March 5", "GINA", "GINA"), ("Bridgetown", "March 5", "BGIS", "BGIS"),
]


@pytest.mark.parametrize("place, day, credit, short", CREDITS)
def test_a_dateline_crediting_each_added_agency(place, day, credit, short):
    d = parse_dateline(f"{place}, {day} ({credit}) - The government approved the budget on Tuesday.", PUB)
    assert (d.city, d.agency, d.date) == (place, short, day)


@pytest.mark.parametrize("text", [
    "Government Information Agency staff met the minister on Tuesday.",
    "The Beta version of the app ships in May 5 weeks from now - said the company.",
    "MANA - a new restaurant opens in the old town.",
])
def test_ambiguous_names_are_no_bare_credits(text):
    assert parse_dateline(text, PUB).agency == ""


def test_ambiguous_names_are_listed_in_capitals():
    assert {"BETA", "MINA", "GINA", "MANA", "LINA", "LENA", "وطنية", "فارس", "قنا"} <= AMBIGUOUS
