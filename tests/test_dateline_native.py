"""The compiled build of the dateline parser (scrapers/dateline/native.py) gives exactly the
parser's answers, and is used only when it was built from the current sources.

`./wirefeed test` builds it first (its set-up runs `--build-native --if-stale`); pytest run
directly, without a build of the current sources, skips the comparison.
real_dev.tsv's untouched check part is compared only by a digest, so no row of it is shown.
"""
from __future__ import annotations

import hashlib
import os
import sys
from datetime import datetime

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))

from dateline_eval import load_set  # noqa: E402

from scrapers.dateline import native  # noqa: E402
from scrapers.dateline import parser as written  # noqa: E402

COMPILED = native.load()
needs_build = pytest.mark.skipif(COMPILED is None, reason="no compiled build of the current sources")


def _outputs(parse, rows: list[dict]) -> list[tuple]:
    out = []
    for r in rows:
        p = datetime.fromisoformat(r["published"]) if r.get("published") else None
        for fast in (True, False):
            d = parse(r["text"], p, fast=fast)
            out.append((d.city, d.agency, d.date, d.resolved, d.end))
    return out


@needs_build
@pytest.mark.parametrize("name", ["dev", "blind", "tune", "silver"])
def test_compiled_parser_answers_as_written(name):
    rows = load_set(name)
    got, want = _outputs(COMPILED.parse_dateline, rows), _outputs(written.parse_dateline, rows)
    diffs = [(r["text"][:120], g, w) for r, g, w in zip(rows, got[::2], want[::2]) if g != w]
    assert got == want, diffs[:5]


@needs_build
def test_compiled_parser_answers_as_written_on_check_part_by_digest():
    rows = load_set("check")
    digests = [hashlib.sha256(repr(_outputs(parse, rows)).encode()).hexdigest()
               for parse in (COMPILED.parse_dateline, written.parse_dateline)]
    assert digests[0] == digests[1]


def test_a_build_of_other_sources_is_not_used(tmp_path):
    stamp = tmp_path / native.PACKAGE / "DIGEST"
    stamp.parent.mkdir()
    stamp.write_text("0" * 64)  # built before a module was edited
    assert native.load(tmp_path) is None
    assert native.load(tmp_path / "missing") is None


def test_the_build_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("WIREFEED_DATELINE_NATIVE", "0")
    assert native.load() is None


def test_digest_covers_every_module_of_the_parser():
    assert {"parser.py", "candidates.py", "places.py", "rank.py"} <= set(native.MODULES)
    assert "native.py" not in native.MODULES and "__init__.py" not in native.MODULES
    assert len(native.digest()) == 64


def test_a_build_for_another_interpreter_is_stale(monkeypatch):
    mine = native.digest()
    monkeypatch.setattr(native.sys, "version", native.sys.version + " (another build)")
    assert native.digest() != mine  # e.g. .venv remade from Debian's python3 instead of pyenv's
