"""The taxonomy's closure, and a view of the graph that goes away as soon as nobody holds it."""

from __future__ import annotations

import gc
import weakref

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.loaders import load_path
from dutygraph.queries import AsOf, find_basis_problems, find_gaps, find_overlaps, find_unassigned
from dutygraph.queries.execution import find_execution_problems
from dutygraph.queries.gaps import uncovered
from dutygraph.queries.staffing import find_staffing_problems
from dutygraph.records import Batch, Edge, Node
from dutygraph.stores import Store, open_store
from tests.conftest import EXAMPLE


@st.composite
def polyhierarchies(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    """Concepts 0..n-1, each broader than none or several of the later ones (SKOS allows many parents)."""
    n = draw(st.integers(min_value=1, max_value=25))
    pairs = [(child, parent) for child in range(n) for parent in range(child)]
    return n, draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))


def _taxonomy_view(n: int, broader: list[tuple[int, int]]) -> AsOf:
    """Concepts ``s0``… with their ``broader`` relationships, in a store of their own, as a view."""
    store = open_store("memory:")
    store.write(
        Batch(
            nodes=[Node(f"s{i}", "Subject", {"label": f"概念{i}"}) for i in range(n)],
            edges=[Edge(f"s{child}", "broader", f"s{parent}") for child, parent in broader],
        ),
        source="test",
    )
    return AsOf(store, "2020-01-01")


@settings(max_examples=150, deadline=None)
@given(polyhierarchies())
def test_ancestors_are_the_transitive_closure_of_broader(taxonomy: tuple[int, list[tuple[int, int]]]) -> None:
    n, broader = taxonomy
    view = _taxonomy_view(n, broader)
    graph: nx.DiGraph[int] = nx.DiGraph(broader)
    graph.add_nodes_from(range(n))
    for i in range(n):
        assert view.ancestors(f"s{i}") == {f"s{j}" for j in nx.descendants(graph, i)}


@settings(max_examples=150, deadline=None)
@given(polyhierarchies(), st.data())
def test_uncovered_subjects_are_those_no_held_subject_reaches(
    taxonomy: tuple[int, list[tuple[int, int]]], data: st.DataObject
) -> None:
    """A gap names the topmost subjects at or below the one required that nothing held covers: those with
    nothing held at, above or below them, reached from the required one through subjects partly held below."""
    n, broader = taxonomy
    held = {f"s{i}" for i in data.draw(st.sets(st.integers(min_value=0, max_value=n - 1)))}
    view = _taxonomy_view(n, broader)
    narrower: nx.DiGraph[str] = nx.DiGraph((f"s{parent}", f"s{child}") for child, parent in broader)
    narrower.add_nodes_from(f"s{i}" for i in range(n))

    def expected(subject: str) -> list[str]:  # the definition, walked the long way
        if held & ({subject} | nx.descendants(narrower.reverse(copy=False), subject)):
            return []  # it or a broader subject is held
        if not held & nx.descendants(narrower, subject) or not list(narrower.successors(subject)):
            return [subject]
        found: list[str] = []
        for child in sorted(narrower.successors(subject)):
            found += [m for m in expected(child) if m not in found]
        return found

    for i in range(n):
        assert uncovered(view, f"s{i}", held) == expected(f"s{i}")


def test_a_view_is_freed_as_soon_as_it_is_dropped(store: Store) -> None:
    """No reference cycle keeps a view (and all it worked out) alive until the cyclic collector runs."""
    load_path(store, EXAMPLE)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        view = AsOf(store, "2017-06-01")
        for analysis in (
            find_overlaps,
            find_gaps,
            find_unassigned,
            find_basis_problems,
            find_staffing_problems,
            find_execution_problems,
        ):
            assert isinstance(analysis(view), list)
        dropped = weakref.ref(view)
        del view
        assert dropped() is None
    finally:
        if was_enabled:
            gc.enable()
