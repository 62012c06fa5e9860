"""Fixture data for the wirefeed view's tests: the real fixture feeds ingested through the real
HTTP path, deduped and tagged, plus sick feeds that really failed, and the pipeline_runs rows the
DAG tasks would write. Arrival times are spread over three days so the charts have shape."""
from __future__ import annotations

from pathlib import Path

from scrapers.config import FeedConfig
from scrapers.dedupe import run_dedupe
from scrapers.fetch import Fetcher, FetchConfig
from scrapers.pipeline import ingest
from scrapers.tagging import run_tagging
from wirefeed_ui import rollups
from wirefeed_ui.runlog import record_run

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def feeds(base: str) -> list[FeedConfig]:
    return [
        FeedConfig(name="reuters-topnews", url=f"{base}/rss/reuters-topnews-2017-03-20.xml", agency="Reuters", language="en"),
        FeedConfig(name="reuters-worldnews", url=f"{base}/rss/reuters-worldnews-2018-01-30.xml", agency="Reuters", language="en"),
        # the same stories through a second feed: exact duplicates for the clusters
        FeedConfig(name="reuters-mirror", url=f"{base}/rss/reuters-topnews-2017-03-20.xml", agency="Reuters", language="en"),
        FeedConfig(name="wenn-atom", url=f"{base}/rss/wenn-atom-2015-01-30.xml", agency="WENN", language="en"),
        FeedConfig(name="wire-drop", url=str(FIXTURES / "wire-xml"), kind="wire_dir"),
        FeedConfig(name="truncated", url=f"{base}/broken/truncated-reuters.xml", agency="Reuters"),
        FeedConfig(name="gone-feed", url=f"{base}/rss/no-such-feed.xml", agency="AFP"),
        FeedConfig(name="refused-feed", url="http://127.0.0.1:9/feed.xml", agency="AP"),
    ]


def build(conn, base: str, url: str) -> dict:
    """Fill the database; returns the counts recorded for the last ingest run."""
    all_feeds = feeds(base)
    fetcher = Fetcher(FetchConfig(min_delay_per_host=0, max_attempts=1, connect_timeout=2))
    try:
        first = ingest(conn, all_feeds, fetcher=fetcher).as_dict()
        # gone-feed fails again: two failures in a row and a poll pushed back → backing off
        ingest(conn, [f for f in all_feeds if f.name == "gone-feed"], fetcher=fetcher, force=True)
    finally:
        fetcher.close()
    conn.execute("UPDATE feeds SET enabled = false WHERE name = 'truncated'")
    # arrival times spread over 72 hours (the versioning trigger keeps first_seen_at: off meanwhile)
    conn.execute("ALTER TABLE articles DISABLE TRIGGER articles_version")
    conn.execute("UPDATE articles SET first_seen_at = date_trunc('hour', now()) - (id * 7 % 72) * interval '1 hour' "
                 "+ interval '5 minutes'")
    conn.execute("ALTER TABLE articles ENABLE TRIGGER articles_version")
    conn.commit()
    dedupe = run_dedupe(conn)
    tags = run_tagging(conn)
    conn.commit()
    summary = {"hosts": 3, "hosts_failed": 2, **first, "failed_hosts": ["127.0.0.1"]}
    record_run(conn, "ingest", "report", {**summary, "stories_new": 0, "stories_unchanged": first["stories_new"]},
               "wirefeed_ingest", "scheduled__2026-11-30T11:45:00+00:00")
    conn.commit()
    record_run(conn, "ingest", "report", summary, "wirefeed_ingest", "manual__2026-11-30T12:00:00+00:00")
    conn.commit()
    record_run(conn, "dedupe", "dedupe", dedupe, "wirefeed_dedupe", "asset_triggered__2026-11-30T12:01:00+00:00")
    record_run(conn, "tag", "tag", tags, "wirefeed_tag", "asset_triggered__2026-11-30T12:01:30+00:00")
    conn.commit()
    rollups.refresh(url)
    return summary


# The Airflow runs behind the recorded ones, plus one in flight (for the docs screenshots: a
# screenshot's Runs tables then show states, as in a deployment). (dag_id, run_id, state)
AIRFLOW_RUNS = [
    ("wirefeed_ingest", "scheduled__2026-11-30T11:45:00+00:00", "success"),
    ("wirefeed_ingest", "manual__2026-11-30T12:00:00+00:00", "success"),
    ("wirefeed_dedupe", "asset_triggered__2026-11-30T12:01:00+00:00", "success"),
    ("wirefeed_tag", "asset_triggered__2026-11-30T12:01:30+00:00", "failed"),
    ("wirefeed_ingest", "scheduled__2026-11-30T12:15:00+00:00", "running"),
]


def add_airflow_runs() -> None:
    """Create AIRFLOW_RUNS in the Airflow metadata database this process is configured for
    (run in an `airflow_env` subprocess after `airflow dags reserialize`)."""
    import datetime as dt

    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=2)  # the run in flight: "started 2 min ago"
    with create_session() as session:
        for dag_id, run_id, state in AIRFLOW_RUNS:
            kind, stamp = run_id.split("__", 1)
            when = dt.datetime.fromisoformat(stamp)
            session.add(DagRun(dag_id=dag_id, run_id=run_id, state=state, run_type=kind, run_after=when,
                               logical_date=when, start_date=started))
