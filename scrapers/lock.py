"""One crawl at a time per database: ``fcntl.flock`` on ``<db>.crawl.lock``.

Cron may start ``nekrolog crawl --due`` every 15 minutes while a long crawl
still runs; the second one must exit at once, not crawl alongside. The OS
releases the lock when the holder dies, even by SIGKILL, so a killed crawl never
leaves a stale lock behind. Within one process the lock is re-entrant (several
spiders of one crawl share it).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

_held: dict[str, tuple[int, int]] = {}  # lock path -> (fd, depth)


class CrawlLocked(Exception):
    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            f"another crawl is running on this database (lock {path} held by {holder or 'another process'}); exiting"
        )


def lock_path(db_path: str | os.PathLike) -> Path:
    return Path(f"{os.fspath(db_path)}.crawl.lock")


def acquire(db_path: str | os.PathLike) -> Path:
    """Take the crawl lock without waiting; raise ``CrawlLocked`` if another process holds it."""
    path = lock_path(db_path).resolve()
    key = str(path)
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        return path
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        finally:
            os.close(fd)
        raise CrawlLocked(path, holder) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)
    _held[key] = (fd, 1)
    return path


def release(db_path: str | os.PathLike) -> None:
    key = str(lock_path(db_path).resolve())
    if key not in _held:
        return
    fd, depth = _held[key]
    if depth > 1:
        _held[key] = (fd, depth - 1)
        return
    del _held[key]
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
