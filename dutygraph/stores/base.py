"""The store interface every backend implements.

Analyses (:mod:`dutygraph.queries`) are written once against :class:`GraphReader`; a backend may add
native fast paths, announced by capability flags, and the generic code is the fallback.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from dutygraph.records import Batch, Node

__all__ = ["GraphReader", "LoadSummary", "Store"]


@runtime_checkable
class GraphReader(Protocol):
    """Read access to a graph: what the analyses need, and nothing more."""

    def get(self, node_id: str) -> Node | None:
        """The node with this id, or ``None``."""

    def nodes(self, kind: str) -> Iterator[Node]:
        """Every node of a kind (``Organization``, ``Duty`` …), in no particular order."""

    def targets(self, node_id: str, edge: str) -> list[str]:
        """Ids of the nodes that ``node_id`` points at by relationships of kind ``edge``, sorted."""

    def sources(self, node_id: str, edge: str) -> list[str]:
        """Ids of the nodes that point at ``node_id`` by relationships of kind ``edge``, sorted."""


@dataclass(frozen=True)
class LoadSummary:
    """What a write changed: nodes and relationships written, per kind."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: int = 0

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())


class Store(abc.ABC):
    """A durable graph of dutygraph records.

    Capability flags tell generic code what a backend does natively:

    ``persistent``
        the data outlives the process.
    """

    persistent: bool = True

    on_progress: Callable[[str, int, int], None] | None = None
    """Told during a write, after each part of it: what is written (``records``, ``relationships``), how many of
    them so far, and of how many (a load's progress bar shows them with the rate)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri

    # -- reading (GraphReader) -------------------------------------------------------------------
    @abc.abstractmethod
    def get(self, node_id: str) -> Node | None: ...

    @abc.abstractmethod
    def nodes(self, kind: str) -> Iterator[Node]: ...

    @abc.abstractmethod
    def targets(self, node_id: str, edge: str) -> list[str]: ...

    @abc.abstractmethod
    def sources(self, node_id: str, edge: str) -> list[str]: ...

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Number of nodes per kind."""

    @abc.abstractmethod
    def edges(self) -> Iterator[tuple[str, str, str]]:
        """Every relationship as ``(src, kind, dst)``."""

    def is_empty(self) -> bool:
        return not any(self.counts().values())

    # -- batched reading: one call for many ids (what a GraphQL DataLoader asks) ------------------
    def get_many(self, node_ids: list[str]) -> list[Node | None]:
        """The nodes with these ids, in the same order (``None`` where there is none)."""
        return [self.get(i) for i in node_ids]

    def targets_many(self, node_ids: list[str], edge: str) -> list[list[str]]:
        """:meth:`targets` of each id, in one call; a server store answers it in one round trip."""
        return [self.targets(i, edge) for i in node_ids]

    def sources_many(self, node_ids: list[str], edge: str) -> list[list[str]]:
        """:meth:`sources` of each id, in one call."""
        return [self.sources(i, edge) for i in node_ids]

    # -- whole relationship kinds: what an analysis of the whole graph reads ----------------------
    def targets_by_source(self, edge: str) -> Mapping[str, Sequence[str]]:
        """Every relationship of kind ``edge`` at once: source id → its target ids, sorted.

        Read-only: a backend may hand out its own index. An analysis that visits every duty takes a kind
        whole once instead of asking node by node (a server store answers in one round trip).
        """
        return _grouped((src, dst) for src, kind, dst in self.edges() if kind == edge)

    def sources_by_target(self, edge: str) -> Mapping[str, Sequence[str]]:
        """Every relationship of kind ``edge`` at once: target id → its source ids, sorted."""
        return _grouped((dst, src) for src, kind, dst in self.edges() if kind == edge)

    def values(self, kind: str, key: str) -> Mapping[str, object]:
        """The property ``key`` of every record of ``kind``, by id (``None`` where a record has none).

        One column of a kind: what an analysis takes when it needs one property of every record and nothing
        else of them (the role of each of a province's 260,000 职责分解 rows). Read-only.
        """
        return {node.id: node.props.get(key) for node in self.nodes(kind)}

    # -- writing ---------------------------------------------------------------------------------
    @abc.abstractmethod
    def write(self, batch: Batch, *, source: str, replace: bool = False) -> LoadSummary:
        """Write ``batch`` in one transaction: all of it or, on any failure, nothing.

        With ``replace`` the store is emptied first, in the same transaction.
        """

    # -- several processes on one store ---------------------------------------------------------
    def changed_elsewhere(self) -> bool:
        """Whether another process has written to the store since this one read it into memory.

        A store that answers every read from the server (Neo4j) is never behind: ``False``.
        """
        return False

    def refresh(self) -> bool:
        """Catch up with writes of other processes before writing; whether anything was read again."""
        return False

    def exclusive(
        self, on_wait: Callable[[str], None] | None = None, *, wait: bool = True
    ) -> AbstractContextManager[None]:
        """Take turns with other loads for a whole load (read, check, write).

        ``on_wait`` is told who holds the store when this load has to wait; with ``wait=False`` a held store
        is a :class:`~dutygraph.errors.StoreBusy` error. A server store keeps writes whole by its own
        transactions: nothing to hold.
        """
        return nullcontext()

    def close(self) -> None:  # noqa: B027 - a store with nothing to release need not override it
        """Release the store's resources."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    for values in found.values():
        values.sort()
    return found
