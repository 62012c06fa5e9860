"""End to end: the wirefeed DAGs run under real Airflow (`dag.test()`, Postgres metadata database)
against a real Postgres (the `db_url` fixture) and fixture feeds served over loopback HTTP."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import airflow_env  # noqa: F401  (sets AIRFLOW_HOME & co. before airflow is imported)
import psycopg
import pytest

ROOT = airflow_env.ROOT
FIXTURES = ROOT / "tests" / "fixtures"
TABLES = ("feeds", "raw_payloads", "articles", "article_versions", "item_errors", "clusters",
          "cluster_members", "tags")


@pytest.fixture(scope="module")
def dags():
    airflow_env.migrated_home()
    from airflow.models import DagBag

    bag = DagBag(dag_folder=str(airflow_env.DAGS))
    assert not bag.import_errors, bag.import_errors
    return bag.dags


@pytest.fixture
def airflow_db(db_url, monkeypatch):
    """Point the DAGs at this test's database; fast fetcher settings for loopback servers."""
    monkeypatch.setenv("AIRFLOW_CONN_WIREFEED_DB", db_url)
    monkeypatch.setenv("WIREFEED_DATABASE_URL", db_url)
    monkeypatch.setenv("WIREFEED_FETCH_MIN_DELAY_PER_HOST", "0")
    monkeypatch.setenv("WIREFEED_FETCH_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("WIREFEED_FETCH_TIMEOUT", "2")
    return db_url


def write_feeds(path: Path, base: str, extra: list[dict] | None = None) -> Path:
    feeds = [
        {"name": "reuters-topnews", "url": f"{base}/rss/reuters-topnews-2017-03-20.xml", "agency": "Reuters", "language": "en"},
        {"name": "reuters-worldnews", "url": f"{base}/rss/reuters-worldnews-2018-01-30.xml", "agency": "Reuters", "language": "en"},
        {"name": "wenn-atom", "url": f"{base}/rss/wenn-atom-2015-01-30.xml", "agency": "WENN", "language": "en"},
        {"name": "wire-drop", "kind": "wire_dir", "url": str(FIXTURES / "wire-xml")},
    ] + (extra or [])
    lines = ["feeds:"]
    for feed in feeds:
        lines.append("  - {" + ", ".join(f'{k}: "{v}"' for k, v in feed.items()) + "}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def task_states(run) -> dict[str, list[str]]:
    states: dict[str, list[str]] = {}
    for ti in run.get_task_instances():
        states.setdefault(ti.task_id, []).append(str(ti.state))
    return states


def asset_events(run) -> int:
    """wirefeed_articles events emitted by this run."""
    from airflow.models.asset import AssetEvent
    from airflow.utils.session import create_session

    with create_session() as session:
        return session.query(AssetEvent).filter_by(source_dag_id=run.dag_id, source_run_id=run.run_id).count()


def xcom(run, task_id: str, key: str = "return_value", map_index: int = -1):
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        row = session.query(XComModel).filter_by(dag_id=run.dag_id, run_id=run.run_id, task_id=task_id,
                                                 key=key, map_index=map_index).one_or_none()
        return None if row is None else XComModel.deserialize_value(row)


def test_ingest_then_dedupe_tag_and_reprocess(dags, airflow_db, fixture_server, tmp_path, monkeypatch):
    feeds_file = write_feeds(tmp_path / "feeds.yml", fixture_server.base_url)
    monkeypatch.setenv("WIREFEED_FEEDS_FILE", str(feeds_file))
    t0 = time.monotonic()
    run = dags["wirefeed_ingest"].test()
    first_seconds = time.monotonic() - t0
    states = task_states(run)
    assert str(run.state) == "success", states
    assert len(states["poll_host"]) == 2  # 127.0.0.1 and the drop folder: one task per host
    after_first = counts(airflow_db)
    assert after_first["articles"] > 20
    summary = xcom(run, "report")
    assert summary["hosts"] == 2 and summary["hosts_failed"] == 0
    assert summary["feeds_polled"] == 4 and summary["feeds_failed"] == 0
    assert summary["stories_new"] == after_first["articles"]
    with psycopg.connect(airflow_db) as conn:
        washington = conn.execute(
            "SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE f.name = 'reuters-topnews' AND a.city = 'Washington' AND a.agency = 'Reuters'").fetchone()[0]
    assert washington >= 5
    print(f"\nfirst ingest run under dag.test(): {first_seconds:.1f} s, {sum(map(len, states.values()))} task instances")
    assert states["update_articles"] == ["success"] and asset_events(run) == 1

    # a second run (forced, so every feed is really polled again) adds and changes nothing
    run = dags["wirefeed_ingest"].test(run_conf={"force": True})
    assert str(run.state) == "success", task_states(run)
    assert counts(airflow_db) == after_first
    summary = xcom(run, "report")
    assert summary["stories_new"] == 0 and summary["stories_updated"] == 0
    # nothing added or changed: no Asset event, so dedupe and tag are not started for nothing
    assert task_states(run)["update_articles"] == ["skipped"] and asset_events(run) == 0

    run = dags["wirefeed_dedupe"].test()
    assert str(run.state) == "success", task_states(run)
    run = dags["wirefeed_tag"].test()
    assert str(run.state) == "success", task_states(run)
    after_stages = counts(airflow_db)
    assert after_stages["clusters"] > 0 and after_stages["cluster_members"] == after_stages["articles"]
    assert after_stages["tags"] > 0

    # a backfill over yesterday and today (as an improved dateline rule would be applied): today's
    # payloads are re-normalised, the stories changed since are restored, and only those
    with psycopg.connect(airflow_db) as conn:
        erased = conn.execute("UPDATE articles SET city = '' WHERE city = 'Washington'").rowcount
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    runs = run_backfill(dags["wirefeed_reprocess"], today - dt.timedelta(days=1), today)
    assert [r.partition_date for r in runs] == [today - dt.timedelta(days=1), today]
    assert [str(r.state) for r in runs] == ["success", "success"], [task_states(r) for r in runs]
    yesterday, renormalised = xcom(runs[0], "renormalise"), xcom(runs[1], "renormalise")
    assert yesterday["stories_updated"] == yesterday["stories_unchanged"] == 0
    assert renormalised["start"] == today.isoformat() and renormalised["stories_new"] == 0
    assert renormalised["stories_updated"] == erased >= 5 and renormalised["stories_unchanged"] > 0
    with psycopg.connect(airflow_db) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE city = 'Washington'").fetchone()[0] == erased
    assert counts(airflow_db) == after_stages  # the same stories, clusters and tags: no row added

    # the same backfill again (reprocessing completed runs): nothing changes
    runs = run_backfill(dags["wirefeed_reprocess"], today, today)
    assert str(runs[0].state) == "success" and xcom(runs[0], "renormalise")["stories_updated"] == 0
    assert counts(airflow_db) == after_stages


def run_backfill(dag, first_day: dt.datetime, last_day: dt.datetime) -> list:
    """Create a backfill with Airflow's own code (what `airflow backfill create` and the REST API
    call) and run each of its runs in-process with dag.test's task loop, oldest first."""
    import airflow.models.dagrun as dagrun_module
    from airflow.models.backfill import Backfill, ReprocessBehavior, _create_backfill
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState
    from sqlalchemy import select

    backfill = _create_backfill(dag_id=dag.dag_id, from_date=first_day, to_date=last_day, max_active_runs=1,
                                reverse=False, dag_run_conf=None, triggering_user_name="test",
                                reprocess_behavior=ReprocessBehavior.COMPLETED)
    with create_session() as session:
        run_ids = session.scalars(select(DagRun.run_id).where(DagRun.backfill_id == backfill.id)
                                  .order_by(DagRun.partition_date)).all()
    done = []
    for run_id in run_ids:
        def the_backfill_run(*, dag, session, **_):  # instead of the manual run dag.test() creates
            run = session.scalar(select(DagRun).where(DagRun.dag_id == dag.dag_id, DagRun.run_id == run_id))
            run.state, run.dag = DagRunState.RUNNING, dag
            session.commit()
            return run
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dagrun_module, "get_or_create_dagrun", the_backfill_run)
            done.append(dag.test())
    with create_session() as session:  # what the scheduler does once the runs are done
        session.get(Backfill, backfill.id).completed_at = dt.datetime.now(dt.timezone.utc)
    return done


class _Always500(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def broken_hosts():
    """127.0.0.2 answers 500 to everything; 127.0.0.3 accepts connections and never answers."""
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), _Always500)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    silent = socket.socket()
    silent.bind(("127.0.0.3", 0))
    silent.listen(16)
    yield f"http://127.0.0.2:{httpd.server_address[1]}", f"http://127.0.0.3:{silent.getsockname()[1]}"
    httpd.shutdown()
    httpd.server_close()
    silent.close()


def test_failing_hosts_fail_only_their_own_task(dags, airflow_db, fixture_server, broken_hosts, tmp_path,
                                                 monkeypatch):
    error_base, silent_base = broken_hosts
    feeds_file = write_feeds(tmp_path / "feeds.yml", fixture_server.base_url, extra=[
        {"name": "broken-500", "url": f"{error_base}/rss/feed.xml", "agency": "AP"},
        {"name": "broken-timeout", "url": f"{silent_base}/rss/feed.xml", "agency": "AFP"},
    ])
    monkeypatch.setenv("WIREFEED_FEEDS_FILE", str(feeds_file))
    run = dags["wirefeed_ingest"].test()
    assert str(run.state) == "failed"  # a failed host is visible as a failed run ...
    by_host = {}
    for ti in run.get_task_instances():
        if ti.task_id == "poll_host":
            by_host[ti.rendered_map_index] = ti
    assert set(by_host) == {"127.0.0.1", "127.0.0.2", "127.0.0.3", f"local:{FIXTURES / 'wire-xml'}"}
    for host in ("127.0.0.2", "127.0.0.3"):
        assert str(by_host[host].state) == "failed"
        assert by_host[host].try_number == 2  # failed after its retry
    for host in ("127.0.0.1", f"local:{FIXTURES / 'wire-xml'}"):
        assert str(by_host[host].state) == "success"
        assert by_host[host].try_number == 1
    states = task_states(run)
    assert states["report"] == ["success"] and states["all_hosts_ok"] == ["upstream_failed"]
    summary = xcom(run, "report")  # ... but the other hosts' stories are stored and reported
    assert summary["failed_hosts"] == ["127.0.0.2", "127.0.0.3"]
    assert summary["feeds_failed"] == 2 and summary["stories_new"] == counts(airflow_db)["articles"] > 20
    with psycopg.connect(airflow_db) as conn:
        errors = dict(conn.execute(
            "SELECT f.name, count(*) FROM fetch_attempts fa JOIN feeds f ON f.id = fa.feed_id "
            "WHERE fa.status = 'failed' GROUP BY f.name").fetchall())
    assert errors == {"broken-500": 2, "broken-timeout": 2}  # first try and the retry
