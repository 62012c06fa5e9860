"""Task callables of the wirefeed DAGs. Each logs its counts and returns a summary dict.

They take plain arguments (plus, for a few, the Airflow context) so that the DAG files stay
wiring only. The `scrapers` library is imported inside the functions: DAG parsing stays fast.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import time
from collections.abc import Iterator

from wirefeed_airflow.hooks import WirefeedDbHook
from wirefeed_airflow.settings import PROJECT_ROOT, feeds_file

log = logging.getLogger(__name__)

BASE_PLACEHOLDER = "{base}"
DEMO_HOST = "loopback-demo"
INGEST_KEYS = ("feeds_polled", "feeds_not_modified", "feeds_failed", "feeds_skipped",
               "stories_new", "stories_updated", "stories_unchanged", "stories_failed")


class HostPollFailed(RuntimeError):
    """Some feeds of one host failed: the host's mapped task fails (and is retried) alone."""


def _connect():
    return WirefeedDbHook().get_conn()


def _record(stage: str, step: str, counts: dict) -> None:
    """Keep this run's counts in the wirefeed database (pipeline_runs) for the wirefeed view."""
    from wirefeed_ui.runlog import record_from_context

    record_from_context(stage, step, counts)


def _fmt(counts: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in counts.items() if not isinstance(v, (dict, list)))


# --- wirefeed_ingest ------------------------------------------------------------------------

def plan_batches(feeds_file_override: str | None = None) -> list[dict]:
    """Read the feeds file; one batch per host (all feeds of a host go to one mapped task)."""
    from scrapers.config import load_feeds
    from scrapers.pipeline import group_by_host

    path = feeds_file(feeds_file_override)
    base = os.environ.get("WIREFEED_FEEDS_BASE", "").strip() or BASE_PLACEHOLDER
    feeds = load_feeds(path, base=base)
    groups = group_by_host(feeds)
    batches = []
    for host, group in sorted(groups.items()):
        if not host and all(f.url.startswith(BASE_PLACEHOLDER) for f in group):
            host = DEMO_HOST
        batches.append({"host": host or "(no host)", "feeds": [dataclasses.asdict(f) for f in group]})
    log.info("feeds file %s: %d feeds on %d hosts", path, len(feeds), len(batches))
    for b in batches:
        log.info("  %s: %s", b["host"], ", ".join(f["name"] for f in b["feeds"]))
    if not batches:
        log.warning("no feeds configured in %s", path)
    return batches


@contextlib.contextmanager
def _demo_server(needed: bool) -> Iterator[str]:
    """`{base}` left in URLs: serve tests/fixtures on loopback for this task (the offline demo)."""
    if not needed:
        yield ""
        return
    from scrapers.localserver import DirectoryServer

    root = PROJECT_ROOT / "tests" / "fixtures"
    try:
        from scrapers.demo import DEMO_PORT

        server = DirectoryServer(root, port=DEMO_PORT)
    except (ImportError, OSError):
        server = DirectoryServer(root)
    with server:
        log.info("serving %s at %s for {base} feed URLs", root, server.base_url)
        yield server.base_url


def fetch_config():
    """The fetcher's settings: library defaults, overridden per field by `WIREFEED_FETCH_<FIELD>`
    (e.g. `WIREFEED_FETCH_MAX_ATTEMPTS=1`); `WIREFEED_FETCH_TIMEOUT` sets every timeout at once."""
    from scrapers.fetch import FetchConfig

    config = FetchConfig()
    changes: dict[str, object] = {}
    timeout = os.environ.get("WIREFEED_FETCH_TIMEOUT", "").strip()
    for f in dataclasses.fields(config):
        current = getattr(config, f.name)
        value = os.environ.get(f"WIREFEED_FETCH_{f.name.upper()}", "").strip()
        if not value and timeout and f.name.endswith("_timeout") and f.name != "slot_timeout":
            value = timeout
        if value and isinstance(current, (int, float, str)) and not isinstance(current, bool):
            changes[f.name] = type(current)(value)
    return dataclasses.replace(config, **changes) if changes else config


def poll_host(batch: dict, interval_seconds: int, force: bool = False) -> dict:
    """Poll every feed of one host with one fetcher; store new and changed stories.

    Every feed is polled even when another one fails; if any failed, HostPollFailed is raised
    at the end (after the stories of the others are committed) so the task fails and retries.
    """
    from scrapers.config import FeedConfig
    from scrapers.fetch import Fetcher
    from scrapers.pipeline import ingest

    feeds = [FeedConfig(**f) for f in batch["feeds"]]
    needs_server = any(BASE_PLACEHOLDER in f.url for f in feeds)
    started = time.monotonic()
    started_at = dt.datetime.now(dt.timezone.utc)
    with _demo_server(needs_server) as base, _connect() as conn:
        if base:
            feeds = [dataclasses.replace(f, url=f.url.replace(BASE_PLACEHOLDER, base)) for f in feeds]
        fetcher = Fetcher(fetch_config())
        try:
            counts = ingest(conn, feeds, fetcher=fetcher, interval=interval_seconds, force=force).as_dict()
        finally:
            fetcher.close()
        errors = dict(conn.execute(
            "SELECT f.name, fa.error FROM fetch_attempts fa JOIN feeds f ON f.id = fa.feed_id "
            "WHERE fa.status = 'failed' AND fa.started_at >= %s AND f.name = ANY(%s) ORDER BY fa.id",
            (started_at, [f.name for f in feeds])).fetchall())
        conn.commit()
    summary = {"host": batch["host"], "feeds": len(feeds), **counts,
               "seconds": round(time.monotonic() - started, 2), "errors": errors}
    log.info("host %s: %s", batch["host"], _fmt(summary))
    for name, error in errors.items():
        log.error("feed %s failed: %s", name, error)
    return summary


def check_host(summary: dict) -> None:
    if summary["feeds_failed"]:
        raise HostPollFailed(
            f"{summary['feeds_failed']} of {summary['feeds']} feeds on {summary['host']} failed: "
            + "; ".join(f"{k}: {v}" for k, v in summary["errors"].items()))


def report(planned: list[dict], results: list[dict | None]) -> dict:
    """Sum the hosts' counts; hosts without a result (failed tasks) are listed."""
    results = [r for r in results or [] if r]
    totals = {k: sum(r.get(k, 0) for r in results) for k in INGEST_KEYS}
    done = {r["host"] for r in results if not r.get("feeds_failed")}
    failed_hosts = sorted({b["host"] for b in planned} - done)
    summary = {"hosts": len(planned), "hosts_failed": len(failed_hosts), **totals,
               "failed_hosts": failed_hosts}
    log.info("ingest run: %s", _fmt(summary))
    _record("ingest", "report", summary)
    if failed_hosts:
        log.warning("hosts that failed (see their poll_host task logs): %s", ", ".join(failed_hosts))
    return summary


def require_changes(summary: dict) -> None:
    """Skip the Asset event (AirflowSkipException) when the run added and changed no story."""
    if not summary.get("stories_new") and not summary.get("stories_updated"):
        from airflow.sdk.exceptions import AirflowSkipException

        raise AirflowSkipException("no story added or changed: no wirefeed_articles event")


# --- wirefeed_dedupe / wirefeed_tag ---------------------------------------------------------

def dedupe() -> dict:
    """Cluster the stories added or changed since the dedupe watermark."""
    from scrapers.dedupe import run_dedupe

    return _incremental("dedupe", run_dedupe)


def tag() -> dict:
    """Tag the stories added or changed since the tagging watermark."""
    from scrapers.tagging import run_tagging

    return _incremental("tag", run_tagging)


def _incremental(label: str, stage) -> dict:
    """Run one watermark-driven stage in its own transaction; log and return its counts."""
    with _connect() as conn:
        result = dict(stage(conn))
        conn.commit()
    log.info("%s: %s", label, _fmt(result))
    _record(label, label, result)
    return result


# --- wirefeed_reprocess ---------------------------------------------------------------------

def renormalise(start: dt.datetime, end: dt.datetime) -> dict:
    """Re-parse and re-normalise the raw payloads fetched in [start, end); no network."""
    from scrapers.pipeline import replay

    with _connect() as conn:
        result = {"start": start.isoformat(), "end": end.isoformat(), **replay(conn, start, end).as_dict()}
    log.info("renormalise: %s", _fmt(result))
    _record("reprocess", "renormalise", result)
    return result


def rededupe(start: dt.datetime, end: dt.datetime) -> dict:
    """Rebuild the duplicate clusters of the stories that arrived (first_seen_at) in [start, end)."""
    from scrapers.dedupe import rebuild_dedupe

    with _connect() as conn:
        result = dict(rebuild_dedupe(conn, start, end))
        conn.commit()
    log.info("rededupe: %s", _fmt(result))
    _record("reprocess", "rededupe", result)
    return result


def retag(start: dt.datetime, end: dt.datetime) -> dict:
    """Re-tag the stories that arrived (first_seen_at) in [start, end).

    Uses the library's interval rebuild when it has one (`rebuild_tagging`); otherwise the
    incremental tagger, which re-tags exactly the stories that re-normalising changed.
    """
    import scrapers.tagging as tagging

    with _connect() as conn:
        rebuild = getattr(tagging, "rebuild_tagging", None) or getattr(tagging, "retag", None)
        result = dict(rebuild(conn, start, end) if rebuild else tagging.run_tagging(conn))
        conn.commit()
    log.info("retag: %s", _fmt(result))
    _record("reprocess", "retag", result)
    return result


def partition_bounds(context) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a wirefeed_reprocess run: its partition, from the partition date (the
    start, the key's instant) to the timetable's next tick; a partition may include today."""
    start = context.get("partition_date")
    if start is None:
        raise ValueError(
            "this task needs a partition: backfill it (airflow backfill create --dag-id wirefeed_reprocess "
            "--from-date … --to-date …) or trigger it with a partition key, the start of the day "
            "(e.g. 2024-05-01T00:00:00)")
    return start, next_tick(context["dag"].timetable.expression, start)


def next_tick(cron: str, after: dt.datetime) -> dt.datetime:
    """The first time after `after` that the cron expression (UTC) fires."""
    from croniter import croniter

    return croniter(cron, after.astimezone(dt.timezone.utc)).get_next(dt.datetime)


def interval_seconds(context, default: int = 900) -> int:
    start, end = context.get("data_interval_start"), context.get("data_interval_end")
    if start is None or end is None or end <= start:
        return default
    return int((end - start).total_seconds())
