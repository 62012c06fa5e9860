"""The per-run record behind the Runs page: each wirefeed task adds its counts to the row of its
Airflow run (table `pipeline_runs`), so the view reads one small table instead of Airflow's XComs.

Recording never fails a task: the counts are also in the task's log and XCom.
"""
from __future__ import annotations

import datetime as dt
import logging

from psycopg.types.json import Jsonb

log = logging.getLogger(__name__)

UPSERT = """
INSERT INTO pipeline_runs (stage, dag_id, run_id, started_at, counts)
VALUES (%(stage)s, %(dag_id)s, %(run_id)s, %(started_at)s::timestamptz, jsonb_build_object(%(step)s::text, %(counts)s::jsonb))
ON CONFLICT (dag_id, run_id) DO UPDATE
SET counts = pipeline_runs.counts || EXCLUDED.counts, finished_at = now(),
    started_at = coalesce(pipeline_runs.started_at, EXCLUDED.started_at)
"""


def record_run(conn, stage: str, step: str, counts: dict, dag_id: str, run_id: str,
               started_at: dt.datetime | None = None) -> None:
    """Merge one step's counts into its run's row (idempotent: a retried task overwrites its step)."""
    conn.execute(UPSERT, {"stage": stage, "step": step, "counts": Jsonb(counts), "dag_id": dag_id,
                          "run_id": run_id, "started_at": started_at})


def record_from_context(stage: str, step: str, counts: dict) -> None:
    """Inside an Airflow task: record `counts` for the current DAG run (warns instead of raising)."""
    try:
        from airflow.sdk import get_current_context

        from wirefeed_airflow.hooks import WirefeedDbHook

        context = get_current_context()
        run = context["dag_run"]
        with WirefeedDbHook().get_conn() as conn:
            record_run(conn, stage, step, counts, run.dag_id, run.run_id, getattr(run, "start_date", None))
            conn.commit()
    except Exception as exc:  # the view misses one run; the task's own result stands
        log.warning("could not record the %s counts of this run in pipeline_runs: %s", step, exc)
