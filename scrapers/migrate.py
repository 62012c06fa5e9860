"""Apply the numbered SQL migrations in `sql/` once each, recording which ran."""
from __future__ import annotations

import hashlib
from pathlib import Path

import psycopg

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
_LOCK_ID = 7_211_301  # pg_advisory_lock key: two migrators never interleave


class MigrationError(RuntimeError):
    pass


def migration_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    """`NNN_name.sql` files in numeric order."""
    return sorted(p for p in sql_dir.glob("[0-9][0-9][0-9]_*.sql"))


def migrate(conn: psycopg.Connection, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_ID,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version text PRIMARY KEY, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.commit()
        done = dict(conn.execute("SELECT version, checksum FROM schema_migrations").fetchall())
        applied = []
        for path in migration_files(sql_dir):
            sql = path.read_text(encoding="utf-8")
            checksum = hashlib.sha256(sql.encode()).hexdigest()
            if path.name in done:
                if done[path.name] != checksum:
                    raise MigrationError(f"{path.name} changed after it was applied; add a new migration instead")
                continue
            try:
                conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations (version, checksum) VALUES (%s, %s)", (path.name, checksum))
                conn.commit()
            except psycopg.Error as exc:
                conn.rollback()
                raise MigrationError(f"{path.name}: {exc}") from exc
            applied.append(path.name)
        return applied
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_ID,))
        conn.commit()
