"""Login rate limiting, kept in memory.

Failed attempts are counted per login name and per client IP over a sliding
window; while either count is at its limit, further attempts are refused
before any password is checked. Memory (not the database) because the counts
only need to survive as long as the server process, and because a database
row per failed attempt would let anyone grow the file. Behind a reverse proxy
every client shares the proxy's IP: bind to 127.0.0.1 and rely on the per-name
limit, or raise ``max_per_ip``.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LoginLimiter:
    def __init__(
        self,
        *,
        max_per_name: int = 5,
        max_per_ip: int = 20,
        window_seconds: float = 15 * 60,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.max_keys = max_keys
        self.max_per_name = max_per_name
        self.max_per_ip = max_per_ip
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        now = self._clock()
        stamps = self._failures.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        return stamps

    def retry_after(self, name: str, ip: str) -> float:
        """Seconds until an attempt is allowed again; 0 when it is allowed now."""
        with self._lock:
            waits = []
            for key, limit in ((("name", name.strip().lower()), self.max_per_name), (("ip", ip), self.max_per_ip)):
                stamps = self._recent(key)
                if len(stamps) >= limit:
                    waits.append(stamps[len(stamps) - limit] + self.window - self._clock())
            return max(waits, default=0.0)

    def failed(self, name: str, ip: str) -> None:
        with self._lock:
            now = self._clock()
            for key in (("name", name.strip().lower()), ("ip", ip)):
                self._recent(key).append(now)
            if len(self._failures) > self.max_keys:
                self._prune()

    def _prune(self) -> None:
        """Forget keys whose failures have all left the window, so guessing many
        names cannot grow memory without bound."""
        for key in list(self._failures):
            if not self._recent(key):
                del self._failures[key]

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("name", name.strip().lower()), None)
