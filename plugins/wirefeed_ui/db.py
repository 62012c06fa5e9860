"""Connections to the wirefeed database for the view, and the query time shown on each page."""
from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Callable, Iterator

import psycopg
from psycopg.rows import dict_row


@functools.lru_cache(maxsize=1)
def database_url() -> str:
    """The `wirefeed_db` Airflow connection (WIREFEED_UI_DATABASE_URL wins, for tests and benches)."""
    url = os.environ.get("WIREFEED_UI_DATABASE_URL", "").strip()
    if url:
        return url
    from wirefeed_airflow.hooks import WirefeedDbHook

    return WirefeedDbHook().get_url()


class TimedConnection:
    """A read-only connection whose `all`/`one` add their wall time to `.ms` (shown on the page)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.ms = 0.0
        self.queries = 0

    def all(self, sql: str, params: dict | tuple | None = None) -> list[dict]:
        t0 = time.perf_counter()
        rows = self.conn.execute(sql, params).fetchall()
        self.ms += (time.perf_counter() - t0) * 1000
        self.queries += 1
        return rows

    def within(self, budget_ms: float, sql: str, params: dict | tuple | None = None, batch: int = 1,
               enough: Callable[[list[dict]], bool] | None = None) -> tuple[list[dict], bool]:
        """The rows of `sql` read before `budget_ms` ran out (or `enough` of them), and whether
        that was all of them.

        A server-side cursor fetched `batch` rows at a time, each FETCH under the time left as its
        statement_timeout: a query that would take seconds returns its first rows, not nothing.
        """
        rows: list[dict] = []
        t0 = time.perf_counter()
        try:
            with self.conn.transaction(), self.conn.cursor(name="within") as cursor:
                self.conn.execute("SET LOCAL cursor_tuple_fraction = 0.01")  # plan for the first rows
                cursor.execute(sql, params)  # DECLARE: no work yet
                while (left := budget_ms - (time.perf_counter() - t0) * 1000) > 1:
                    self.conn.execute(f"SET LOCAL statement_timeout = {int(left)}")
                    chunk = cursor.fetchmany(batch)
                    rows += chunk
                    if len(chunk) < batch:
                        return rows, True
                    if enough is not None and enough(rows):
                        break
        except psycopg.errors.QueryCanceled:
            pass
        finally:
            self.ms += (time.perf_counter() - t0) * 1000
            self.queries += 1
        return rows, False

    def one(self, sql: str, params: dict | tuple | None = None) -> dict | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None


@contextlib.contextmanager
def connect(url: str | None = None) -> Iterator[TimedConnection]:
    """One connection per page: UTC, read-only, a statement timeout so a slow page cannot pile up,
    and no JIT (the pages' queries are short or read their first rows: compiling costs ~0.7 s)."""
    with psycopg.connect(url or database_url(), row_factory=dict_row, autocommit=True,
                         options="-c timezone=UTC -c statement_timeout=15000 -c jit=off "
                                 "-c default_transaction_read_only=on") as conn:
        yield TimedConnection(conn)
