"""Query limits: depth, cost and page size, checked before anything runs.

Depth counts nested selections (introspection, which GraphiQL needs, is not counted). Cost counts every
field selected, each multiplied by the page size of the connections and lists above it (``first``, or the
default page), so that a query asking 100 organizations × 100 posts × 100 holdings is refused before it
costs the server anything. Both refusals are ``QUERY_TOO_COMPLEX``.
"""

from __future__ import annotations

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
)

__all__ = ["cost_rule", "depth_of"]

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


def cost_rule(max_depth: int, max_cost: int, default_page: int, variables: dict[str, Any] | None = None) -> type:
    """A validation rule refusing operations deeper than ``max_depth`` or costing more than ``max_cost``."""
    given = variables or {}

    class Limits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth = depth_of(node, self.fragments)
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"the query is {depth} levels deep; at most {max_depth} are allowed",
                        node,
                        extensions={"code": "QUERY_TOO_COMPLEX"},
                    )
                )
                return
            root = self.context.schema.get_root_type(node.operation)
            cost = self._cost(node.selection_set, root, 1)
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"the query could cost {cost} field reads; at most {max_cost} are allowed "
                        "(ask for smaller pages with `first`, or fewer nested lists)",
                        node,
                        extensions={"code": "QUERY_TOO_COMPLEX"},
                    )
                )

        def _cost(self, selection_set: SelectionSetNode | None, parent: Any, multiplier: int) -> int:
            total = 0
            for field, condition in _selections(selection_set, self.fragments):
                name = field.name.value
                if name.startswith("__"):
                    continue
                total += multiplier
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
