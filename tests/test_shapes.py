"""The loader's fast checks and pyshacl, run on the ontology's shapes, agree."""

from __future__ import annotations

from importlib.resources import files

import pytest
from pyshacl import validate
from rdflib import XSD, Graph, Literal, URIRef

from dutygraph.errors import DatasetInvalid
from dutygraph.loaders import load_path
from dutygraph.loaders.records import build_batch
from dutygraph.loaders.turtle import records_from_rdf
from dutygraph.rdf import node_iri, to_rdf
from dutygraph.schema import DG
from dutygraph.stores import Store, open_store


def _shacl(data: Graph) -> tuple[bool, str]:
    shapes = Graph().parse(data=files("dutygraph.ontology").joinpath("shapes.ttl").read_text("utf-8"))
    ontology = Graph().parse(data=files("dutygraph.ontology").joinpath("dutygraph.ttl").read_text("utf-8"))
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    return bool(conforms), str(text)


def test_example_export_conforms_to_the_shapes(gypsum: Store) -> None:
    conforms, text = _shacl(to_rdf(gypsum))
    assert conforms, text


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ("reverse_dates", "valid_from"),
        ("drop_required", "name"),
        ("bad_level", "level"),
    ],
)
def test_pyshacl_and_fast_checks_reject_the_same_graph(gypsum: Store, change: str, column: str) -> None:
    data = to_rdf(gypsum)
    org = node_iri("coal")
    if change == "reverse_dates":
        data.set((org, URIRef(DG + "validTo"), Literal("2001-01-01", datatype=XSD.date)))
    elif change == "drop_required":
        data.remove((org, URIRef(DG + "name"), None))
    else:
        data.set((org, URIRef(DG + "level"), Literal("galaxy")))
    conforms, _ = _shacl(data)
    assert not conforms
    with pytest.raises(DatasetInvalid) as err:
        build_batch(records_from_rdf(data, "changed.ttl"), gypsum, "changed.ttl")
    assert [e.column for e in err.value.errors] == [column]


def test_turtle_round_trip(gypsum: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "graph.ttl"
    path.write_text(to_rdf(gypsum).serialize(format="turtle"), encoding="utf-8")
    again = open_store(str(tmp_path / "again"))
    load_path(again, path)
    assert again.counts() == gypsum.counts()
    assert sorted(again.edges()) == sorted(gypsum.edges())
    for kind in gypsum.counts():
        for node in gypsum.nodes(kind):
            assert again.get(node.id) == node
    assert to_rdf(again).isomorphic(to_rdf(gypsum))
