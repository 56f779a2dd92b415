"""GraphQL object types of the records, generated from the same schema as the stores and the loaders.

Every node kind of the ontology (:data:`dutygraph.schema.NODE_KINDS`) becomes a type implementing the
``Node`` interface: its literal properties become fields (``validFrom: Date``), its relationships fields
that return the records they point at, and every relationship pointing *at* it a list field the other
way (``Organization.units``, ``Subject.narrower``). Relationship fields are resolved through the request's
DataLoaders, so a nested query costs a few batched store calls whatever the number of records.
``tests/graphql/test_schema.py`` keeps the committed SDL (``schema.graphql``) in step with the ontology.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, Union

import strawberry
from strawberry.permission import BasePermission
from strawberry.types import Info

from dutygraph.graphql.context import Context
from dutygraph.graphql.security import CanSeePersons
from dutygraph.records import Node
from dutygraph.schema import NODE_KINDS, Field, NodeKind, is_personal

__all__ = ["NODE_TYPES", "NodeInterface", "node_type"]

_PY_TYPES: dict[str | None, type] = {"string": str, "integer": int, "boolean": bool, "date": date}
# reverse relationships with a better name than the plural of their source
_REVERSE_NAMES = {
    ("Subject", "broader"): "narrower",
    ("Organization", "parent"): "children",
    ("Post", "reports_to"): "reports",
    ("Unit", "serves"): "hostedOffices",
}


@strawberry.interface(name="Node", description="A record of the graph: every id is unique across all kinds.")
class NodeInterface:
    id: strawberry.ID


def _camel(text: str) -> str:
    head, *rest = text.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _plural(kind: NodeKind) -> str:
    """What a kind's records are called together: the stem of its dataset file (``bases``, ``staffing``)."""
    return _camel(kind.csv_file.removesuffix(".csv"))


def _literal(fld: Field) -> Callable[..., Any]:
    column = fld.column
    if fld.multi:

        def many(root: Node) -> list[str]:
            return [str(v) for v in root.get(column, [])]

        return many
    py = _PY_TYPES.get(fld.datatype, str)

    def one(root: Node) -> Any:
        value = root.get(column)
        if value is None or value == "":
            return None
        if py is date:
            return date.fromisoformat(str(value))
        return py(value) if py is not str else str(value)

    one.__annotations__ = {"root": Node, "return": py if fld.required else py | None}
    return one


def _targets_resolver(edge: str, many: bool) -> Callable[..., Awaitable[Any]]:
    async def resolve(root: Node, info: Info[Context, None]) -> Any:
        loaders = info.context.loaders
        ids = await loaders.targets(edge).load(root.id)
        nodes = [n for n in await loaders.nodes.load_many(ids) if n is not None]
        return nodes if many else (nodes[0] if nodes else None)

    return resolve


def _sources_resolver(edge: str, kind: str) -> Callable[..., Awaitable[Any]]:
    async def resolve(root: Node, info: Info[Context, None]) -> Any:
        loaders = info.context.loaders
        ids = await loaders.sources(edge).load(root.id)
        return [n for n in await loaders.nodes.load_many(ids) if n is not None and n.kind == kind]

    return resolve


def _personal(personal: bool) -> list[type[BasePermission]]:
    """The permission a field needs: the inspector role for personal data (``dg:personalData``), else none."""
    return [CanSeePersons] if personal else []


def _build() -> dict[str, type]:
    classes: dict[str, type] = {name: type(name, (NodeInterface,), {}) for name in NODE_KINDS}
    unions: dict[tuple[str, ...], Any] = {}

    def target_type(fld: Field) -> Any:
        if len(fld.targets) == 1:
            return classes[fld.targets[0]]
        key = fld.targets
        if key not in unions:
            name = "Competence" if set(key) == {"Duty", "Power"} else "Or".join(key)
            unions[key] = Annotated[Union[tuple(classes[t] for t in key)], strawberry.union(name)]  # noqa: UP007
        return unions[key]

    reverse: dict[str, list[tuple[str, str, str]]] = {name: [] for name in NODE_KINDS}  # target → (name, edge, kind)
    for kind in NODE_KINDS.values():
        for fld in kind.relations:
            assert fld.edge is not None
            for target in fld.targets:
                reverse[target].append((_plural(kind), fld.edge, kind.name))
    for kind in NODE_KINDS.values():
        cls = classes[kind.name]
        for fld in kind.fields:
            if fld.column == "id":
                continue
            name = fld.column
            if fld.is_relation:
                assert fld.edge is not None
                resolver = _targets_resolver(fld.edge, fld.multi)
                returned = target_type(fld)
                resolver.__annotations__ = {
                    "root": Node,
                    "info": Info[Context, None],
                    "return": list[returned] if fld.multi else (returned if fld.required else returned | None),
                }
                personal = kind.personal or all(is_personal(t) for t in fld.targets)
                field = strawberry.field(
                    resolver=resolver,
                    description=f"→ {' or '.join(fld.targets)}",
                    permission_classes=_personal(personal),
                )
            else:
                field = strawberry.field(resolver=_literal(fld), permission_classes=_personal(kind.personal))
            setattr(cls, name, field)
        names = [
            n for n, edge, source in reverse[kind.name] if (source, _column_of(source, edge)) not in _REVERSE_NAMES
        ]
        for plural, edge, source in reverse[kind.name]:
            column = next(f.column for f in NODE_KINDS[source].relations if f.edge == edge)
            role = _camel(column)
            name = _REVERSE_NAMES.get((source, column)) or (
                plural if names.count(plural) == 1 else f"{plural}As{role[:1].upper()}{role[1:]}"
            )
            resolver = _sources_resolver(edge, source)
            resolver.__annotations__ = {"root": Node, "info": Info[Context, None], "return": list[classes[source]]}
            setattr(
                cls,
                _snake(name),
                strawberry.field(
                    resolver=resolver,
                    description=f"the {source} records whose {column} is this one",
                    permission_classes=_personal(kind.personal or is_personal(source)),
                ),
            )

        def is_type_of(obj: object, info: object, _kind: str = kind.name) -> bool:
            return isinstance(obj, Node) and obj.kind == _kind

        cls.is_type_of = staticmethod(is_type_of)  # type: ignore[attr-defined]
        strawberry.type(cls, name=kind.name, description=_description(kind))
    return classes


def _column_of(kind: str, edge: str) -> str:
    return next(f.column for f in NODE_KINDS[kind].relations if f.edge == edge)


def _snake(name: str) -> str:
    """Python attribute names are snake_case; strawberry writes them camelCase in the schema."""
    out = ""
    for ch in name:
        out += f"_{ch.lower()}" if ch.isupper() else ch
    return out


def _description(kind: NodeKind) -> str:
    label = _CHINESE_LABELS.get(kind.iri)
    return f"{kind.name} ({label})" if label else kind.name


def _chinese_labels() -> dict[str, str]:
    """The ontology's Chinese label of each class (``机关/部门/单位``), for the types' descriptions."""
    from rdflib import RDFS

    from dutygraph.schema_gen import load_ontology

    return {
        str(s): str(o) for s, o in load_ontology().subject_objects(RDFS.label) if getattr(o, "language", None) == "zh"
    }


_CHINESE_LABELS = _chinese_labels()


NODE_TYPES: dict[str, type] = _build()
"""GraphQL type of each node kind, by kind name."""


def node_type(kind: str) -> type:
    """The GraphQL type of records of ``kind``."""
    return NODE_TYPES[kind]
