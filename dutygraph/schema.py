"""Node and relationship kinds, as the ontology declares them.

The data lives in :mod:`dutygraph._schema`, generated from ``ontology/dutygraph.ttl`` and
``ontology/shapes.ttl`` by ``python -m dutygraph.schema_gen``; ``tests/test_schema.py`` regenerates it
and fails when the committed file is stale. Nothing here is written by hand but the shape of the data.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DATA", "DG", "EDGE_KINDS", "NODE_KINDS", "UNUSED_CLASSES", "Field", "NodeKind", "node_kind"]

DG = "https://w3id.org/dutygraph/ontology#"
"""Namespace of the ontology's terms."""
DATA = "https://w3id.org/dutygraph/id/"
"""Namespace of the IRIs of records (``DATA + id``)."""


@dataclass(frozen=True)
class Field:
    """One column of a node kind: a literal property, or a relationship to other nodes.

    ``edge`` is the relationship kind for a relationship (the local name of its ontology property),
    ``None`` for a literal. ``datatype`` is one of ``string``, ``date``, ``integer``, ``boolean`` for
    literals. ``targets`` lists the node kinds a relationship may point at (subclasses expanded).
    ``less_than`` names the column this one must be strictly less than (date order).
    """

    column: str
    iri: str
    edge: str | None = None
    datatype: str | None = None
    targets: tuple[str, ...] = ()
    required: bool = False
    multi: bool = False
    choices: tuple[str, ...] = ()
    less_than: str | None = None

    @property
    def is_relation(self) -> bool:
        return self.edge is not None


@dataclass(frozen=True)
class NodeKind:
    """A kind of node: its ontology class, its dataset file and its fields in column order.

    ``one_of`` lists groups of columns of which at least one must be given (``sh:or``).
    """

    name: str
    iri: str
    csv_file: str
    fields: tuple[Field, ...]
    one_of: tuple[tuple[str, ...], ...] = ()

    def field(self, column: str) -> Field:
        for f in self.fields:
            if f.column == column:
                return f
        raise KeyError(f"{self.name} has no column {column!r}")

    @property
    def properties(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.is_relation)

    @property
    def relations(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_relation)


from dutygraph._schema import EDGE_KINDS, NODE_KINDS, UNUSED_CLASSES  # noqa: E402


def node_kind(name: str) -> NodeKind:
    """The node kind called ``name`` (``Organization``, ``Duty`` …)."""
    return NODE_KINDS[name]
