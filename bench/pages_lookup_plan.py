"""The plan of pipeline._with_pages' lookup (stored pages by URL) on 5 feeds of 100k stories each.

    .venv/bin/python bench/pages_lookup_plan.py [--stories 100000]

Fills a fresh database (`wirefeed_pages_plan`, on $WIREFEED_DATABASE_URL's server or the embedded one)
with synthetic stories, then prints EXPLAIN (ANALYZE, BUFFERS) of the lookup for a poll of 80 URLs
(50 stored, 30 new) without sql/060's index on (feed_id, url) and with it, and the index's size a story.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402

import store_bench as sb  # noqa: E402
from scrapers import pgserver  # noqa: E402
from scrapers.migrate import migrate  # noqa: E402
from scrapers.pages import MIN_BODY_CHARS  # noqa: E402

LOOKUP = ("SELECT url, body, byline, language, published_at FROM articles "
          "WHERE feed_id = %s AND url = ANY(%s) AND url <> '' AND length(body) >= %s")  # as pipeline._with_pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=100_000, help="stories per feed (5 feeds)")
    args = ap.parse_args()
    sb.DBNAME = "wirefeed_pages_plan"
    url = sb.fresh_database(os.environ.get("WIREFEED_DATABASE_URL") or pgserver.ensure_server())
    with psycopg.connect(url) as conn:
        migrate(conn)
        conn.execute("DROP INDEX articles_feed_url")
        for f in range(5):
            conn.execute("INSERT INTO feeds (name, url) VALUES (%s, %s)", (f"f{f}", f"http://f{f}.invalid/rss"))
        t = time.perf_counter()
        conn.execute("INSERT INTO articles (feed_id, guid, format, headline, body, url, canonical_url, content_hash) "
                     "SELECT f.id, 'g' || i, 'rss', 'headline ' || i, repeat('body text ', 40 + i %% 20), "
                     "'https://www.' || f.name || '.invalid/article/world/story-' || i || '-idUSKBN1F' || i, "
                     "'', md5(i::text) FROM feeds f, generate_series(1, %s) i", (args.stories,))
        conn.execute("ANALYZE articles")
        conn.commit()
        print(f"{5 * args.stories:,} stories in {time.perf_counter() - t:.0f} s; uptime {os.getloadavg()}")
        fid = conn.execute("SELECT id FROM feeds WHERE name = 'f2'").fetchone()[0]
        urls = [f"https://www.f2.invalid/article/world/story-{i}-idUSKBN1F{i}" for i in range(args.stories - 49, args.stories + 1)]
        urls += [f"https://www.f2.invalid/article/world/new-{i}" for i in range(30)]
        ddl = (ROOT / "sql/060_articles_feed_url.sql").read_text()
        for label, create in (("as before sql/060", None), ("with sql/060's index", ddl)):
            if create:
                conn.execute(create)
                conn.execute("ANALYZE articles")
            for _ in range(2):  # the second, with the pages cached
                plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + LOOKUP, (fid, urls, MIN_BODY_CHARS),
                                    prepare=False).fetchall()
            print(f"== {label}")
            print("\n".join(r[0] if len(r[0]) < 200 else r[0][:200] + " …" for r in plan))
        size = conn.execute("SELECT pg_relation_size('articles_feed_url')").fetchone()[0]
        print(f"index: {size / (5 * args.stories):.0f} bytes a story (URLs of {len(urls[0])} characters)")
        conn.rollback()
    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {sb.DBNAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
