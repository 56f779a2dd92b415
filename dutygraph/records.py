"""What a store holds: typed nodes with properties, and typed relationships between them.

Property values are JSON-friendly: ``str`` (dates as ISO ``YYYY-MM-DD`` strings, which order correctly
as text), ``int``, ``bool``, or ``list[str]`` for multi-valued properties. Node kinds, property keys
and relationship kinds come from the ontology (:mod:`dutygraph.schema`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias, TypeVar, dataclass_transform

__all__ = ["Batch", "Edge", "Node", "Value"]

Value: TypeAlias = str | int | bool | list[str]


_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def _record(cls: type[_T]) -> type[_T]:
    """A record class: immutable to the type checker, but built without a frozen dataclass's ``__init__``, which
    sets each field through ``object.__setattr__`` and takes three times as long — and a store reads hundreds of
    thousands of records at a time."""
    return dataclass(slots=True)(cls)


@_record
class Node:
    """A record: its global id, its kind (``Organization``, ``Duty`` …) and its literal properties."""

    id: str
    kind: str
    props: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.props.get(key, default)

    @property
    def label(self) -> str:
        """A human name: ``name``, ``label`` or ``title`` when the kind has one, else the id."""
        for key in ("name", "label", "title"):
            value = self.props.get(key)
            if value:
                return str(value)
        return self.id


class Edge(NamedTuple):
    """A relationship ``src -[kind]-> dst`` (a tuple: a province's million relationships are made and sorted fast)."""

    src: str
    kind: str
    dst: str


@dataclass
class Batch:
    """Nodes and relationships written together, in one transaction.

    A node whose id is already stored replaces the stored one, and its outgoing relationships are
    replaced by those in the batch.
    """

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
