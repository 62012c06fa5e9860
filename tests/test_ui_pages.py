"""Every page of the wirefeed view over HTTP (the app's ASGI interface) against a real Postgres
filled with the real fixture feeds; the numbers shown are checked against the database."""
from __future__ import annotations

import re

import airflow_env  # noqa: F401  (plugins/ on sys.path, Airflow settings before any import)
import psycopg
import pytest
from fastapi.testclient import TestClient
from lxml import html

import ui_fixture
from conftest import TEMPLATE
from scrapers import pgserver
from wirefeed_ui.app import create_app


@pytest.fixture(scope="module")
def site(pg_port, fixture_server):
    """(client, last run's counts, conn) over one database filled by ui_fixture for this module."""
    from wirefeed_ui import db

    pgserver.create_database(pg_port, "ui_pages", template=TEMPLATE)
    url = f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/ui_pages"
    with pytest.MonkeyPatch.context() as mp, psycopg.connect(url) as conn:
        mp.setenv("WIREFEED_UI_DATABASE_URL", url)
        db.database_url.cache_clear()
        summary = ui_fixture.build(conn, fixture_server.base_url, url)
        with TestClient(create_app(require_login=False)) as client:
            yield client, summary, conn
    db.database_url.cache_clear()


def get(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, response.text[-500:]
    assert re.search(r"\d+ queries in [\d.]+ ms", response.text), "the query time is shown"
    assert "db;dur=" in response.headers["server-timing"]
    return html.fromstring(response.text)


def text(node) -> str:
    return " ".join(node.text_content().split())


def one(conn, sql: str, *params):
    return conn.execute(sql, params).fetchone()[0]


def test_runs_page_shows_the_last_ingest_run_and_the_sick_feeds_first(site):
    client, summary, conn = site
    page = get(client, "/")
    card = page.get_element_by_id("last-run")
    for key in ("feeds_polled", "feeds_failed", "stories_new", "stories_failed"):
        assert text(card.cssselect(f'[data-key="{key}"]')[0]) == str(summary[key])
    assert "manual__2026-11-30T12:00:00+00:00" in text(card)
    link = card.cssselect("a[data-airflow]")[0].get("href")
    assert link == "/dags/wirefeed_ingest/runs/manual__2026-11-30T12%3A00%3A00%2B00%3A00"
    rows = page.get_element_by_id("runs-ingest").cssselect("tbody tr")
    assert len(rows) == 2  # newest first
    assert text(rows[0].cssselect('[data-key="report.stories_new"]')[0]) == str(summary["stories_new"])
    assert text(rows[1].cssselect('[data-key="report.stories_new"]')[0]) == "0"
    processed = text(page.get_element_by_id("runs-dedupe").cssselect('[data-key="dedupe.processed"]')[0])
    assert processed == str(one(conn, "SELECT count(*) FROM articles"))
    assert page.get_element_by_id("runs-tag").cssselect('[data-key="tag.processed"]')
    assert "no reprocess run recorded yet" in text(page.get_element_by_id("runs-reprocess"))
    sick = [r.get("data-feed") for r in page.get_element_by_id("sick").cssselect("tbody tr")]
    assert sick == ["refused-feed", "gone-feed"]  # failing before backing off


def test_feeds_page_lists_every_feed_with_state_sick_first(site):
    client, _, conn = site
    rows = get(client, "/feeds").get_element_by_id("feeds").cssselect("tbody tr")
    states = {r.get("data-feed"): r.get("class") for r in rows}
    assert states == {"refused-feed": "failing", "gone-feed": "backing_off", "truncated": "disabled",
                      "reuters-topnews": "ok", "reuters-mirror": "ok", "reuters-worldnews": "ok", "wenn-atom": "ok", "wire-drop": "ok"}
    order = [r.get("class") for r in rows]
    assert order[:2] == ["failing", "backing_off"] and order[-1] == "disabled"
    gone = next(r for r in rows if r.get("data-feed") == "gone-feed")
    assert "404" in text(gone)  # the last HTTP status and the error
    stories_24h = {r.get("data-feed"): int(text(r.cssselect('[data-key="stories_24h"]')[0])) for r in rows}
    expected = dict(conn.execute(
        "SELECT f.name, count(a.id) FILTER (WHERE a.first_seen_at >= now() - interval '24 hours') "
        "FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id GROUP BY f.name").fetchall())
    assert stories_24h == expected
    assert 0 < stories_24h["reuters-topnews"] < one(conn, "SELECT count(*) FROM articles a JOIN feeds f "
                                                          "ON f.id = a.feed_id WHERE f.name = 'reuters-topnews'")


def test_feed_page_shows_fetch_history_and_item_errors(site):
    client, _, conn = site
    gone = one(conn, "SELECT id FROM feeds WHERE name = 'gone-feed'")
    page = get(client, f"/feeds/{gone}")
    fetches = page.get_element_by_id("fetches").cssselect("tbody tr")
    assert len(fetches) == 2 and all("404" in text(r) for r in fetches)
    truncated = one(conn, "SELECT id FROM feeds WHERE name = 'truncated'")
    errors = get(client, f"/feeds/{truncated}").get_element_by_id("item-errors").cssselect("tbody tr")
    assert len(errors) == one(conn, "SELECT count(*) FROM item_errors WHERE feed_id = %s", truncated) > 0
    get(client, "/feeds/999999", status=404)


def test_volume_charts_count_every_story_of_their_window(site):
    client, _, conn = site
    page = get(client, "/volume")
    hourly = page.get_element_by_id("hourly").cssselect("svg")[0]
    in_48h = one(conn, "SELECT count(*) FROM articles WHERE first_seen_at >= date_trunc('hour', now()) - interval '47 hours'")
    assert int(hourly.get("data-total")) == in_48h > 0
    assert len(hourly.cssselect("g.bar")) == 48
    daily = page.get_element_by_id("daily").cssselect("svg")[0]
    assert int(daily.get("data-total")) == one(conn, "SELECT count(*) FROM articles")
    assert len(daily.cssselect("g.bar")) == 30
    legend = {b.get("data-agency").replace("(none)", ""): int(text(b)) for b in page.get_element_by_id("daily").cssselect("b[data-agency]")}
    per_agency = dict(conn.execute("SELECT agency, count(*) FROM articles GROUP BY agency").fetchall())
    for agency, n in legend.items():
        if agency != "other":
            assert per_agency[agency] == n
    refreshed = one(conn, "SELECT refreshed_at FROM ui_rollup_state WHERE name = 'rollups'")
    freshness = text(page.get_element_by_id("freshness"))
    assert "The stories per day come from summaries rebuilt at most every 5 min" in freshness
    assert refreshed.strftime("%Y-%m-%d %H:%M:%S UTC") in freshness and "per hour are counted live" in freshness


def test_quality_page_shares_and_mixes(site):
    client, _, conn = site
    page = get(client, "/quality")
    topnews = page.get_element_by_id("quality-feeds").cssselect('tr[data-feed="reuters-topnews"] td')
    stories, with_city, with_date = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE city <> ''), count(*) FILTER (WHERE dateline_date IS NOT NULL) "
        "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.name = 'reuters-topnews'").fetchone()
    assert text(topnews[1]) == str(stories)
    assert text(topnews[2]) == f"{100 * with_city / stories:.1f}%"
    assert text(topnews[4]) == f"{100 * with_date / stories:.1f}%"
    in_dupes = one(conn, "SELECT count(*) FROM cluster_members m WHERE (SELECT count(*) FROM cluster_members o "
                         "WHERE o.cluster_id = m.cluster_id) > 1")
    shown = sum(round(float(text(r.cssselect("td")[5]).rstrip("%")) * int(text(r.cssselect("td")[1])) / 100)
                for r in page.get_element_by_id("quality-agencies").cssselect("tbody tr"))
    assert shown == in_dupes > 0
    assert text(page.get_element_by_id("quality-feeds").cssselect('tr[data-feed="truncated"] td')[6]) != "0"
    reasons = page.get_element_by_id("error-reasons").cssselect("tbody tr")
    assert sum(int(text(r.cssselect("td")[2])) for r in reasons) == one(conn, "SELECT count(*) FROM item_errors") > 0
    assert "en" in text(page.get_element_by_id("languages"))
    countries = page.get_element_by_id("countries").cssselect("tbody tr")
    assert countries and one(conn, "SELECT count(*) FROM tags WHERE kind = 'country'") > 0
    assert "summaries rebuilt at most every 5 min: these are as of" in text(page.get_element_by_id("freshness"))


def test_search_finds_stories_and_links_to_the_story_page(site):
    client, _, conn = site
    headline, agency, city = conn.execute(
        "SELECT a.headline, a.agency, a.city FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "WHERE f.name = 'reuters-mirror' AND a.city <> '' ORDER BY a.id LIMIT 1").fetchone()
    word = max(re.findall(r"\w+", headline), key=len)
    page = get(client, f"/search?q={word}")
    rows = page.get_element_by_id("results").cssselect("tbody tr")
    match = next(r for r in rows if text(r.cssselect("td")[0]) == headline and text(r.cssselect("td")[4]) == "2")
    assert text(match.cssselect("td")[1]) == agency and text(match.cssselect("td")[2]) == city
    story = get(client, match.cssselect("a")[0].get("href"))
    assert text(story.cssselect("h1")[0]) == headline
    assert city in text(story.cssselect(".dateline")[0])
    members = story.get_element_by_id("members").cssselect("tbody tr")
    article_id = int(match.cssselect("a")[0].get("href").rsplit("/", 1)[1])
    assert len(members) == 2 == one(conn, "SELECT count(*) FROM cluster_members WHERE cluster_id = "
                                     "(SELECT cluster_id FROM cluster_members WHERE article_id = %s)", article_id)
    assert story.get_element_by_id("tags").cssselect("tbody tr")
    total = one(conn, "SELECT count(*) FROM articles WHERE search @@ websearch_to_tsquery('simple', %s)", word)
    assert text(page.get_element_by_id("total")).startswith(f"{total} ")
    assert "no story matches" in text(get(client, "/search?q=zzqxnotaword").get_element_by_id("results"))
    get(client, "/story/999999", status=404)


def test_a_common_term_lists_the_newest_matches(site, monkeypatch):
    client, _, conn = site
    from wirefeed_ui import queries

    monkeypatch.setattr(queries, "SEARCH_CAP", 3)
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 5)
    page = get(client, "/search?q=the")
    # more than SEARCH_CAP: walked newest first; a small database is walked to the end, so counted
    total = one(conn, "SELECT count(*) FROM articles WHERE search @@ to_tsquery('simple', 'the')")
    assert text(page.get_element_by_id("total")).startswith(f"{total} stories match; the newest 5")
    shown = [r.cssselect("td")[5].text_content() for r in page.get_element_by_id("results").cssselect("tbody tr")]
    newest = conn.execute("SELECT published_at FROM articles WHERE search @@ to_tsquery('simple', 'the') "
                          "ORDER BY published_at DESC NULLS LAST LIMIT 5").fetchall()
    assert shown == [n[0].strftime("%Y-%m-%d %H:%M:%S UTC") for n in newest]


def test_a_search_out_of_time_shows_the_newest_matches_found_and_says_so(site, monkeypatch):
    """A phrase of very common words can take seconds on a big database: with no time to count
    nor to finish walking, the page lists what it found newest first and asks for a rarer word."""
    client, _, conn = site
    from wirefeed_ui import queries

    monkeypatch.setattr(queries, "SEARCH_COUNT_MS", 0.0)
    monkeypatch.setattr(queries, "SEARCH_WALK_MS", 0.0)
    page = get(client, '/search?q="the"')
    assert "Too broad to search in time" in text(page.get_element_by_id("partial"))
    assert "add a rarer word" in text(page.get_element_by_id("total"))


def test_a_walked_search_goes_on_with_older_stories(site, monkeypatch):
    """Not counted (no time): the newest matches, then a link to the matches older than the last one."""
    client, _, conn = site
    from wirefeed_ui import queries

    monkeypatch.setattr(queries, "SEARCH_COUNT_MS", 0.0)
    monkeypatch.setattr(queries, "SEARCH_WALK_MS", 10_000.0)
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 4)
    matches = [r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE search @@ websearch_to_tsquery('simple', '\"the\"') "
        "ORDER BY published_at DESC NULLS LAST, id DESC").fetchall()]
    assert len(matches) > 8

    def shown(page) -> list[int]:
        return [int(a.get("href").rsplit("/", 1)[1]) for a in page.get_element_by_id("results").cssselect("tbody a")]
    page = get(client, '/search?q="the"')
    assert not page.cssselect("#partial") and "stories match; the newest 4" in text(page.get_element_by_id("total"))
    assert shown(page) == matches[:4]
    older = get(client, page.get_element_by_id("older").get("href"))
    assert shown(older) == matches[4:8]
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 50)  # walked to the end: every match, counted
    page = get(client, '/search?q="the"')
    assert shown(page) == matches and text(page.get_element_by_id("total")).startswith(f"{len(matches)} stories match")


def test_story_page_shows_earlier_versions(site):
    client, _, conn = site
    article_id = one(conn, "SELECT max(id) FROM articles")
    conn.execute("UPDATE articles SET headline = 'Corrected headline', content_hash = 'changed' WHERE id = %s",
                 (article_id,))
    conn.commit()
    page = get(client, f"/story/{article_id}")
    assert text(page.cssselect("h1")[0]) == "Corrected headline"
    assert "version 1:" in text(page.cssselect("details summary")[0])


def test_dag_tab_shows_that_dags_runs(site):
    client, summary, _ = site
    page = get(client, "/dag/wirefeed_ingest")
    assert page.get_element_by_id("runs-ingest") is not None and not page.cssselect("#runs-dedupe")
    assert text(page.get_element_by_id("last-run").cssselect('[data-key="stories_new"]')[0]) == str(summary["stories_new"])
    assert "not a wirefeed DAG" in text(get(client, "/dag/example_dag"))


def test_runs_show_their_airflow_state_and_the_runs_in_flight(site, monkeypatch):
    """States come from Airflow's metadata database (through Airflow's session, as in the
    api-server): a recorded run shows its state, a running run with no counts yet is listed first."""
    import datetime as dt

    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    from wirefeed_ui import airflow_runs

    client, summary, _ = site
    airflow_env.migrated_home()
    monkeypatch.setattr(airflow_runs, "_failure", (0.0, ""))  # earlier pages found no metadata database yet
    now = dt.datetime.now(dt.timezone.utc)
    runs = [("manual__2026-11-30T12:00:00+00:00", "failed"), ("scheduled__2026-11-30T11:45:00+00:00", "success"),
            ("scheduled__2099-01-01T00:00:00+00:00", "running")]
    with create_session() as session:
        for run_id, state in runs:
            session.add(DagRun(dag_id="wirefeed_ingest", run_id=run_id, run_type=run_id.split("__")[0], state=state,
                               run_after=now, start_date=now))
    page = get(client, "/")
    rows = page.get_element_by_id("runs-ingest").cssselect("tbody tr")
    assert [r.cssselect("[data-state]")[0].get("data-state") for r in rows] == ["running", "failed", "success"]
    assert "scheduled__2099-01-01" in text(rows[0]) and "counts when its tasks finish" in text(rows[0])
    assert page.get_element_by_id("last-run").cssselect("[data-state]")[0].get("data-state") == "failed"
    dedupe = page.get_element_by_id("runs-dedupe").cssselect("[data-state]")
    assert [d.get("data-state") for d in dedupe] == ["unknown"]  # a run Airflow no longer has
    assert "Run states from Airflow (" in text(page.get_element_by_id("run-states"))
    tab = get(client, "/dag/wirefeed_ingest")
    assert [r.get("data-state") for r in tab.cssselect("#runs-ingest [data-state]")] == ["running", "failed", "success"]


def test_an_unreachable_database_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("WIREFEED_UI_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    from wirefeed_ui import db

    db.database_url.cache_clear()
    try:
        response = TestClient(create_app(require_login=False)).get("/feeds")
    finally:
        db.database_url.cache_clear()
    assert response.status_code == 503 and "Cannot show this page" in response.text


def test_pages_need_an_airflow_login():
    response = TestClient(create_app()).get("/feeds")
    assert response.status_code in (401, 403)  # the real login: test_ui_browser.py
