"""The rollups behind Volume per day and Quality (materialised views of migration 045).

Summing a million stories per page view would take seconds; the rollups take a few seconds to
rebuild and milliseconds to read. A page that finds them older than WIREFEED_UI_ROLLUP_MAX_AGE
seconds (default 300) refreshes them in a background thread and shows their age meanwhile.
"""
from __future__ import annotations

import logging
import os
import threading

import psycopg

from wirefeed_ui.db import TimedConnection, database_url

log = logging.getLogger(__name__)
_running = threading.Lock()


def max_age_seconds() -> int:
    value = os.environ.get("WIREFEED_UI_ROLLUP_MAX_AGE", "").strip()
    return int(value) if value.isdigit() else 300


def refresh(url: str | None = None) -> bool:
    """Rebuild the rollups now (false when another session is rebuilding them)."""
    with psycopg.connect(url or database_url(), autocommit=True) as conn:
        return bool(conn.execute("SELECT ui_refresh_rollups()").fetchone()[0])


def _refresh_in_background(url: str) -> None:
    if not _running.acquire(blocking=False):
        return

    def run() -> None:
        try:
            refresh(url)
        except Exception:  # shown as a stale age on the next page view
            log.exception("refreshing the wirefeed view's rollups failed")
        finally:
            _running.release()

    threading.Thread(target=run, name="wirefeed-ui-rollups", daemon=True).start()


def status(db: TimedConnection, url: str | None = None) -> dict:
    """{'refreshed_at', 'age_s', 'seconds', 'refreshing'}; starts a refresh when stale or never built."""
    row = db.one("SELECT refreshed_at, seconds, extract(epoch FROM now() - refreshed_at)::int AS age_s "
                 "FROM ui_rollup_state WHERE name = 'rollups'")
    stale = row is None or row["age_s"] > max_age_seconds()
    if stale:
        _refresh_in_background(url or database_url())
    return {**(row or {"refreshed_at": None, "seconds": None, "age_s": None}), "refreshing": stale,
            "max_age": max_age_seconds()}
