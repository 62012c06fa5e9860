"""Duplicates as a newsroom sees them (issue #16): furniture, containment, the lede, match kinds,
the representative, and the development set of real text (tests/fixtures/dedupe/)."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from scrapers.dedupe import run_dedupe
from scrapers.dedupe.furniture import clean
from scrapers.dedupe.pairs import decide
from test_dedupe import T0, article, feed

DEV = Path(__file__).parent / "fixtures" / "dedupe"


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DEV / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _score(pairs: list[dict]) -> tuple[int, int, int]:
    """(true links, false links, missed) over the scored pairs."""
    tp = fp = fn = 0
    for p in pairs:
        if p.get("label") == "ambiguous":
            continue
        got = decide(p["a"], p["b"]).linked
        tp += got and p["duplicate"]
        fp += got and not p["duplicate"]
        fn += (not got) and p["duplicate"]
    return tp, fp, fn


def test_real_hard_negatives_stay_apart_and_real_copies_join():
    tp, fp, fn = _score(_load("real_pairs.jsonl"))
    assert fp == 0                      # templated reports, follow-ups, same event, same desk
    assert tp >= 10 and tp + fn == 11   # real copies of 1987 Reuters openings (see README)


def test_derived_variants_of_real_stories():
    pairs = _load("derived_pairs.jsonl")
    tp, fp, fn = _score(pairs)
    assert fp == 0 and tp / (tp + fn) >= 0.9
    knight = [p for p in pairs if p["duplicate"] and p["source"].endswith("knight-capital-2012.html")]
    got = {p["kind"]: decide(p["a"], p["b"]).kind for p in knight}
    assert got["trimmed"] == "trimmed" and got["wrapped"] == "wrapped"  # (no times here: see the DB test)


def test_furniture_is_stripped_and_story_text_kept():
    pair = next(p for p in _load("derived_pairs.jsonl") if p["kind"] == "wrapped" and "knight" in p["source"])
    text, share, _ = clean(pair["b"])
    original, _, dateline = clean(pair["a"])
    assert dateline == "(Reuters) - "
    assert share > 0.05 and text == original
    assert "Other news of the day" in pair["b"] and "Other news of the day" not in text


def test_stored_kinds_and_the_fullest_latest_representative(conn):
    pair = next(p for p in _load("derived_pairs.jsonl") if p["kind"] == "updated" and "knight" in p["source"])
    wrapped = next(p for p in _load("derived_pairs.jsonl") if p["kind"] == "wrapped" and "knight" in p["source"])
    f, site = feed(conn, "reuters"), feed(conn, "site", agency="Site")
    first = article(conn, f, "first", pair["a"], published=T0)
    later = article(conn, f, "later", pair["b"], published=T0 + timedelta(hours=2))
    page = article(conn, site, "page", wrapped["b"], agency="Reuters", published=T0 + timedelta(hours=3))
    run_dedupe(conn)
    kinds = dict(conn.execute("SELECT article_id, match_kind FROM cluster_members").fetchall())
    assert kinds == {first: "origin", later: "updated", page: "wrapped"}
    rep = conn.execute("SELECT representative_id FROM clusters").fetchall()
    assert rep == [(later,)]  # the full story from the agency's own feed, not the wrapped copy


def test_dateline_and_sentence_units_of_real_openings():
    from scrapers.dedupe.furniture import sentences, strip_dateline

    opening = ("ST. LOUIS, MO., March 5 - Qtly div 37-1/2 cts vs 37-1/2 cts prior qtr Pay 1 April Record "
               "16 March Reuter &#3;")  # reuters21578_silver.tsv row 1990
    assert sentences(opening) == [opening]          # "ST." and "MO." end no sentence
    body, dateline = strip_dateline(opening)
    assert dateline == "ST. LOUIS, MO., March 5 - " and body.startswith("Qtly div")
    assert strip_dateline("Burkina Faso is banning imports from North Korea") == (
        "Burkina Faso is banning imports from North Korea", "")


def test_a_saved_page_is_compared_by_its_article_text():
    page = (Path(__file__).parent / "fixtures" / "html" / "reuters-article-knight-capital-2012.html").read_bytes()
    from scrapers.pages import extract_page

    body = extract_page(page, "").body
    first_half = "\n\n".join(body.split("\n\n")[:10])
    got = decide(page.decode("utf-8", "replace"), first_half)
    assert got.linked and got.kind == "trimmed"
