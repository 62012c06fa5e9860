"""wirefeed_dedupe: cluster new stories into duplicate groups whenever ingest stored some."""
from __future__ import annotations

from airflow.sdk import DAG, task
from wirefeed_airflow import settings, tasks

DOC = """
### wirefeed_dedupe

Scheduled on the `wirefeed_articles` Asset: runs after each `wirefeed_ingest` run. Groups exact
duplicates (same canonical URL, GUID or normalised body hash) and near duplicates (rewrites,
updates, syndicated copies) into clusters with a representative (`clusters`,
`cluster_members`, view `unique_stories`).

It works from a watermark in the database (the last article change it processed), not from the
Asset events: several ingest runs collapsing into one dedupe run still process every story, and a
failed run is simply caught up by the next one.

**Backfill**: not needed — to re-cluster a past interval, backfill `wirefeed_reprocess`
(`airflow backfill create --dag-id wirefeed_reprocess --from-date … --to-date …`).
"""

with DAG(
    dag_id="wirefeed_dedupe",
    description="Cluster duplicate stories (incremental, from a database watermark)",
    schedule=[settings.ARTICLES],
    doc_md=DOC,
    **settings.dag_kwargs(),
) as dag:

    @task(
        outlets=[settings.CLUSTERS],
        doc_md="Clusters the stories added or changed since the watermark; logs and returns the counts.",
    )
    def dedupe() -> dict:
        return tasks.dedupe()

    dedupe()
