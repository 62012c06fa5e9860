"""Airflow settings for the DAG tests; import this module BEFORE anything imports airflow.

Airflow reads its configuration when first imported, so the environment is set here at import
time: a throw-away AIRFLOW_HOME per test session, Airflow's metadata in a throw-away PostgreSQL
cluster of its own (`.pgtest/<pid>-airflow/`, database `airflow`: what the local UI uses too, never
SQLite), the project's dags/ and plugins/, no examples, and short retries so that a failing host
fails fast. Child processes inherit the variables and reuse the same home and server.

Reusable helpers (the Celery and UI tests use them):
- `migrated_home()`: `airflow db migrate` once per session (into a template database that
  `metadata_database()` clones in a fraction of a second); returns AIRFLOW_HOME.
- `metadata_database(name)`: a fresh, migrated metadata database; returns its SQLAlchemy URL.
- `airflow_env(**overrides)`: the environment for an `airflow …` subprocess.
- `start_component(args, log_path, env)` / `start_api_server(port, …)` / `wait_http(url)`.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAGS = ROOT / "dags"
PLUGINS = ROOT / "plugins"
for _path in (str(ROOT), str(PLUGINS)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from scrapers import pgserver  # noqa: E402  (no airflow import)

TEMPLATE_DB = "airflow_template"


def _start_metadata_server() -> int:
    """A private cluster for Airflow's metadata, stopped and removed when the session ends."""
    data_dir = ROOT / ".pgtest" / f"{os.getpid()}-airflow"
    shutil.rmtree(data_dir, ignore_errors=True)
    port = pgserver.free_port()
    pgserver.ensure_server(data_dir, port, dbname="postgres")
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    atexit.register(pgserver.stop_server, data_dir)
    return port


if "_WIREFEED_TEST_AIRFLOW_HOME" not in os.environ:
    _home = Path(tempfile.mkdtemp(prefix="wirefeed-airflow-test-"))
    os.environ["_WIREFEED_TEST_AIRFLOW_HOME"] = str(_home)
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    os.environ["_WIREFEED_TEST_AIRFLOW_PG_PORT"] = str(_start_metadata_server())
HOME = Path(os.environ["_WIREFEED_TEST_AIRFLOW_HOME"])
PG_PORT = int(os.environ["_WIREFEED_TEST_AIRFLOW_PG_PORT"])


def metadata_url(dbname: str) -> str:
    return f"postgresql+psycopg2://{pgserver.SUPERUSER}@127.0.0.1:{PG_PORT}/{dbname}"


ENV = {
    "AIRFLOW_HOME": str(HOME),
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
    "AIRFLOW__CORE__PLUGINS_FOLDER": str(PLUGINS),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_url("airflow"),
    "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
    "AIRFLOW__CORE__PARALLELISM": "4",
    "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
    # short retries: a failing host fails after 1 retry, 1 s later
    "WIREFEED_TASK_RETRIES": "1",
    "WIREFEED_RETRY_DELAY_SECONDS": "1",
    "WIREFEED_MAX_RETRY_DELAY_SECONDS": "2",
    "WIREFEED_TASK_TIMEOUT_SECONDS": "300",
}
os.environ.update(ENV)

_migrated = False


def airflow_env(**overrides: str) -> dict[str, str]:
    """Environment of an `airflow …` subprocess: this module's settings, the project on PYTHONPATH."""
    path = os.pathsep.join(p for p in (str(ROOT), str(PLUGINS), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **overrides}


def migrated_home() -> Path:
    """Migrate Airflow's metadata (once per session) into the `airflow` database; return AIRFLOW_HOME."""
    global _migrated
    if not _migrated:
        pgserver.create_database(PG_PORT, TEMPLATE_DB)
        env = airflow_env(AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=metadata_url(TEMPLATE_DB))
        subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
        pgserver.create_database(PG_PORT, "airflow", template=TEMPLATE_DB)
        _migrated = True
    return HOME


def metadata_database(name: str) -> str:
    """A new migrated metadata database `name` (cloned from the session's template); its URL."""
    migrated_home()
    pgserver.create_database(PG_PORT, name, template=TEMPLATE_DB)
    return metadata_url(name)


def start_component(args: list[str], log_path: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start `airflow ARGS…` in its own process group, output appended to log_path."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "airflow", *args], env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)


def start_api_server(port: int, log_path: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """An api-server (UI, REST and execution API) on 127.0.0.1:port; returns once it answers."""
    env = dict(env or airflow_env())
    env.update({"AIRFLOW__API__HOST": "127.0.0.1", "AIRFLOW__API__PORT": str(port),
                "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/"})
    proc = start_component(["api-server", "--host", "127.0.0.1", "--port", str(port)], log_path, env)
    wait_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", proc=proc, log_path=log_path)
    return proc


def wait_http(url: str, timeout: float = 180, proc: subprocess.Popen | None = None,
              log_path: Path | None = None) -> None:
    """Poll url until it answers 2xx; fail early if proc exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:] if log_path else ""
            raise RuntimeError(f"process exited ({proc.returncode}) before {url} answered:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status < 300:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop_process(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM the process group, SIGKILL after `timeout` seconds."""
    import signal

    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
