"""Names and knobs shared by the wirefeed DAGs (read at DAG-parse time; light imports only).

Environment variables (all optional):

| variable | default | meaning |
|---|---|---|
| `WIREFEED_FEEDS_FILE` | `config/feeds.yml` | feeds file of `wirefeed_ingest` (relative to the project root); the `feeds_file` run param overrides it per run |
| `WIREFEED_FEEDS_BASE` | (loopback server) | what `{base}` in feed URLs becomes; unset, a task serves `tests/fixtures` itself (the offline demo) |
| `WIREFEED_INGEST_CRON` | `*/15 * * * *` | ingest schedule (a data-interval timetable) |
| `WIREFEED_REPROCESS_CRON` | `@daily` | the interval size of `wirefeed_reprocess` runs and backfills |
| `WIREFEED_TASK_RETRIES` | `2` | retries of every task |
| `WIREFEED_RETRY_DELAY_SECONDS` | `60` | first retry delay, doubled on each retry (exponential backoff) |
| `WIREFEED_MAX_RETRY_DELAY_SECONDS` | `900` | cap of the retry delay |
| `WIREFEED_TASK_TIMEOUT_SECONDS` | `1800` | execution timeout of every task |
| `WIREFEED_FETCH_POOL` | `wirefeed_fetch` | the pool of the per-host fetch tasks |
| `WIREFEED_FETCH_TIMEOUT` | (library default) | connect and read timeout of one HTTP request, seconds |
| `WIREFEED_REPLAY_WORKERS` | `2` | processes that parse and normalise in `renormalise` (one connection stores) |
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from airflow.sdk import Asset

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONN_ID = "wirefeed_db"
FETCH_POOL = os.environ.get("WIREFEED_FETCH_POOL", "wirefeed_fetch")
FETCH_POOL_SLOTS = 4  # what scripts/airflow-ui.sh and docker-compose create; change with `airflow pools set`
DEFAULT_FEEDS_FILE = "config/feeds.yml"
DEFAULT_INGEST_CRON = "*/15 * * * *"
DEFAULT_REPROCESS_CRON = "@daily"

# Data-aware scheduling: ingest updates ARTICLES; dedupe and tag run when it does.
ARTICLES = Asset(name="wirefeed_articles", uri="wirefeed://db/articles", group="wirefeed")
CLUSTERS = Asset(name="wirefeed_clusters", uri="wirefeed://db/clusters", group="wirefeed")
TAGS = Asset(name="wirefeed_tags", uri="wirefeed://db/tags", group="wirefeed")

DAG_TAGS = ["wirefeed"]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        return default


def ingest_cron() -> str:
    return os.environ.get("WIREFEED_INGEST_CRON", "").strip() or DEFAULT_INGEST_CRON


def reprocess_cron() -> str:
    return os.environ.get("WIREFEED_REPROCESS_CRON", "").strip() or DEFAULT_REPROCESS_CRON


def feeds_file(override: str | None = None) -> Path:
    """The feeds file: the run's param, else WIREFEED_FEEDS_FILE, else config/feeds.yml."""
    value = (override or "").strip() or os.environ.get("WIREFEED_FEEDS_FILE", "").strip() or DEFAULT_FEEDS_FILE
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def hostname() -> str:
    """`[core] hostname_callable` of scripts/airflow-celery.sh: each worker's own name
    (WIREFEED_WORKER_HOSTNAME, shown as the task instance's host), else the machine's FQDN."""
    import socket

    return os.environ.get("WIREFEED_WORKER_HOSTNAME", "").strip() or socket.getfqdn()


def default_args(**overrides: object) -> dict:
    """Every task: retries with exponential backoff and an execution timeout."""
    args = {
        "owner": "wirefeed",
        "retries": env_int("WIREFEED_TASK_RETRIES", 2),
        "retry_delay": dt.timedelta(seconds=env_int("WIREFEED_RETRY_DELAY_SECONDS", 60)),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": dt.timedelta(seconds=env_int("WIREFEED_MAX_RETRY_DELAY_SECONDS", 900)),
        "execution_timeout": dt.timedelta(seconds=env_int("WIREFEED_TASK_TIMEOUT_SECONDS", 1800)),
    }
    args.update(overrides)
    return args


def dag_kwargs(**overrides: object) -> dict:
    """What every wirefeed DAG shares: start date, no catch-up, one active run (the stages keep
    their own watermarks and per-host limits), default_args and tags."""
    kwargs = {
        "start_date": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
        "catchup": False,
        "max_active_runs": 1,
        "default_args": default_args(),
        "tags": DAG_TAGS,
    }
    kwargs.update(overrides)
    return kwargs
