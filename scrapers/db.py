"""Database connection: one place that decides which Postgres every command talks to.

`WIREFEED_DATABASE_URL` (or `--database-url`) points at an existing server; otherwise the
project-local embedded server from `scrapers.pgserver` is started on demand.
"""
from __future__ import annotations

import os

import psycopg

ENV_VAR = "WIREFEED_DATABASE_URL"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: explicit flag, then the environment, then the embedded server."""
    url = explicit or os.environ.get(ENV_VAR)
    if url:
        return url
    from scrapers import pgserver

    return pgserver.ensure_server()


def connect(url: str | None = None) -> psycopg.Connection:
    """A psycopg 3 connection (autocommit off: callers commit per unit of work)."""
    return psycopg.connect(database_url(url))
