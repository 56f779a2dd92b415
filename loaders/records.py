"""From raw records (a row of a CSV file, a resource of a Turtle file) to a validated :class:`Batch`.

The checks are the fast form of ``ontology/shapes.ttl`` (required columns, value types, cardinalities,
allowed values, date order, ``sh:or``), driven by :mod:`dutygraph.schema`, plus what shapes cannot say
cheaply: unique ids, references that resolve (to records of the batch or of the store), concepts named
by label, and a taxonomy without cycles. Every problem of every record is collected before anything is
raised, so a user fixes a file in one pass.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from dutygraph.errors import DatasetInvalid, RowError
from dutygraph.i18n import tr
from dutygraph.loaders.naming import instrument_id, normalize_title, region_key
from dutygraph.loaders.numerals import parse_int
from dutygraph.records import Batch, Edge, Node, Value
from dutygraph.schema import NODE_KINDS, Field, NodeKind
from dutygraph.stores.base import GraphReader

__all__ = ["CONCEPT_KINDS", "RawRecord", "build_batch", "parse_date"]

CONCEPT_KINDS = ("Subject", "Action", "PowerType")
"""Kinds whose records may be referred to by any of their labels, not only by id."""

MULTI_SEPARATORS = re.compile(r"\s*[;；、|]\s*")

# Values users write in Chinese, accepted for the ontology's enumerations.
ALIASES: dict[str, dict[str, str]] = {
    "level": {
        "中央": "national",
        "国家": "national",
        "国家级": "national",
        "省": "province",
        "省级": "province",
        "市": "city",
        "市级": "city",
        "地级": "city",
        "县": "county",
        "县级": "county",
        "区": "county",
        "县级市": "county",
        "乡": "township",
        "镇": "township",
        "乡镇": "township",
        "乡级": "township",
        "街道": "township",
    },
    "levels": {
        "中央": "national",
        "国家级": "national",
        "省": "province",
        "省级": "province",
        "市": "city",
        "市级": "city",
        "县": "county",
        "县级": "county",
        "乡": "township",
        "乡镇": "township",
    },
    "role": {
        "主要负责人": "chief",
        "正职": "chief",
        "副职": "deputy",
        "分管负责人": "deputy",
        "内设机构负责人": "unit_head",
        "科长": "unit_head",
        "处长": "unit_head",
        "工作人员": "staff",
        "A角": "primary",
        "A": "primary",
        "主": "primary",
        "B角": "backup",
        "B": "backup",
        "备": "backup",
    },
    "kind": {
        "事故": "accident",
        "投诉": "complaint",
        "问题": "problem",
        "编制": "establishment",
        "领导职数": "leader_posts",
        "职数": "post",
    },
}
_TRUE = {"true", "yes", "1", "是", "y"}
_FALSE = {"false", "no", "0", "否", "n"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class RawRecord:
    """A record as read from a document: its kind and its values per column, all text.

    ``line`` is the 1-based line where the record starts in ``source`` (``None`` where lines make no
    sense, as in Turtle); ``where`` says more when there is no line (the resource's IRI).
    """

    kind: str
    values: dict[str, list[str]]
    source: str
    line: int | None = None
    where: str | None = None
    document: str | None = field(default=None)
    stub: bool = False  # named by a document that does not describe it: a fuller record of the same id wins

    @classmethod
    def of(cls, kind: str, source: str, line: int | None, /, **values: str | Sequence[str] | None) -> RawRecord:
        """A record read from a document rather than a table: one value or several per column.

        Its provenance (``source``, ``source_location``) is the file name and the line.
        """
        cells: dict[str, list[str]] = {}
        for column, value in values.items():
            if value is None or value == "":
                continue
            cells[column] = [value] if isinstance(value, str) else [v for v in value if v]
        cells.setdefault("source", [source.rsplit("/", 1)[-1]])
        if line is not None:
            cells.setdefault("source_location", [f"line {line}"])
        return cls(kind, cells, source, line)

    def error(self, problem: str, column: str | None = None, hint: str | None = None) -> RowError:
        text = problem if self.where is None else f"{self.where}: {problem}"
        return RowError(self.source, self.line, text, column=column, hint=hint)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'AEIOU' else 'a'} {noun}"


def parse_date(text: str) -> str:
    """An ISO date ``YYYY-MM-DD`` from ``2017-06-01``, ``2017/6/1``, ``2017.06.01`` or ``2017年6月1日``.

    >>> parse_date("2017年6月1日")
    '2017-06-01'
    """
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(text)
    return date(int(match[1]), int(match[2]), int(match[3])).isoformat()


def _convert(fld: Field, text: str) -> Value:
    dtype = fld.datatype
    if fld.column == "region":
        return region_key(text)  # a place name the gazetteer knows is stored as its 行政区划代码
    if fld.choices:
        value = ALIASES.get(fld.column, {}).get(text, text)
        if value not in fld.choices:
            raise ValueError(f"{text!r} is not one of {', '.join(fld.choices)}")
        return value
    if dtype == "date":
        try:
            return parse_date(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date (write YYYY-MM-DD)") from None
    if dtype == "integer":
        try:
            return parse_int(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a whole number") from None
    if dtype == "boolean":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{text!r} is not true/false (是/否)")
    return text


def _record_id(kind: NodeKind, values: dict[str, list[str]]) -> str:
    """A stable id for a record given without one: the same row loaded twice is the same record."""
    payload = json.dumps([kind.name, sorted(values.items())], ensure_ascii=False)
    return f"{kind.name.lower()}-{hashlib.sha1(payload.encode('utf-8')).hexdigest()[:12]}"


@dataclass
class _Pending:
    record: RawRecord
    node: Node
    refs: list[tuple[Field, str]]


def _check_record(rec: RawRecord, errors: list[RowError]) -> _Pending | None:
    kind = NODE_KINDS[rec.kind]
    props: dict[str, Value] = {}
    refs: list[tuple[Field, str]] = []
    ok = True
    for fld in kind.fields:
        raw = [v.strip() for v in rec.values.get(fld.column, []) if v and v.strip()]
        if fld.multi and len(raw) == 1:
            raw = [v for v in MULTI_SEPARATORS.split(raw[0]) if v]
        if not raw:
            if fld.required and fld.column != "id":
                errors.append(rec.error(tr("{column} is required", column=fld.column), fld.column))
                ok = False
            continue
        if not fld.multi and len(raw) > 1:
            errors.append(
                rec.error(
                    tr(
                        "{column} takes one value, got {n_raw}: {value}",
                        column=fld.column,
                        n_raw=len(raw),
                        value="; ".join(raw),
                    ),
                    fld.column,
                )
            )
            ok = False
            continue
        if fld.is_relation:
            refs.extend((fld, v) for v in raw)
            continue
        try:
            converted = [_convert(fld, v) for v in raw]
        except ValueError as exc:
            errors.append(rec.error(str(exc), fld.column))
            ok = False
            continue
        # several values are a set, as in RDF: kept sorted so that a round trip gives the same record
        props[fld.column] = sorted({str(c) for c in converted}) if fld.multi else converted[0]
    for group in kind.one_of:
        if not any(rec.values.get(c) and any(v.strip() for v in rec.values[c]) for c in group):
            errors.append(rec.error(tr("give at least one of {value}", value=", ".join(group)), group[0]))
            ok = False
    for fld in kind.fields:
        if fld.less_than and fld.column in props and fld.less_than in props:
            low, high = props[fld.column], props[fld.less_than]
            if str(low) >= str(high):
                errors.append(
                    rec.error(
                        tr(
                            "{column} {low} is not before {less_than} {high}",
                            column=fld.column,
                            low=low,
                            less_than=fld.less_than,
                            high=high,
                        ),
                        fld.column,
                        hint="validity intervals are [from, to): to is the first day no longer valid",
                    )
                )
                ok = False
        if fld.not_after and fld.column in props and fld.not_after in props:
            low, high = props[fld.column], props[fld.not_after]
            if str(low) > str(high):
                errors.append(
                    rec.error(
                        tr(
                            "{column} {low} is after {other} {high}",
                            column=fld.column,
                            low=low,
                            other=fld.not_after,
                            high=high,
                        ),
                        fld.column,
                    )
                )
                ok = False
    if not ok:
        return None
    node_id = str(props.pop("id")) if "id" in props else _record_id(kind, rec.values)
    props.setdefault("source", rec.document or rec.source)
    if rec.line is not None:
        props.setdefault("source_location", f"row {rec.line}")
    return _Pending(rec, Node(node_id, kind.name, props), refs)


class _Resolver:
    """Finds what a reference names: a record of the batch or of the store, by id or by label."""

    def __init__(self, pending: Sequence[_Pending], store: GraphReader) -> None:
        self.store = store
        self.batch = {p.node.id: p.node for p in pending}
        self.labels: dict[str, dict[str, set[str]]] = {k: {} for k in (*CONCEPT_KINDS, "Instrument")}
        for kind in (*CONCEPT_KINDS, "Instrument"):
            for node in store.nodes(kind):
                if node.id not in self.batch:
                    self._index(node)
        for node in self.batch.values():
            if node.kind in self.labels:
                self._index(node)

    def _index(self, node: Node) -> None:
        index = self.labels[node.kind]
        if node.kind == "Instrument":  # an instrument is named by its title, full or short (安全生产法)
            names = [node.get("title"), node.get("short_title")]
            names += [normalize_title(str(n)) for n in names if n]
        else:
            names = [node.get("label"), *node.get("alt_labels", [])]
        for label in names:
            if label:
                index.setdefault(str(label), set()).add(node.id)

    def kind_of(self, node_id: str) -> str | None:
        node = self.batch.get(node_id) or self.store.get(node_id)
        return node.kind if node else None

    def resolve(self, fld: Field, value: str) -> tuple[str | None, str | None]:
        """The id ``value`` names, or ``None`` and the reason."""
        kind = self.kind_of(value)
        if kind is not None:
            if kind in fld.targets:
                return value, None
            return None, f"{value!r} is {_a(kind)}, not {_a(' or '.join(fld.targets))}"
        if "Instrument" in fld.targets and self.kind_of(instrument_id(value)) == "Instrument":
            return instrument_id(value), None  # a law text's instrument, by any form of its title
        found: set[str] = set()
        for target in fld.targets:
            found |= self.labels.get(target, {}).get(value, set())
        if len(found) == 1:
            return found.pop(), None
        if found:
            return None, f"{value!r} names several records: {', '.join(sorted(found))}; use an id"
        return None, f"unknown {' or '.join(fld.targets)} {value!r}"


def _check_cycles(
    pending: Sequence[_Pending], edges: Iterable[Edge], store: GraphReader, errors: list[RowError]
) -> None:
    """Report a cycle of ``broader`` links among subjects, old and new."""
    batch_ids = {p.node.id: p for p in pending}
    import networkx as nx  # only here: a command reading the store does not pay for importing it

    graph: nx.DiGraph[str] = nx.DiGraph()
    for edge in edges:
        if edge.kind == "broader":
            graph.add_edge(edge.src, edge.dst)
    for node in store.nodes("Subject"):
        if node.id not in batch_ids:
            for parent in store.targets(node.id, "broader"):
                graph.add_edge(node.id, parent)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    names = [src for src, _ in cycle] + [cycle[0][0]]
    culprit = next((batch_ids[s] for s in names if s in batch_ids), None)
    problem = f"the taxonomy has a cycle: {' → '.join(names)} (broader must never lead back)"
    if culprit is not None:
        errors.append(culprit.record.error(problem, "broader"))
    else:  # pragma: no cover - the store was valid before this batch
        errors.append(RowError("taxonomy", None, problem))


def _check_same_names(pending: list[_Pending], errors: list[RowError]) -> None:
    """Two organizations of one load may not claim the same full name in the same region."""
    claimed: dict[tuple[str, str], _Pending] = {}
    for p in pending:
        if p.node.kind != "Organization":
            continue
        key = (str(p.node.get("name", "")), str(p.node.get("region", "")))
        first = claimed.setdefault(key, p)
        if first is not p:
            where = f"{first.record.source}:{first.record.line}" if first.record.line else first.record.source
            errors.append(
                p.record.error(
                    tr(
                        "organization {value} of region {value2} is also {id} (at {where}): one organization, one id",
                        value=repr(key[0]),
                        value2=key[1],
                        id=repr(first.node.id),
                        where=where,
                    ),
                    "name",
                )
            )


def build_batch(records: Sequence[RawRecord], store: GraphReader, path: str) -> Batch:
    """Check ``records`` against the shapes and against ``store``; the batch to write.

    Raises
    ------
    DatasetInvalid
        with every problem found, each naming its file, row and column.
    """
    errors: list[RowError] = []
    pending = [p for rec in records if (p := _check_record(rec, errors)) is not None]
    seen: dict[str, _Pending] = {}
    for p in pending:
        first = seen.get(p.node.id)
        if first is not None:
            where = f"{first.record.source}:{first.record.line}" if first.record.line else first.record.source
            errors.append(
                p.record.error(tr("duplicate id {id} (first at {where})", id=repr(p.node.id), where=where), "id")
            )
            continue
        seen[p.node.id] = p
        old = store.get(p.node.id)
        if old is not None and old.kind != p.node.kind:
            errors.append(
                p.record.error(
                    tr("id {id} is already {value} in the store", id=repr(p.node.id), value=_a(old.kind)), "id"
                )
            )
    _check_same_names(list(seen.values()), errors)
    resolver = _Resolver(list(seen.values()), store)
    edges: list[Edge] = []
    for p in seen.values():
        for fld, value in p.refs:
            target, why = resolver.resolve(fld, value)
            if target is None:
                errors.append(p.record.error(why or "unresolved", fld.column))
            else:
                assert fld.edge is not None
                edges.append(Edge(p.node.id, fld.edge, target))
    _check_cycles(list(seen.values()), edges, store, errors)
    if errors:
        raise DatasetInvalid(path, errors)
    return Batch(nodes=[p.node for p in seen.values()], edges=edges)
