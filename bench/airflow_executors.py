"""Airflow on this machine: LocalExecutor (scripts/airflow-ui.sh) against CeleryExecutor
(scripts/airflow-celery.sh), each started for real on loopback with its metadata in Postgres.

For each executor it prints: start-up time; idle memory (sum of RSS of every component, task
workers included) against the 2 GB limit; and the per-task overhead — N runs of wirefeed_dedupe
on an empty database (one task that does nothing), timed from the task being queued to its end
(the work itself is a few milliseconds) — min / median / max, and the Celery / Local ratio.
With --celery-test it also times `pytest tests/test_celery.py` (the suite's Celery test).

    .venv/bin/python bench/airflow_executors.py [--runs 5] [--celery-test]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import airflow_env  # noqa: E402  (sets Airflow's environment first)
import celery_deployment  # noqa: E402

from scrapers import pgserver  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402

MEMORY_LIMIT_MB = 2048


def wirefeed_db(name: str) -> str:
    pgserver.create_database(airflow_env.PG_PORT, name)
    url = f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{airflow_env.PG_PORT}/{name}"
    import psycopg

    with psycopg.connect(url) as conn:
        migrate(conn)
    return url


def seconds(a: str, b: str) -> float:
    return (dt.datetime.fromisoformat(b) - dt.datetime.fromisoformat(a)).total_seconds()


def measure(label: str, script: Path, runs: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"wirefeed-bench-{label}-"))
    t0 = time.monotonic()
    dep = celery_deployment.start(home, wirefeed_db(f"bench_{label}"), f"bench_airflow_{label}", script=script)
    startup = time.monotonic() - t0
    try:
        dep.wait_for_dag("wirefeed_dedupe")
        time.sleep(20)  # idle
        memory = celery_deployment.rss_mb(dep)
        dep.api("PATCH", "/dags/wirefeed_dedupe", json={"is_paused": False})
        overheads = []
        for _ in range(runs):
            run = dep.api("POST", "/dags/wirefeed_dedupe/dagRuns", json={"logical_date": None}).json()
            dep.wait_run("wirefeed_dedupe", run["dag_run_id"], timeout=300)
            ti = dep.task_instances("wirefeed_dedupe", run["dag_run_id"])[0]
            overheads.append(seconds(ti["queued_when"], ti["end_date"]))
    finally:
        celery_deployment.stop(dep)
    return {"startup": startup, "memory": memory, "overheads": overheads}


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f} / median {statistics.median(values):.2f} / max {max(values):.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--celery-test", action="store_true")
    args = parser.parse_args()
    airflow_env.migrated_home()
    results = {}
    for name, label, script in (("LocalExecutor", "local", celery_deployment.UI_SCRIPT),
                                ("CeleryExecutor", "celery", celery_deployment.SCRIPT)):
        r = results[name] = measure(label, script, args.runs)
        total = sum(r["memory"].values())
        parts = ", ".join(f"{k} {v:.0f}" for k, v in sorted(r["memory"].items()))
        print(f"{name}: start-up {r['startup']:.0f} s; idle memory {total:.0f} MB "
              f"({total / MEMORY_LIMIT_MB:.2f} of the {MEMORY_LIMIT_MB} MB limit: {parts})")
        print(f"  per-task overhead, queued → end, {len(r['overheads'])} runs: {spread(r['overheads'])}", flush=True)
    ratio = statistics.median(results["CeleryExecutor"]["overheads"]) / \
        statistics.median(results["LocalExecutor"]["overheads"])
    print(f"Celery / Local per-task overhead (medians): {ratio:.2f}")
    if args.celery_test:
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "tests/test_celery.py"], cwd=ROOT)
        print(f"tests/test_celery.py: {time.monotonic() - t0:.0f} s (exit {proc.returncode})")


if __name__ == "__main__":
    main()
