"""python -m scrapers.dateline [--explain] < openings.txt

One opening per input line; one JSON object per line out ({city, agency, date}).  With
--explain, also the winning candidate's kind, score and named features, and the runner-up."""
from __future__ import annotations

import json
import sys

from .parser import explain_dateline, parse_dateline


def main(argv: list[str]) -> int:
    explain = "--explain" in argv
    for line in sys.stdin:
        text = line.rstrip("\n")
        out = explain_dateline(text) if explain else parse_dateline(text).as_dict()
        print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
