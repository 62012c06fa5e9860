"""The wirefeed view's FastAPI app: server-rendered pages (Jinja2), mounted by the api-server at
/wirefeed and shown by the Airflow UI in its plugin frame (nav entry and a tab per DAG)."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from wirefeed_ui import airflow_runs, charts, queries, rollups
from wirefeed_ui.db import connect

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
HOUR, DAY = dt.timedelta(hours=1), dt.timedelta(days=1)
DAG_STAGES = {dag: stage for stage, dag in queries.STAGE_DAGS.items()}


def _ago(value: dt.datetime | None) -> str:
    """'3 min ago' / 'in 2 h' for a timestamp (the exact UTC time goes in the title attribute)."""
    if value is None:
        return "—"
    seconds = (dt.datetime.now(dt.timezone.utc) - value).total_seconds()
    future, s = seconds < 0, abs(seconds)
    text = (f"{int(s)} s" if s < 90 else f"{int(s // 60)} min" if s < 5400 else
            f"{s / 3600:.0f} h" if s < 172800 else f"{s / 86400:.0f} d")
    return f"in {text}" if future else f"{text} ago"


def _utc(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return value.isoformat()


def _pct(part: int | None, whole: int | None) -> str:
    return "—" if not whole else f"{100 * (part or 0) / whole:.1f}%"


templates.env.filters.update(ago=_ago, utc=_utc, quote=lambda s: quote(str(s), safe=""))
templates.env.globals.update(pct=_pct, columns=queries.RUN_COLUMNS, stage_dags=queries.STAGE_DAGS)


def airflow_prefix() -> str:
    """The path the Airflow UI is served under ('' at the root), for links to its runs."""
    try:
        from urllib.parse import urlsplit

        from airflow.configuration import conf

        return urlsplit(conf.get("api", "base_url", fallback="") or "").path.rstrip("/")
    except Exception:
        return ""


def create_app(require_login: bool = True) -> FastAPI:
    """The app; `require_login=False` only for tests and benchmarks without an api-server."""
    deps = []
    if require_login:
        from airflow.api_fastapi.core_api.security import get_user

        deps = [Depends(get_user)]
    app = FastAPI(title="wirefeed view", dependencies=deps, docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    prefix = airflow_prefix()

    def page(request: Request, name: str, build, status: int = 200) -> HTMLResponse:
        t0 = time.perf_counter()
        try:
            with connect() as db:
                context = build(db)
                db_ms, n = db.ms, db.queries
        except psycopg.Error as exc:
            context, db_ms, n, status = {"error": str(exc).strip()}, 0.0, 0, 503
            name = "error.html"
        if context is None:
            context, name, status = {"error": "not found"}, "error.html", 404
        base = request.scope.get("root_path", "").rstrip("/")
        context.update(request=request, base=base, airflow=prefix, db_ms=db_ms, queries=n,
                       page_ms=(time.perf_counter() - t0) * 1000)
        response = templates.TemplateResponse(request, name, context, status_code=status)
        response.headers["Server-Timing"] = f"db;dur={db_ms:.1f}, page;dur={context['page_ms']:.1f}"
        return response

    @app.get("/", response_class=HTMLResponse)
    def runs(request: Request, n: int = Query(10, ge=1, le=200)):
        def build(db):
            feed_rows = queries.feeds(db)
            stages = {s: queries.runs(db, s, n) for s in queries.STAGE_DAGS}
            return {"tab": "runs", "n": n, "stages": stages, "af": airflow_runs.annotate(stages, queries.STAGE_DAGS, n),
                    "sick": [f for f in feed_rows if f["state"] in ("failing", "backing_off")],
                    "states": queries.state_counts(feed_rows)}
        return page(request, "runs.html", build)

    @app.get("/dag/{dag_id}", response_class=HTMLResponse)
    def dag_tab(request: Request, dag_id: str, n: int = Query(25, ge=1, le=200)):
        stage = DAG_STAGES.get(dag_id)

        def build(db):
            feed_rows = queries.feeds(db) if stage == "ingest" else []
            stages = {stage: queries.runs(db, stage, n)} if stage else {}
            return {"tab": "runs", "n": n, "dag_id": dag_id, "embedded": True, "stages": stages,
                    "af": airflow_runs.annotate(stages, queries.STAGE_DAGS, n),
                    "sick": [f for f in feed_rows if f["state"] in ("failing", "backing_off")],
                    "states": queries.state_counts(feed_rows) if feed_rows else None}
        return page(request, "runs.html", build)

    @app.get("/feeds", response_class=HTMLResponse)
    def feeds(request: Request):
        def build(db):
            rows = queries.feeds(db)
            return {"tab": "feeds", "feeds": rows, "states": queries.state_counts(rows)}
        return page(request, "feeds.html", build)

    @app.get("/feeds/{feed_id}", response_class=HTMLResponse)
    def feed(request: Request, feed_id: int):
        def build(db):
            rows = queries.feeds(db, feed_id)
            if not rows:
                return None
            return {"tab": "feeds", "feed": rows[0], "fetches": queries.fetch_history(db, feed_id),
                    "errors": queries.feed_item_errors(db, feed_id)}
        return page(request, "feed.html", build)

    @app.get("/volume", response_class=HTMLResponse)
    def volume(request: Request):
        def build(db):
            now = dt.datetime.now(dt.timezone.utc)
            hours = charts.buckets(now.replace(minute=0, second=0, microsecond=0), 48, HOUR)
            days = charts.buckets(now.date(), 30, DAY)
            return {"tab": "volume", "rollup": rollups.status(db),
                    "hourly": _chart(queries.hourly_volume(db), hours, _hour_label, "Stories per hour, last 48 h"),
                    "daily": _chart(queries.daily_volume(db), days, _day_label, "Stories per day, last 30 days")}
        return page(request, "volume.html", build)

    @app.get("/quality", response_class=HTMLResponse)
    def quality(request: Request):
        def build(db):
            return {"tab": "quality", "rollup": rollups.status(db), "by_feed": queries.quality_by_feed(db),
                    "by_agency": queries.quality_by_agency(db), "reasons": queries.error_reasons(db),
                    "languages": queries.language_mix(db), "countries": queries.country_mix(db)}
        return page(request, "quality.html", build)

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: str = "", before: dt.datetime | None = None, before_id: int = 0):
        def build(db):
            text = q.strip()
            after = (before, before_id) if before else None
            found = queries.search(db, text, before=after) if text else queries.Search()
            return {"tab": "search", "q": text, "found": found, "results": found.rows, "before": before,
                    "cap": queries.SEARCH_CAP}
        return page(request, "search.html", build)

    @app.get("/story/{article_id}", response_class=HTMLResponse)
    def story(request: Request, article_id: int):
        def build(db):
            row = queries.story(db, article_id)
            return None if row is None else {"tab": "search", "story": row}
        return page(request, "story.html", build)

    return app


def _hour_label(slot: dt.datetime, full: bool) -> str:
    if full:
        return slot.strftime("%Y-%m-%d %H:00 UTC")
    return slot.strftime("%d %b" if slot.hour == 0 else "%H:00") if slot.hour % 6 == 0 else ""


def _day_label(slot: dt.date, full: bool) -> str:
    return slot.isoformat() if full else (slot.strftime("%d %b") if slot.day % 5 == 1 else "")


def _chart(rows: list[dict], slots: list, label, title: str) -> dict:
    names, data = charts.series(rows)
    return {"svg": charts.stacked_bars(slots, names, data, label, title), "legend": charts.legend(names, data),
            "total": sum(sum(d.values()) for d in data.values()), "title": title}
