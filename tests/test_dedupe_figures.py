"""Figures read as numbers (scrapers.dedupe.figures): roundings at the printed precision agree,
a dropped line is no conflict, another figure in a template's slot is; the figures key of a
table re-sent with rounded figures. Text from real 1987 Reuters openings (reuters21578_silver)."""
from __future__ import annotations

from scrapers.dedupe import figures, short
from scrapers.dedupe.pairs import decide

FULL = ("WASHINGTON, Feb 26 - Shr 27 cts vs 29 cts Net 13,555,000 vs 14,635,000 Revs 104,606,000 vs "
        "110,311,000 Avg shrs 47.2 mln vs 47.1 mln 12 mths Shr 4.10 dlrs vs 3.66 dlrs Net 226,653,000 vs 186,790,000")
ROUNDED = ("WASHINGTON, Feb 26 - Oper shr 27 cts vs 29 cts Oper net 13.5 mln vs 14.6 mln Revs 104.6 mln vs "
           "110.3 mln 12 mths Oper shr 4.10 dlrs vs 3.66 dlrs Oper net 205 mln vs 186.8 mln Revs 1.4 billion vs 1.3")


def test_a_rounding_at_the_printed_precision_is_the_same_figure():
    assert figures.read("13.5 mln").agrees(figures.read("13,555,000"))       # truncated
    assert figures.read("186.8 million").agrees(figures.read("186,790,000"))  # rounded
    assert figures.read("1.4 billion").agrees(figures.read("1,400 mln"))
    assert not figures.read("205 mln").agrees(figures.read("226,653,000"))
    assert not figures.read("32.9 mln").agrees(figures.read("33.0 mln"))     # same precision: another figure
    assert not figures.read("1 mln").agrees(figures.read("1,400,000"))       # one digit says too little
    assert figures.read("13,5").value == 13.5 and figures.read("7-1/4").value is None


def test_a_dropped_line_is_no_conflict_another_figure_in_the_slot_is():
    long = "Shr 73 cts vs 58 cts Shr diluted 69 cts vs 54 cts Net 1,101,000 vs 901,000 Sales 33.0 mln vs 29.1 mln"
    short_ = "Shr 73 cts vs 58 cts Net 1,101,000 vs 901,000 Sales 32.9 mln vs 29.1 mln"
    assert figures.aligned(short_, long) == (5, 1)      # one corrected figure, the diluted line dropped
    assert figures.aligned("Mthly div six cts vs six cts prior Pay March 13",
                           "Mthly div 4.5 cts vs 4.5 cts prior Pay March 13") == (0, 2)  # spelled out


def test_a_table_resent_with_rounded_figures_is_found_and_joined():
    key = short.figures_key(FULL.split(" - ", 1)[1], "WASHINGTON, Feb 26 - ", "1987-02-26")
    assert key == short.figures_key(ROUNDED.split(" - ", 1)[1], "WASHINGTON, Feb 26 - ", "1987-02-26")
    assert key is not None and key.startswith("washington|1987-02-26|")
    d = decide(FULL, ROUNDED)
    assert d.candidate and d.linked
    other = FULL.replace("13,555,000", "9,555,000").replace("104,606,000", "84,606,000").replace("4.10", "3.10")
    assert not decide(other, ROUNDED).linked           # the same template with other figures
