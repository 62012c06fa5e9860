"""Feed configuration (`config/feeds.yml`, `config/demo-feeds.yml`).

Per feed: name, url, kind, agency, language, fetch_pages, and for the hostile world outside:
- `auth: {user: NAME, password_env: VAR}`: HTTP basic credentials, the password read from the
  environment at fetch time (a secret never sits in the file or in the database);
- `allow_private_hosts: [host, …]`: article-page hosts allowed to resolve to loopback, private or
  link-local addresses (page links come from untrusted feed content; see `scrapers.netguard`).
  A top-level `allow_private_hosts:` applies to every feed;
- `quiet_seconds`: a drop-folder file is read once it has not changed for this long.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LIVE_FEEDS = PROJECT_ROOT / "config" / "feeds.yml"
DEMO_FEEDS = PROJECT_ROOT / "config" / "demo-feeds.yml"
KINDS = ("feed", "wire_dir", "wire_url", "page")
DEFAULT_QUIET_SECONDS = 1.0


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
    auth_user: str = ""
    auth_password_env: str = ""
    allow_private_hosts: tuple[str, ...] = ()
    quiet_seconds: float = DEFAULT_QUIET_SECONDS
    timezone: str = ""  # tz database name for naive wire times (e.g. Europe/Helsinki); '' = sender's default

    @property
    def host(self) -> str:
        """Politeness key: feeds of one host share its limits (a drop folder is its own 'host')."""
        if self.kind == "wire_dir":
            return "local:" + self.url
        return (urlsplit(self.url).hostname or "").lower()

    def credentials(self) -> tuple[str, str] | None:
        """(user, password) for HTTP basic auth, the password from the environment; None without auth."""
        if not self.auth_user and not self.auth_password_env:
            return None
        password = os.environ.get(self.auth_password_env, "") if self.auth_password_env else ""
        if self.auth_password_env and self.auth_password_env not in os.environ:
            raise ConfigError(f"feed {self.name}: environment variable {self.auth_password_env} "
                              "(auth.password_env) is not set")
        return self.auth_user, password


def _read(path: Path) -> dict:
    """The feeds file as a mapping; every way it can be wrong is a ConfigError naming the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read feeds file {path}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"feeds file {path} is not UTF-8 text (byte {exc.start}: {exc.reason})") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"feeds file {path} is not valid YAML: {' '.join(str(exc).split())}") from exc
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise ConfigError(f"feeds file {path}: expected a mapping with a 'feeds:' list at the top, "
                          f"found a {type(doc).__name__}")
    if not isinstance(doc.get("feeds") or [], list):
        raise ConfigError(f"feeds file {path}: 'feeds' must be a list of feeds, found a "
                          f"{type(doc['feeds']).__name__}")
    return doc


def _hosts(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(h, (str, int)) for h in value):
        raise ConfigError(f"{where}: allow_private_hosts must be a list of host names or addresses")
    return tuple(str(h).strip().lower().strip("[]") for h in value if str(h).strip())


def _auth(value: object, where: str) -> tuple[str, str]:
    if value is None:
        return "", ""
    if not isinstance(value, dict) or set(value) - {"user", "password_env"}:
        raise ConfigError(f"{where}: auth must be {{user: NAME, password_env: ENV_VAR}} "
                          "(passwords are never written in the feeds file)")
    return str(value.get("user") or ""), str(value.get("password_env") or "")


def _feed(entry: object, i: int, path: Path, base: str, allow_all: tuple[str, ...]) -> FeedConfig:
    where = f"{path}: feed #{i + 1}"
    if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
        raise ConfigError(f"{where} needs a name and a url")
    where = f"{path}: feed {entry['name']}"
    user, password_env = _auth(entry.get("auth"), where)
    try:
        quiet = float(entry.get("quiet_seconds", DEFAULT_QUIET_SECONDS))
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: quiet_seconds must be a number") from None
    feed = FeedConfig(
        name=str(entry["name"]),
        url=str(entry["url"]).replace("{base}", base),
        kind=str(entry.get("kind", "feed")),
        agency=str(entry.get("agency") or ""),
        language=str(entry.get("language") or ""),
        fetch_pages=bool(entry.get("fetch_pages", False)),
        auth_user=user,
        auth_password_env=password_env,
        allow_private_hosts=tuple(dict.fromkeys(allow_all + _hosts(entry.get("allow_private_hosts"), where))),
        quiet_seconds=max(0.0, quiet),
        timezone=str(entry.get("timezone") or ""),
    )
    if feed.timezone and not _known_zone(feed.timezone):
        raise ConfigError(f"{where}: unknown timezone {feed.timezone!r}")
    if feed.kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {KINDS}")
    if feed.kind == "wire_dir" and not Path(feed.url).is_absolute():
        feed = FeedConfig(**{**feed.__dict__, "url": str(PROJECT_ROOT / feed.url)})
    return feed


def load_feeds(path: Path | str = LIVE_FEEDS, base: str = "") -> list[FeedConfig]:
    """Read a feeds file; `{base}` in URLs is replaced (the demo's loopback server)."""
    path = Path(path)
    doc = _read(path)
    allow_all = _hosts(doc.get("allow_private_hosts"), str(path))
    feeds, seen = [], set()
    for i, entry in enumerate(doc.get("feeds") or []):
        feed = _feed(entry, i, path, base, allow_all)
        if feed.name in seen:
            raise ConfigError(f"{path}: duplicate feed name {feed.name}")
        seen.add(feed.name)
        feeds.append(feed)
    return feeds


def _known_zone(name: str) -> bool:
    from scrapers.provenance import zone

    return zone(name) is not None
