"""RDF out: the whole graph as Turtle, in the ontology's terms (import is :mod:`dutygraph.loaders.turtle`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from dutygraph.records import Node
from dutygraph.schema import DATA, DG, EDGE_KINDS, NODE_KINDS
from dutygraph.stores.base import Store

__all__ = ["export_turtle", "node_iri", "to_rdf"]

_XSD = {"date": XSD.date, "integer": XSD.integer, "boolean": XSD.boolean}


def node_iri(node_id: str) -> URIRef:
    """The IRI of a record."""
    return URIRef(DATA + quote(node_id, safe=":-_.~"))


def _literals(node: Node) -> list[tuple[URIRef, Literal]]:
    kind = NODE_KINDS[node.kind]
    out = [(URIRef(DG + "id"), Literal(node.id))]
    for fld in kind.properties:
        value = node.props.get(fld.column)
        if value is None or fld.column == "id":
            continue
        values = value if isinstance(value, list) else [value]
        dtype = _XSD.get(fld.datatype or "")
        for v in values:
            lit = Literal(str(v).lower() if isinstance(v, bool) else str(v), datatype=dtype)
            out.append((URIRef(fld.iri), lit))
    return out


def to_rdf(store: Store, *, personal: bool = True) -> Graph:
    """Every node and relationship of ``store`` as RDF; without ``personal`` the records the ontology marks
    personal data (persons, 执法证, 任职, 请假) and every relationship to them are left out."""
    graph = Graph()
    graph.bind("dg", Namespace(DG))
    graph.bind("id", Namespace(DATA))
    graph.bind("skos", SKOS)
    left_out: set[str] = set()
    for kind in NODE_KINDS.values():
        for node in store.nodes(kind.name):
            if kind.personal and not personal:
                left_out.add(node.id)
                continue
            subject = node_iri(node.id)
            graph.add((subject, RDF.type, URIRef(kind.iri)))
            for predicate, obj in _literals(node):
                graph.add((subject, predicate, obj))
    for src, edge, dst in store.edges():
        if src in left_out or dst in left_out:
            continue
        graph.add((node_iri(src), URIRef(EDGE_KINDS[edge]), node_iri(dst)))
    return graph


def export_turtle(store: Store, path: str | Path | None = None, *, personal: bool = True) -> str:
    """The graph as Turtle; written to ``path`` when given. Without ``personal``, personal data is left out
    and the file's first line says so."""
    text = to_rdf(store, personal=personal).serialize(format="turtle")
    if not personal:
        kinds = ", ".join(k.name for k in NODE_KINDS.values() if k.personal)
        text = f"# personal data left out ({kinds}): export with --with-personal-data to keep it\n" + text
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
