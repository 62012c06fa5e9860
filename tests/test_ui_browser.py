"""The wirefeed view in a real browser: Debian's headless Chromium (through chromedriver) drives a
real Airflow api-server with the plugin loaded, logs in, opens the view and checks the numbers.

Screenshots go to the test's tmp dir; WIREFEED_UI_SCREENSHOTS=docs writes docs/ui-*.png instead.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import airflow_env
import psycopg
import pytest

import ui_fixture
from conftest import TEMPLATE
from scrapers import pgserver

CHROMIUM, DRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"
PASSWORD = "wirefeed-ui-test"
pytestmark = pytest.mark.timeout(420)  # about 1 min on a quiet machine; generous under load


@pytest.fixture(scope="module")
def stack(pg_port, fixture_server, tmp_path_factory):
    """`airflow api-server` (this project's plugins and DAGs) on a free loopback port, over a
    wirefeed database filled by ui_fixture while the server starts: (base URL, DB URL, summary)."""
    pgserver.create_database(pg_port, "ui_browser", template=TEMPLATE)
    url = f"postgresql://{pgserver.SUPERUSER}@127.0.0.1:{pg_port}/ui_browser"
    work = tmp_path_factory.mktemp("api")
    (work / "passwords.json").write_text(json.dumps({"admin": PASSWORD}))
    port = pgserver.free_port()
    env = airflow_env.airflow_env(
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=airflow_env.metadata_database("ui_browser_meta"),
        AIRFLOW_CONN_WIREFEED_DB=url, AIRFLOW__API__BASE_URL=f"http://127.0.0.1:{port}",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=str(work / "passwords.json"))
    env.pop("WIREFEED_UI_DATABASE_URL", None)
    log = work / "api-server.log"
    proc = airflow_env.start_component(["api-server", "-H", "127.0.0.1", "-p", str(port), "-w", "1"], log, env)
    try:
        with psycopg.connect(url) as conn:
            summary = ui_fixture.build(conn, fixture_server.base_url, url)
        if os.environ.get("WIREFEED_UI_SCREENSHOTS"):  # the DAG tab's screenshot needs the DAGs in the DB; runs show states
            subprocess.run([sys.executable, "-m", "airflow", "dags", "reserialize"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
            subprocess.run([sys.executable, "-c", "import ui_fixture; ui_fixture.add_airflow_runs()"], env=env,
                           check=True, cwd=Path(__file__).parent, timeout=180)
        airflow_env.wait_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", 120, proc, log)
        yield f"http://127.0.0.1:{port}", url, summary
    finally:
        airflow_env.stop_process(proc, timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        pytest.skip("Debian's chromium and chromium-driver are not installed (./wirefeed setup installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def shots_dir(tmp_path: Path) -> Path:
    target = os.environ.get("WIREFEED_UI_SCREENSHOTS", "").strip()
    return (airflow_env.ROOT / target) if target else tmp_path


def wait_for(driver, css: str, seconds: float = 30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def login(driver, base: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/auth/login/")
    wait_for(driver, "input[name=username]").send_keys("admin")
    driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, 'a[href$="/plugin/wirefeed"]', 60)  # the view's entry in Airflow's navigation


def in_view(driver, base: str, path: str, ready: str):
    """Open /plugin/<path> in the Airflow UI and switch into the wirefeed frame once `ready` is in it."""
    driver.switch_to.default_content()
    driver.get(f"{base}/{path}")
    frame = wait_for(driver, "iframe", 60)
    driver.switch_to.frame(frame)
    return wait_for(driver, ready, 60)


def test_the_view_in_airflow_shows_runs_feeds_and_charts(stack, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, url, summary = stack
    shots = shots_dir(tmp_path)
    login(browser, base)
    # 0 clicks: the wirefeed entry of Airflow's navigation opens on the last run and the sick feeds
    browser.find_element(By.CSS_SELECTOR, 'a[href$="/plugin/wirefeed"]').click()
    frame = wait_for(browser, "iframe[title=Wirefeed]", 60)
    browser.switch_to.frame(frame)
    card = wait_for(browser, "#last-run")
    for key in ("feeds_polled", "feeds_failed", "stories_new"):
        assert card.find_element(By.CSS_SELECTOR, f'[data-key="{key}"]').text == str(summary[key])
    sick = [r.get_attribute("data-feed") for r in browser.find_elements(By.CSS_SELECTOR, "#sick tbody tr")]
    assert sick == ["refused-feed", "gone-feed"]
    assert sick_visible_without_scrolling(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "#runs-ingest tbody tr")
    browser.switch_to.default_content()
    browser.save_screenshot(str(shots / "ui-runs.png"))

    in_view(browser, base, "plugin/wirefeed/wirefeed/feeds", "#feeds")
    states = [r.get_attribute("class") for r in browser.find_elements(By.CSS_SELECTOR, "#feeds tbody tr")]
    assert states[:2] == ["failing", "backing_off"] and len(states) == 8
    browser.switch_to.default_content()
    browser.save_screenshot(str(shots / "ui-feeds.png"))

    in_view(browser, base, "plugin/wirefeed/wirefeed/volume", "#daily svg")
    with psycopg.connect(url) as conn:
        stories = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    daily = browser.find_element(By.CSS_SELECTOR, "#daily svg")
    assert daily.get_attribute("data-total") == str(stories)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#daily svg rect")) > 3
    assert daily.size["width"] > 600 and daily.size["height"] > 100  # really drawn
    browser.switch_to.default_content()
    browser.save_screenshot(str(shots / "ui-volume.png"))


def sick_visible_without_scrolling(driver) -> bool:
    """The first sick feed's row lies inside the browser window's first screen."""
    top = driver.execute_script(
        "const r = document.querySelector('#sick tbody tr').getBoundingClientRect();"
        "const f = window.frameElement.getBoundingClientRect(); return f.top + r.bottom;")
    return top <= driver.execute_script("return window.top.innerHeight")


@pytest.mark.skipif(not os.environ.get("WIREFEED_UI_SCREENSHOTS"), reason="docs screenshots: WIREFEED_UI_SCREENSHOTS=docs")
def test_screenshots_of_every_page(stack, browser, tmp_path):
    """docs/ui-*.png: every page, the DAG tab, and the Runs page in Airflow's dark mode."""
    from selenium.webdriver.common.by import By

    base, url, _ = stack
    shots = shots_dir(tmp_path)
    with psycopg.connect(url) as conn:
        feed_id = conn.execute("SELECT id FROM feeds WHERE name = 'gone-feed'").fetchone()[0]
        story_id = conn.execute("SELECT a.id FROM articles a JOIN cluster_members m ON m.article_id = a.id "
                                "WHERE a.city <> '' ORDER BY (SELECT count(*) FROM cluster_members o "
                                "WHERE o.cluster_id = m.cluster_id) DESC, a.id LIMIT 1").fetchone()[0]
    pages = {"quality": ("wirefeed/quality", "#quality-feeds"), "search": ("wirefeed/search?q=police", "#results"),
             "story": (f"wirefeed/story/{story_id}", "#members"), "feed": (f"wirefeed/feeds/{feed_id}", "#fetches")}
    for name, (path, ready) in pages.items():
        in_view(browser, base, f"plugin/wirefeed/{path}", ready)
        browser.switch_to.default_content()
        browser.save_screenshot(str(shots / f"ui-{name}.png"))
    browser.get(f"{base}/dags/wirefeed_ingest/plugin/wirefeed-dag")
    browser.switch_to.frame(wait_for(browser, "iframe", 60))
    wait_for(browser, "#runs-ingest")
    browser.switch_to.default_content()
    browser.save_screenshot(str(shots / "ui-dag-tab.png"))
    browser.execute_script("localStorage.setItem('theme', 'dark')")
    in_view(browser, base, "plugin/wirefeed/wirefeed/", "#last-run")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("data-theme") == "dark"
    browser.switch_to.default_content()
    browser.save_screenshot(str(shots / "ui-runs-dark.png"))
    browser.execute_script("localStorage.removeItem('theme')")
