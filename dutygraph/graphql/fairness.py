"""Per-token fairness: one client may not starve the others.

Each token (each caller, when the server has tokens) has a token bucket — ``rate`` requests per second on
average, ``burst`` at once — and may have at most ``concurrent`` requests running. A request beyond either
is answered at once with HTTP 429 and ``Retry-After`` (seconds), before any work is done. A server without
tokens serves one local user and is not limited.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from dutygraph.i18n import tr

__all__ = ["Fairness", "Refusal"]


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused now, and after how many seconds to try again."""

    reason: str
    retry_after: int


class Fairness:
    """Token buckets and running counts per caller (all on the event loop: no lock needed)."""

    def __init__(self, rate: float, burst: int, concurrent: int) -> None:
        self.rate, self.burst, self.concurrent = rate, burst, concurrent
        self._buckets: dict[str, tuple[float, float]] = {}  # caller → (tokens, when counted)
        self._running: dict[str, int] = {}

    def admit(self, caller: str) -> Refusal | None:
        """Count a request of ``caller`` in, or say why not (then nothing is counted)."""
        now = time.monotonic()
        tokens, then = self._buckets.get(caller, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        if self._running.get(caller, 0) >= self.concurrent:
            self._buckets[caller] = (tokens, now)
            return Refusal(tr("at most {count} requests of one token may run at once", count=self.concurrent), 1)
        if tokens < 1.0:
            self._buckets[caller] = (tokens, now)
            wait = max(1, math.ceil((1.0 - tokens) / self.rate))
            reason = tr(
                "at most {rate} requests per second of one token (bursts of {burst})",
                rate=f"{self.rate:g}",
                burst=self.burst,
            )
            return Refusal(reason, wait)
        self._buckets[caller] = (tokens - 1.0, now)
        self._running[caller] = self._running.get(caller, 0) + 1
        return None

    def done(self, caller: str) -> None:
        """A request of ``caller`` that was admitted has ended."""
        left = self._running.get(caller, 1) - 1
        if left > 0:
            self._running[caller] = left
        else:
            self._running.pop(caller, None)
