"""The wirefeed view on a million stories: fill a database, then time every page.

    .venv/bin/python bench/ui_bench.py                      # 1,000,000 stories (fill: several minutes)
    .venv/bin/python bench/ui_bench.py --stories 100000     # smaller
    .venv/bin/python bench/ui_bench.py --reuse              # time again on the database already filled

The stories are synthetic (Zipf-distributed words, 12 agencies, 60 feeds, arrival times spread
over 60 days, 10% duplicate pairs, a dateline country tag on 70%), written with the real schema
(migrations, triggers, the full-text column and its GIN index). Each page is requested through
the view's app (as the api-server serves it, login aside) --runs times after a warm-up; printed:
min / median / max wall time per page and its ratio to the 300 ms limit.

Uses WIREFEED_DATABASE_URL (a server; the database `wirefeed_ui_bench` is created next to it) or
the embedded server from scrapers.pgserver.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from scrapers.migrate import migrate  # noqa: E402

NAME = "wirefeed_ui_bench"
LIMIT_MS = 300.0
WORDS = ("police minister said government president election talks security officials capital border "
         "troops attack killed protest parliament vote court ruling economy bank rates inflation oil "
         "prices market shares trade deal exports tariffs summit leaders agreement ceasefire rebels army "
         "city region province northern southern eastern western state federal national local health "
         "hospital virus vaccine patients doctors storm flood earthquake rescue workers fire damage "
         "company profit quarter sales investors growth budget tax reform union strike workers energy "
         "power nuclear climate emissions water drought football match team coach season final league "
         "players goal win loss film festival award music star fans report sources spokesman statement "
         "sunday monday tuesday wednesday thursday friday saturday week month year today night morning "
         "police arrested suspect charges investigation prosecutor judge sentence prison lawyers appeal "
         "china russia ukraine germany france italy spain india brazil japan korea iran israel egypt").split()
AGENCIES = ["Reuters", "AP", "AFP", "dpa", "EFE", "ANSA", "TASS", "Xinhua", "Kyodo", "PTI", "Yonhap", "WENN"]
CITIES = ["Moscow", "Washington", "Paris", "Berlin", "Madrid", "Rome", "Beijing", "Tokyo", "New Delhi",
          "Seoul", "London", "Cairo", "Kyiv", "Brasilia", "Tehran", "Jerusalem", ""]
COUNTRIES = ["RU", "US", "FR", "DE", "ES", "IT", "CN", "JP", "IN", "KR", "GB", "EG", "UA", "BR", "IR", "IL"]


def database(fresh: bool) -> str:
    """The bench database; `fresh`: dropped and created again (a killed fill leaves it half-built)."""
    base = os.environ.get("WIREFEED_DATABASE_URL")
    if not base:
        from scrapers import pgserver

        base = pgserver.ensure_server()
    with psycopg.connect(psycopg.conninfo.make_conninfo(base, dbname="postgres"), autocommit=True) as c:
        if fresh:
            c.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (NAME,)).fetchone():
            c.execute(f'CREATE DATABASE "{NAME}"')
    return psycopg.conninfo.make_conninfo(base, dbname=NAME)


def text_pool(n_sentences: int = 4001, n_heads: int = 10007) -> tuple[list[str], list[str]]:
    """Headlines and 20-word sentences drawn from a Zipf-like vocabulary (the news words above, then
    5,000 made-up ones): common words are common, rare ones rare, as in real text."""
    rng = random.Random(42)
    syllables = ["ka", "lo", "mi", "ran", "te", "vo", "su", "ber", "na", "dis", "qu", "el", "tor", "ship", "ga"]
    vocab = list(WORDS) + ["".join(rng.choices(syllables, k=3)) + str(k) for k in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(vocab))]

    def words(k: int) -> str:
        return " ".join(rng.choices(vocab, weights, k=k))
    return [words(8) for _ in range(n_heads)], [words(20) for _ in range(n_sentences)]


def fill(url: str, stories: int, batch: int = 100_000) -> None:
    """Feeds, stories, clusters, tags, fetches, item errors and runs: the shape of a busy install."""
    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("pipeline_runs", "item_errors", "tags", "cluster_members", "clusters", "article_versions",
                      "articles", "fetch_attempts", "feeds"):
            conn.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
        conn.execute("SELECT setseed(0.42)")
        conn.execute("""
            INSERT INTO feeds (name, url, agency, language, consecutive_failures, last_success_at, last_error,
                               next_poll_at, enabled)
            SELECT 'feed-' || g, 'https://wire' || (g %% 20) || '.example/feed' || g || '.xml',
                   (%(agencies)s::text[])[1 + g %% 12], (ARRAY['en','fr','de','es','ru'])[1 + g %% 5],
                   CASE WHEN g %% 15 = 0 THEN 3 WHEN g %% 17 = 0 THEN 1 ELSE 0 END, now() - interval '5 min',
                   CASE WHEN g %% 15 = 0 OR g %% 17 = 0 THEN 'HTTP 503' END,
                   now() + CASE WHEN g %% 15 = 0 THEN interval '2 hours' ELSE interval '10 min' END, g %% 29 <> 0
            FROM generate_series(1, 60) g""", {"agencies": AGENCIES})
        heads, sentences = text_pool()
        # bulk load: secondary indexes are dropped and rebuilt after (same schema, far faster)
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("SET synchronous_commit = off")
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles' AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'articles'::regclass)").fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, texts in (("bench_heads", heads), ("bench_sentences", sentences)):
            conn.execute(f"CREATE TEMP TABLE {table} (k int PRIMARY KEY, t text)")
            with conn.cursor().copy(f"COPY {table} (k, t) FROM STDIN") as copy:
                for k, t in enumerate(texts):
                    copy.write_row((k, t))
        t0 = time.perf_counter()
        for start in range(1, stories + 1, batch):
            end = min(start + batch - 1, stories)
            conn.execute("""
                INSERT INTO articles (feed_id, guid, format, agency, city, dateline_date, headline, body,
                                      language, published_at, first_seen_at, fetched_at, changed_at, content_hash)
                SELECT 1 + i %% 60, 'bench-' || i, 'rss', (%(agencies)s::text[])[1 + i %% 12],
                       (%(cities)s::text[])[1 + i %% 17],
                       CASE WHEN i %% 3 = 0 THEN NULL ELSE (seen - interval '1 hour')::date END,
                       h.t, concat_ws(' ', s1.t, s2.t, s3.t, s4.t, s5.t, s6.t),
                       (ARRAY['en','fr','de','es','ru'])[1 + i %% 60 %% 5], seen - interval '20 min', seen, seen, seen,
                       md5(i::text)
                FROM (SELECT i, now() - random() * interval '60 days' AS seen
                      FROM generate_series(%(start)s::bigint, %(end)s::bigint) i) g
                JOIN bench_heads h ON h.k = (i * 7919) %% %(nh)s
                JOIN bench_sentences s1 ON s1.k = (i * 31) %% %(ns)s JOIN bench_sentences s2 ON s2.k = (i * 37) %% %(ns)s
                JOIN bench_sentences s3 ON s3.k = (i * 41) %% %(ns)s JOIN bench_sentences s4 ON s4.k = (i * 43) %% %(ns)s
                JOIN bench_sentences s5 ON s5.k = (i * 47) %% %(ns)s JOIN bench_sentences s6 ON s6.k = (i * 53) %% %(ns)s""",
                         {"agencies": AGENCIES, "cities": CITIES, "nh": len(heads), "ns": len(sentences),
                          "start": start, "end": end})
            print(f"  {end:,} stories ({end / (time.perf_counter() - t0):,.0f}/s)", flush=True)
        t1 = time.perf_counter()
        for _, definition in indexes:
            conn.execute(definition)
        print(f"  {len(indexes)} indexes rebuilt in {time.perf_counter() - t1:.0f} s", flush=True)
        conn.execute("INSERT INTO clusters (id, representative_id) SELECT id, id FROM articles")
        conn.execute("INSERT INTO cluster_members (article_id, cluster_id, match_kind) "
                     "SELECT id, CASE WHEN id % 10 = 0 THEN id - 1 ELSE id END, "
                     "CASE WHEN id % 10 = 0 THEN 'content_hash' ELSE 'origin' END FROM articles")
        conn.execute("INSERT INTO tags (article_id, kind, value, label, tagger, tagger_version) "
                     "SELECT id, 'country', (%(c)s::text[])[1 + id %% 16], (%(c)s::text[])[1 + id %% 16], "
                     "'gazetteer', 'bench' FROM articles WHERE id %% 10 < 7", {"c": COUNTRIES})
        conn.execute("""
            INSERT INTO fetch_attempts (feed_id, url, started_at, duration_ms, status, http_status, bytes,
                                        items_total, items_new, error)
            SELECT f, 'https://wire.example/feed' || f, now() - n * interval '15 min', 200 + n % 300,
                   CASE WHEN n % 40 = 0 THEN 'failed' WHEN n % 3 = 0 THEN 'not_modified' ELSE 'ok' END,
                   CASE WHEN n % 40 = 0 THEN 503 WHEN n % 3 = 0 THEN 304 ELSE 200 END, 50000, 40, n % 5,
                   CASE WHEN n % 40 = 0 THEN 'HTTP 503' END
            FROM generate_series(1, 60) f, generate_series(0, 96 * 7) n""")
        conn.execute("INSERT INTO item_errors (feed_id, guid, stage, reason, created_at) "
                     "SELECT 1 + n % 60, 'bad-' || n, 'parse', (ARRAY['no headline: empty title', "
                     "'bad date: 31 Feb', 'XMLSyntaxError: truncated'])[1 + n % 3], now() - n * interval '1 min' "
                     "FROM generate_series(1, 5000) n")
        for stage, dag, step, counts in (
                ("ingest", "wirefeed_ingest", "report", '{"hosts": 20, "hosts_failed": 1, "feeds_polled": 60, '
                 '"feeds_not_modified": 20, "feeds_failed": 2, "feeds_skipped": 1, "stories_new": 300, '
                 '"stories_updated": 4, "stories_unchanged": 2000, "stories_failed": 1}'),
                ("dedupe", "wirefeed_dedupe", "dedupe", '{"processed": 304, "clusters_new": 280}'),
                ("tag", "wirefeed_tag", "tag", '{"processed": 304, "tags": 2100}')):
            conn.execute("INSERT INTO pipeline_runs (stage, dag_id, run_id, finished_at, counts) "
                         "SELECT %s, %s, 'scheduled__' || n, now() - n * interval '15 min', jsonb_build_object(%s::text, %s::jsonb) "
                         "FROM generate_series(1, 2000) n", (stage, dag, step, counts))
        conn.execute("VACUUM ANALYZE")


def time_pages(url: str, runs: int) -> list[tuple[str, list[float]]]:
    os.environ["WIREFEED_UI_DATABASE_URL"] = url
    from fastapi.testclient import TestClient

    from wirefeed_ui import rollups
    from wirefeed_ui.app import create_app

    t0 = time.perf_counter()
    rollups.refresh(url)
    print(f"rollups rebuilt in {time.perf_counter() - t0:.1f} s (in the background, when older than "
          f"{rollups.max_age_seconds()} s)")
    with psycopg.connect(url) as conn:
        article, feed = conn.execute("SELECT max(id), (SELECT id FROM feeds WHERE consecutive_failures > 0 "
                                     "LIMIT 1) FROM articles").fetchone()
    pages = ["/", "/feeds", f"/feeds/{feed}", "/volume", "/quality", "/search?q=police",
             "/search?q=nuclear+drought+appeal", '/search?q="oil prices"', "/search?q=kalomi7", f"/story/{article}",
             "/dag/wirefeed_ingest"]
    client = TestClient(create_app(require_login=False))
    results = []
    for page in pages:
        assert client.get(page).status_code == 200, page  # warm-up (connections, plans, caches)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            client.get(page)
            times.append((time.perf_counter() - t) * 1000)
        results.append((page, times))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="time the pages on the database already filled")
    args = parser.parse_args()
    url = database(fresh=not args.reuse)
    with psycopg.connect(url) as conn:
        migrate(conn)
        have = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    if not args.reuse or not have:
        t0 = time.perf_counter()
        fill(url, args.stories)
        print(f"filled {args.stories:,} stories in {time.perf_counter() - t0:.0f} s")
    with psycopg.connect(url) as conn:
        have = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"\n{have:,} stories; {args.runs} requests per page after a warm-up; limit {LIMIT_MS:.0f} ms")
    print(f"{'page':40} {'min':>8} {'median':>8} {'max':>8} {'median/limit':>13}")
    worst = 0.0
    for page, times in time_pages(url, args.runs):
        median = statistics.median(times)
        worst = max(worst, median / LIMIT_MS)
        print(f"{page:40} {min(times):8.1f} {median:8.1f} {max(times):8.1f} {median / LIMIT_MS:13.2f}")
    print(f"worst median / limit: {worst:.2f} ({'within' if worst <= 1 else 'OVER'} the limit)")


if __name__ == "__main__":
    main()
