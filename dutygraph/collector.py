"""Python's cyclic garbage collector, paused while dutygraph builds or reads a graph of many records.

A load, the opening of a store and an audit each create hundreds of thousands of long-lived objects that form
no reference cycles. Every so many allocations the collector walks all the objects it tracks; over a graph of a
province that walking was a third of a load and half of opening a store (``bench/run.py`` shows the figures).
Reference counting still frees what the block drops, at once; cycles made inside it are collected after it.

Once a store holds its graph, the collector is told to leave it alone for good (:func:`settle_long_lived`):
otherwise its next full collection walks every record again — 3 s at 100,000 powers, 9 s at 400,000, paid by
whichever query or request comes then, and again when the process exits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "release_long_lived", "settle_long_lived"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, and put it back as it was after (also on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle_long_lived() -> None:
    """Put every object the collector tracks now out of its reach (``gc.freeze``): a store's graph, once built.

    Reference counting still frees them when they are dropped; only a reference cycle among them would stay until
    :func:`release_long_lived` (a store's own structures make none, and ``close()`` gives them back).
    """
    gc.freeze()


def release_long_lived() -> None:
    """Give the settled objects back to the collector (``gc.unfreeze``): a store is closed, its graph may go."""
    gc.unfreeze()
