"""Node and relationship kinds, as the ontology declares them.

The data lives in :mod:`dutygraph._schema`, generated from ``ontology/dutygraph.ttl`` and
``ontology/shapes.ttl`` by ``python -m dutygraph.schema_gen``; ``tests/test_schema.py`` regenerates it
and fails when the committed file is stale. Nothing here is written by hand but the shape of the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DATA",
    "DG",
    "EDGE_KINDS",
    "NODE_KINDS",
    "UNUSED_CLASSES",
    "Field",
    "NodeKind",
    "counted",
    "is_personal",
    "kind_label",
    "node_kind",
]

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
    ``less_than`` names the column this one must be strictly less than (date order); ``not_after`` one
    it must not be greater than (a complaint closed on the day it came in).
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
    not_after: str | None = None

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
    label_zh: str = ""
    """The class's Chinese label in the ontology (职权, 岗位 …): what a Chinese reader calls such a record."""
    personal: bool = False
    """Its records identify a person (``dg:personalData``): only the inspector role reads them."""

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


def is_personal(kind: str) -> bool:
    """Whether records of ``kind`` are personal data (人员, 执法证, 任职, 请假)."""
    found = NODE_KINDS.get(kind)
    return found is not None and found.personal


def node_kind(name: str) -> NodeKind:
    """The node kind called ``name`` (``Organization``, ``Duty`` …)."""
    return NODE_KINDS[name]


def kind_label(kind: str) -> str:
    """What a reader calls a record kind, in the language in use: its ontology label's first name in Chinese
    (职权, 岗位, 内设机构), its class name in English."""
    from dutygraph.i18n import current_language

    found = NODE_KINDS.get(kind)
    if current_language() != "zh" or found is None or not found.label_zh:
        return kind
    return re.sub(r"（[^）]*）", "", found.label_zh).split("/")[0]


def counted(counts: Iterable[tuple[str, int]]) -> str:
    """``7 Power, 1 Organization`` (职权7、机关1): how many records of each kind."""
    from dutygraph.i18n import tr

    return tr(", ").join(tr("{count} {kind}", count=n, kind=kind_label(k)) for k, n in counts)
