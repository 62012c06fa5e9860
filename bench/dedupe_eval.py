"""Near-duplicate quality: precision and recall of the dedupe links on labelled pairs.

    .venv/bin/python bench/dedupe_eval.py --build   # (re)write tests/dedupe_pairs.jsonl from the corpus
    .venv/bin/python bench/dedupe_eval.py           # evaluate at --threshold (default: the library default)

Pairs come from real stories in tests/fixtures (Reuters RSS items, NewsML/NITF bodies, article
pages) and realistic desk edits: re-ledes and trims (stories of 150+ words only: on a 60-word
item a new lede is a new story), corrections (a fact changed plus a correction note), headline
changes, partner republication (boilerplate added, whitespace and quotes changed). Negatives:
different real stories on the same event (hand-picked pairs) and unrelated stories.
A pair is linked when the production path links it: any shared LSH band, then the verification
rule of scrapers.dedupe.run on the exact shingle sets.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.dedupe.pairs import decide  # noqa: E402
from scrapers.dedupe.run import DEFAULT_THRESHOLD  # noqa: E402
from dedupe_devset import SAME_EVENT_RSS as SAME_EVENT  # noqa: E402  (one table: bench/ is on sys.path)

FIX = ROOT / "tests" / "fixtures"
PAIRS = ROOT / "tests" / "dedupe_pairs.jsonl"
REAL = FIX / "dedupe" / "real_pairs.jsonl"        # bench/dedupe_devset.py writes these two
DERIVED = FIX / "dedupe" / "derived_pairs.jsonl"
LONG = ["wire-xml/aap-nitf-finance.xml", "wire-xml/afp-newsml12-en-burkinafaso.xml",
        "wire-xml/dpa-newsmlg2-de-athen.xml", "wire-xml/ntb-nitf-no.xml", "wire-xml/pa-nitf-onthisday.xml",
        "wire-xml/reuters-newsmlg2-byline-startswith-by.xml", "wire-xml/reuters-newsmlg2-with-byline.xml",
        "wire-xml/stt-newsmlg2-alcohol.xml", "html/ria-novosti-article-japan-nuclear-rally-2011.html"]
_SENT = re.compile(r"(?<=[.!?»\"])\s+(?=[A-Z\"“«*\d])")


def _paras(path: Path) -> list[str]:
    tree = etree.fromstring(path.read_bytes(), etree.XMLParser(recover=True)) if path.suffix != ".html" \
        else etree.HTML(path.read_bytes())
    out = []
    for e in tree.iter():
        if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == "p":
            text = " ".join("".join(e.itertext()).split())
            if text:
                out.append(text)
    return out


def corpus() -> tuple[dict[str, str], dict[str, str]]:
    """(long stories by file, RSS items by title)."""
    long = {name: " ".join(_paras(FIX / name)) for name in LONG}
    items = {}
    for path in sorted((FIX / "rss").glob("reuters-*.xml")):
        for item in etree.parse(str(path)).iter("item"):
            body = re.sub(r"<[^>]+>", " ", item.findtext("description") or "")
            items[item.findtext("title")] = " ".join(body.split())
    return long, items


def sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


def relede(text: str, rng: random.Random) -> str:
    s = sentences(text)
    words = s[0].split()
    keep = words[: max(3, len(words) // 3)]
    new = " ".join(keep + ["said on Tuesday, in a move officials described as significant,",
                           rng.choice(["as pressure mounted", "after days of talks", "amid growing criticism"])])
    return " ".join([new.rstrip(",") + "."] + s[1:])


def trim(text: str, rng: random.Random) -> str:
    s = sentences(text)
    cut = max(1, round(len(s) * rng.uniform(0.1, 0.2)))
    return " ".join(s[:-cut])


def correction(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(2):
        i = rng.randrange(len(words))
        words[i] = rng.choice(["Tuesday", "15", "former", "senior", "northern", "billion"])
    return "(Corrects paragraph 2 to fix the day) " + " ".join(words)


def partner(text: str, rng: random.Random) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("  ", " ")
    return f"{text} Reporting by staff; Editing by {rng.choice(['Mark Heinrich', 'Alison Williams'])}. " \
           "(c) Copyright Thomson Reuters 2018. Click For Restrictions."


def build() -> list[dict]:
    rng = random.Random(6)
    long, items = corpus()
    pairs = []

    def add(a: str, b: str, edit: str, dup: bool, source: str) -> None:
        pairs.append({"a": a, "b": b, "edit": edit, "duplicate": dup, "source": source})

    for name, text in long.items():
        add(text, relede(text, rng), "relede", True, name)
        add(text, relede(trim(text, rng), rng), "relede", True, name)
        add(text, trim(text, rng), "trim", True, name)
        add(text, trim(text, rng), "trim", True, name)
        add(text, correction(text, rng), "correction", True, name)
        add(text, text, "headline", True, name)  # only the headline differs; bodies equal
        add(text, partner(text, rng), "partner", True, name)
    for title, text in items.items():
        add(text, correction(text, rng).replace("(Corrects paragraph 2 to fix the day) ", ""), "correction", True, title)
        add(text, text.replace(" - ", " -- ", 1), "headline", True, title)
        add(text, partner(text, rng), "partner", True, title)
    titles = list(items)
    for a, b in SAME_EVENT:
        ta = next(t for t in titles if t.startswith(a))
        tb = next(t for t in titles if t.startswith(b))
        add(items[ta], items[tb], "same_event", False, f"{ta} | {tb}")
    texts = list(long.values()) + list(items.values())
    for _ in range(40):
        i, j = rng.sample(range(len(texts)), 2)
        add(texts[i], texts[j], "unrelated", False, "random pair")
    return pairs


def linked(a: str, b: str, threshold: float) -> tuple[bool, float, str | None]:
    """Would dedupe link b to a? (the production path: scrapers.dedupe.pairs.decide)"""
    d = decide(a, b, threshold)
    return d.linked, d.jaccard, d.kind


def evaluate(pairs: list[dict], threshold: float, title: str, verbose: bool = True) -> tuple[float, float]:
    """Print precision/recall (pairs labelled 'ambiguous' are not scored); `verbose` lists the
    misses, false links and ambiguous pairs."""
    tp = fp = fn = tn = 0
    by_kind: dict[str, list[int]] = {}
    for p in pairs:
        got, jac, kind = linked(p["a"], p["b"], threshold)
        label = p.get("kind") or p.get("edit")
        if p.get("label") == "ambiguous":
            if verbose:
                print(f"  ambiguous   {'linked' if got else 'apart '} J={jac:.2f}: {p['source'][:70]}")
            continue
        stat = by_kind.setdefault(label, [0, 0])
        stat[0] += got == p["duplicate"]
        stat[1] += 1
        if got and p["duplicate"]:
            tp += 1
        elif got:
            fp += 1
            if verbose:
                print(f"  false link  J={jac:.2f} {label} as {kind}: {p['source'][:70]}")
        elif p["duplicate"]:
            fn += 1
            if verbose:
                print(f"  missed      J={jac:.2f} {label}: {p['source'][:70]}")
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{title}: pairs {tp + fp + fn + tn} (duplicates {tp + fn}, not {fp + tn}) threshold {threshold}")
    for kind, (ok, n) in sorted(by_kind.items()):
        print(f"  {kind:11s} {ok}/{n} correct")
    print(f"  precision {precision:.3f}  recall {recall:.3f}  (negatives kept apart {tn}/{tn + fp})")
    return precision, recall


def check_part(pair: dict) -> bool:
    """The held-back third of the real pairs (by a stable hash of the source: adding pairs moves
    none): thresholds are studied on the rest, this part only reports."""
    return zlib.crc32(pair["source"].encode("utf-8")) % 3 == 0


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", action="store_true", help="rewrite tests/dedupe_pairs.jsonl")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--pairs", type=Path, nargs="*", help="evaluate these JSONL files only"
                    " ({a, b, duplicate[, kind, source, label]} per line)")
    args = ap.parse_args()
    if args.pairs:
        for path in args.pairs:
            evaluate(load(path), args.threshold, str(path))
        return
    if args.build or not PAIRS.exists():
        pairs = build()
        PAIRS.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
        print(f"wrote {len(pairs)} pairs to {PAIRS.relative_to(ROOT)}")
    evaluate(load(PAIRS), args.threshold, "labelled pairs (tests/dedupe_pairs.jsonl, edits we wrote)")
    real = load(REAL)
    evaluate(real, args.threshold, "REAL pairs (real copies and real hard negatives)")
    evaluate([p for p in real if not check_part(p)], args.threshold, "REAL pairs, tune part", verbose=False)
    evaluate([p for p in real if check_part(p)], args.threshold, "REAL pairs, held-back check part", verbose=False)
    evaluate(load(DERIVED), args.threshold, "derived pairs (real text, variants made by bench/dedupe_devset.py)")


if __name__ == "__main__":
    main()
