"""Command line: `python -m scrapers COMMAND …` runs every stage without Airflow.

Errors reach the user as one line on stderr and a non-zero exit, never a traceback
(set WIREFEED_DEBUG=1 to see one).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import Callable

from scrapers import config

Handler = Callable[[argparse.Namespace], int]


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", default=None,
                        help="Postgres URL (default: $WIREFEED_DATABASE_URL, else the embedded server)")


def _connect(args: argparse.Namespace, migrate_first: bool = True):
    from scrapers import db
    from scrapers.migrate import migrate

    conn = db.connect(args.database_url)
    if migrate_first:
        migrate(conn)
    return conn


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))


def _parse_time(value: str) -> dt.datetime:
    """ISO date or datetime; naive values are UTC."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


# --- commands -------------------------------------------------------------------------------

def cmd_migrate(args: argparse.Namespace) -> int:
    from scrapers import db
    from scrapers.migrate import migrate

    with db.connect(args.database_url) as conn:
        applied = migrate(conn)
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else " (up to date)"))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from scrapers.pipeline import ingest

    feeds = _select_feeds(config.load_feeds(args.feeds), args.feed)
    for source in args.source or []:
        feeds.append(_adhoc_feed(source))
    with _connect(args) as conn:
        counts = ingest(conn, feeds, interval=args.interval, force=args.force, workers=args.workers)
    _print_json(counts.as_dict())
    if counts.failed_feeds:  # the others are stored; the run still failed
        print(f"error: {len(counts.failed_feeds)} feed(s) failed: {', '.join(counts.failed_feeds)} "
              "(reasons: fetch_attempts.error, or `stats`)", file=sys.stderr)
        return 1
    return 0


def _select_feeds(feeds: list[config.FeedConfig], names: list[str] | None) -> list[config.FeedConfig]:
    if not names:
        return feeds
    chosen = [f for f in feeds if f.name in names]
    missing = set(names) - {f.name for f in chosen}
    if missing:
        raise config.ConfigError(f"unknown feed(s): {', '.join(sorted(missing))}")
    return chosen


def _adhoc_feed(source: str) -> config.FeedConfig:
    """`--source DIR|URL`: a drop folder or an HTTP endpoint of wire files, ingested like a feed."""
    if Path(source).is_dir():
        path = str(Path(source).resolve())
        return config.FeedConfig(name=f"dir:{path}", url=path, kind="wire_dir")
    return config.FeedConfig(name=f"url:{source}", url=source, kind="wire_url")


def cmd_replay(args: argparse.Namespace) -> int:
    from scrapers.pipeline import replay

    start = _parse_time(args.start) if args.start else None
    end = _parse_time(args.end) if args.end else None
    with _connect(args) as conn:
        counts = replay(conn, start, end, args.feed or None, workers=args.workers, force=args.force)
    _print_json(counts.as_dict())
    return 0


def cmd_dateline(args: argparse.Namespace) -> int:
    from scrapers.dateline import parse_dateline

    published = _parse_time(args.published) if args.published else None
    out = sys.stdout
    for line in sys.stdin:
        d = parse_dateline(line.rstrip("\n"), published)
        out.write(json.dumps({"city": d.city, "agency": d.agency, "date": d.date,
                              "resolved": d.resolved.isoformat() if d.resolved else None},
                             ensure_ascii=False) + "\n")
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from scrapers.formats import parse_bytes
    from scrapers.record import ParseFailure

    status = 0
    for name in args.files:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            _print_json({"source": name, "error": f"cannot read file: {exc.strerror or exc}"})
            status = 1
            continue
        for rec in parse_bytes(data, source=name):
            status = 1 if isinstance(rec, ParseFailure) else status
            _print_json(rec.to_json())
    return status


def cmd_stats(args: argparse.Namespace) -> int:
    from scrapers.stats import collect_stats, format_stats

    with _connect(args) as conn:
        stats = collect_stats(conn)
    if args.json:
        _print_json(stats)
    else:
        print(format_stats(stats))
    return 0


def cmd_dedupe(args: argparse.Namespace) -> int:
    from scrapers.dedupe import rebuild_dedupe, run_dedupe

    with _connect(args) as conn:
        if args.start or args.end:
            result = rebuild_dedupe(conn, _parse_time(args.start), _parse_time(args.end))
        else:
            result = run_dedupe(conn, **({"threshold": args.threshold} if args.threshold else {}))
    _print_json(result)
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from scrapers.tagging import run_tagging

    with _connect(args) as conn:
        result = run_tagging(conn)
    _print_json(result)
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    from scrapers.tagging import tag_text

    for line in sys.stdin:
        _print_json(tag_text(line.rstrip("\n"), feed_language=args.language))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from scrapers.demo import run_demo

    return run_demo(args.database_url)


def cmd_db(args: argparse.Namespace) -> int:
    from scrapers import pgserver

    if args.action == "stop":
        pgserver.stop_server()
        print("embedded Postgres stopped")
    else:
        print(pgserver.ensure_server())
    return 0


# --- parser ---------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scrapers", description="wirefeed: wire-news ingestion.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str, db: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        if db:
            _db_arg(p)
        return p

    add("migrate", cmd_migrate, "Apply pending SQL migrations from sql/ (records which ran).")
    p = add("ingest", cmd_ingest, "Fetch every configured feed once and store its stories.")
    p.add_argument("--feeds", default=str(config.LIVE_FEEDS), help="feeds file (default: config/feeds.yml)")
    p.add_argument("--feed", action="append", help="only this feed name (repeatable)")
    p.add_argument("--source", action="append", help="also ingest a directory or URL of wire files (repeatable)")
    p.add_argument("--interval", type=int, default=900, help="schedule interval in seconds (for backoff)")
    p.add_argument("--force", action="store_true", help="poll feeds even if they are backed off")
    p.add_argument("--workers", type=int, default=1,
                   help="parse the files of a drop folder in this many processes (one connection stores them)")
    p = add("replay", cmd_replay, "Re-parse stored raw payloads fetched in [--start, --end) without the network.")
    p.add_argument("--start", help="ISO date/time (UTC if naive)")
    p.add_argument("--end", help="ISO date/time, exclusive")
    p.add_argument("--feed", action="append", help="only this feed name (repeatable)")
    p.add_argument("--workers", type=int, default=1,
                   help="parse and normalise in this many processes (one connection still writes, in order)")
    p.add_argument("--force", action="store_true",
                   help="re-normalise payloads already replayed by this code with these feed settings too")
    p = add("dateline", cmd_dateline, "Read openings on stdin (one per line); print city/agency/date JSON lines.",
            db=False)
    p.add_argument("--published", help="publication time used to resolve the year (ISO)")
    p = add("parse", cmd_parse, "Detect each file's format and print its stories as JSON lines.", db=False)
    p.add_argument("files", nargs="+", metavar="FILE")
    p = add("stats", cmd_stats, "Print counts: feeds, fetches, stories per agency, errors, clusters, tags.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = add("dedupe", cmd_dedupe, "Cluster new stories (exact and near duplicates), from the watermark.")
    p.add_argument("--threshold", type=float, default=None,
                   help="Jaccard threshold for near duplicates (default: scrapers.dedupe DEFAULT_THRESHOLD, 0.7)")
    p.add_argument("--start", help="rebuild clusters for stories in [start, end) instead")
    p.add_argument("--end")
    add("tag", cmd_tag, "Tag new stories (language, place, topics, agency, feed), from the watermark.")
    p = add("tags", cmd_tags, "Read texts on stdin (one per line); print language/country/topics JSON lines.",
            db=False)
    p.add_argument("--language", default="", help="the feed's declared language, used as a prior")
    add("demo", cmd_demo, "Ingest the offline demo feeds over a loopback server and print a summary.")
    p = add("db", cmd_db, "Start (or stop) the project-local embedded Postgres and print its URL.", db=False)
    p.add_argument("action", nargs="?", choices=("start", "stop"), default="start")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("WIREFEED_LOG_LEVEL", "WARNING"),
                        format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # one line for the user; the traceback on request
        if os.environ.get("WIREFEED_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
