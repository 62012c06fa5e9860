"""wirefeed_reprocess: redo a past interval from the stored raw payloads (what backfills run)."""
from __future__ import annotations

from airflow.sdk import DAG, CronPartitionTimetable, get_current_context, task
from wirefeed_airflow import settings, tasks

DOC = """
### wirefeed_reprocess

Re-normalises, re-dedupes and re-tags the stories of its **partition** (a day) from the raw payloads
already stored — nothing is fetched. Use it after improving a parser, the dateline rules, the
dedupe or the tagger, to apply the change to past data. Every step is idempotent: reprocessing an
interval twice, or one whose result did not change, changes no row.

**One time axis: when the data arrived.** The interval selects payloads by their fetch time and
stories by when they first arrived (`articles.first_seen_at`, set by the fetch that brought them),
never by the publication date a feed claims: the three tasks work on the same stories.

1. `renormalise`: re-parses every payload fetched in the interval (oldest first) and upserts
   its stories (changed ones get a new version).
2. `rededupe`: rebuilds the duplicate clusters of the stories that arrived in the interval.
3. `retag`: re-tags the stories that arrived in the interval.

Each run covers one **partition**: the day (`WIREFEED_REPROCESS_CRON`, default `@daily`) that
starts at its partition key, e.g. `2024-05-01T00:00:00` = May 1, 00:00 to 24:00 UTC. Unpaused, the
DAG reprocesses the previous day each night. **Backfill** a range, today included (the DAG must be
unpaused; `--to-date` is inclusive):

```
airflow backfill create --dag-id wirefeed_reprocess --from-date 2024-05-01 --to-date 2024-05-31
airflow backfill create --dag-id wirefeed_reprocess --from-date 2024-05-01 --to-date "$(date -u +%F)"
```

or, in the UI, the DAG's "Trigger" button → "Backfill" with the date range. Today's partition runs
at once and reprocesses what has arrived so far (the nightly run redoes the whole day). Existing
runs of the range are skipped unless you ask to reprocess them (`--reprocess-behavior completed`).
A manual run needs a partition key (the day's start, as above).
"""

with DAG(
    dag_id="wirefeed_reprocess",
    description="Re-normalise, re-dedupe and re-tag an interval from stored payloads (backfill target)",
    # partitions, not data intervals: Airflow backfills only data intervals that have ended, but
    # every partition up to --to-date, so a backfill can cover today
    schedule=CronPartitionTimetable(settings.reprocess_cron(), timezone="UTC", run_offset=-1),
    doc_md=DOC,
    **settings.dag_kwargs(),
) as dag:

    @task(doc_md="Re-parses and re-normalises the payloads fetched in the partition; no network.")
    def renormalise() -> dict:
        return tasks.renormalise(*tasks.partition_bounds(get_current_context()))

    @task(doc_md="Rebuilds the duplicate clusters of the stories that arrived in the partition.")
    def rededupe() -> dict:
        return tasks.rededupe(*tasks.partition_bounds(get_current_context()))

    @task(doc_md="Re-tags the stories that arrived in the partition.")
    def retag() -> dict:
        return tasks.retag(*tasks.partition_bounds(get_current_context()))

    renormalise() >> rededupe() >> retag()
