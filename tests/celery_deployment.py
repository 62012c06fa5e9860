"""A CeleryExecutor deployment for tests: `scripts/airflow-celery.sh` (or, with
script=UI_SCRIPT, the LocalExecutor one of `scripts/airflow-ui.sh`) started on free loopback
ports, in a throw-away AIRFLOW_HOME, with Airflow's metadata in the test session's Postgres
(tests/airflow_env.py) and the wirefeed data in a given database; plus a small REST client.

Import airflow_env first (it sets Airflow's environment before anything imports airflow).
"""
from __future__ import annotations

import json
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import airflow_env
import psutil
import requests

from scrapers import pgserver

SCRIPT = airflow_env.ROOT / "scripts" / "airflow-celery.sh"
UI_SCRIPT = airflow_env.ROOT / "scripts" / "airflow-ui.sh"


@dataclass
class Deployment:
    home: Path
    url: str
    env: dict[str, str]
    script: Path = SCRIPT
    session: requests.Session = field(default_factory=requests.Session)

    def login(self) -> None:
        """A JWT for the admin user (SimpleAuthManager's generated password)."""
        passwords = json.loads((self.home / "simple_auth_manager_passwords.json.generated").read_text())
        resp = self.session.post(f"{self.url}/auth/token", timeout=60,
                                 json={"username": "admin", "password": passwords["admin"]})
        resp.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {resp.json()['access_token']}"

    def api(self, method: str, path: str, ok: tuple[int, ...] = (200, 201), **kwargs) -> requests.Response:
        resp = self.session.request(method, f"{self.url}/api/v2{path}", timeout=60, **kwargs)
        assert resp.status_code in ok, f"{method} {path}: {resp.status_code} {resp.text[:500]}"
        return resp

    def wait_for_dag(self, dag_id: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while self.session.get(f"{self.url}/api/v2/dags/{dag_id}", timeout=60).status_code != 200:
            assert time.monotonic() < deadline, f"{dag_id} not parsed within {timeout} s"
            time.sleep(2)

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        return self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances").json()["task_instances"]

    def wait_run(self, dag_id: str, run_id: str, timeout: float) -> dict:
        """Poll a run until it is finished; return it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                run = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}").json()
            except requests.RequestException:  # a busy api-server: ask again
                run = {"state": "unknown"}
            if run["state"] in ("success", "failed"):
                return run
            assert time.monotonic() < deadline, f"{run_id} still {run['state']} after {timeout} s: " \
                + str([(t["task_id"], t["map_index"], t["state"]) for t in self.task_instances(dag_id, run_id)])
            time.sleep(2)

    def pid(self, component: str) -> int:
        return int((self.home / "run" / f"{component}.pid").read_text())

    def log(self, component: str) -> str:
        return (self.home / "run" / f"{component}.log").read_text(errors="replace")

    def kill(self, component: str) -> None:
        """SIGKILL a component: its supervisor, the process and every descendant (task processes too)."""
        root = psutil.Process(self.pid(component))
        for proc in [root, *root.children(recursive=True)]:
            try:
                proc.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                pass


def start(home: Path, wirefeed_url: str, metadata_db: str, timeout: float = 420, script: Path = SCRIPT,
          **env: str) -> Deployment:
    """Start the deployment script on free ports; `env` adds or overrides variables."""
    api_port = pgserver.free_port()
    full = airflow_env.airflow_env(
        AIRFLOW_HOME=str(home),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=airflow_env.metadata_database(metadata_db),
        AIRFLOW__API__PORT=str(api_port),
        AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT=str(pgserver.free_port()),
        WIREFEED_REDIS_PORT=str(pgserver.free_port()),
        AIRFLOW_CONN_WIREFEED_DB=wirefeed_url,
        WIREFEED_DATABASE_URL=wirefeed_url,
        WIREFEED_AIRFLOW_RESTART_DELAY="2",
        **env,
    )
    for name in ("WIREFEED_PG_PORT", "AIRFLOW__API__BASE_URL", "AIRFLOW__CORE__EXECUTION_API_SERVER_URL"):
        full.pop(name, None)
    proc = subprocess.run(["bash", str(script), "start"], env=full, capture_output=True, text=True,
                          timeout=timeout)
    deployment = Deployment(home, f"http://127.0.0.1:{api_port}", full, script)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    airflow_env.wait_http(f"{deployment.url}/api/v2/monitor/health", timeout=120)
    deployment.login()
    return deployment


def stop(deployment: Deployment) -> None:
    subprocess.run(["bash", str(deployment.script), "stop"], env=deployment.env, capture_output=True, timeout=180)


def rss_mb(deployment: Deployment) -> dict[str, float]:
    """Resident memory (MB) of each component: its supervisor's process group, children included."""
    sizes = {}
    for pidfile in sorted((deployment.home / "run").glob("*.pid")):
        try:
            root = psutil.Process(int(pidfile.read_text()))
            procs = [root, *root.children(recursive=True)]
            sizes[pidfile.stem] = sum(p.memory_info().rss for p in procs) / 2**20
        except psutil.NoSuchProcess:
            continue
    return sizes


def worker_hostnames(deployment: Deployment) -> dict[str, str]:
    """worker1/worker2 → the hostname their task instances report."""
    host = subprocess.run(["hostname"], capture_output=True, text=True).stdout.strip()
    return {name: f"{name}-{host}" for name in ("worker1", "worker2")}
