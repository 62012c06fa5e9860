"""Shared fixtures: a real PostgreSQL server started by the test session, one fresh database
per test (cloned from a migrated template, so each test starts from schema v1 and is isolated),
and a loopback HTTP server over tests/fixtures."""
from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import psycopg
import pytest

from scrapers import pgserver
from scrapers.localserver import DirectoryServer
from scrapers.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TEMPLATE = "wirefeed_template"
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_port() -> int:
    """Start a throw-away cluster in .pgtest/<pid>/ on a free port; stop it at the end.

    One directory per test session, so concurrent sessions in one tree never share a cluster.
    """
    data_dir = ROOT / ".pgtest" / str(os.getpid())
    shutil.rmtree(data_dir, ignore_errors=True)
    port = pgserver.free_port()
    url = pgserver.ensure_server(data_dir, port, dbname=TEMPLATE)
    with psycopg.connect(url) as conn:
        migrate(conn)
    yield port
    pgserver.stop_server(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def db_url(pg_port: int) -> str:
    """URL of a new database with the full schema, dropped after the test."""
    name = f"t{next(_counter)}"
    pgserver.create_database(pg_port, name, template=TEMPLATE)
    yield f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/{name}"
    with psycopg.connect(f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def conn(db_url: str):
    with psycopg.connect(db_url) as connection:
        yield connection


@pytest.fixture(scope="session")
def fixture_server():
    """tests/fixtures over loopback HTTP; `.base_url` is its address."""
    with DirectoryServer(FIXTURES) as server:
        yield server
