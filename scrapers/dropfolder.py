"""Local drop folders: which files are ready to read, and reading one safely.

An agency (or anyone with write access) puts files in the folder, so nothing in it is trusted:
- only regular files directly inside the folder are read: symlinks (a link to /etc/passwd),
  sub-folders, FIFOs and devices are refused, and the file is opened with O_NOFOLLOW;
- a file is read in chunks up to the size cap, never whole: an over-size file is an error;
- a file is known by path, size and modification time, so one still being written at a poll is
  read again once it changed; and one that changed less than `quiet_seconds` ago is left for the
  next poll, as drop-folder ingesters do (writers rarely rename into place).
"""
from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024


class TooLarge(ValueError):
    """The file exceeds the size cap; it is recorded as an error, not read."""


@dataclass(frozen=True)
class DropFile:
    path: Path
    key: str  # size and mtime: a changed file has a new key
    ready: bool = True  # quiet for long enough
    refused: str = ""  # why it is not read at all (symlink, not a regular file)


def file_key(st: os.stat_result) -> str:
    return f"size={st.st_size};mtime_ns={st.st_mtime_ns}"


def scan(root: Path, quiet_seconds: float = 0.0, now: float | None = None) -> list[DropFile]:
    """The folder's entries (sub-folders left out), in name order, each with its key and readiness."""
    now = time.time() if now is None else now
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # gone since the listing
            path = Path(entry.path)
            if stat.S_ISDIR(st.st_mode):
                continue
            if stat.S_ISLNK(st.st_mode):
                found.append(DropFile(path, file_key(st), refused="a symbolic link, not read"))
            elif not stat.S_ISREG(st.st_mode):
                found.append(DropFile(path, file_key(st), refused="not a regular file, not read"))
            else:
                found.append(DropFile(path, file_key(st), ready=now - st.st_mtime >= quiet_seconds))
    return sorted(found, key=lambda f: f.path.name)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The whole file, read in chunks; TooLarge past `max_bytes` (checked before and while reading)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > max_bytes:
            raise TooLarge(f"file of {st.st_size} bytes exceeds the cap of {max_bytes} bytes; not read")
        parts, size = [], 0
        while True:
            chunk = fh.read(min(CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"file grew beyond the cap of {max_bytes} bytes while read; not read")
            parts.append(chunk)
    return b"".join(parts)
