"""What every resolver of a request sees: the store, the request's DataLoaders, the caller's roles, limits."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import cached_property

from strawberry.dataloader import DataLoader

from dutygraph.graphql.cache import ResultCache
from dutygraph.graphql.settings import Settings
from dutygraph.records import Node
from dutygraph.stores import Store

__all__ = ["Context", "Loaders"]


class Loaders:
    """One DataLoader per kind of store call, made per request (they cache what the request read).

    A nested query asks for the units of 100 organizations: each loader gathers the ids asked for in one
    tick of the event loop and makes one batched store call (``targets_many`` …) for all of them.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._targets: dict[str, DataLoader[str, list[str]]] = {}
        self._sources: dict[str, DataLoader[str, list[str]]] = {}

    @cached_property
    def nodes(self) -> DataLoader[str, Node | None]:
        async def load(ids: list[str]) -> list[Node | None]:
            return self.store.get_many(list(ids))

        return DataLoader(load_fn=load)

    def targets(self, edge: str) -> DataLoader[str, list[str]]:
        if edge not in self._targets:

            async def load(ids: list[str]) -> list[list[str]]:
                return self.store.targets_many(list(ids), edge)

            self._targets[edge] = DataLoader(load_fn=load)
        return self._targets[edge]

    def sources(self, edge: str) -> DataLoader[str, list[str]]:
        if edge not in self._sources:

            async def load(ids: list[str]) -> list[list[str]]:
                return self.store.sources_many(list(ids), edge)

            self._sources[edge] = DataLoader(load_fn=load)
        return self._sources[edge]


@dataclass
class Context:
    """Per request: the store, the loaders, who is asking (roles) and the server's settings."""

    store: Store
    settings: Settings
    roles: frozenset[str] = frozenset()
    language: str | None = None
    """The request's language (its ``Accept-Language``), for fields asked for without ``lang``."""
    cache: ResultCache = field(default_factory=ResultCache)
    """The server's answers of analyses, shared by every request (:mod:`dutygraph.graphql.cache`)."""
    pool: Executor | None = None
    """The server's worker pool for analyses (the event loop only answers); ``None``: asyncio's default."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)
