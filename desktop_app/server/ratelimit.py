"""Failed authentication attempts, per client address: past ``limit`` in ``window`` seconds, the address is
refused (429 ``too_many_attempts``, with ``Retry-After``) until the oldest failure leaves the window — whatever
key it then presents, so guessing keys from one address gets nowhere.

In memory (a restart forgets it) and bounded: at most ``max_clients`` addresses are remembered, the ones not
seen for longest are forgotten first. Behind a reverse proxy the address is the client's only when uvicorn is
told to trust the proxy's ``X-Forwarded-For`` (``--forwarded-allow-ips``; docs/server.md).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class FailedAttempts:
    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 60.0,
        max_clients: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be at least 1 and window positive")
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._monotonic = monotonic
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or None when it may now."""
        now = self._monotonic()
        with self._lock:
            failures = self._recent(client, now)
            if failures is None or len(failures) < self.limit:
                return None
            return max(1, math.ceil(failures[-self.limit] + self.window - now))

    def failed(self, client: str) -> None:
        now = self._monotonic()
        with self._lock:
            failures = self._recent(client, now)
            if failures is None:
                failures = self._failures[client] = deque(maxlen=self.limit)
            failures.append(now)
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)
