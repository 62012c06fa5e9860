"""An optional compiled build of the dateline parser: the same modules compiled with mypyc.

    .venv/bin/python -m scrapers.dateline --build-native    # about a minute; needs a C compiler
    .venv/bin/python -m scrapers.dateline --build-native --if-stale   # what ./wirefeed setup runs

The parser stays plain Python; the build compiles a copy of its modules (mypyc, pinned in
requirements.txt) into .wirefeed/dateline-native/.  Compiled, a parse costs about 0.6 of the
interpreted one with the same answers (tests/test_dateline_native.py compares them on every set
when a build exists; bench/dateline_speed.py --both measures the two).  The package uses the
build only while it was built from the current sources (their digest is stored in it), so an
edited module is never shadowed by a stale build; WIREFEED_DATELINE_NATIVE=0 turns it off.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent.parent / ".wirefeed" / "dateline-native"
PACKAGE = "wirefeed_dateline_native"  # the compiled copy's name: it never shadows scrapers.dateline
MODULES = sorted(p.name for p in HERE.glob("*.py") if p.name not in ("__init__.py", "__main__.py", "native.py"))


def digest() -> str:
    """Digest of the parser's sources and of the interpreter's version (a build made for another
    Python is stale too), stored in a build and compared when it is loaded."""
    h = hashlib.sha256(sys.version.encode())
    for name in MODULES:
        h.update(name.encode() + b"\0" + (HERE / name).read_bytes())
    return h.hexdigest()


def build(dest: Path = BUILD) -> Path:
    """Compile a copy of the parser's modules into dest (replacing an earlier build)."""
    shutil.rmtree(dest, ignore_errors=True)
    pkg = dest / PACKAGE
    pkg.mkdir(parents=True)
    for name in MODULES:
        shutil.copy2(HERE / name, pkg / name)
    (pkg / "__init__.py").write_text('"""The dateline parser compiled (scrapers/dateline/native.py)."""\n')
    subprocess.run([sys.executable, "-m", "mypyc", "--ignore-missing-imports", *(f"{PACKAGE}/{n}" for n in MODULES)],
                   cwd=dest, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(dest / "build", ignore_errors=True)
    (pkg / "DIGEST").write_text(digest())  # written last: a failed build is never loaded
    return pkg


def wanted() -> bool:
    """False when WIREFEED_DATELINE_NATIVE=0 turns the build off (nothing is built or loaded)."""
    return os.environ.get("WIREFEED_DATELINE_NATIVE", "1") != "0"


def current(dest: Path = BUILD) -> bool:
    """True when dest holds a build of the current sources (an edited module makes it stale)."""
    stamp = dest / PACKAGE / "DIGEST"
    return stamp.exists() and stamp.read_text().strip() == digest()


def load(dest: Path = BUILD) -> ModuleType | None:
    """The compiled parser module when a build of the current sources exists, else None."""
    if not wanted() or not current(dest):
        return None  # no build, or built from other sources: the modules here are the truth
    if str(dest) not in sys.path:
        sys.path.append(str(dest))
    try:
        return importlib.import_module(PACKAGE + ".parser")
    except ImportError:  # built for another Python
        return None
