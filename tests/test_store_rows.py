"""The writer's shortcuts in building and copying a story's row (scrapers/store.py) against the long
way each replaces: the NUL probe against the scrub of every value, the short-key test against
bounded_key, the jsonb text dumper against psycopg's Jsonb wrapper, the payloads read in binary."""
from __future__ import annotations

import datetime as dt
import gzip

import pytest
import psycopg
from psycopg import pq
from psycopg.types.json import Jsonb

from scrapers import store
from scrapers.record import Article, Subject

AT = dt.datetime(2024, 3, 2, 12, 30, tzinfo=dt.timezone.utc)
VALUES = ["plain", "", "a\x00b", "\x00", "Zürich\x00", "日本\x00語", None, 7, dt.date(2024, 3, 1), AT,
          b"by\x00tes", 3.5]


def _story() -> Article:
    return Article(format="rss", guid="urn:g:1", url="http://x.test/a", headline="Head line", byline="By A",
                   summary="Some text.\n\nMore.", city="LONDON", agency="Reuters", agency_source="dateline",
                   dateline_date="March 1", dateline_resolved=dt.date(2024, 3, 1), published=AT, language="en",
                   canonical_url="http://x.test/a", priority=3, subjects=[Subject("11000000", "politics", "subj")])


def _long_way(row: tuple) -> tuple:
    return tuple(v.replace("\x00", "") if type(v) is str and "\x00" in v else v for v in row)


def test_every_value_with_a_nul_in_every_column_is_found_and_scrubbed_as_the_long_way_does():
    base = store._row(1, _story(), "d" * 64, AT)
    assert not store._may_hold_nul(base) and base == _long_way(base)
    for i in range(len(store._COLUMNS)):
        for value in VALUES:
            row = base[:i] + (value,) + base[i + 1:]
            if type(value) is str and "\x00" in value:
                assert store._may_hold_nul(row), (store._COLUMNS[i], value)
            got = store._without_nul(row) if store._may_hold_nul(row) else row
            assert got == _long_way(row), (store._COLUMNS[i], value)


def test_a_story_with_nul_in_any_text_field_is_stored_without_it():
    for name in ("guid", "url", "headline", "byline", "summary", "body", "city", "agency", "agency_source",
                 "byline_title", "status", "dateline_date", "language", "canonical_url", "format"):
        art = _story()
        setattr(art, name, getattr(art, name) + "\x00x")
        row = store._row(1, art, "d\x00", AT)
        assert row == _long_way(row) and "\x00" not in "".join(v for v in row if type(v) is str), name


@pytest.mark.parametrize("n", [1, 249, 250, 251, 499, 500, 501])
@pytest.mark.parametrize("char", ["a", "é", "語", "😀", "\udc80"])
def test_short_keys_are_kept_as_bounded_key_keeps_them(n, char):
    key = char * n
    expected = key if len(key) <= 500 and len(key.encode("utf-8", "surrogatepass")) <= 1000 else \
        f"{key[:100]}…#sha256:" + store.hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    assert store.bounded_key(key) == expected
    art = _story()
    art.guid = art.canonical_url = key
    row = store._row(1, art, None, AT)
    assert row[store._GUID_IDX] == row[store._COLUMNS.index("canonical_url")] == expected


@pytest.mark.parametrize("text", ["[]", '[{"code": "1", "name": "Zürich", "scheme": "subj"}]', '"日本😀"', "{}"])
def test_subjects_are_dumped_as_the_jsonb_wrapper_dumps_them(text):
    dumper = psycopg.adapters.get_dumper_by_oid(store._JsonText.oid, pq.Format.BINARY)
    assert dumper.__name__ == "JsonbBinaryDumper"  # what set_types gave jsonb before the shortcut
    psycopg_dumper = dumper(Jsonb)
    long_way = psycopg_dumper.dump(Jsonb(text, dumps=lambda t: t))
    assert store._JsonText(str).dump(text) == bytes(long_way)


def test_payloads_read_back_in_binary_are_the_bytes_stored(conn):
    data = [bytes(range(256)) * 40, b"", b"<rss>\x00\\x00\\\\</rss>"]
    digests = store.store_payloads(conn, [(d, "application/rss+xml") for d in data])
    got = store.stored_payloads(conn, digests)
    for d, digest in zip(data, digests):
        compression, stored = got[digest]
        assert type(stored) is bytes and compression == "gzip" and gzip.decompress(stored) == d
