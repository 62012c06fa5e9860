"""docker-compose.yml cannot be started here (no Docker engine): it is validated against the
Compose specification's JSON schema (vendored by check-jsonschema) and checked for what the
deployment needs — every Airflow component, Celery, the two databases, the migrations, mounts."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))  # merge keys (<<) resolved


def test_valid_against_the_compose_specification():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


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
            assert "redis:6379" in env["AIRFLOW__CELERY__BROKER_URL"], name
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
    host = re.match(r"postgresql://[^@]+@([^:/]+)", conn).group(1)
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
