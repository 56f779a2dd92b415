"""Python's cyclic garbage collector, paused while dutygraph builds or reads a graph of many records.

A load, the opening of a store and an audit each create hundreds of thousands of long-lived objects that form
no reference cycles. Every so many allocations the collector walks all the objects it tracks; over a graph of a
province that walking was a third of a load and half of opening a store (``bench/run.py`` shows the figures).
Reference counting still frees what the block drops, at once; cycles made inside it are collected after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


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
