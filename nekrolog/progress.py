"""Progress for long steps: a bar with rate and ETA on a terminal, plain log
lines otherwise (cron mails and CI logs should not fill with carriage returns)."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")
log = logging.getLogger("nekrolog.progress")

#: Seconds between plain log lines when not on a terminal.
LOG_EVERY_S = 10.0


class Progress:
    """Count items done; call ``advance(n)``. Use as a context manager."""

    def __init__(self, label: str, total: int | None = None, *, enabled: bool = True) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.enabled = enabled
        self.started = time.monotonic()
        #: when set, the rate is frozen at this moment (the step ended before it was closed)
        self.finished: float | None = None
        self._last_log = self.started
        self._tty = enabled and sys.stderr.isatty()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self._emit(final=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if self._tty or now - self._last_log >= LOG_EVERY_S:
            self._last_log = now
            self._emit()

    def line(self) -> str:
        elapsed = max((self.finished or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.label}: {self.done}" + (f"/{self.total}" if self.total else "")]
        parts.append(f"{rate:.1f}/s")
        if self.total and rate > 0 and self.done < self.total:
            parts.append(f"ETA {int((self.total - self.done) / rate)}s")
        return ", ".join(parts)

    def _emit(self, final: bool = False) -> None:
        if self._tty:
            click.echo("\r\033[K" + self.line(), err=True, nl=final)
        else:
            log.info(self.line())


def track(items: Iterable[T], label: str, total: int | None = None, *, enabled: bool = True) -> Iterator[T]:
    """Yield ``items`` while reporting progress."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(label, total, enabled=enabled) as progress:
        for item in items:
            yield item
            progress.advance()


class StageProgress:
    """A ``progress(stage, done, total)`` callback (as ``matching.run.run_match``
    takes) shown as one progress line per stage, each with its own rate and ETA."""

    def __init__(self, prefix: str, *, enabled: bool = True) -> None:
        self.prefix = prefix
        self.enabled = enabled
        self.current: Progress | None = None
        self.stage: str | None = None
        self._since = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.current = Progress(f"{self.prefix}: {stage}", total or None, enabled=self.enabled)
            # a stage's work began when the previous one ended, not at its first report
            self.current.started = self._since
        assert self.current is not None
        self.current.total = total or None
        self.current.advance(max(done - self.current.done, 0))
        self._since = time.monotonic()

    def close(self) -> None:
        if self.current is not None:
            self.current.finished = self._since
            self.current.__exit__(None, None, None)
            self.current = None
            self.stage = None

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
