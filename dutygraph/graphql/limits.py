"""Query limits: depth, cost, aliases and repeated fields, checked before anything runs.

Depth counts nested selections (introspection, which GraphiQL needs, is not counted). Cost counts every
field selected, each multiplied by the page size of the connections and lists above it (``first``, or the
default page), so that a query asking 100 organizations × 100 posts × 100 holdings is refused before it
costs the server anything; a field that runs an analysis or scans the store costs what it does
(:data:`FIELD_WORK`), whatever is selected under it — a ``totalCount`` of the overlaps is the whole audit.
Aliases are limited in number, and one field with the same arguments may be asked only a few times side by
side (its answer is the same: ask once). Every refusal is ``QUERY_TOO_COMPLEX`` and names the field.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    print_ast,
)

from dutygraph.i18n import tr

__all__ = ["FIELD_WORK", "cost_rule", "depth_of"]

FIELD_WORK = {
    "overlaps": 1000,
    "gaps": 1000,
    "unassigned": 1000,
    "basisCoverage": 1000,
    "staffing": 500,
    "evaluation": 2000,
    "trace": 500,
    "route": 1000,
    "search": 300,
    "neighbourhood": 100,
    "loadDataset": 5000,
}
"""What a field costs beyond one read, by its name on the query or mutation type: an audit over a date, a
trace, a search scanning the store."""

# fields returning lists whose length is not bounded by a `first` argument count as this many
_LIST_GUESS = 5


def _selections(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> list[tuple[FieldNode, str | None]]:
    """The fields of a selection set, fragments opened, each with the type condition it sits under."""
    found: list[tuple[FieldNode, str | None]] = []
    if selection_set is None:
        return found
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            found.append((selection, None))
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition.name.value if selection.type_condition else None
            found.extend((f, c or condition) for f, c in _selections(selection.selection_set, fragments))
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            fragment = fragments[selection.name.value]
            condition = fragment.type_condition.name.value
            found.extend((f, c or condition) for f, c in _selections(fragment.selection_set, fragments))
    return found


def _asked(field: FieldNode, condition: str | None) -> tuple[str | None, str]:
    """A field as asked: its type condition, its name and its arguments as written (``overlaps(asOf: "…")``)."""
    arguments = ", ".join(print_ast(a) for a in field.arguments or ())
    return condition, f"{field.name.value}({arguments})" if arguments else field.name.value


def depth_of(node: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> int:
    """Depth of an operation's selections, introspection fields not counted."""

    def walk(selection_set: SelectionSetNode | None, seen: frozenset[str]) -> int:
        deepest = 0
        for field, _ in _selections(selection_set, fragments):
            if field.name.value.startswith("__"):
                continue
            deepest = max(deepest, 1 + walk(field.selection_set, seen))
        return deepest

    return walk(node.selection_set, frozenset())


def _page(field: FieldNode, variables: dict[str, Any], default: int) -> int:
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = variables.get(value.name.value)
                return int(given) if isinstance(given, int) else default
    return default


def cost_rule(
    max_depth: int,
    max_cost: int,
    default_page: int,
    variables: dict[str, Any] | None = None,
    *,
    max_aliases: int = 20,
    max_repeats: int = 3,
) -> type:
    """A validation rule refusing operations deeper than ``max_depth``, costing more than ``max_cost``, with
    more than ``max_aliases`` aliases, or asking one field with the same arguments more than ``max_repeats``
    times side by side."""
    given = variables or {}

    class Limits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
            }
            schema = context.schema
            self.roots = {t for t in (schema.query_type, schema.mutation_type) if t is not None}
            self.work: dict[str, int] = {}

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth = depth_of(node, self.fragments)
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        tr(
                            "the query is {depth} levels deep; at most {limit} are allowed",
                            depth=depth,
                            limit=max_depth,
                        ),
                        node,
                        extensions={"code": "QUERY_TOO_COMPLEX"},
                    )
                )
                return
            aliases = self._aliases(node.selection_set)
            if aliases > max_aliases:
                self._refuse(
                    node,
                    tr(
                        "the query uses {count} aliases; at most {limit} are allowed "
                        "(ask each field once: the same question has the same answer)",
                        count=aliases,
                        limit=max_aliases,
                    ),
                )
                return
            repeated = self._repeated(node.selection_set)
            if repeated is not None:
                field, times = repeated
                self._refuse(
                    node,
                    tr(
                        "the field `{field}` is asked {times} times side by side; at most {limit} are allowed "
                        "(ask it once and read its answer where you need it)",
                        field=field,
                        times=times,
                        limit=max_repeats,
                    ),
                )
                return
            root = self.context.schema.get_root_type(node.operation)
            self.work = {}
            cost = self._cost(node.selection_set, root, 1)
            if cost > max_cost:
                costly = ""
                if self.work:
                    name, spent = max(self.work.items(), key=lambda item: item[1])
                    costly = tr(
                        "; `{field}` alone costs {cost}: it runs an analysis or scans the store", field=name, cost=spent
                    )
                self._refuse(
                    node,
                    tr(
                        "the query could cost {cost} field reads; at most {limit} are allowed{costly} "
                        "(ask for smaller pages with `first`, fewer nested lists, or each analysis once)",
                        cost=cost,
                        limit=max_cost,
                        costly=costly,
                    ),
                )

        def _refuse(self, node: OperationDefinitionNode, message: str) -> None:
            self.report_error(GraphQLError(message, node, extensions={"code": "QUERY_TOO_COMPLEX"}))

        def _aliases(self, selection_set: SelectionSetNode | None) -> int:
            count = 0
            for field, _ in _selections(selection_set, self.fragments):
                count += field.alias is not None
                count += self._aliases(field.selection_set)
            return count

        def _repeated(self, selection_set: SelectionSetNode | None) -> tuple[str, int] | None:
            """A field asked more than ``max_repeats`` times with the same arguments at one level, and how often."""
            fields = _selections(selection_set, self.fragments)
            asked = Counter(_asked(field, condition) for field, condition in fields)
            for (_, key), times in asked.items():
                if times > max_repeats:
                    return key, times
            for field, _ in fields:
                inner = self._repeated(field.selection_set)
                if inner is not None:
                    return inner
            return None

        def _cost(self, selection_set: SelectionSetNode | None, parent: Any, multiplier: int) -> int:
            total = 0
            for field, condition in _selections(selection_set, self.fragments):
                name = field.name.value
                if name.startswith("__"):
                    continue
                total += multiplier
                work = FIELD_WORK.get(name, 0) if parent in self.roots else 0
                if work:
                    total += work * multiplier
                    self.work[name] = self.work.get(name, 0) + work * multiplier
                owner = self.context.schema.get_type(condition) if condition else parent
                definition = getattr(owner, "fields", {}).get(name)
                if field.selection_set is None or definition is None:
                    continue
                output = definition.type
                while isinstance(output, GraphQLNonNull):
                    output = output.of_type
                inner = multiplier
                if any(a.name.value in ("first", "last") for a in field.arguments or ()) or "first" in definition.args:
                    inner *= max(_page(field, given, default_page), 1)
                elif isinstance(output, GraphQLList) and name not in ("edges", "nodes"):
                    inner *= _LIST_GUESS  # a list with no page: its size is not known here
                total += self._cost(field.selection_set, get_named_type(output), inner)
            return total

    return Limits
