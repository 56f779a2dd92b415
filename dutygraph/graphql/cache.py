"""Compute once, serve many: the answers of analyses, shared across fields, aliases, requests and clients.

The findings of an as-of date, a trace, a routed complaint depend only on the store's state and the
question. They are kept here under (the store's ``generation``, the question) — a load that commits moves
the generation, so nothing stale is ever served — in a small LRU. Two requests asking the same question at
once compute it once: the second waits for the first. A store that does not count its writes (no
``generation``) is not cached across requests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["ResultCache"]

R = TypeVar("R")


class ResultCache:
    """A thread-safe LRU of analysis results keyed by the store's generation and the question."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._results: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, store: Any, question: Hashable, compute: Callable[[], R]) -> R:
        """The answer to ``question`` on ``store`` as it is now, computed by ``compute`` if not yet known."""
        generation = getattr(store, "generation", None)
        if generation is None:
            return compute()
        key = (id(store), generation, question)
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                self.hits += 1
                return self._results[key]  # type: ignore[no-any-return]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:  # one computes, the others asking the same wait for it
            with self._lock:
                if key in self._results:
                    self.hits += 1
                    return self._results[key]  # type: ignore[no-any-return]
            self.misses += 1
            result = compute()
            with self._lock:
                self._results[key] = result
                while len(self._results) > self.size:
                    self._results.popitem(last=False)
                self._pending.pop(key, None)
            return result
