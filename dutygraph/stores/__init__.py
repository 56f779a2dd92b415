"""Stores, chosen by URI through a registry.

========================  =====================================================
URI                       store
========================  =====================================================
``PATH`` / ``embedded:PATH``   the embedded store in folder PATH (default ``.dutygraph``)
``memory:``               the embedded store, in memory only (throw-away)
========================  =====================================================

A store URI is taken from ``--store``, else ``$DUTYGRAPH_STORE``, else ``.dutygraph`` (see
:func:`resolve_store_uri`). A new backend registers a scheme in :data:`_REGISTRY` and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from dutygraph.errors import UnknownStore
from dutygraph.stores.base import GraphReader, LoadSummary, Store

__all__ = ["DEFAULT_STORE", "GraphReader", "LoadSummary", "Store", "known_schemes", "open_store", "resolve_store_uri"]

DEFAULT_STORE = ".dutygraph"


def _embedded(uri: str) -> Store:
    from dutygraph.stores.embedded import EmbeddedStore

    path = uri.removeprefix("embedded:")
    return EmbeddedStore(Path(path), uri=uri)


def _memory(uri: str) -> Store:
    from dutygraph.stores.embedded import EmbeddedStore

    return EmbeddedStore(None, uri=uri)


# scheme → factory; a scheme is matched as "scheme:" at the start of the URI.
_REGISTRY: dict[str, Callable[[str], Store]] = {
    "embedded": _embedded,
    "memory": _memory,
}


def known_schemes() -> list[str]:
    """The store schemes this installation knows."""
    return sorted(_REGISTRY)


def register(scheme: str, factory: Callable[[str], Store] | str) -> None:
    """Register a store factory (or ``"module:function"`` imported on first use) under ``scheme``."""
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")

        def lazy(uri: str) -> Store:
            made: Store = getattr(import_module(module_name), attr)(uri)
            return made

        _REGISTRY[scheme] = lazy
    else:
        _REGISTRY[scheme] = factory


def resolve_store_uri(option: str | None) -> str:
    """The store URI in force: the option, else ``$DUTYGRAPH_STORE``, else ``.dutygraph``."""
    return option or os.environ.get("DUTYGRAPH_STORE") or DEFAULT_STORE


def open_store(uri: str | None = None) -> Store:
    """Open the store named by ``uri`` (see the module docs); a plain path is an embedded store.

    Raises
    ------
    UnknownStore
        ``uri`` names a scheme no store is registered for.
    StoreUnavailable
        the store cannot be opened.
    """
    uri = resolve_store_uri(uri)
    scheme, sep, _ = uri.partition(":")
    if sep and (len(scheme) > 1 or not scheme.isalpha()):  # "C:\..." is a Windows path, not a scheme
        if scheme in _REGISTRY:
            return _REGISTRY[scheme](uri)
        if "/" not in scheme and "\\" not in scheme:
            raise UnknownStore(uri, [*known_schemes(), "PATH"])
    return _embedded(uri)
