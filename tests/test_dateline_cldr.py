"""Month names from CLDR, calendars and digits of other scripts (issue 10, session 11).

The openings are made up in the shapes these languages' agencies print (the names, calendars
and digits are real); they test the tables and their guards, and are no evidence of accuracy
(bench/dateline_eval.py measures that on real text).
"""
from __future__ import annotations

import importlib.util
import os
from datetime import date, datetime
from functools import lru_cache

import pytest

from scrapers.dateline import parse_dateline, resolve_date
from scrapers.dateline.calendars import solar_hijri
from scrapers.dateline.months import HAND_MONTHS, HAND_WEEKDAYS, MONTHS, WEEKDAYS, month_number

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "months_cldr.py")
PUB = datetime(2024, 3, 20)


@lru_cache(maxsize=1)
def _bench():
    spec = importlib.util.spec_from_file_location("months_cldr_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@lru_cache(maxsize=1)
def _ends() -> set[str]:
    return _bench().place_ends()


def test_generated_table_is_what_cldr_gives_now():
    """months_cldr.py is the generator's output for the pinned Babel: regenerating changes nothing
    (edit the generator or months.py, then run `python bench/months_cldr.py --write`)."""
    from scrapers.dateline import months_cldr
    from scrapers.dateline.gazetteer import known_place
    bench = _bench()
    added, abbreviations, days, _ = bench.generated(HAND_MONTHS, set(HAND_WEEKDAYS), known_place, _ends())
    assert added == months_cldr.CLDR_MONTHS
    assert abbreviations == months_cldr.CLDR_ABBREVIATIONS
    assert days == months_cldr.CLDR_WEEKDAYS


def test_every_wide_cldr_month_name_is_read_or_left_out_for_a_reason():
    """Every language's full month names (both contexts) are in the table, but for the few the
    generator leaves out (a place, two months, too short: listed by `--write`)."""
    from scrapers.dateline.gazetteer import known_place
    bench = _bench()
    ends = _ends()
    missing = []
    for lang in bench.LANGUAGES:
        if lang in bench.NUMBERED:
            continue
        names = bench.cldr_months(lang)
        for name in bench.wide_names(lang):
            if name not in MONTHS and not bench.safe(name, names[name], known_place, ends, True):
                missing.append((lang, name))
    assert not missing


@pytest.mark.parametrize("text, expected", [
    ("Abuja, Maris 5 (NAN) - Gwamnatin tarayya ta ce.", ("Abuja", "NAN", "Maris 5")),  # Hausa
    ("Mogadishu, 5 Maarso (SONNA) – Dowladda ayaa sheegtay.", ("Mogadishu", "SONNA", "5 Maarso")),  # Somali
    ("Reykjavík, 5. febrúar (RÚV) - Ríkisstjórnin sagði.", ("Reykjavík", "RÚV", "5. febrúar")),  # Icelandic
    ("Baile Átha Cliath, 5 Márta (RTÉ) - Dúirt an Rialtas.", ("Baile Átha Cliath", "RTÉ", "5 Márta")),  # Irish
    ("Kigali, 5 Werurwe (RBA) - Guverinoma yatangaje.", ("Kigali", "RBA", "5 Werurwe")),  # Kinyarwanda
    ("Αθήνα, 5 Μάρτιος (ΑΠΕ-ΜΠΕ) - Η κυβέρνηση.", ("Αθήνα", "ANA-MPA", "5 Μάρτιος")),  # Greek nominative
    ("Երևան, մարտ 5 (Արմենպրես) - Կառավարությունը.", ("Երևան", "Armenpress", "մարտ 5")),
    ("Vilnius, kovas 5 (ELTA) - Vyriausybė.", ("Vilnius", "ELTA", "kovas 5")),  # Lithuanian nominative
    ("Rīga, 5. martā (LETA) - Valdība.", ("Rīga", "LETA", "5. martā")),  # Latvian locative (by hand)
    ("Tallinn, 5. märtsil (BNS) - Valitsus.", ("Tallinn", "BNS", "5. märtsil")),  # Estonian adessive
    ("Hà Nội, ngày 5 tháng 3 (TTXVN) - Thủ tướng Chính phủ đã chủ trì cuộc họp.", ("Hà Nội", "VNA", "5 tháng 3")),
    ("Bishkek, 5-mart (Kabar) - Okmot.", ("Bishkek", "Kabar", "5-mart")),
    ("Бишкек, 5-март (Кабар) - Өкмөт.", ("Бишкек", "Kabar", "5-март")),
    ("PARIS, lundi 5 mars (AFP) - Le gouvernement a annoncé.", ("Paris", "AFP", "lundi 5 mars")),  # weekday
    ("Madrid, lunes 5 de marzo (EFE).- El Gobierno anunció.", ("Madrid", "EFE", "lunes 5 de marzo")),
    ("Wien, Montag, 5. März (APA) - Die Regierung.", ("Wien", "APA", "Montag, 5. März")),
    # Calendars and digits
    ("تهران، ۱۵ اسفند ۱۴۰۲ (ایرنا) - وزیر امور خارجه گفت.", ("تهران", "IRNA", "۱۵ اسفند ۱۴۰۲")),
    ("تهران- ایرنا- وزیر امور خارجه کشورمان روز سه‌شنبه گفت.", ("تهران", "IRNA", "")),
    ("اسلام آباد ۵ مارچ (اے پی پی) وزیراعظم نے کہا کہ حکومت کام کرے گی۔", ("اسلام آباد", "APP", "۵ مارچ")),
    ("เชียงใหม่ 5 มี.ค. 2567 (สำนักข่าวไทย) - นายกรัฐมนตรีกล่าวว่า", ("เชียงใหม่", "TNA", "5 มี.ค. 2567")),
    ("เชียงใหม่ ๕ มี.ค. ๒๕๖๗ (สำนักข่าวไทย) - นายกรัฐมนตรีกล่าวว่า", ("เชียงใหม่", "TNA", "๕ มี.ค. ๒๕๖๗")),
    ("ঢাকা, ১৫ মার্চ (বাসস) - সরকার জানিয়েছে।", ("ঢাকা", "BSS", "১৫ মার্চ")),
    ("بيروت 15 كانون الثاني 2024 (أ ف ب) - قال رئيس الحكومة.", ("بيروت", "AFP", "15 كانون الثاني 2024")),
    # Numbered months: already read by the date pattern
    ("東京、3月5日（共同）政府は発表した。", ("", "Kyodo", "3月5日")),
    ("新华社北京3月5日电 国务院总理说。", ("北京", "Xinhua", "3月5日")),
    ("(서울=연합뉴스) 홍길동 기자 = 정부는 5일 발표했다.", ("서울", "Yonhap", "")),
])
def test_reads_months_calendars_and_digits(text, expected):
    d = parse_dateline(text, PUB)
    assert (d.city, d.agency, d.date) == expected


@pytest.mark.parametrize("printed, published, expected", [
    ("۱۵ اسفند ۱۴۰۲", PUB, date(2024, 3, 5)),        # Solar Hijri, with its year
    ("۱ فروردین ۱۴۰۳", PUB, date(2024, 3, 20)),
    ("۱۵ اسفند", PUB, None),                          # no year: not guessed, as for the Ethiopian
    ("5 มี.ค. 2567", PUB, date(2024, 3, 5)),           # Thai Buddhist era: 2567 - 543
    ("5 tháng 3", datetime(2024, 7, 1), date(2024, 3, 5)),  # the 3 is the month, not a day
    ("15 tháng 12", PUB, date(2023, 12, 15)),
    ("15 كانون الثاني 2024", PUB, date(2024, 1, 15)),
    ("5 تشرين الأول", PUB, date(2023, 10, 5)),
    ("5-mart", PUB, date(2024, 3, 5)),
    ("5 Maarso", PUB, date(2024, 3, 5)),
])
def test_resolves_other_calendars_and_spaced_names(printed, published, expected):
    assert resolve_date(printed, published) == expected


def test_solar_hijri_new_years_and_leap_years():
    assert solar_hijri(1402, 1, 1) == date(2023, 3, 21)
    assert solar_hijri(1403, 12, 30) == date(2025, 3, 20)   # 1403 is a leap year
    assert solar_hijri(1404, 1, 1) == date(2025, 3, 21)
    assert solar_hijri(1399, 12, 30) == date(2021, 3, 20)   # and 1399
    assert solar_hijri(1402, 12, 30) is None                # 1402 is not
    assert solar_hijri(1400, 10, 11) == date(2022, 1, 1)


@pytest.mark.parametrize("word", ["few", "gas", "jon", "avg", "sen", "fra", "ara", "kas", "led", "lis", "нов"])
def test_abbreviations_that_are_words_are_left_out(word):
    """Turkmen "few", Kinyarwanda "gas", Slovene "avg", Turkish "ara" abbreviate months, but as
    a date's month "avg 5" or "Jon 5" would be read as dates."""
    assert month_number(word) is None


def test_weekdays_that_end_a_place_are_left_out():
    """"Domingo" is Spanish for Sunday and the end of Santo Domingo: a weekday before a date is
    read into the date, so as a weekday it took the place's last word."""
    assert "domingo" not in WEEKDAYS and "sobota" not in WEEKDAYS
    d = parse_dateline("SANTO DOMINGO, 5 mar (EFE).- El Gobierno dominicano anunció.", PUB)
    assert (d.city, d.agency, d.date) == ("Santo Domingo", "EFE", "5 mar")


def test_generated_country_table_is_what_cldr_gives_now():
    """countries_cldr.py (Japanese country names for place tags) is the generator's output for the
    pinned Babel (edit the generator, then run `python bench/countries_cldr.py --write`)."""
    path = os.path.join(os.path.dirname(BENCH), "countries_cldr.py")
    spec = importlib.util.spec_from_file_location("countries_cldr_bench", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with open(mod.OUT, encoding="utf-8") as f:
        assert f.read() == mod.render()
    from scrapers.dateline.countries_cldr import JA_COUNTRIES
    assert {"ウクライナ", "スペイン", "アメリカ合衆国"} <= JA_COUNTRIES and "ユーロ圏" not in JA_COUNTRIES
