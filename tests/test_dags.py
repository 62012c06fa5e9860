"""DAG integrity: every DAG file imports cleanly and follows the project's rules (retries,
timeouts, docs, pools, timetables). No metadata database needed."""
from __future__ import annotations

import airflow_env  # noqa: F401  (sets AIRFLOW_HOME & co. before airflow is imported)
import pytest

EXPECTED = {"wirefeed_ingest", "wirefeed_dedupe", "wirefeed_tag", "wirefeed_reprocess"}


@pytest.fixture(scope="module")
def bag():
    from airflow.models import DagBag

    return DagBag(dag_folder=str(airflow_env.DAGS))


def test_every_dag_imports_without_errors(bag):
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == EXPECTED
    assert sorted(p.name for p in airflow_env.DAGS.glob("*.py")) == sorted(f"{d}.py" for d in EXPECTED)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_retries_timeouts_and_docs_everywhere(bag, dag_id):
    dag = bag.dags[dag_id]
    assert dag.doc_md and "backfill" in dag.doc_md.lower()
    assert dag.tasks
    for task in dag.tasks:
        assert task.retries >= 1, task.task_id
        assert task.retry_exponential_backoff, task.task_id
        assert task.max_retry_delay is not None, task.task_id
        assert task.execution_timeout is not None and task.execution_timeout.total_seconds() > 0, task.task_id
        assert task.doc_md, f"{dag_id}.{task.task_id} has no doc_md"


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_no_cycles(bag, dag_id):
    dag = bag.dags[dag_id]
    order = [t.task_id for t in dag.topological_sort()]  # raises on a cycle
    assert sorted(order) == sorted(dag.task_ids)
    position = {task_id: i for i, task_id in enumerate(order)}
    for task in dag.tasks:
        assert all(position[d] > position[task.task_id] for d in task.downstream_task_ids)


def test_ingest_schedule_and_concurrency(bag):
    from airflow.sdk import CronDataIntervalTimetable

    dag = bag.dags["wirefeed_ingest"]
    assert isinstance(dag.timetable, CronDataIntervalTimetable)  # a real data interval, not a trigger
    assert dag.timetable.expression == "*/15 * * * *"
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    assert dag.get_task("report").outlets == []
    assert [a.uri for a in dag.get_task("update_articles").outlets] == ["wirefeed://db/articles"]
    assert dag.get_task("update_articles").upstream_task_ids == {"report"}


def test_fetch_task_is_mapped_per_host_and_pooled(bag):
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    dag = bag.dags["wirefeed_ingest"]
    poll = dag.get_task("poll_host")
    assert isinstance(poll, MappedOperator)
    assert poll.pool == "wirefeed_fetch"
    assert poll.upstream_task_ids == {"plan_batches"}
    assert dag.get_task("report").trigger_rule == "all_done"
    assert dag.get_task("all_hosts_ok").trigger_rule == "all_success"


def test_dedupe_and_tag_are_scheduled_on_the_articles_asset(bag):
    for dag_id in ("wirefeed_dedupe", "wirefeed_tag"):
        dag = bag.dags[dag_id]
        assert [a.uri for a in dag.timetable.asset_condition.objects] == ["wirefeed://db/articles"], dag_id
        assert dag.max_active_runs == 1


def test_reprocess_backfills_include_today(bag):
    """A backfill whose range ends today creates today's partition, ready to run now (a data-interval
    timetable would leave it out until the day has ended)."""
    import datetime as dt

    from airflow.models.backfill import _get_info_list
    from airflow.sdk import CronPartitionTimetable
    from airflow.serialization.serialized_objects import DagSerialization

    dag = bag.dags["wirefeed_reprocess"]
    assert isinstance(dag.timetable, CronPartitionTimetable)
    scheduler_dag = DagSerialization.deserialize_dag(DagSerialization.serialize_dag(dag))
    assert scheduler_dag.timetable.periodic and scheduler_dag.timetable.partitioned
    now = dt.datetime.now(dt.timezone.utc)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    infos = _get_info_list(from_date=today - dt.timedelta(days=2), to_date=today, reverse=False, dag=scheduler_dag)
    assert [i.partition_date for i in infos] == [today - dt.timedelta(days=d) for d in (2, 1, 0)]
    assert infos[-1].partition_key == today.strftime("%Y-%m-%dT00:00:00") and infos[-1].run_after <= now
    assert [t.task_id for t in dag.topological_sort()] == ["renormalise", "rededupe", "retag"]


def test_partition_bounds_cover_one_tick():
    import datetime as dt

    from airflow.sdk import CronPartitionTimetable
    from wirefeed_airflow.tasks import partition_bounds

    class Dag:
        timetable = CronPartitionTimetable("@daily", timezone="UTC", run_offset=-1)

    day = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    assert partition_bounds({"partition_date": day, "dag": Dag}) == (day, day + dt.timedelta(days=1))
    Dag.timetable = CronPartitionTimetable("0 * * * *", timezone="UTC", run_offset=-1)
    assert partition_bounds({"partition_date": day, "dag": Dag}) == (day, day + dt.timedelta(hours=1))
    with pytest.raises(ValueError, match="partition key"):
        partition_bounds({"partition_date": None, "dag": Dag})


def test_schedule_is_configurable(monkeypatch):
    from airflow.models import DagBag

    monkeypatch.setenv("WIREFEED_INGEST_CRON", "*/5 * * * *")
    dag = DagBag(dag_folder=str(airflow_env.DAGS / "wirefeed_ingest.py")).dags["wirefeed_ingest"]
    assert dag.timetable.expression == "*/5 * * * *"
