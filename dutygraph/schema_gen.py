"""Generate :mod:`dutygraph._schema` from the ontology and the SHACL shapes.

Run ``python -m dutygraph.schema_gen`` after changing ``ontology/dutygraph.ttl`` or
``ontology/shapes.ttl``; ``tests/test_schema.py`` fails while the committed module is stale.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SH, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from dutygraph.errors import OntologyError
from dutygraph.schema import DG, Field, NodeKind

__all__ = ["generate", "load_ontology", "main"]

DGN = Namespace(DG)
_DATATYPES = {XSD.string: "string", XSD.date: "date", XSD.integer: "integer", XSD.boolean: "boolean"}


def load_ontology() -> Graph:
    """The ontology and the shapes, parsed into one graph."""
    graph = Graph()
    base = files("dutygraph.ontology")
    for name in ("dutygraph.ttl", "shapes.ttl"):
        graph.parse(data=base.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def _local(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _kinds(graph: Graph) -> dict[URIRef, str]:
    kinds: dict[URIRef, str] = {}
    for cls in graph.subjects(DGN.csvFile, None):
        assert isinstance(cls, URIRef)
        kinds[cls] = _local(cls)
    return kinds


def _subclasses(graph: Graph, cls: URIRef, kinds: dict[URIRef, str]) -> tuple[str, ...]:
    """Node kinds that are ``cls`` or (transitively) below it."""
    found = {c for c in graph.transitive_subjects(RDFS.subClassOf, cls) if c in kinds}
    return tuple(sorted(kinds[c] for c in found if isinstance(c, URIRef)))


def _field(graph: Graph, shape: Node, kinds: dict[URIRef, str]) -> tuple[int, Field]:
    path = graph.value(shape, SH.path)
    column = graph.value(shape, DGN.column)
    if not isinstance(path, URIRef) or column is None:
        raise OntologyError(f"property shape {shape} needs sh:path and dg:column")
    order = graph.value(shape, SH.order)
    min_count = graph.value(shape, SH.minCount)
    max_count = graph.value(shape, SH.maxCount)
    datatype = graph.value(shape, SH.datatype)
    cls = graph.value(shape, SH["class"])
    choices_node = graph.value(shape, SH["in"])
    less_than = graph.value(shape, SH.lessThan)
    not_after = graph.value(shape, SH.lessThanOrEquals)
    choices = tuple(str(c) for c in Collection(graph, choices_node)) if choices_node is not None else ()
    edge: str | None = None
    targets: tuple[str, ...] = ()
    dtype: str | None = None
    if cls is not None:
        assert isinstance(cls, URIRef)
        edge = _local(path)
        targets = _subclasses(graph, cls, kinds)
        if not targets:
            raise OntologyError(f"sh:class {cls} of {column!r} is no node kind")
    elif datatype is not None:
        if datatype not in _DATATYPES:
            raise OntologyError(f"unsupported datatype {datatype} for {column!r}")
        dtype = _DATATYPES[datatype]  # type: ignore[index]
    elif choices:
        dtype = "string"
    else:
        raise OntologyError(f"property shape for {column!r} has neither sh:class, sh:datatype nor sh:in")
    less_col, not_after_col = _column_of(graph, less_than), _column_of(graph, not_after)
    field = Field(
        column=str(column),
        iri=str(path),
        edge=edge,
        datatype=dtype,
        targets=targets,
        required=isinstance(min_count, Literal) and int(min_count.toPython()) >= 1,
        multi=max_count is None,
        choices=choices,
        less_than=less_col,
        not_after=not_after_col,
    )
    return (int(order.toPython()) if isinstance(order, Literal) else 50), field


def _column_of(graph: Graph, path: object) -> str | None:
    """The dataset column of the property shape whose path is ``path`` (the other side of a comparison)."""
    if path is None:
        return None
    for other in graph.objects(None, SH.property):
        if graph.value(other, SH.path) == path:
            return str(graph.value(other, DGN.column))
    return None


def build(graph: Graph) -> tuple[dict[str, NodeKind], dict[str, str], tuple[str, ...]]:
    """Node kinds, relationship kinds (name → IRI) and deliberately unused classes of ``graph``."""
    kinds = _kinds(graph)
    result: dict[str, NodeKind] = {}
    edges: dict[str, str] = {}
    for cls, name in sorted(kinds.items(), key=lambda kv: kv[1]):
        ordered: dict[str, tuple[int, Field]] = {}
        one_of: list[tuple[str, ...]] = []
        for shape in graph.subjects(SH.targetClass, cls):
            for prop in graph.objects(shape, SH.property):
                order, field = _field(graph, prop, kinds)
                ordered[field.column] = (order, field)
            for alternatives in graph.objects(shape, SH["or"]):
                cols = []
                for alt in Collection(graph, alternatives):
                    path = graph.value(alt, SH.path)
                    col = next(
                        (
                            str(graph.value(p, DGN.column))
                            for p in graph.objects(shape, SH.property)
                            if graph.value(p, SH.path) == path
                        ),
                        None,
                    )
                    if col is None:
                        raise OntologyError(f"sh:or of {name} names {path}, which has no property shape")
                    cols.append(col)
                one_of.append(tuple(cols))
        if not ordered:
            raise OntologyError(f"class {name} has dg:csvFile but no shape")
        fields = tuple(f for _, f in sorted(ordered.values(), key=lambda of: (of[0], of[1].column)))
        for f in fields:
            if f.edge is not None:
                if edges.get(f.edge, f.iri) != f.iri:
                    raise OntologyError(f"relationship name {f.edge!r} stands for two properties")
                edges[f.edge] = f.iri
            if f.edge is None and not (graph.value(URIRef(f.iri), RDF.type) or f.iri.startswith(str(SKOS_NS))):
                raise OntologyError(f"{name}.{f.column}: property {f.iri} is not declared in the ontology")
        csv_file = graph.value(cls, DGN.csvFile)
        label_zh = next((str(v) for v in graph.objects(cls, RDFS.label) if getattr(v, "language", None) == "zh"), "")
        result[name] = NodeKind(
            name=name,
            iri=str(cls),
            csv_file=str(csv_file),
            fields=fields,
            one_of=tuple(one_of),
            label_zh=label_zh,
            personal=graph.value(cls, DGN.personalData) == Literal(True),
        )
    for edge, iri in edges.items():
        if iri.startswith(DG) and (URIRef(iri), RDF.type, OWL.ObjectProperty) not in graph:
            raise OntologyError(f"relationship {edge} ({iri}) is not declared as owl:ObjectProperty")
    unused = tuple(sorted(_local(c) for c in graph.subjects(DGN.unusedInStore, Literal(True)) if isinstance(c, URIRef)))
    return result, dict(sorted(edges.items())), unused


SKOS_NS = Namespace("http://www.w3.org/2004/02/skos/core#")


def generate() -> str:
    """The source text of :mod:`dutygraph._schema`."""
    kinds, edges, unused = build(load_ontology())
    lines = [
        '"""Generated by ``python -m dutygraph.schema_gen`` from ontology/dutygraph.ttl and ontology/shapes.ttl.',
        "",
        "Do not edit: change the ontology and regenerate.",
        '"""',
        "",
        "from dutygraph.schema import Field, NodeKind",
        "",
        "NODE_KINDS: dict[str, NodeKind] = {",
    ]
    for name, kind in kinds.items():
        lines.append(f"    {name!r}: NodeKind(")
        lines.append(f"        name={kind.name!r},")
        lines.append(f"        iri={kind.iri!r},")
        lines.append(f"        csv_file={kind.csv_file!r},")
        lines.append("        fields=(")
        for f in kind.fields:
            lines.append(f"            {f!r},")
        lines.append("        ),")
        lines.append(f"        one_of={kind.one_of!r},")
        lines.append(f"        label_zh={kind.label_zh!r},")
        if kind.personal:
            lines.append("        personal=True,")
        lines.append("    ),")
    lines.append("}")
    lines.append("")
    lines.append("EDGE_KINDS: dict[str, str] = {")
    lines.extend(f"    {k!r}: {v!r}," for k, v in edges.items())
    lines.append("}")
    lines.append("")
    lines.append(f"UNUSED_CLASSES: tuple[str, ...] = {unused!r}")
    return "\n".join(lines) + "\n"


README_MARKERS = ("<!-- dataset-table: generated by python -m dutygraph.schema_gen -->", "<!-- /dataset-table -->")


def dataset_table() -> str:
    """The README's table of dataset files and columns, from the generated schema."""
    from dutygraph.schema import NODE_KINDS

    rows = ["| file | record | columns |", "|---|---|---|"]
    for kind in sorted(NODE_KINDS.values(), key=lambda k: k.csv_file):
        cells = []
        for f in kind.fields:
            if f.column in ("source", "source_location"):
                continue
            if f.is_relation:
                what = "→ " + "/".join(f.targets)
            elif f.choices:
                what = "one of " + "/".join(f.choices)
            else:
                what = str(f.datatype)
            if f.multi:
                what += ", several"
            cells.append(f"`{f.column}`{'*' if f.required else ''} ({what})")
        rows.append(f"| `{kind.csv_file}` | {kind.name} | {', '.join(cells)} |")
    return "\n".join(rows)


def main() -> None:
    """Write :mod:`dutygraph._schema` next to this module, and the README's dataset table in a checkout."""
    target = Path(__file__).with_name("_schema.py")
    target.write_text(generate(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    readme = Path(__file__).resolve().parent.parent / "README.md"
    if readme.exists():
        import importlib

        import dutygraph._schema
        import dutygraph.schema

        importlib.reload(dutygraph._schema)
        importlib.reload(dutygraph.schema)
        text = readme.read_text(encoding="utf-8")
        start, end = README_MARKERS
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            readme.write_text(f"{head}{start}\n{dataset_table()}\n{end}{tail}", encoding="utf-8")
            print(f"wrote the dataset table of {readme}", file=sys.stderr)


if __name__ == "__main__":
    main()
