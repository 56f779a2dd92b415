"""The GraphQL schema follows the ontology, and the committed SDL is current."""

from __future__ import annotations

from graphql import GraphQLInterfaceType, GraphQLObjectType, build_schema

from dutygraph.graphql.sdl import SDL_FILE, sdl
from dutygraph.schema import NODE_KINDS


def test_committed_sdl_is_current() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql is stale: run `python -m dutygraph.graphql.sdl`"
    )


def _camel(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def test_every_node_kind_is_a_node_type_with_every_column() -> None:
    schema = build_schema(SDL_FILE.read_text(encoding="utf-8"))
    node = schema.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    for kind in NODE_KINDS.values():
        gql_type = schema.get_type(kind.name)
        assert isinstance(gql_type, GraphQLObjectType), kind.name
        assert node in gql_type.interfaces
        for fld in kind.fields:
            assert _camel(fld.column) in gql_type.fields, (kind.name, fld.column)


def test_the_types_the_clients_use_are_there() -> None:
    schema = build_schema(SDL_FILE.read_text(encoding="utf-8"))
    for name in ("Overlap", "Gap", "Unassigned", "BasisProblem", "Trace", "TraceLink", "Evidence"):
        assert schema.get_type(name) is not None, name
    query = schema.query_type
    assert query is not None
    for field in ("node", "organizations", "subjects", "overlaps", "gaps", "unassigned", "basisCoverage", "trace"):
        assert field in query.fields, field
    for field in ("overlaps", "gaps", "unassigned", "basisCoverage", "organizations"):
        assert "asOf" in query.fields[field].args
    mutation = schema.mutation_type
    assert mutation is not None and {"recordIncident", "loadDataset"} <= set(mutation.fields)
    subject = schema.get_type("Subject")
    assert isinstance(subject, GraphQLObjectType) and {"narrower", "broader"} <= set(subject.fields)
