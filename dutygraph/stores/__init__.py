"""Stores, chosen by URI through a registry.

========================  =====================================================
URI                       store
========================  =====================================================
``PATH`` / ``embedded:PATH``   the embedded store in folder PATH (default ``.dutygraph``)
``memory:``               the embedded store, in memory only (throw-away)
``neo4j://HOST:7687``     Neo4j over Bolt (also ``neo4j+s://``, ``neo4j+ssc://``, ``bolt://``, ``bolt+s://``)
``opencypher:``           the Neo4j store over an in-process openCypher engine (throw-away; trials, tests)
========================  =====================================================

A store URI is taken from ``--store``, else ``$DUTYGRAPH_STORE``, else ``.dutygraph`` (see
:func:`resolve_store_uri`). A new backend registers a scheme in :data:`_REGISTRY` and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from dutygraph.errors import StoreUnavailable, UnknownStore
from dutygraph.i18n import tr
from dutygraph.stores.base import GraphReader, LoadSummary, Store

__all__ = ["DEFAULT_STORE", "GraphReader", "LoadSummary", "Store", "known_schemes", "open_store", "resolve_store_uri"]

DEFAULT_STORE = ".dutygraph"


def _embedded(uri: str, create: bool = True) -> Store:
    from dutygraph.stores.embedded import DB_FILE, EmbeddedStore

    folder = Path(uri.removeprefix("embedded:"))
    if not create and not (folder / DB_FILE).is_file():
        raise StoreUnavailable(
            uri, tr("no store there yet: load a dataset first (dutygraph load PATH) or give --store")
        )
    return EmbeddedStore(folder, uri=uri)


def _memory(uri: str, create: bool = True) -> Store:
    from dutygraph.stores.embedded import EmbeddedStore

    return EmbeddedStore(None, uri=uri)


# scheme → factory(uri, create); a scheme is matched as "scheme:" at the start of the URI.
_REGISTRY: dict[str, Callable[[str, bool], Store]] = {
    "embedded": _embedded,
    "memory": _memory,
}


def known_schemes() -> list[str]:
    """The store schemes this installation knows."""
    return sorted(_REGISTRY)


def register(scheme: str, factory: Callable[[str, bool], Store] | str) -> None:
    """Register a store factory ``(uri, create)`` (or ``"module:function"`` imported on first use)."""
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")

        def lazy(uri: str, create: bool) -> Store:
            made: Store = getattr(import_module(module_name), attr)(uri, create)
            return made

        _REGISTRY[scheme] = lazy
    else:
        _REGISTRY[scheme] = factory


for _scheme in ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"):
    register(_scheme, "dutygraph.stores.neo4j_store:open_neo4j")
register("opencypher", "dutygraph.stores.opencypher:open_opencypher")


def resolve_store_uri(option: str | None) -> str:
    """The store URI in force: the option, else ``$DUTYGRAPH_STORE``, else ``.dutygraph``."""
    return option or os.environ.get("DUTYGRAPH_STORE") or DEFAULT_STORE


def open_store(uri: str | None = None, *, create: bool = True) -> Store:
    """Open the store named by ``uri`` (see the module docs); a plain path is an embedded store.

    With ``create=False`` a store that does not exist yet is an error rather than made empty (for
    commands that only read).

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
            return _REGISTRY[scheme](uri, create)
        if "/" not in scheme and "\\" not in scheme:
            raise UnknownStore(uri, [*known_schemes(), "PATH"])
    return _embedded(uri, create)
