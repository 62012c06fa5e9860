"""Feed configuration (`config/feeds.yml`, `config/demo-feeds.yml`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LIVE_FEEDS = PROJECT_ROOT / "config" / "feeds.yml"
DEMO_FEEDS = PROJECT_ROOT / "config" / "demo-feeds.yml"
KINDS = ("feed", "wire_dir", "wire_url")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    kind: str = "feed"
    agency: str = ""
    language: str = ""
    fetch_pages: bool = False
    timezone: str = ""  # tz database name for naive wire times (e.g. Europe/Helsinki); '' = sender's default

    @property
    def host(self) -> str:
        """Politeness key: feeds of one host share its limits (a drop folder is its own 'host')."""
        if self.kind == "wire_dir":
            return "local:" + self.url
        return (urlsplit(self.url).hostname or "").lower()


def load_feeds(path: Path | str = LIVE_FEEDS, base: str = "") -> list[FeedConfig]:
    """Read a feeds file; `{base}` in URLs is replaced (the demo's loopback server)."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    feeds, seen = [], set()
    for i, entry in enumerate(doc.get("feeds") or []):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
            raise ConfigError(f"{path}: feed #{i + 1} needs a name and a url")
        feed = FeedConfig(
            name=str(entry["name"]),
            url=str(entry["url"]).replace("{base}", base),
            kind=str(entry.get("kind", "feed")),
            agency=str(entry.get("agency") or ""),
            language=str(entry.get("language") or ""),
            fetch_pages=bool(entry.get("fetch_pages", False)),
            timezone=str(entry.get("timezone") or ""),
        )
        if feed.timezone and not _known_zone(feed.timezone):
            raise ConfigError(f"{path}: feed {feed.name}: unknown timezone {feed.timezone!r}")
        if feed.kind not in KINDS:
            raise ConfigError(f"{path}: feed {feed.name}: kind must be one of {KINDS}")
        if feed.kind == "wire_dir" and not Path(feed.url).is_absolute():
            feed = FeedConfig(**{**feed.__dict__, "url": str(PROJECT_ROOT / feed.url)})
        if feed.name in seen:
            raise ConfigError(f"{path}: duplicate feed name {feed.name}")
        seen.add(feed.name)
        feeds.append(feed)
    return feeds


def _known_zone(name: str) -> bool:
    from scrapers.provenance import zone

    return zone(name) is not None
