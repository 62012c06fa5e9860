"""Scoring candidate datelines: a weighted sum of named features (hand-set weights, tuned on
the tune part of real_dev.tsv), the best candidate above THRESHOLD wins."""
from __future__ import annotations

from typing import Final

from .candidates import Candidate

THRESHOLD: Final = 3.5
SURE: Final = 7.0  # a score no later candidate is expected to beat (parser.py stops early)
POSITION: Final = 0.002  # score lost per character of text before the dateline

WEIGHTS: Final[dict[str, float]] = {
    # the credit
    "credit_known": 3.0, "credit_outlet": 2.8, "credit_caps": 1.0, "credit_ambiguous": 2.0,
    "credit_unknown": 1.5, "no_story": -1.0,
    "credit_after_sentence": -4.0, "credit_first": 0.5, "bare_alone": -1.5, "credit_after_stamp": 1.0, "caption_credit": -3.0,
    # the date
    "date": 1.5, "place_date": 2.0, "date_after": 0.5, "date_in_prose": -3.0, "date_only": -1.0, "place_comma": 1.5,
    # the separator after the dateline
    "sep_strong": 1.0, "sep_colon": 0.5, "colon_story": 0.5, "sep_point": 0.5, "sep_none": -0.5, "line": 0.5, "line_alone": 1.0,
    # the place
    "place": 0.0, "place_known": 2.0, "place_unknown": -1.0, "unknown_weak": -1.0, "place_is_agency": -3.0, "country_alone": -3.0, "unknown_extra_words": -0.7,
    "unknown_anchored": 1.5, "unknown_caps_story": 1.5, "unknown_story": 3.0,
    "place_caps": 1.5, "place_title": 0.0, "place_caseless": 0.0, "place_caseless_unknown": -4.0, "place_miscased": -0.5,
    "not_place": -6.0, "whole_run": 2.0, "known_tail": 2.0, "admin_prefix": 4.0, "qualifier": 1.0, "paren_place": 1.0, "state_qualifier": 1.0,
    # what comes before the place
    "b_start": 1.5, "b_line": 1.5, "b_punct": 1.0, "b_glue": 1.0, "b_case": 1.0, "b_digit": 0.8, "b_stamp": 1.5, "b_repeat": 1.5,
    "b_byline": 1.0, "b_caps_run": -1.5, "b_title": -1.0, "b_lower": -2.5, "b_lower_title_wire": -0.5, "b_func": -3.0,
    "b_split": -4.0, "b_headline": 1.0, "b_reporter": 1.5,
    # the story after it
    "story_lower": -1.5, "headline_only": -1.5,
    # script forms (CJK brackets and agency marks)
    "script_form": 4.0, "no_credit": 0.0,
}


def score(c: Candidate) -> float:
    """The weighted sum of the candidate's features, less its position.  (Typed as floats, and a
    feature without a weight skipped: compiled, each step is then arithmetic on C doubles, not
    three boxed Python floats; a value read from `feats` typed as a float is unboxed as float()
    converts it, an int too, without float()'s generic call.)"""
    feats: dict[str, float] = c.feats
    s = 0.0
    for k, v in feats.items():
        w = WEIGHTS.get(k)
        if w is not None:
            s += w * v
    return s - POSITION * c.start


def scored(c: Candidate) -> float:
    """The candidate's score, computed once (best() is asked again as the zone is read)."""
    if c.score is None:
        c.score = score(c)
    return c.score


def best(cands: list[Candidate]) -> Candidate | None:
    """The highest-scoring candidate, if it clears the threshold (ties: the earlier, longer)."""
    top, top_score = None, 0.0
    for c in cands:
        s = scored(c)
        if top is None or s > top_score or (s == top_score and c.start < top.start):  # no tuples: best() runs per generator
            top, top_score = c, s
    return top if top is not None and top_score >= THRESHOLD else None


def explain(c: Candidate) -> dict:
    """The winning candidate's named features with their weighted contributions."""
    parts = {k: round(WEIGHTS.get(k, 0.0) * v, 3) for k, v in c.feats.items()}
    parts["position"] = round(-POSITION * c.start, 3)
    return {"kind": c.kind, "score": round(scored(c), 3), "features": parts}
