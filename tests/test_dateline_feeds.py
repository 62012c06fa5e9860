"""The dateline parser on chardet_feeds.tsv: real 2005-2008 feeds and pages in some twenty
languages that chardet 5.2.0 ships as test data (news sites, press-release wires, blogs,
forums), labelled by hand before the parser was run on them (issue 10, session 12;
tests/fixtures/datelines/SOURCE.md).  Nearly every row has no dateline: the set is a
false-positive check in languages the other sets lack (Greek, Hungarian, Hebrew, Bulgarian,
Russian, Thai, Korean, Japanese, ...).

Split as real_dev: rows 3, 6, 9, ... are the untouched check part (only aggregate figures are
used); the parts' floors are in tests/test_dateline_real.py (FLOORS).  Shapes found in the tune
part are tested below with made-up examples in the real shapes.
"""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from tests.dateline_read import read_both  # noqa: E402


def test_feeds_labels_are_substrings_of_their_openings():
    for r in load_set("feeds") + load_set("feeds-check"):  # labels only: the check part's rows are not shown
        assert all(p in r["text"] for p in r["city"].split("/") if p), r["row"]
        assert r["date"] in r["text"], r["row"]


def test_feeds_tune_part_reads_the_same_on_every_path():
    for r in load_set("feeds"):
        read_both(r["text"])


@pytest.mark.parametrize("text, expected", [
    # a Japanese place tag in full-width square brackets: a known place, or any place after the
    # state or prefecture that qualifies it (dropped, as `SPRINGFIELD, Mass.` drops Mass.)
    ("［ロンドン］ 市内の地下鉄で、乗客が忘れた傘の数が過去最多になったと発表された。", ("ロンドン", "", "")),
    ("［米オハイオ州・デイトン］ 地元の動物園で、珍しいカメの赤ちゃんが生まれた。", ("デイトン", "", "")),
    ("［千葉県・ケルバード］ 市の公園で、季節外れの桜が咲いたと話題になっている。", ("ケルバード", "", "")),
    # a rubric in the same brackets, or an unknown word without a qualifier, is no place
    # a country after the city, or alone, is read from CLDR's names (session 13; made-up cases)
    ("［キエフ・ウクライナ］ 市内の地下鉄で、新しい路線が開業した。", ("キエフ", "", "")),
    ("［ケルバード・スペイン］ 市の公園で、季節外れの桜が咲いた。", ("ケルバード", "", "")),
    ("［スペイン］ 政府は、新しい税制を発表した。", ("スペイン", "", "")),
    ("［日本・中国］ 両国の首脳が会談した。", ("", "", "")),
    ("［速報］ 市内で火事が発生し、消防車が出動した。", ("", "", "")),
    ("［ケルバード］ 市の公園で、季節外れの桜が咲いた。", ("", "", "")),
    # a Chinese dateline without a credit (press releases): a known place, its date, 讯/电, a
    # separator; a country before the place qualifies it; spaces inside the date are kept
    ("日本 东京2006 年3 月5 日讯－某公司今天宣布，将在亚洲开设新的研发中心。", ("东京", "", "2006 年3 月5 日")),
    ("上海3月5日电 某公司今天宣布，将在亚洲开设新的研发中心。", ("上海", "", "3月5日")),
    # not 电视/电影 run on (prose), not an unknown name, not glued to the words before it
    ("北京3月5日电视台播出了一部新的纪录片，", ("", "", "")),
    ("某某公司3月5日讯－某公司今天宣布，将开设新的研发中心。", ("", "", "")),
    ("他们说北京3月5日讯－会议将在下周举行。", ("", "", "")),
])
def test_shapes_of_the_feeds_set(text, expected):
    assert read_both(text) == expected
