"""Damage real wire and feed files in the ways transport and agencies damage them, and check
that parsing never crashes and never loses an item silently.

For every file of the real corpus (tests/fixtures: RSS/Atom, NewsML, NITF, ANPA, IPTC 7901, ninjs,
AP JSON) and every mutation below, `recover.parse_payload` (what fetch and replay call) must
return without raising, and every item of the damaged document must come back as a story or as a
recorded failure: the count of stories + failures is compared with the count of the original's
stories that the damage left whole. Prints one line per mutation kind and the failing cases.

    .venv/bin/python bench/hostile_fuzz.py [--seed N] [--rounds K] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import codecs
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.record import Article, ParseFailure  # noqa: E402
from scrapers.recover import parse_payload  # noqa: E402

DIRS = ("rss", "wire-xml", "wire-text", "wire-json")
Mutation = Callable[[bytes, random.Random], bytes]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(max(1, len(buf) // 2000)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def insert_controls(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(5):
        buf[rng.randrange(len(buf)):0] = bytes([rng.choice([0, 1, 8, 11, 12, 27, 31])])
    return bytes(buf)


def bare_ampersands(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"&amp;", b"&").replace(b" and ", b" & ", 3)


def latin1_bytes(data: bytes, rng: random.Random) -> bytes:
    """Re-encoded as windows-1252 while still declaring (or defaulting to) UTF-8."""
    text = data.decode("utf-8", "replace")
    return text.encode("cp1252", "replace")


def utf16_no_bom(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    return text.encode("utf-16-le")


def utf8_bom(data: bytes, rng: random.Random) -> bytes:
    return codecs.BOM_UTF8 + data


def huge_field(data: bytes, rng: random.Random) -> bytes:
    """A 2 MB run of text in an item's headline (or first text field; the end for plain text)."""
    for mark in (b"</title>", b"</headline>", b"</HeadLine>", b"</hl1>", b'", "', b"</"):
        at = data.find(mark)
        if at > 0:
            return data[:at] + b"x" * 2_000_000 + data[at:]
    return data + b"x" * 2_000_000


def duplicate_tail(data: bytes, rng: random.Random) -> bytes:
    """The second half repeated: duplicate items and a second document end."""
    return data + data[len(data) // 2:]


def html_soup(data: bytes, rng: random.Random) -> bytes:
    return b"<html><body><p>Service unavailable<br><b>oops</p>" + data[:500]


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "flip_bytes": flip_bytes, "controls": insert_controls,
    "bare_amp": bare_ampersands, "cp1252": latin1_bytes, "utf16_nobom": utf16_no_bom,
    "utf8_bom": utf8_bom, "huge_field": huge_field, "duplicate_tail": duplicate_tail,
    "html_soup": html_soup,
}


# damage that leaves every item in place: each original story must come back, as a story or a
# recorded failure (the others may cut or garble items beyond counting)
KEEPS_ITEMS = {"controls", "bare_amp", "cp1252", "utf16_nobom", "utf8_bom", "huge_field", "duplicate_tail"}


def corpus_files(corpus: Path) -> list[Path]:
    """The feed and wire files of the corpus folders (source notes left out)."""
    return sorted(p for d in DIRS for p in (corpus / d).glob("*") if p.is_file() and p.suffix != ".md")


def count(records: list[Article | ParseFailure]) -> tuple[int, int]:
    return (sum(isinstance(r, Article) for r in records), sum(isinstance(r, ParseFailure) for r in records))


def check(name: str, data: bytes, expected: int = 0) -> str:
    """'' when the damaged document was handled; else what went wrong.

    `expected`: how many items must come back (as stories or failures) at least."""
    try:
        records, _notes = parse_payload(data, source=name)
    except Exception:  # noqa: BLE001 - the point is to catch anything
        return "raised " + traceback.format_exc().strip().splitlines()[-1][:160]
    stories, failures = count(records)
    if stories + failures == 0:
        return "nothing returned: no story and no recorded failure"
    if stories + failures < expected:
        return f"items lost silently: {stories} stories + {failures} failures < {expected} items"
    return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="random variants per file and mutation")
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "fixtures")
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)
    rng = random.Random(args.seed)
    tried, bad = Counter(), Counter()
    problems: list[str] = []
    started = time.perf_counter()
    for path in files:
        original = path.read_bytes()
        whole = count(parse_payload(original, source=path.name)[0])[0]
        for kind, mutate in MUTATIONS.items():
            for round_ in range(args.rounds):
                data = mutate(original, rng)
                tried[kind] += 1
                expected = whole if kind in KEEPS_ITEMS else 0
                if why := check(f"{path.name}:{kind}:{round_}", data, expected):
                    bad[kind] += 1
                    problems.append(f"{path.parent.name}/{path.name} {kind} #{round_}: {why}")
    for kind in MUTATIONS:
        print(f"{kind:15} {tried[kind] - bad[kind]:4}/{tried[kind]:<4} handled")
    print(f"{len(files)} files, {sum(tried.values())} damaged documents, {sum(bad.values())} not handled, "
          f"{time.perf_counter() - started:.1f} s")
    for line in problems[:40]:
        print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
