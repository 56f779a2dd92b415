"""How a record is kept in a property graph: a ``:Record`` node carrying ``id``, ``_kind`` and its properties.

One layout for the Neo4j store and for the in-process openCypher engine that stands in for a server (tests,
benchmarks): both write and read records through these two functions, so neither imports the other for them.
"""

from __future__ import annotations

from typing import Any

from dutygraph.records import Node

__all__ = ["RESERVED", "node_from_properties", "record_properties"]

RESERVED = ("id", "_kind", "_load")
"""Property names the layout itself uses (a load's id marks its staged records)."""


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in RESERVED}


def record_properties(node: Node) -> dict[str, Any]:
    """A record's properties as the store keeps them on its ``:Record`` node (``id`` and ``_kind`` with them)."""
    return {**_props(dict(node.props)), "id": node.id, "_kind": node.kind}


def node_from_properties(props: dict[str, Any] | None) -> Node | None:
    """The record a ``:Record`` node's properties hold (``None`` for none)."""
    if not props:
        return None
    return Node(str(props["id"]), str(props["_kind"]), _props(props))
