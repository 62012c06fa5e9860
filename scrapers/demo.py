"""The README's first command: ingest the offline demo feeds through the real HTTP path.

The RSS/Atom files in tests/fixtures are served over a loopback HTTP server and polled like
live feeds (conditional GET included, so a second run stores nothing new); the wire files in
tests/fixtures/wire-xml are ingested as an agency drop folder.
"""
from __future__ import annotations

from scrapers import config, db
from scrapers.localserver import DirectoryServer
from scrapers.migrate import migrate
from scrapers.pipeline import ingest
from scrapers.stats import collect_stats, format_stats

DEMO_PORT = 54330  # fixed, so feed URLs (and rows) stay the same from run to run


def _server() -> DirectoryServer:
    root = config.PROJECT_ROOT / "tests" / "fixtures"
    try:
        return DirectoryServer(root, port=DEMO_PORT)
    except OSError:
        return DirectoryServer(root)


def run_demo(database_url: str | None = None) -> int:
    url = db.database_url(database_url)
    with db.connect(url) as conn:
        applied = migrate(conn)
        print(f"database: {url}  (migrations applied now: {len(applied)})")
        with _server() as server:
            feeds = config.load_feeds(config.DEMO_FEEDS, base=server.base_url)
            counts = ingest(conn, feeds, force=True)
        print("ingest:", ", ".join(f"{k} {v}" for k, v in counts.as_dict().items()))
        _run_stages(conn)
        print()
        print(format_stats(collect_stats(conn)))
    print()
    print("Query the stories with psql, for example:")
    print(f"  psql '{url}' -c \"SELECT agency, city, dateline_date, left(headline, 60) FROM story_list "
          "ORDER BY published_at DESC LIMIT 20\"")
    return 0


def _run_stages(conn) -> None:
    """Dedupe and tag what was ingested (incremental: a second run has nothing to do)."""
    from scrapers.dedupe import run_dedupe
    from scrapers.tagging import run_tagging

    for label, stage in (("dedupe", run_dedupe), ("tag", run_tagging)):
        result = stage(conn)
        conn.commit()
        print(f"{label}:", ", ".join(f"{k} {v}" for k, v in result.items()))
