"""A project-local PostgreSQL server: data directory inside the project, loopback only.

Used by the README's demo and by the test suite, so that nothing depends on a system-wide
cluster. Debian's server binaries are used; `initdb` and `postgres` refuse to run as root,
so as root every server command runs as the `postgres` user through `runuser`.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / ".pgdata"
DEFAULT_PORT = int(os.environ.get("WIREFEED_PG_PORT", "54329"))  # another checkout may use its own
SUPERUSER = "wirefeed"


class PgServerError(RuntimeError):
    """The embedded server could not be found, initialised or started."""


def bin_dir() -> Path:
    """Directory of the newest installed PostgreSQL server binaries."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if not candidates:
        raise PgServerError(
            "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin; "
            "run ./wirefeed setup (it installs Debian's postgresql package)"
        )
    return Path(candidates[-1]).parent


def _version_key(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def _as_owner(cmd: list[str]) -> list[str]:
    """Prefix a server command so it runs as `postgres` when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(_as_owner(cmd), capture_output=True, text=True)
    if proc.returncode != 0:
        raise PgServerError(f"{' '.join(cmd[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}")


def _make_accessible(data_dir: Path, parents: bool = True) -> None:
    """As root, hand the directory to `postgres` and let it traverse the parents."""
    if os.geteuid() != 0:
        return
    shutil.chown(data_dir, "postgres", "postgres")
    for parent in data_dir.parents if parents else ():
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_running(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ensure_server(data_dir: Path = DEFAULT_DATA_DIR, port: int = DEFAULT_PORT, dbname: str = "wirefeed") -> str:
    """Initialise (once) and start (if needed) the server; create `dbname`; return its URL."""
    data_dir = Path(data_dir)
    if not (data_dir / "PG_VERSION").exists():
        _init(data_dir)
    if not is_running(port):
        _start(data_dir, port)
    url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{dbname}"
    create_database(port, dbname)
    return url


def _init(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    _make_accessible(data_dir)
    _run([str(bin_dir() / "initdb"), "-D", str(data_dir), "-U", SUPERUSER, "--auth=trust",
          "-E", "UTF8", "--no-locale", "--no-sync"])


def _start(data_dir: Path, port: int) -> None:
    sock_dir = data_dir / "sock"
    sock_dir.mkdir(exist_ok=True)
    _make_accessible(sock_dir, parents=False)
    opts = (f"-p {port} -k {sock_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            + " ".join(f"-c {k}={v}" for k, v in memory_settings().items()))
    _run([str(bin_dir() / "pg_ctl"), "-D", str(data_dir), "-o", opts,
          "-l", str(data_dir / "server.log"), "-w", "-t", "60", "start"])
    deadline = time.monotonic() + 30
    while not is_running(port):
        if time.monotonic() > deadline:
            raise PgServerError(f"server on port {port} did not come up; see {data_dir / 'server.log'}")
        time.sleep(0.1)


def memory_settings(ram_bytes: int | None = None) -> dict[str, str]:
    """Buffer cache sized to the machine, as a production server would be: the default 128 MB
    shared_buffers held a fifth of dedupe's key index at 1M stories, so its lookups and inserts
    went through the OS cache and evicted dirty pages (issue #15). A quarter of RAM (at most
    8 GB; WIREFEED_PG_SHARED_BUFFERS overrides it, e.g. 256MB), the planner told that half of
    RAM caches files, and checkpoints spaced so bulk runs do not write the same pages again and again."""
    ram = ram_bytes if ram_bytes is not None else os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    mb = ram // 2**20
    shared = os.environ.get("WIREFEED_PG_SHARED_BUFFERS") or f"{max(128, min(mb // 4, 8192))}MB"
    return {"shared_buffers": shared, "effective_cache_size": f"{max(512, mb // 2)}MB",
            "max_wal_size": "4GB", "checkpoint_timeout": "15min"}


def stop_server(data_dir: Path = DEFAULT_DATA_DIR) -> None:
    if (Path(data_dir) / "postmaster.pid").exists():
        _run([str(bin_dir() / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "stop"])


def create_database(port: int, dbname: str, template: str | None = None) -> None:
    """Create `dbname` unless it exists (optionally from a template database)."""
    import psycopg

    with psycopg.connect(f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            tpl = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{dbname}"{tpl}')
