"""Turtle in: dutygraph's own RDF export, and SKOS taxonomies a user extends the subjects with.

Resources typed with a class of the ontology become records of that kind; ``skos:Concept`` resources
of a user's own scheme become :class:`Subject` records. A resource's id is its ``dg:id``, else the
part of its IRI after dutygraph's data namespace, else its local name.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node as RDFNode

from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.loaders.limits import ReadLimits, check_size
from dutygraph.loaders.records import RawRecord
from dutygraph.schema import DATA, DG, NODE_KINDS

__all__ = ["iri_to_id", "parse_turtle", "records_from_rdf"]

_DG_ID = URIRef(DG + "id")


def iri_to_id(graph: Graph, iri: RDFNode) -> str:
    """The record id an IRI stands for."""
    given = graph.value(iri, _DG_ID)
    if given is not None:
        return str(given)
    text = str(iri)
    if text.startswith(DATA):
        return unquote(text[len(DATA) :])
    return unquote(text.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def parse_turtle(path: Path, text: str | None = None) -> Graph:
    """Parse a Turtle file; a syntax error becomes a :class:`LoadError` naming the file and line."""
    graph = Graph()
    if text is None:
        check_size(path, ReadLimits.from_env())
    try:
        graph.parse(data=text if text is not None else path.read_text(encoding="utf-8"), format="turtle")
    except UnicodeDecodeError as exc:
        raise LoadError(path, tr("not UTF-8 text: {reason}", reason=exc.reason)) from exc
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise LoadError(path, tr("not valid Turtle: {exc}", exc=exc)) from exc
    return graph


def records_from_rdf(graph: Graph, source: str) -> list[RawRecord]:
    """Raw records of every resource of ``graph`` typed with a node kind's class or ``skos:Concept``."""
    by_class = {URIRef(kind.iri): kind for kind in NODE_KINDS.values()}
    records: list[RawRecord] = []
    seen: set[RDFNode] = set()
    typed = [(s, by_class.get(o) if isinstance(o, URIRef) else None) for s, o in graph.subject_objects(RDF.type)]
    typed += [(s, NODE_KINDS["Subject"]) for s in graph.subjects(RDF.type, SKOS.Concept)]
    for subject, kind in typed:
        if kind is None or subject in seen:
            continue
        seen.add(subject)
        values: dict[str, list[str]] = {}
        for fld in kind.fields:
            objects = list(graph.objects(subject, URIRef(fld.iri)))
            if fld.column == "id" and not objects:
                objects = [Literal(iri_to_id(graph, subject))]
            if fld.is_relation:
                values[fld.column] = sorted(iri_to_id(graph, o) for o in objects)
            else:
                values[fld.column] = sorted(str(o) for o in objects)
        records.append(RawRecord(kind.name, values, source, where=f"<{subject}>"))
    records.sort(key=lambda r: (r.kind, r.values.get("id", [""])[0]))
    return records
