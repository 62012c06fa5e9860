"""Counts for the `stats` command and the demo's summary."""
from __future__ import annotations

from typing import Any

import psycopg


def collect_stats(conn: psycopg.Connection) -> dict[str, Any]:
    """Feeds, fetch outcomes, stories per agency (with cities and dateline dates), errors, clusters, tags."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731 - tiny local helper
    return {
        "feeds": one("SELECT count(*) FROM feeds"),
        "fetches": dict(conn.execute("SELECT status, count(*) FROM fetch_attempts GROUP BY 1 ORDER BY 1").fetchall()),
        "articles": one("SELECT count(*) FROM articles"),
        "with_dateline_city": one("SELECT count(*) FROM articles WHERE city <> ''"),
        "item_errors": one("SELECT count(*) FROM item_errors"),
        "clusters": one("SELECT count(DISTINCT cluster_id) FROM cluster_members"),
        "tags": one("SELECT count(*) FROM tags"),
        "raw_payloads": one("SELECT count(*) FROM raw_payloads"),
        "per_agency": [
            {"agency": agency, "articles": n, "cities": cities, "dateline_dates": dates}
            for agency, n, cities, dates in conn.execute(
                "SELECT coalesce(nullif(agency, ''), '(none)'), count(*), "
                "  coalesce(array_agg(DISTINCT city) FILTER (WHERE city <> ''), '{}'), "
                "  coalesce(array_agg(DISTINCT dateline_date::text) FILTER (WHERE dateline_date IS NOT NULL), '{}') "
                "FROM articles GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        ],
    }


def _short_list(values: list[str], limit: int = 6) -> str:
    shown = ", ".join(sorted(values)[:limit])
    return shown + (f", … (+{len(values) - limit})" if len(values) > limit else "") if values else "-"


def format_stats(stats: dict[str, Any]) -> str:
    """A short human-readable summary."""
    fetches = ", ".join(f"{k} {v}" for k, v in stats["fetches"].items()) or "none"
    lines = [
        f"feeds: {stats['feeds']}   fetches: {fetches}   raw payloads: {stats['raw_payloads']}",
        f"articles: {stats['articles']} ({stats['with_dateline_city']} with a dateline city)   "
        f"item errors: {stats['item_errors']}   clusters: {stats['clusters']}   tags: {stats['tags']}",
        "",
        f"{'agency':<14} {'articles':>8}  cities / dateline dates",
    ]
    for row in stats["per_agency"]:
        lines.append(f"{row['agency']:<14} {row['articles']:>8}  {_short_list(row['cities'])}")
        lines.append(f"{'':<14} {'':>8}  {_short_list(row['dateline_dates'])}")
    return "\n".join(lines)
