"""The store a server answers from, followed while other processes load into it.

A ``dutygraph load`` beside a running ``dutygraph serve`` writes the same store from another process. The
server keeps answering from the state it has read; a watcher thread sees the other process's commit
(:meth:`~dutygraph.stores.Store.changed_elsewhere`), reads the new state into a fresh store beside the old
one, and switches to it in one assignment. A request takes the store in force when it starts and keeps it
to its end: every answer comes from one committed state, never from a mix of two.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from dutygraph.stores import Store, open_store

__all__ = ["Following"]

log = logging.getLogger("dutygraph.graphql")


class Following:
    """The current store of a server, switched when another process commits a write to it."""

    def __init__(
        self,
        store: Store,
        interval: float = 1.0,
        reopen: Callable[[str], Store] | None = None,
    ) -> None:
        self.current = store
        self.interval = interval
        self.switches = 0
        """How many times the server switched to a state another process wrote."""
        self._reopen = reopen or (lambda uri: open_store(uri, create=False))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """Switch to the store's new state if another process committed one; whether it did."""
        store = self.current
        if not store.changed_elsewhere():
            return False
        fresh = self._reopen(store.uri)
        # the old store is not closed: requests still running read it to their end, and it goes with them
        self.current = fresh
        self.switches += 1
        log.info("store %s changed by another process: now answering from its new state", store.uri)
        return True

    def start(self) -> None:
        """Watch the store from a thread of its own (the server's startup)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._watch, name="dutygraph-following", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching (the server's shutdown)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:  # a store that cannot be read now is tried again at the next tick
                log.exception("could not read the store's new state; still answering from the previous one")
