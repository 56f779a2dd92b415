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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from dutygraph.errors import DatasetInvalid, RowError
from dutygraph.i18n import tr
from dutygraph.loaders.naming import instrument_id, normalize_title, region_key
from dutygraph.loaders.numerals import parse_int
from dutygraph.records import Batch, Edge, Node, Value
from dutygraph.schema import NODE_KINDS, Field, NodeKind
from dutygraph.stores.base import GraphReader

__all__ = ["CONCEPT_KINDS", "RawRecord", "TableRow", "build_batch", "parse_date"]

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


@dataclass(slots=True)
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

    def first(self, column: str) -> str:
        """The first value given in ``column``, or ``""``."""
        given = self.values.get(column)
        return given[0] if given else ""

    def error(self, problem: str, column: str | None = None, hint: str | None = None) -> RowError:
        text = problem if self.where is None else f"{self.where}: {problem}"
        return RowError(self.source, self.line, text, column=column, hint=hint)


class TableRow(RawRecord):
    """A row of a dataset file (CSV) as read: its cells, by the columns of the file's header.

    The mapping ``values`` is built only when something asks for it: the rows of a province are checked
    column by column from their cells (:func:`build_batch`), without a dict of lists for each of them.
    """

    __slots__ = ("_values", "cells", "columns")

    def __init__(
        self, kind: str, columns: dict[str, int], cells: list[str], source: str, line: int, document: str | None
    ) -> None:
        self.kind = kind
        self.columns = columns  # column → its position in the header, one dict shared by the rows of a file
        self.cells = cells
        self.source = source
        self.line = line
        self.where = None
        self.document = document
        self.stub = False
        self._values: dict[str, list[str]] | None = None

    @property
    def values(self) -> dict[str, list[str]]:
        if self._values is None:
            cells = self.cells
            self._values = {c: [cells[i]] for c, i in self.columns.items() if i < len(cells)}
        return self._values

    @values.setter
    def values(self, given: dict[str, list[str]]) -> None:
        self._values = given

    @property
    def as_read(self) -> bool:
        """Whether its cells are still what it holds (nothing has asked for, and maybe changed, ``values``)."""
        return self._values is None

    def first(self, column: str) -> str:
        if self._values is not None:
            return RawRecord.first(self, column)
        i = self.columns.get(column)
        return self.cells[i] if i is not None and i < len(self.cells) else ""


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
class _Group:
    """The records of one kind (for a dataset file's rows, of one file) that passed their own checks, column by
    column: where each was among the records read, the record and its node, aligned."""

    positions: list[int]
    records: list[RawRecord]
    nodes: list[Node]
    refs: list[tuple[Field, list[str] | list[list[str]]]]
    """Per relationship field, each node's reference (a field taking one) or references (one taking several)."""


class _Problems:
    """Problems found, each kept with where it is among the records, so that they are told in record order."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple[int, int, int], RowError]] = []

    def add(self, order: tuple[int, int, int], error: RowError) -> None:
        self.found.append((order, error))

    def told(self) -> list[RowError]:
        return [error for _, error in sorted(self.found, key=lambda f: f[0])]


_ABSENT = object()


def _several(entry: str | list[str]) -> list[str]:
    """The values of a cell of a field that takes several: given apart, or in one text separated by ``;、|``."""
    if type(entry) is str:
        entry = entry.strip()
        return [v for v in MULTI_SEPARATORS.split(entry) if v] if entry else []
    values = [v.strip() for v in entry if v and v.strip()]
    return [v for v in MULTI_SEPARATORS.split(values[0]) if v] if len(values) == 1 else values


def _one(entry: list[str]) -> str:
    """The value of a field that takes one, given as a list (several values are reported by the caller)."""
    values = [v.strip() for v in entry if v and v.strip()]
    return values[0] if len(values) == 1 else ""


def _converted(
    fld: Field, values: list[str] | list[list[str]], fail: Callable[[int, tuple[int, int], str, str], None], fi: int
) -> list[Value | None]:
    """The values of a literal field as stored (dates, numbers, choices, region codes); ``None`` where absent.

    A text is converted once however many records give it (the same date, region or level on thousands of rows).
    """
    plain = not fld.choices and fld.datatype in (None, "string") and fld.column != "region"
    if plain and not fld.multi:
        return [v or None for v in cast(list[str], values)]
    seen: dict[str, Value | ValueError] = {}

    def convert(text: str) -> Value | ValueError:
        done = seen.get(text, _ABSENT)
        if done is _ABSENT:
            try:
                done = _convert(fld, text)
            except ValueError as exc:
                done = exc
            seen[text] = done
        return cast("Value | ValueError", done)

    if not fld.multi:
        done = {text: convert(text) for text in set(cast(list[str], values)) if text}
        if not any(isinstance(c, ValueError) for c in done.values()):
            return [done.get(v) for v in cast(list[str], values)]  # type: ignore[misc]
        single: list[Value | None] = []
        for i, v in enumerate(cast(list[str], values)):
            c = done.get(v)
            if isinstance(c, ValueError):
                fail(i, (0, fi), str(c), fld.column)
                c = None
            single.append(c)
        return single
    out: list[Value | None] = []
    for i, value in enumerate(cast(list[list[str]], values)):
        if not value:
            out.append(None)
            continue
        converted = [convert(t) for t in value]
        wrong = next((c for c in converted if isinstance(c, ValueError)), None)
        if wrong is not None:
            fail(i, (0, fi), str(wrong), fld.column)
            out.append(None)
        else:  # several values are a set, as in RDF: kept sorted so that a round trip gives the same record
            out.append(sorted({str(c) for c in converted}))
    return out


def _column(records: Sequence[RawRecord], column: str, tabular: bool) -> list[str | list[str]] | None:
    """Each record's value in ``column``: one text (``""``: none), or the list when several are given.

    ``None`` when the records are rows of one file whose header has no such column.
    """
    if tabular:
        at = cast(TableRow, records[0]).columns.get(column)
        if at is None:
            return None
        rows = cast("Sequence[TableRow]", records)
        try:
            return [r.cells[at] for r in rows]
        except IndexError:  # a row shorter than the header: the missing cells are empty
            return [r.cells[at] if at < len(r.cells) else "" for r in rows]
    out: list[str | list[str]] = []
    for rec in records:
        given = rec.values.get(column)
        out.append("" if not given else given[0] if len(given) == 1 else given)
    return out


def _check_group(
    kind: NodeKind, records: Sequence[RawRecord], positions: Sequence[int], tabular: bool, problems: _Problems
) -> _Group:
    """Check the records of one kind against its shape (``ontology/shapes.ttl``), one field at a time."""
    n = len(records)
    bad: set[int] = set()
    given: dict[str, list[bool]] = {}
    literals: dict[str, list[Value | None]] = {}
    refs: list[tuple[Field, list[str] | list[list[str]]]] = []
    alternatives = {c for group in kind.one_of for c in group}

    def fail(i: int, order: tuple[int, int], problem: str, column: str, hint: str | None = None) -> None:
        bad.add(i)
        problems.add((positions[i], *order), records[i].error(problem, column, hint=hint))

    for fi, fld in enumerate(kind.fields):
        raw = _column(records, fld.column, tabular)
        if raw is None:
            nothing: list[list[str]] = [[] for _ in range(n)]
            values: list[str] | list[list[str]] = nothing if fld.multi else [""] * n
        elif fld.multi:
            values = [_several(e) for e in raw]
        else:
            if tabular:
                values = [e.strip() for e in raw]  # type: ignore[union-attr]
            else:
                values = [e.strip() if type(e) is str else _one(cast(list[str], e)) for e in raw]
                for i, e in enumerate(raw):
                    if type(e) is not str and len(several := [v.strip() for v in e if v and v.strip()]) > 1:
                        problem = tr(
                            "{column} takes one value, got {n_raw}: {value}",
                            column=fld.column,
                            n_raw=len(several),
                            value="; ".join(several),
                        )
                        fail(i, (0, fi), problem, fld.column)
        if fld.column in alternatives:
            given[fld.column] = [bool(v) for v in values]
        if fld.required and fld.column != "id" and not all(values):
            for i, v in enumerate(values):
                if not v:
                    fail(i, (0, fi), tr("{column} is required", column=fld.column), fld.column)
        if fld.is_relation:
            refs.append((fld, values))
            continue
        literals[fld.column] = _converted(fld, values, fail, fi)
    for gi, group in enumerate(kind.one_of):
        for i, flags in enumerate(zip(*(given[c] for c in group), strict=True)):
            if not any(flags):
                fail(i, (1, gi), tr("give at least one of {value}", value=", ".join(group)), group[0])
    for fi, fld in enumerate(kind.fields):
        for other, strict in ((fld.less_than, True), (fld.not_after, False)):
            if not other or fld.column not in literals or other not in literals:
                continue
            for i, (low, high) in enumerate(zip(literals[fld.column], literals[other], strict=True)):
                if low is None or high is None:
                    continue
                if (str(low) >= str(high)) if strict else (str(low) > str(high)):
                    if strict:
                        problem = tr(
                            "{column} {low} is not before {less_than} {high}",
                            column=fld.column,
                            low=low,
                            less_than=other,
                            high=high,
                        )
                        hint = "validity intervals are [from, to): to is the first day no longer valid"
                    else:
                        problem = tr(
                            "{column} {low} is after {other} {high}", column=fld.column, low=low, other=other, high=high
                        )
                        hint = None
                    fail(i, (2, fi), problem, fld.column, hint)
    if bad:
        kept = [i for i in range(n) if i not in bad]
        positions = [positions[i] for i in kept]
        records = [records[i] for i in kept]
        literals = {column: [values[i] for i in kept] for column, values in literals.items()}
        refs = [(fld, [column[i] for i in kept]) for fld, column in refs]  # type: ignore[misc]
    # provenance: the document and the row, where the record does not say otherwise
    sources = literals.get("source") or [None] * len(records)
    literals["source"] = [s if s is not None else r.document or r.source for s, r in zip(sources, records, strict=True)]
    if any(r.line is not None for r in records):
        places = literals.get("source_location") or [None] * len(records)
        literals["source_location"] = [
            p if p is not None or r.line is None else f"row {r.line}" for p, r in zip(places, records, strict=True)
        ]
    ids = literals.pop("id", None) or [None] * len(records)
    names = list(literals)
    name = kind.name
    nodes = [
        Node(
            str(node_id) if node_id is not None else _record_id(kind, rec.values),
            name,
            {k: v for k, v in zip(names, row, strict=True) if v is not None},
        )
        for node_id, rec, row in zip(ids, records, zip(*literals.values(), strict=True), strict=True)
    ]
    return _Group(list(positions), list(records), nodes, refs)


class _Resolver:
    """Finds what a reference names: a record of the batch or of the store, by id or by label."""

    def __init__(self, batch: Mapping[str, Node], store: GraphReader) -> None:
        self.store = store
        self.batch = batch
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
    batch: Mapping[str, tuple[RawRecord, Node]], edges: Iterable[Edge], store: GraphReader, errors: list[RowError]
) -> None:
    """Report a cycle of ``broader`` links among subjects, old and new."""
    import networkx as nx  # only here: a command reading the store does not pay for importing it

    graph: nx.DiGraph[str] = nx.DiGraph()
    for edge in edges:
        if edge.kind == "broader":
            graph.add_edge(edge.src, edge.dst)
    for node in store.nodes("Subject"):
        if node.id not in batch:
            for parent in store.targets(node.id, "broader"):
                graph.add_edge(node.id, parent)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    names = [src for src, _ in cycle] + [cycle[0][0]]
    culprit = next((batch[s] for s in names if s in batch), None)
    problem = f"the taxonomy has a cycle: {' → '.join(names)} (broader must never lead back)"
    if culprit is not None:
        errors.append(culprit[0].error(problem, "broader"))
    else:  # pragma: no cover - the store was valid before this batch
        errors.append(RowError("taxonomy", None, problem))


def _where(record: RawRecord) -> str:
    return f"{record.source}:{record.line}" if record.line else record.source


def _check_same_names(batch: Iterable[tuple[RawRecord, Node]], errors: list[RowError]) -> None:
    """Two organizations of one load may not claim the same full name in the same region."""
    claimed: dict[tuple[str, str], tuple[RawRecord, Node]] = {}
    for record, node in batch:
        if node.kind != "Organization":
            continue
        key = (str(node.get("name", "")), str(node.get("region", "")))
        first = claimed.setdefault(key, (record, node))
        if first[1] is not node:
            errors.append(
                record.error(
                    tr(
                        "organization {value} of region {value2} is also {id} (at {where}): one organization, one id",
                        value=repr(key[0]),
                        value2=key[1],
                        id=repr(first[1].id),
                        where=_where(first[0]),
                    ),
                    "name",
                )
            )


def _groups(records: Sequence[RawRecord]) -> Iterator[tuple[NodeKind, list[RawRecord], list[int], bool]]:
    """The records in runs of one kind, in the order read; a dataset file's rows (still as read) in runs of their own.

    A run is checked column by column; the runs one after another are the records in the order read.
    """
    start = 0
    while start < len(records):
        first = records[start]
        tabular = _as_read(first)
        end = start + 1
        while end < len(records) and _continues(records[end], first, tabular):
            end += 1
        yield NODE_KINDS[first.kind], list(records[start:end]), list(range(start, end)), tabular
        start = end


def _as_read(record: RawRecord) -> bool:
    return type(record) is TableRow and record.as_read


def _continues(record: RawRecord, first: RawRecord, tabular: bool) -> bool:
    """Whether ``record`` belongs to the run ``first`` begins: a row of the same file, or a record of its kind."""
    if tabular:
        return _as_read(record) and cast(TableRow, record).columns is cast(TableRow, first).columns
    return record.kind == first.kind and not _as_read(record)


def build_batch(records: Sequence[RawRecord], store: GraphReader, path: str) -> Batch:
    """Check ``records`` against the shapes and against ``store``; the batch to write.

    The checks run a field at a time over all records of a kind (and references are looked up a relationship
    at a time); the problems are told in the order of the records and, in each, of its fields.

    Raises
    ------
    DatasetInvalid
        with every problem found, each naming its file, row and column.
    """
    problems = _Problems()
    groups = [_check_group(kind, rows, at, tabular, problems) for kind, rows, at, tabular in _groups(records)]
    errors = problems.told()
    first: dict[str, tuple[RawRecord, Node]] = {}
    for group in groups:
        for record, node in zip(group.records, group.nodes, strict=True):
            earlier = first.setdefault(node.id, (record, node))
            if earlier[1] is not node:
                problem = tr("duplicate id {id} (first at {where})", id=repr(node.id), where=_where(earlier[0]))
                errors.append(record.error(problem, "id"))
    for node_id, (record, node) in first.items():
        old = store.get(node_id)
        if old is not None and old.kind != node.kind:
            problem = tr("id {id} is already {value} in the store", id=repr(node_id), value=_a(old.kind))
            errors.append(record.error(problem, "id"))
    _check_same_names(first.values(), errors)
    nodes = {node_id: node for node_id, (_, node) in first.items()}
    kinds = {node_id: node.kind for node_id, node in nodes.items()}
    resolver = _Resolver(nodes, store)
    edges: list[Edge] = []
    unresolved = _Problems()
    for group in groups:
        # a duplicate's references are not followed (it is told above): the records that are the batch's own
        own = [nodes[node.id] is node for node in group.nodes]
        for fi, (fld, column) in enumerate(group.refs):
            edge, targets = cast(str, fld.edge), frozenset(fld.targets)
            named: dict[str, tuple[str | None, str | None]] = {}  # a label (行政检查) named by thousands of rows
            for at, record, node, given, kept in zip(
                group.positions, group.records, group.nodes, column, own, strict=True
            ):
                if not given or not kept:
                    continue
                for value in (given,) if type(given) is str else given:
                    if kinds.get(value) in targets:  # the common case: the id of a record of this load
                        edges.append(Edge(node.id, edge, value))
                        continue
                    found = named.get(value)
                    if found is None:
                        found = named[value] = resolver.resolve(fld, value)
                    target, why = found
                    if target is None:
                        unresolved.add((at, fi, 0), record.error(why or "unresolved", fld.column))
                    else:
                        edges.append(Edge(node.id, edge, target))
    errors.extend(unresolved.told())
    _check_cycles(first, edges, store, errors)
    if errors:
        raise DatasetInvalid(path, errors)
    return Batch(nodes=list(nodes.values()), edges=edges)
