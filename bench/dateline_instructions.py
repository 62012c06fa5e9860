"""Machine instructions per opening inside the compiled parse_dateline (valgrind's callgrind).

    python bench/dateline_instructions.py [SET ...]     # default: dev tune silver

The machine is shared, so openings/s swing with the load; the instructions a parse executes do
not.  For each set this runs one pass over its openings under callgrind, counting only inside
the compiled parser's entry point, and prints the instructions per opening.  A first pass over the
set loads what a parse loads once (the gazetteer, the patterns compiled on first use); the
counters are zeroed when the word caches are cleared after it (as bench/dateline_speed.py clears
them before every pass), so only the second pass is counted.  Needs valgrind and a
current compiled build (`python -m scrapers.dateline --build-native --if-stale`).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
ENTRY = "CPyPy_parser___parse_dateline"
ZERO = "CPyPy_parser___clear_caches"


def _inner(name: str) -> None:
    """The counted pass (run under valgrind)."""
    sys.path.insert(0, HERE)
    from dateline_eval import _pub, load_set
    import scrapers.dateline as package
    if not package.COMPILED:
        sys.exit("no current compiled build: run python -m scrapers.dateline --build-native --if-stale")
    cases = [(r["text"], _pub(r)) for r in load_set(name)]
    for text, pub in cases:  # not counted: zeroed at clear_caches
        package.parse_dateline(text, pub)
    package.clear_caches()
    for text, pub in cases:
        package.parse_dateline(text, pub)
    print(len(cases))


def count(name: str) -> tuple[int, int]:
    """(instructions inside parse_dateline, openings) for one pass over the set."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                              f"--toggle-collect={ENTRY}", f"--zero-before={ZERO}", sys.executable, __file__, "--inner", name],
                             capture_output=True, text=True, check=True)
        with open(out, encoding="utf-8") as f:
            total = int(re.search(r"^(?:summary|totals): (\d+)", f.read(), re.M).group(1))
    return total, int(run.stdout.split()[-1])


def main(argv: list[str]) -> None:
    if argv[:1] == ["--inner"]:
        _inner(argv[1])
        return
    for name in argv or ["dev", "tune", "silver"]:
        total, n = count(name)
        print(f"{name:8} {n:5} openings  {total / n:12,.0f} instructions per opening", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
