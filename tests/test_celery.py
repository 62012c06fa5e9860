"""The CeleryExecutor deployment of scripts/airflow-celery.sh, run for real on loopback: Redis,
scheduler, dag-processor, api-server and two Celery workers, Airflow's metadata in Postgres.

1. wirefeed_ingest end to end: every task executed by a worker, the stories in Postgres; the
   worker running one host's task is killed (SIGKILL, its task process too) mid-fetch, and the
   task is retried on the other worker.
2. While ingest runs, 20 backfills of wirefeed_reprocess are created through the REST API (each
   cancelled before the next); the scheduler survives them, and the last backfill's run succeeds;
   then a backfill that covers today re-normalises today's payloads.
3. `scripts/airflow-celery.sh status` reports a stalled (alive, not heartbeating) scheduler.
The tests share one deployment (start-up is most of the time); bounded by pytest-timeout.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import airflow_env  # noqa: F401  (sets Airflow's environment before airflow is imported)
import celery_deployment
import psutil
import psycopg
import pytest

from scrapers import pgserver

FIXTURES = airflow_env.ROOT / "tests" / "fixtures"
pytestmark = pytest.mark.timeout(900)


class SlowHost:
    """127.0.0.4 serves tests/fixtures, holding every request until `release` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.requested = threading.Event()
        host = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(FIXTURES), **kwargs)

            def do_GET(self) -> None:  # noqa: N802 - stdlib name
                host.requested.set()
                host.release.wait(180)
                super().do_GET()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.4", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base_url = f"http://127.0.0.4:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def wirefeed_url(pg_port):
    name = "celery_wirefeed"
    pgserver.create_database(pg_port, name, template="wirefeed_template")
    return f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/{name}"


@pytest.fixture(scope="module")
def slow_host():
    host = SlowHost()
    yield host
    host.close()


@pytest.fixture(scope="module")
def deployment(wirefeed_url, fixture_server, slow_host, tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow-celery")
    feeds = home / "feeds.yml"
    feeds.write_text(
        "feeds:\n"
        f'  - {{name: reuters-topnews, url: "{fixture_server.base_url}/rss/reuters-topnews-2017-03-20.xml", agency: Reuters}}\n'
        f'  - {{name: reuters-worldnews, url: "{fixture_server.base_url}/rss/reuters-worldnews-2018-01-30.xml", agency: Reuters}}\n'
        f'  - {{name: wenn-atom, url: "{slow_host.base_url}/rss/wenn-atom-2015-01-30.xml", agency: WENN}}\n',
        encoding="utf-8")
    started = time.monotonic()
    deployment = celery_deployment.start(
        home, wirefeed_url, "airflow_celery_test",
        WIREFEED_FEEDS_FILE=str(feeds),
        WIREFEED_INGEST_CRON="0 0 1 1 *",  # unpausing starts one run; the next is a year away
        WIREFEED_FETCH_MIN_DELAY_PER_HOST="0", WIREFEED_FETCH_MAX_ATTEMPTS="1", WIREFEED_FETCH_TIMEOUT="200",
        WIREFEED_TASK_RETRIES="2", WIREFEED_RETRY_DELAY_SECONDS="1", WIREFEED_MAX_RETRY_DELAY_SECONDS="2",
        # a killed worker's task is declared dead after 20 s without a heartbeat (default 300 s)
        AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT="20",
        AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL="5",
    )
    print(f"\nCelery deployment up in {time.monotonic() - started:.0f} s")
    try:
        yield deployment
    finally:
        celery_deployment.stop(deployment)


def latest_run(deployment, dag_id: str, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        runs = deployment.api("GET", f"/dags/{dag_id}/dagRuns", params={"order_by": "-id", "limit": 1}).json()
        if runs["dag_runs"]:
            return runs["dag_runs"][0]
        assert time.monotonic() < deadline, f"no {dag_id} run within {timeout} s"
        time.sleep(2)


def running_on(deployment, run_id: str, host_label: str, timeout: float = 240) -> dict:
    """Wait until the poll_host instance of `host_label` runs on a worker; return it."""
    deadline = time.monotonic() + timeout
    while True:
        for ti in deployment.task_instances("wirefeed_ingest", run_id):
            if ti["task_id"] == "poll_host" and ti["rendered_map_index"] == host_label \
                    and ti["state"] == "running" and ti["hostname"]:
                return ti
        assert time.monotonic() < deadline, "the slow host's task never started"
        time.sleep(1)


def test_ingest_on_two_workers_survives_a_killed_worker(deployment, wirefeed_url, slow_host):
    workers = celery_deployment.worker_hostnames(deployment)
    deployment.wait_for_dag("wirefeed_ingest")
    started = time.monotonic()
    deployment.api("PATCH", "/dags/wirefeed_ingest", json={"is_paused": False})  # starts a run at once
    run_id = latest_run(deployment, "wirefeed_ingest")["dag_run_id"]

    slow = running_on(deployment, run_id, "127.0.0.4")
    assert slow_host.requested.wait(120), "the slow host was never asked"
    victim = next(name for name, host in workers.items() if host == slow["hostname"])
    survivor = next(name for name in workers if name != victim)
    deployment.kill(victim)          # mid-fetch: the request is still held by the slow host
    slow_host.release.set()

    run = deployment.wait_run("wirefeed_ingest", run_id, timeout=400)
    tis = deployment.task_instances("wirefeed_ingest", run_id)
    elapsed = time.monotonic() - started
    print(f"ingest run on Celery with a worker killed: {elapsed:.0f} s, {len(tis)} task instances")
    assert run["state"] == "success", [(t["task_id"], t["rendered_map_index"], t["state"]) for t in tis]
    assert {t["hostname"] for t in tis} <= set(workers.values())  # executed by the Celery workers
    retried = next(t for t in tis if t["task_id"] == "poll_host" and t["rendered_map_index"] == "127.0.0.4")
    assert retried["try_number"] == 2 and retried["hostname"] == workers[survivor]
    assert retried["state"] == "success"
    with psycopg.connect(wirefeed_url) as conn:
        per_feed = dict(conn.execute(
            "SELECT f.name, count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id GROUP BY f.name").fetchall())
    assert set(per_feed) == {"reuters-topnews", "reuters-worldnews", "wenn-atom"}
    assert per_feed["wenn-atom"] >= 2 and sum(per_feed.values()) > 20, per_feed


def test_scheduler_survives_20_backfill_creations_while_ingest_runs(deployment, slow_host, wirefeed_url):
    deployment.wait_for_dag("wirefeed_reprocess")
    deployment.api("PATCH", "/dags/wirefeed_reprocess", json={"is_paused": False})
    slow_host.release.clear()  # the ingest run below stays busy on the slow host meanwhile
    ingest = deployment.api("POST", "/dags/wirefeed_ingest/dagRuns",
                            json={"logical_date": None, "conf": {"force": True}}).json()
    today = dt.datetime.now(dt.timezone.utc).date()
    created = []
    for i in range(20, 0, -1):
        # one day each (to_date is inclusive), the last two days ago (unpausing ran yesterday's)
        day = today - dt.timedelta(days=i + 1)
        backfill = deployment.api("POST", "/backfills", json={
            "dag_id": "wirefeed_reprocess", "from_date": f"{day}T00:00:00Z", "to_date": f"{day}T00:00:00Z",
            "max_active_runs": 2, "reprocess_behavior": "none"}).json()
        created.append(backfill)
        if i > 1:
            deployment.api("PUT", f"/backfills/{backfill['id']}/cancel")
    slow_host.release.set()
    assert len(created) == 20

    last_day = f"{today - dt.timedelta(days=2)}T00:00:00"
    mine = wait_backfill_runs(deployment, last_day)
    assert [r["state"] for r in mine] == ["success"]
    assert deployment.wait_run("wirefeed_ingest", ingest["dag_run_id"], timeout=300)["state"] == "success"

    # a backfill that covers today runs at once and re-normalises the payloads fetched today (one
    # backfill per DAG at a time: the scheduler first marks the last one completed)
    deadline = time.monotonic() + 120
    while not deployment.api("GET", f"/backfills/{created[-1]['id']}").json()["completed_at"]:
        assert time.monotonic() < deadline, "the last backfill was not marked completed"
        time.sleep(2)
    deployment.api("POST", "/backfills", json={
        "dag_id": "wirefeed_reprocess", "from_date": f"{today}T00:00:00Z", "to_date": f"{today}T00:00:00Z",
        "max_active_runs": 1, "reprocess_behavior": "completed"})
    mine = wait_backfill_runs(deployment, f"{today}T00:00:00")
    assert [r["state"] for r in mine] == ["success"]
    with psycopg.connect(wirefeed_url) as conn:
        counts = conn.execute("SELECT counts FROM pipeline_runs WHERE dag_id = 'wirefeed_reprocess' "
                              "AND run_id = %s", (mine[0]["dag_run_id"],)).fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert counts["renormalise"]["start"].startswith(str(today))
    assert counts["renormalise"]["stories_new"] == counts["renormalise"]["stories_failed"] == 0
    assert counts["renormalise"]["stories_unchanged"] >= stored > 20 and counts["retag"]["processed"] == stored

    health = deployment.api("GET", "/monitor/health").json()
    assert health["scheduler"]["status"] == "healthy", health
    assert "exited with status" not in deployment.log("scheduler")  # never crashed nor restarted
    assert "StaleDataError" not in deployment.log("scheduler")


def wait_backfill_runs(deployment, partition_key: str, timeout: float = 300) -> list[dict]:
    """The backfill runs of wirefeed_reprocess for one partition, once they are all finished."""
    deadline = time.monotonic() + timeout
    while True:
        runs = deployment.api("GET", "/dags/wirefeed_reprocess/dagRuns",
                              params={"run_type": "backfill"}).json()["dag_runs"]
        mine = [r for r in runs if r["partition_key"] == partition_key]
        if mine and all(r["state"] in ("success", "failed") for r in mine):
            return mine
        assert time.monotonic() < deadline, f"the backfill run of {partition_key} did not finish: {mine}"
        time.sleep(3)


def test_status_reports_a_stalled_scheduler(deployment):
    """`status` judges the scheduler by its heartbeat: a live but stalled process is unhealthy."""
    def status() -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(deployment.script), "status"], env=deployment.env,
                              capture_output=True, text=True, timeout=120)

    assert "  scheduler: healthy" in status().stdout
    scheduler = psutil.Process(deployment.pid("scheduler")).children()[0]  # under its supervisor
    scheduler.suspend()
    try:
        deadline = time.monotonic() + 120
        while "  scheduler: unhealthy" not in (report := status()).stdout:
            assert time.monotonic() < deadline, report.stdout
            time.sleep(3)
        assert report.returncode == 1 and "scheduler: process running" in report.stdout
    finally:
        scheduler.resume()
    deadline = time.monotonic() + 120
    while "  scheduler: healthy" not in status().stdout:
        assert time.monotonic() < deadline, "the scheduler did not recover"
        time.sleep(3)
