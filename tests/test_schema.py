"""The ontology is the single source of truth: the Python schema and the stores follow it."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, URIRef

from dutygraph.schema import EDGE_KINDS, NODE_KINDS, UNUSED_CLASSES
from dutygraph.schema_gen import generate, load_ontology
from dutygraph.stores import Store

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "dutygraph" / "_schema.py"


def test_generated_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generate(), (
        "dutygraph/_schema.py is stale: run `python -m dutygraph.schema_gen`"
    )


def test_every_kind_written_is_declared_and_every_declared_kind_is_used(gypsum: Store) -> None:
    ontology = load_ontology()
    written_nodes = {k for k, n in gypsum.counts().items() if n}
    written_edges = {kind for _, kind, _ in gypsum.edges()}
    for kind in written_nodes:
        assert (URIRef(NODE_KINDS[kind].iri), RDF.type, OWL.Class) in ontology
    for edge in written_edges:
        assert edge in EDGE_KINDS
    declared = {
        str(c).rsplit("#", 1)[-1]
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith("https://w3id.org/dutygraph/")
    }
    # the example uses every node kind; the rest are declared unused on purpose
    assert declared - written_nodes == set(UNUSED_CLASSES)
    assert set(EDGE_KINDS) - written_edges == set(), "a relationship kind the example never writes"


def test_every_relationship_is_an_object_property_of_the_ontology() -> None:
    ontology = load_ontology()
    for edge, iri in EDGE_KINDS.items():
        if iri.startswith("https://w3id.org/dutygraph/"):
            assert (URIRef(iri), RDF.type, OWL.ObjectProperty) in ontology, edge
