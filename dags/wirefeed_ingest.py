"""wirefeed_ingest: poll every configured feed on a schedule and store new and changed stories."""
from __future__ import annotations

from airflow.sdk import DAG, CronDataIntervalTimetable, Param, get_current_context, task
from wirefeed_airflow import settings, tasks

DOC = """
### wirefeed_ingest

Polls every feed of the feeds file (`WIREFEED_FEEDS_FILE`, default `config/feeds.yml`; the
`feeds_file` run parameter overrides it, e.g. `config/demo-feeds.yml` for the offline demo) and
stores new and changed stories in the wirefeed database (Airflow connection `wirefeed_db`).

* `plan_batches` groups the feeds by host; `poll_host` is mapped over the hosts: **one task
  instance per host** (its label is the host), in the pool `wirefeed_fetch`, so per-host limits
  hold and the pool caps how many hosts are fetched at once. A failing host fails only its own
  task instance, after its retries.
* `report` (runs even when a host failed) sums the counts — feeds polled / not modified / failed
  / skipped, stories new / updated / unchanged / failed — and returns them (XCom `return_value`).
* `update_articles` emits the `wirefeed_articles` Asset event (the counts as its extra), which
  starts `wirefeed_dedupe` and `wirefeed_tag`, **only when stories were added or changed**; a run
  that stored nothing skips it, and dedupe and tag do not run for nothing.
  `all_hosts_ok` fails the run when any host failed.
* Schedule: every 15 minutes (`WIREFEED_INGEST_CRON`), a data-interval timetable; one active run
  at a time so two runs never hit a host together; no catch-up (polling cannot fetch the past).
  Unpausing the DAG starts a run at once (for the latest complete 15-minute interval).

**Backfill**: do not backfill this DAG — feeds only serve the present. To redo a past interval
from the raw payloads already stored, backfill `wirefeed_reprocess`:
`airflow backfill create --dag-id wirefeed_reprocess --from-date 2024-05-01 --to-date 2024-05-31`.
"""

with DAG(
    dag_id="wirefeed_ingest",
    description="Poll the wire feeds (batched per host) and store new and changed stories",
    schedule=CronDataIntervalTimetable(settings.ingest_cron(), timezone="UTC"),
    doc_md=DOC,
    **settings.dag_kwargs(),
    params={
        "feeds_file": Param(None, type=["null", "string"],
                            description="feeds file for this run (default: WIREFEED_FEEDS_FILE or config/feeds.yml)"),
        "force": Param(False, type="boolean", description="poll feeds that are backed off too"),
    },
) as dag:

    @task(doc_md="Reads the feeds file and groups the feeds by host: one batch per host.")
    def plan_batches(params=None) -> list[dict]:
        return tasks.plan_batches((params or {}).get("feeds_file"))

    @task(
        pool=settings.FETCH_POOL,
        map_index_template="{{ task.op_kwargs['batch']['host'] }}",
        doc_md=(
            "Polls all feeds of one host with one fetcher (conditional GET, per-host politeness) and "
            "upserts their stories. Logs and returns the host's counts; fails, after the others are "
            "stored, if any of its feeds failed (retried with exponential backoff, the retry ignoring "
            "the feed backoff). Runs in the `wirefeed_fetch` pool."
        ),
    )
    def poll_host(batch: dict, params=None) -> dict:
        context = get_current_context()
        force = bool((params or {}).get("force")) or context["ti"].try_number > 1
        summary = tasks.poll_host(batch, tasks.interval_seconds(context), force=force)
        context["ti"].xcom_push(key="counts", value=summary)
        tasks.check_host(summary)
        return summary

    @task(
        trigger_rule="all_done",
        doc_md="Sums the counts of every host (also when some failed), logs them and returns them.",
    )
    def report(planned: list[dict]) -> dict:
        context = get_current_context()
        results = context["ti"].xcom_pull(task_ids="poll_host", key="counts") or []
        return tasks.report(planned, results if isinstance(results, list) else [results])

    @task(
        outlets=[settings.ARTICLES],
        doc_md=(
            "Emits the `wirefeed_articles` Asset event (the run's counts as its extra) that schedules "
            "`wirefeed_dedupe` and `wirefeed_tag` — only when stories were added or changed; "
            "otherwise it is skipped and no event is emitted."
        ),
    )
    def update_articles(summary: dict) -> dict:
        tasks.require_changes(summary)
        get_current_context()["outlet_events"][settings.ARTICLES].extra = summary
        return summary

    @task(doc_md="Marks the run failed when a host failed (the stored stories were reported anyway).")
    def all_hosts_ok() -> None:
        return None

    batches = plan_batches()
    polled = poll_host.expand(batch=batches)
    summary = report(batches)
    polled >> summary
    update_articles(summary)
    polled >> all_hosts_ok()
