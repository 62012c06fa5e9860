"""Airflow settings for the DAG tests; import this module BEFORE anything imports airflow.

Airflow reads its configuration when first imported, so the environment is set here at import
time: a throw-away AIRFLOW_HOME (SQLite metadata database) per test session, the project's
dags/ and plugins/, no examples, and short retries so that a failing host fails fast.
`migrated_home()` runs `airflow db migrate` once per session (about 8 s).
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAGS = ROOT / "dags"
PLUGINS = ROOT / "plugins"

if "_WIREFEED_TEST_AIRFLOW_HOME" not in os.environ:
    _home = Path(tempfile.mkdtemp(prefix="wirefeed-airflow-test-"))
    os.environ["_WIREFEED_TEST_AIRFLOW_HOME"] = str(_home)
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
HOME = Path(os.environ["_WIREFEED_TEST_AIRFLOW_HOME"])

ENV = {
    "AIRFLOW_HOME": str(HOME),
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
    "AIRFLOW__CORE__PLUGINS_FOLDER": str(PLUGINS),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{HOME / 'airflow.db'}",
    "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
    "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
    # short retries: a failing host fails after 1 retry, 1 s later
    "WIREFEED_TASK_RETRIES": "1",
    "WIREFEED_RETRY_DELAY_SECONDS": "1",
    "WIREFEED_MAX_RETRY_DELAY_SECONDS": "2",
    "WIREFEED_TASK_TIMEOUT_SECONDS": "300",
}
os.environ.update(ENV)
for path in (str(ROOT), str(PLUGINS)):
    if path not in sys.path:
        sys.path.insert(0, path)

_migrated = False


def migrated_home() -> Path:
    """Create Airflow's metadata database (once per session) and return AIRFLOW_HOME."""
    global _migrated
    if not _migrated:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(PLUGINS), os.environ.get("PYTHONPATH", "")])}
        subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
        _migrated = True
    return HOME
