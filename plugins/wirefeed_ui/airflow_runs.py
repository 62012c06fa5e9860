"""The Airflow side of the Runs tables: each run's state (queued / running / success / failed) and
the runs still in flight, which have no `pipeline_runs` row until a task of theirs finishes.

Read from Airflow's metadata database through Airflow's own ORM session (the plugin runs inside
the api-server, which has it configured). Without one (a bench, a broken metadata database) the
tables still show the counts, with an unknown state: this never fails a page.
"""
from __future__ import annotations

import datetime as dt
import logging
import time

log = logging.getLogger(__name__)
ACTIVE = ("queued", "running")
RETRY_SECONDS = 60
_failure: tuple[float, str] = (0.0, "")  # (monotonic time of the last failure, its message)


class AirflowRuns:
    """States of the given runs and the active runs of the given DAGs, read in one session."""

    def __init__(self) -> None:
        self.ms = 0.0
        self.error: str | None = None

    def states(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """{(dag_id, run_id): state} for the runs Airflow still has."""
        if not keys:
            return {}
        from airflow.models.dagrun import DagRun
        from sqlalchemy import select, tuple_

        rows = self._query(select(DagRun.dag_id, DagRun.run_id, DagRun._state)
                           .where(tuple_(DagRun.dag_id, DagRun.run_id).in_(keys)))
        return {(dag_id, run_id): str(state) for dag_id, run_id, state in rows}

    def active(self, dag_ids: list[str], limit: int = 10) -> dict[str, list[dict]]:
        """{dag_id: [{'run_id', 'state', 'started_at'}, …]} of queued and running runs, newest first."""
        from airflow.models.dagrun import DagRun
        from sqlalchemy import select

        rows = self._query(select(DagRun.dag_id, DagRun.run_id, DagRun._state, DagRun.start_date, DagRun.run_after)
                           .where(DagRun.dag_id.in_(dag_ids), DagRun._state.in_(ACTIVE))
                           .order_by(DagRun.run_after.desc()).limit(limit * len(dag_ids)))
        active: dict[str, list[dict]] = {}
        for dag_id, run_id, state, started, run_after in rows:
            runs = active.setdefault(dag_id, [])
            if len(runs) < limit:
                runs.append({"run_id": run_id, "state": str(state), "started_at": started or run_after})
        return active

    def _query(self, statement) -> list:
        global _failure
        if not self.error and time.monotonic() - _failure[0] < RETRY_SECONDS:
            self.error = _failure[1]  # failed a moment ago: not again on every page view
        if self.error:
            return []
        t0 = time.perf_counter()
        try:
            from airflow.utils.session import create_session

            with create_session() as session:
                return list(session.execute(statement).all())
        except Exception as exc:  # no metadata database here: counts without states
            self.error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:200]}"
            _failure = (time.monotonic(), self.error)
            log.warning("the wirefeed view could not read Airflow's runs: %s", self.error)
            return []
        finally:
            self.ms += (time.perf_counter() - t0) * 1000


def annotate(stages: dict[str, list[dict]], stage_dags: dict[str, str], limit: int) -> dict:
    """Add each recorded run's Airflow `state`; return {'active': {stage: [runs in flight]},
    'ms': time spent, 'error': why states are unknown, or None}."""
    airflow = AirflowRuns()
    recorded = [(r["dag_id"], r["run_id"]) for rows in stages.values() for r in rows]
    states = airflow.states(recorded)
    for rows in stages.values():
        for r in rows:
            r["state"] = states.get((r["dag_id"], r["run_id"]))
    by_dag = airflow.active([stage_dags[s] for s in stages], limit) if stages else {}
    seen = set(recorded)
    active = {stage: [r for r in by_dag.get(stage_dags[stage], []) if (stage_dags[stage], r["run_id"]) not in seen]
              for stage in stages}
    return {"active": active, "ms": airflow.ms, "error": airflow.error,
            "checked_at": dt.datetime.now(dt.timezone.utc)}
