"""python -m scrapers.dateline [--explain] < openings.txt
   python -m scrapers.dateline --build-native [--if-stale]

One opening per input line; one JSON object per line out ({city, agency, date}).  With
--explain, also the winning candidate's kind, score and named features, and the runner-up.
--build-native compiles the parser (native.py); with --if-stale only when no build of the current
sources exists (./wirefeed setup runs it so)."""
from __future__ import annotations

import json
import sys

from . import native, parse_dateline
from .parser import explain_dateline


def main(argv: list[str]) -> int:
    if "--build-native" in argv:
        if "--if-stale" in argv and (native.current() or not native.wanted()):
            return 0
        print(f"built {native.build()}")
        return 0
    explain = "--explain" in argv
    for line in sys.stdin:
        text = line.rstrip("\n")
        out = explain_dateline(text) if explain else parse_dateline(text).as_dict()
        print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
