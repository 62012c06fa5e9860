"""pipeline_runs: each wirefeed task merges its counts into its Airflow run's row (the Runs page)."""
from __future__ import annotations

import datetime as dt

import airflow_env  # noqa: F401  (sets AIRFLOW_HOME & co. before airflow is imported)
import pytest

from wirefeed_ui.runlog import record_run


def test_steps_merge_into_one_row_and_retries_overwrite(conn):
    started = dt.datetime(2026, 11, 30, 12, tzinfo=dt.timezone.utc)
    record_run(conn, "reprocess", "renormalise", {"stories_new": 1}, "wirefeed_reprocess", "r1", started)
    record_run(conn, "reprocess", "rededupe", {"processed": 5}, "wirefeed_reprocess", "r1", None)
    record_run(conn, "reprocess", "renormalise", {"stories_new": 2}, "wirefeed_reprocess", "r1", None)
    rows = conn.execute("SELECT stage, started_at, counts FROM pipeline_runs").fetchall()
    assert rows == [("reprocess", started, {"renormalise": {"stories_new": 2}, "rededupe": {"processed": 5}})]


@pytest.fixture(scope="module")
def dedupe_dag():
    airflow_env.migrated_home()
    from airflow.models import DagBag

    bag = DagBag(dag_folder=str(airflow_env.DAGS / "wirefeed_dedupe.py"))
    assert not bag.import_errors, bag.import_errors
    return bag.dags["wirefeed_dedupe"]


def test_a_real_dag_run_records_its_counts(dedupe_dag, db_url, conn, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WIREFEED_DB", db_url)
    run = dedupe_dag.test()
    assert str(run.state) == "success"
    row = conn.execute("SELECT stage, dag_id, run_id, counts FROM pipeline_runs").fetchone()
    assert row[:3] == ("dedupe", "wirefeed_dedupe", run.run_id)
    assert row[3]["dedupe"]["processed"] == 0
