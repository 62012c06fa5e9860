"""wirefeed_tag: tag new stories (language, places, topics, agency) whenever ingest stored some."""
from __future__ import annotations

from airflow.sdk import DAG, task
from wirefeed_airflow import settings, tasks

DOC = """
### wirefeed_tag

Scheduled on the `wirefeed_articles` Asset: runs after each `wirefeed_ingest` run. Tags the new
and changed stories — language, places (dateline city → country and coordinates), topics,
agency, feed — into the `tags` table.

It works from a watermark in the database (the last article change it tagged), not from the
Asset events: several ingest runs collapsing into one tag run still tag every story.

**Backfill**: not needed — to re-tag a past interval, backfill `wirefeed_reprocess`
(`airflow backfill create --dag-id wirefeed_reprocess --from-date … --to-date …`).
"""

with DAG(
    dag_id="wirefeed_tag",
    description="Tag stories (incremental, from a database watermark)",
    schedule=[settings.ARTICLES],
    doc_md=DOC,
    **settings.dag_kwargs(),
) as dag:

    @task(
        outlets=[settings.TAGS],
        doc_md="Tags the stories added or changed since the watermark; logs and returns the counts.",
    )
    def tag() -> dict:
        return tasks.tag()

    tag()
