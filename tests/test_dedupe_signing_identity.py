"""Signing is byte-identical to what it was before its fast paths (issue #15): the shingles,
cleaned texts and index keys of real stories (the dedupe fixtures and the real dateline openings)
hash to the digests recorded with the code of session 5, and the ASCII fast path agrees with the
regex tokenizer on every character it lets through."""
from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from scrapers.dedupe.signing import Doc, sign

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "dedupe" / "signing_golden.json"
T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
# texts written here only to reach the tokenizer's corners (never scored for accuracy)
EDGES = [
    "", "a", "ab cd", "Plain ASCII words, 12 numbers and_under_scores.", "UPPER lower MiXeD 3D 4x4",
    "tabs\tand\x1cfile\x1dgroup\x1erecord\x1funit separators\x0bvt\x0cff", "  leading and trailing  \n\n",
    "“Curly quotes” — dashes – and… ellipses • bullets « guillemets » ′primes″ €5 £3 ¥9 ° ™ ® ©",
    "non\u00a0breaking\u2009thin\u202fspace and\u2028line\u2029para",
    "Café Montréal naïve ÆSIR Straße İstanbul ΣΊΣΥΦΟΣ ﬁnance Ⓐ ①②③ ²³ ½",
    "東京 (ロイター) - 日本の株式市場は上昇した・カタカナ。中文新闻报道", "한국어 뉴스 기사입니다",
    "combining \u0345 ypogegrammeni and K kelvin sign and Å angstrom", "emoji 🙂 text 🚀 here",
    "x" * 40 + " " + "y" * 17 + " " + "z" * 16 + " " + "w" * 15 + " " + "v" * 8 + " " + "u" * 9,
    "0123456789abcdef 0123456789abcdefg A1B2C3D4E5F6G7H8I9",
]


def texts() -> list[str]:
    out = []
    for name in ("dedupe_pairs.jsonl", "fixtures/dedupe/real_pairs.jsonl", "fixtures/dedupe/derived_pairs.jsonl"):
        for line in (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines():
            pair = json.loads(line)
            out += [pair["a"], pair["b"]]
    with open(FIXTURES / "datelines" / "real_dev.tsv", encoding="utf-8", newline="") as f:
        out += [row["opening"] for row in csv.DictReader(f, delimiter="\t")]
    return out + EDGES


def docs_of(bodies: list[str]) -> list[Doc]:
    return [Doc(i + 1, i + 1, "Wire", f"g{i}", f"https://example.com/{i}" if i % 3 else "", "", body, "",
                hashlib.sha256(body.encode()).hexdigest(), "", None, T0) for i, body in enumerate(bodies)]


def digest(bodies: list[str], batch: int) -> str:
    h = hashlib.sha256()
    docs = docs_of(bodies)
    for i in range(0, len(docs), batch):
        s = sign(docs[i : i + batch])
        for arr in (s.flat, s.offsets, s.n_sh, s.kd, s.kk, s.kb, s.ks):
            h.update(np.ascontiguousarray(arr).tobytes())
        h.update(json.dumps([s.texts, s.furniture, s.datelines]).encode())
    return h.hexdigest()


@pytest.mark.parametrize("batch", [1, 64, 5000])
def test_signing_matches_the_recorded_digests(batch):
    golden = json.loads(GOLDEN.read_text())
    bodies = texts()
    assert len(bodies) == golden["texts"]
    assert digest(bodies, batch) == golden[str(batch)]


if __name__ == "__main__":  # records the digests (run only with a signing known to be right)
    bodies = texts()
    GOLDEN.write_text(json.dumps({"texts": len(bodies), **{str(b): digest(bodies, b) for b in (1, 64, 5000)}},
                                 indent=1) + "\n")


def _reference(texts_: list[str]) -> tuple[np.ndarray, list[int]]:
    """The regex tokenizer and the token cache: what signing did before its fast paths."""
    from scrapers.dedupe.shingles import hash_tokens, tokens

    toks = [tokens(t) for t in texts_]
    return hash_tokens([t for ts in toks for t in ts]), [len(ts) for ts in toks]


def test_every_character_the_fast_path_lets_through_separates_words_as_the_regex_does():
    from scrapers.dedupe.shingles import text_token_hashes
    from scrapers.dedupe.tokenhash import _BLOCKS, plain

    chars = [chr(c) for lo, hi in _BLOCKS for c in range(lo, hi + 1)]
    through = [c for c in chars if plain("ab" + c) is not None]
    assert len(through) > 3000 and "é" not in through and "\u0345" not in through and "—" in through
    sample = ["Ab" + c + "9z" + c + c + "Q" for c in chars]  # the fast path and the regex path mixed
    h, lengths = text_token_hashes(sample)
    ref, ref_lengths = _reference(sample)
    assert np.array_equal(h, ref) and list(lengths) == ref_lengths


def test_random_texts_tokenize_and_fold_alike_on_both_paths():
    from scrapers.dedupe.shingles import text_token_hashes
    from scrapers.dedupe.signing import _h64, body_keys, normalise_body

    rng = np.random.default_rng(15)
    alphabet = list("abcXYZ0189 _.,-'\t\n\r\x0b\x0c\x1c\x1f\x00~") + ["—", "’", "\u00a0", "é", "東", "🙂", "Σ", "ﬁ"]
    made = []
    for _ in range(400):
        parts = rng.choice(alphabet, int(rng.integers(0, 60)))
        long_run = "q" * int(rng.integers(0, 25))
        made.append("".join(parts[:20]) + long_run + "".join(parts[20:]))
    for batch in (made, made[:1], [t for t in made if t.isascii()]):
        h, lengths = text_token_hashes(batch)
        ref, ref_lengths = _reference(batch)
        assert np.array_equal(h, ref) and list(lengths) == ref_lengths
        assert body_keys(batch) == [_h64("body", normalise_body(t)) if normalise_body(t) else None for t in batch]
