"""Where the wirefeed database is: the Airflow connection `wirefeed_db`.

Set it as `AIRFLOW_CONN_WIREFEED_DB=postgresql://user:password@host:5432/dbname` (what
scripts/airflow-env.sh and docker-compose.yml do) or in the UI (Admin → Connections, type
Postgres; extras such as `{"sslmode": "require"}` become connection parameters). Without it,
`WIREFEED_DATABASE_URL` is used, and without that the project's embedded Postgres (started on
demand, as every `python -m scrapers` command does).
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from airflow.sdk import BaseHook

from wirefeed_airflow.settings import CONN_ID

log = logging.getLogger(__name__)


class WirefeedDbHook(BaseHook):
    """Resolves the `wirefeed_db` connection to a libpq URL / conninfo for psycopg 3."""

    conn_name_attr = "wirefeed_conn_id"
    default_conn_name = CONN_ID
    conn_type = "postgres"
    hook_name = "wirefeed database"

    def __init__(self, wirefeed_conn_id: str = CONN_ID) -> None:
        super().__init__()
        self.wirefeed_conn_id = wirefeed_conn_id

    def get_url(self) -> str:
        conn = _lookup(self.wirefeed_conn_id)
        if conn is None:
            from scrapers.db import database_url

            url = database_url()
            log.info("connection %s not defined; using %s", self.wirefeed_conn_id, _redact(url))
            return url
        url = connection_to_conninfo(conn)
        _ensure_embedded(conn)
        log.info("wirefeed database from connection %s: %s", self.wirefeed_conn_id, _redact(url))
        return url

    def get_conn(self):
        from scrapers.db import connect

        return connect(self.get_url())


def _lookup(conn_id: str):
    try:
        return BaseHook.get_connection(conn_id)
    except Exception as exc:  # AirflowNotFoundException, or no API/DB to ask in a bare process
        log.debug("connection %s not found: %s", conn_id, exc)
        return None


def connection_to_conninfo(conn) -> str:
    """An Airflow Connection (host, port, login, password, schema = database, extras) as conninfo."""
    from psycopg.conninfo import make_conninfo

    params: dict[str, object] = {}
    if conn.host:
        params["host"] = conn.host
    if conn.port:
        params["port"] = conn.port
    if conn.login:
        params["user"] = conn.login
    if conn.password:
        params["password"] = conn.password
    if conn.schema:
        params["dbname"] = conn.schema
    extra = conn.extra_dejson if conn.extra else {}
    for key, value in extra.items():
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            params[key] = value
    return make_conninfo("", **params)


def _ensure_embedded(conn) -> None:
    """The default connection points at the embedded server: start it if it is not running."""
    from scrapers import pgserver

    if conn.host in ("127.0.0.1", "localhost") and conn.port == pgserver.DEFAULT_PORT \
            and not pgserver.is_running(pgserver.DEFAULT_PORT) and pgserver.DEFAULT_DATA_DIR.parent.is_dir():
        pgserver.ensure_server(dbname=conn.schema or "wirefeed")


def _redact(url: str) -> str:
    if "://" in url:
        parts = urlsplit(url)
        if parts.password:
            return url.replace(f":{parts.password}@", ":***@")
        return url
    return " ".join("password=***" if p.startswith("password=") else p for p in url.split())
