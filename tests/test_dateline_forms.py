"""Dateline forms of the held-out languages and presses that the tune rows did not teach
(issue 10, session 7): a rubric of page words before the place, pipe-separated credits, a misprinted month in a dated credit's slot, a
day/month date before a known credit, Amharic (Ethiopian calendar), Nepali, Tamil and Hebrew.

Each form is read by a data table (months.py, agencies.py) or one general rule; made-up
openings test the mechanism, not accuracy (bench/dateline_eval.py measures that on real text).
Each opening runs through the fast path and the full ranker: both must agree.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.dateline_read import STORY, read_both as _read


@pytest.mark.parametrize("text, expected", [
    ("Kathmandu | PTI | The government said" + STORY, ("Kathmandu", "PTI", "")),
    ("New Delhi | IANS: The government said" + STORY, ("New Delhi", "IANS", "")),
    ("LAHORE, Mach 4 (APP) -" + STORY, ("Lahore", "APP", "Mach 4")),
    ("Tamale, Narch 2, GNA -" + STORY, ("Tamale", "GNA", "Narch 2")),
    ("Hà Nội, 5/3 (TTXVN) - Chính phủ cho biết kế hoạch sẽ được thực hiện vào năm tới.", ("Hà Nội", "VNA", "5/3")),
    ("አዲስ አበባ፣ መጋቢት 5/2016 (ኢዜአ)፦ የኢትዮጵያ መንግስት የልማት ፕሮጀክቶችን ለማጠናቀቅ ቁርጠኛ መሆኑን ገለጸ።",
     ("አዲስ አበባ", "ENA", "መጋቢት 5/2016")),
    ("ሀዋሳ፤ ህዳር 12/2016(ኢዜአ)፡- የሲዳማ ክልል መንግስት የልማት ፕሮጀክቶችን ለማጠናቀቅ ቁርጠኛ መሆኑን ገለጸ።",
     ("ሀዋሳ", "ENA", "ህዳር 12/2016")),
    ("काठमाडौं, ५ चैत (रासस) । सरकारले आगामी वर्षदेखि योजना लागू गर्ने जनाएको छ।", ("काठमाडौं", "RSS", "५ चैत")),
    ("சென்னை, மார்ச் 5 (பிடிஐ) தமிழக அரசு செவ்வாய்க்கிழமை இந்த திட்டத்தை அறிவித்தது.",
     ("சென்னை", "PTI", "மார்ச் 5")),
    ("ירושלים, 5 במרץ (רויטרס) - ממשלת ישראל אישרה את התקציב לשנה הבאה.", ("ירושלים", "Reuters", "5 במרץ")),
    ("TP HCM - Chính phủ cho biết kế hoạch sẽ được thực hiện vào năm tới và nhận được sự ủng hộ.", ("Tp Hcm", "", "")),  # Title Case by rule
    ("Helsinki, 5.3. (STT) Hallitus ilmoitti tiistaina, että suunnitelma toteutetaan ensi vuonna.",
     ("Helsinki", "STT", "5.3.")),
    # a full month name keeps no point, though another language's longer name starts with it
    ("Toshkent, 5 mart. /UzA/. Hukumat seshanba kuni reja kelgusi yilda amalga oshirilishini e'lon qildi.",
     ("Toshkent", "UzA", "5 mart")),
    ("القاهرة في 5 مارس /أ ش أ/ أعلنت الحكومة يوم الثلاثاء أن الخطة ستنفذ العام المقبل.", ("القاهرة", "MENA", "5 مارس")),
    # a rubric of page words before the place, in capitals or not, and a rubric in another script
    ("BREAKING NEWS BRUSSELS -- Out of the current 30 members of NATO, 21 are EU members." + STORY,
     ("Brussels", "", "")),
    ("Latest News Bengaluru — The Bharatiya Janata Party called the state government anti-Hindu." + STORY,
     ("Bengaluru", "", "")),
    ("ECONOMY МОСКВА, 7 ноя - РИА Новости. Россия выдала Италии злоумышленника", ("Москва", "RIA", "7 ноя")),
    # a clock word is no place ("10:42 AM 30 ноября")
    ("Published: 10:42 AM 30 ноября. INTERFAX.RU - Оппозиционерка, по неподтвержденной информации, попала в больницу.",
     ("", "Interfax", "30 ноября")),
    # a breadcrumb: no credit in its slashes
    ("Главная / Новости / Москва — Правительство объявило во вторник, что план будет реализован в следующем году.",
     ("Москва", "", "")),
])
def test_forms(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "Home | World | Reuters | The government said" + STORY,
    "He said, Match 4 (AFP) - the final would be played" + STORY,
    "सरकार ने कहा, 5 मार्च (भाषा) केंद्र सरकार ने मंगलवार को कहा कि योजना को अगले साल लागू किया जाएगा।",
])
def test_same_look_no_place(text):
    assert _read(text)[0] == ""


def test_calendars_resolve():
    from scrapers.dateline import resolve_date
    assert resolve_date("ህዳር 12/2016") == date(2023, 11, 22)  # Ethiopian calendar
    assert resolve_date("መጋቢት 5/2016") == date(2024, 3, 14)
    assert resolve_date("५ चैत") is None  # Bikram Sambat: not resolved
    assert resolve_date("Mach 4", datetime(2024, 3, 6)) == date(2024, 3, 4)
    assert resolve_date("5/3", datetime(2024, 3, 6)) == date(2024, 3, 5)
