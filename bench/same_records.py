"""Every record the worker path makes, compared between two checkouts: the evidence
that a speed change stores the same bytes.

    .venv/bin/python bench/same_records.py --against /path/to/main-worktree [--stories 3000]

Inputs: every file of tests/fixtures and of the shared corpus (../shared/corpus beside main),
each parsed as a replay worker does (`parallel.parse_job`: detect, parse, normalise, content hash)
without a feed language and declaring `en`; the same files damaged as `hostile_fuzz.py` damages
them (seeded, so both sides see the same bytes); and store_bench's payloads (3,000 stories),
declared and undeclared. Every field of every record (`Article.to_json`) plus its content hash, and
every failure's text, must be equal: the script prints how many inputs and records it compared and
the first differences, and exits 1 when there is one.  Each checkout runs with its own `.venv`'s
python (bench/cost_runs.python_of), so the same command compares two interpreters too.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

from cost_runs import python_of  # bench/ is on sys.path: this script's own directory

ROOT = Path(__file__).resolve().parent.parent


def _files(root: Path) -> list[Path]:
    corpus = [root / "tests" / "fixtures", root.parent / "shared" / "corpus", Path("/work/shared/corpus")]
    seen, out = set(), []
    for base in corpus:
        if not base.is_dir() or base.resolve() in seen:
            continue
        seen.add(base.resolve())
        out += sorted(p for p in base.rglob("*") if p.is_file() and p.suffix not in (".md", ".tsv", ".jsonl", ".py"))
    return out


def _record(rec) -> str:
    from scrapers.record import Article
    if isinstance(rec, Article):
        return json.dumps([rec.to_json(), rec.content_hash()], sort_keys=True, ensure_ascii=False, default=str)
    return json.dumps(["failure", type(rec).__name__, str(getattr(rec, "error", rec))], ensure_ascii=False)


def dump(code_root: Path, stories: int) -> None:
    """--dump: one JSON line per input, {input, records}, with the `scrapers` of code_root."""
    sys.path[:0] = [str(code_root), str(ROOT / "bench")]
    from scrapers.parallel import parse_job  # first: the bench modules' own imports then resolve to code_root

    from hostile_fuzz import MUTATIONS
    from store_bench import build_payload, sample_items

    def emit(name: str, data: bytes, language: str) -> None:
        records, notes = parse_job(data, "http://bench.invalid/rss", language, "")
        print(json.dumps({"input": f"{name} [{language or '-'}]",
                          "records": [_record(r) for r in records] + ["note " + _record(n) for n in notes]}))

    rng = random.Random(1)
    for path in _files(code_root):
        data = path.read_bytes()
        name = f"{path.parent.name}/{path.name}"
        for language in ("", "en"):
            emit(name, data, language)
        for kind, mutate in MUTATIONS.items() if data else ():
            emit(f"{name} damaged {kind}", mutate(data, rng), "")
    items, brng = sample_items(), random.Random(7)
    for start in range(0, stories, 1000):
        payload = build_payload(min(1000, stories - start), start, items, brng)
        for language in ("", "en"):
            emit(f"store_bench {start}", payload, language)


def _run(code_root: Path, stories: int) -> dict[str, list[str]]:
    cmd = [python_of(code_root), __file__, "--dump", str(code_root), "--stories", str(stories)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return {d["input"]: d["records"] for d in map(json.loads, out.splitlines())}


def compare(this: dict[str, list[str]], that: dict[str, list[str]]) -> list[str]:
    """The differences, each a short line: inputs on one side only, record counts, first differing field."""
    diffs = [f"only on one side: {k}" for k in sorted(set(this) ^ set(that))]
    for name in sorted(set(this) & set(that)):
        a, b = this[name], that[name]
        if len(a) != len(b):
            diffs.append(f"{name}: {len(a)} records against {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                diffs.append(f"{name} record {i}: {_first_difference(x, y)}")
                break
    return diffs


def _first_difference(x: str, y: str) -> str:
    try:
        (fx, hx), (fy, hy) = json.loads(x), json.loads(y)
        fields = [k for k in sorted(set(fx) | set(fy)) if fx.get(k) != fy.get(k)]
        if fields:
            k = fields[0]
            return f"{k}: {str(fx.get(k))[:100]!r} against {str(fy.get(k))[:100]!r}"
        return f"content hash {hx[:12]} against {hy[:12]}"
    except (ValueError, TypeError, AttributeError):
        return f"{x[:150]!r} against {y[:150]!r}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", metavar="DIR", required=False, help="another checkout (e.g. a worktree of main)")
    ap.add_argument("--stories", type=int, default=3000)
    ap.add_argument("--dump", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.dump:
        dump(Path(args.dump), args.stories)
        return 0
    if not args.against:
        ap.error("give --against DIR")
    label = str(Path(args.against).resolve())
    this, that = _run(ROOT, args.stories), _run(Path(label), args.stories)
    diffs = compare(this, that)
    print(f"{ROOT} against {label}: {len(this)} inputs, {sum(map(len, this.values()))} records and notes compared, "
          f"{len(diffs)} differences")
    for line in diffs[:30]:
        print("  " + line)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
