"""A graph seen as of a date: what is in force, who holds each duty, and the subject taxonomy.

Validity intervals are half-open, ``[valid_from, valid_to)`` like ELI's ``date_no_longer_in_force``:
``valid_to`` is the first day a record no longer counts. A missing bound is open. Dates are ISO strings,
which compare correctly as text.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import product
from operator import attrgetter
from typing import Any, cast

from dutygraph.errors import QueryError
from dutygraph.i18n import tr
from dutygraph.loaders.numerals import article_anchor
from dutygraph.queries.findings import Evidence, Finding
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader

__all__ = ["AsOf", "Competence", "as_iso_date", "location", "record_evidence"]


def as_iso_date(value: date | str | None) -> str:
    """``value`` as ``YYYY-MM-DD`` (today when ``None``)."""
    if value is None:
        return date.today().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise QueryError(tr("{value} is not a date (write YYYY-MM-DD)", value=repr(value))) from None


# not frozen: a frozen dataclass sets each field through object.__setattr__, and a province builds a hundred
# thousand competences per view (a fifth of the time building them went there). Nothing changes one once built;
# it hashes and compares by its fields as a frozen one would.
@dataclass(slots=True, unsafe_hash=True)
class Competence:
    """A duty or power in force on the date, with the organization holding it then.

    ``holder`` differs from ``original`` when the competence was transferred (划入/划出). Read-only by contract.
    """

    node: Node
    holder: Node
    original: Node
    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    first: Evidence | None = None
    """Where it is written: a duty's clause as its provision gives it; ``None`` for a record that carries its
    own source (a power: its list, code and name)."""
    moves: tuple[tuple[Node, Node], ...] = ()
    """The transfers (划入) up to the date, in date order, each with the organization it went to."""
    pairs: tuple[tuple[str, str], ...] = ()
    """(subject, action) the competence holds together: those its text names in one sentence."""

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Where it is written, then each transfer that moved it (built when asked: few competences are)."""
        first = self.first if self.first is not None else record_evidence(self.node)
        return (
            first,
            *(
                Evidence(
                    str(t.get("source", "")),
                    tr("{date} transferred (划入) to {organization}", date=t.get("date"), organization=target.label),
                    str(t.get("text") or ""),
                )
                for t, target in self.moves
            ),
        )

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def title(self) -> str:
        text = self.node.get("text") if self.kind == "Duty" else self.node.get("name")
        return str(text or self.node.id)


_BY_ID = attrgetter("node.id")  # competences in id order (no property call per comparison key)
_SHARED_VIEWS = 8
_SHARED: dict[tuple[int, str], tuple[weakref.ref[Any], int, AsOf]] = {}


_LOCATION = re.compile(r"^(line|row) (\d+)$")


def location(where: Any) -> str:
    """A record's place in its file as a reader writes it: ``line 7`` is 第7行 in Chinese."""
    text = str(where or "")
    found = _LOCATION.match(text)
    if found is None:
        return text
    return tr("line {number}", number=found[2]) if found[1] == "line" else tr("row {number}", number=found[2])


def record_evidence(node: Node) -> Evidence:
    """The source a power (or any record with ``source``) gives of itself: list, code or row, and name."""
    if node.kind == "Power":
        anchor = " ".join(x for x in (node.get("code"), location(node.get("source_location"))) if x)
        text = str(node.get("name", ""))
        if node.get("text"):
            text += f"：{node.get('text')}"
        return Evidence(str(node.get("source", "")), anchor, text)
    return Evidence(str(node.get("source", "")), location(node.get("source_location")), node.label)


def _pairs(node: Node, subjects: tuple[str, ...], actions: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The (subject, action) pairs of a competence: as its ``pairs`` say, else every subject with every action."""
    given = set()
    for written in node.props.get("pairs") or ():
        pair = str(written).split()
        if len(pair) == 2 and pair[0] in subjects and pair[1] in actions:
            given.add((pair[0], pair[1]))
    if given:
        return tuple(sorted(given))
    return tuple(product(subjects, actions))


class _NodeByNode(Mapping[str, Sequence[str]]):
    """One relationship kind of a reader that answers node by node only (``get`` is all the analyses use)."""

    def __init__(self, lookup: Callable[[str, str], list[str]], edge: str) -> None:
        self._lookup, self._edge = lookup, edge

    def __getitem__(self, node_id: str) -> Sequence[str]:
        found = self._lookup(node_id, self._edge)
        if not found:
            raise KeyError(node_id)
        return found

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a relationship read node by node cannot be listed whole")

    def __len__(self) -> int:
        raise TypeError("a relationship read node by node cannot be counted whole")


class _PropertyByNode(Mapping[str, object]):
    """One property of a kind of a reader, read record by record as asked (``get`` is all the analyses use)."""

    def __init__(self, lookup: Callable[[str], Node | None], kind: str, key: str) -> None:
        self._lookup, self._kind, self._key = lookup, kind, key

    def __getitem__(self, node_id: str) -> object:
        node = self._lookup(node_id)
        if node is None or node.kind != self._kind:
            raise KeyError(node_id)
        return node.props.get(self._key)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a property read record by record cannot be listed whole")

    def __len__(self) -> int:
        raise TypeError("a property read record by record cannot be counted whole")


class AsOf:
    """The graph ``g`` as it stood on ``on`` (default: today)."""

    def __init__(self, g: GraphReader, on: date | str | None = None) -> None:
        self.g = g
        self.date = as_iso_date(on)
        self.memo: dict[tuple[str, str], Any] = {}  # what an analysis looks up again and again, per view
        self.node: Callable[[str], Node | None] = g.get
        """The record with an id, or ``None``."""
        self._linked: dict[str, Mapping[str, Sequence[str]]] = {}
        self._holders_valid: dict[str, bool] = {}
        self._linking: dict[str, Mapping[str, Sequence[str]]] = {}

    @classmethod
    def shared(cls, g: GraphReader, on: date | str | None = None) -> AsOf:
        """A view kept between calls (traces one after another) while the store does not change.

        Only stores that count their writes (``generation``) are kept; a view of any other is made anew.
        """
        generation = getattr(g, "generation", None)
        day = as_iso_date(on)
        if generation is None:
            return cls(g, day)
        key = (id(g), day)
        kept = _SHARED.get(key)
        if kept is not None and kept[0]() is g and kept[1] == generation:
            return kept[2]
        view = cls(g, day)
        if len(_SHARED) >= _SHARED_VIEWS:
            _SHARED.pop(next(iter(_SHARED)))
        _SHARED[key] = (weakref.ref(g), generation, view)
        return view

    def covering(self, subject: str) -> list[Competence]:
        """Competences holding ``subject`` or a broader subject (what answers for it), in id order.

        Before every competence of the view is gathered (an audit does that), only those naming one of these
        subjects are: a trace of one incident on a province reads its few hundred, not the hundred thousand.
        """
        held = (subject, *self.ancestors(subject))
        if "competences" not in self.__dict__ and getattr(self.g, "competence_facts", None) is None:
            named = {i for s in held for i in self.g.sources(s, "subject")}
            get_many = getattr(self.g, "get_many", None)
            listed = sorted(named)
            records = get_many(listed) if get_many is not None else [self.g.get(i) for i in listed]
            chosen = [n for n in records if n is not None]
            return self._gather(
                [n for n in chosen if n.kind == "Duty"],
                [n for n in chosen if n.kind == "Power"],
                lambda edge: _NodeByNode(self.g.targets, edge),
                lambda edge: _NodeByNode(self.g.sources, edge),
            )
        found: dict[str, Competence] = {}
        for one in held:
            for comp in self._by_subject.get(one, ()):
                found[comp.id] = comp
        return [found[k] for k in sorted(found)]

    @cached_property
    def _by_subject(self) -> dict[str, list[Competence]]:
        index: dict[str, list[Competence]] = defaultdict(list)
        for comp in self.competences:
            for subject in comp.subjects:
                index[subject].append(comp)
        return index

    # -- validity --------------------------------------------------------------------------------
    def valid(self, node: Node | None) -> bool:
        """Whether ``node`` is in force on the date (its own ``valid_from``/``valid_to``)."""
        if node is None:
            return False
        props = node.props  # called for every record an analysis visits: no method call per property
        start, end = props.get("valid_from"), props.get("valid_to")
        return (start is None or start <= self.date) and (end is None or self.date < end)

    def one(self, node_id: str, edge: str) -> Node | None:
        """The node ``node_id`` points at by ``edge`` (relationships with at most one target)."""
        for target in self.g.targets(node_id, edge):
            return self.g.get(target)
        return None

    def many(self, node_id: str, edge: str) -> list[Node]:
        return [n for t in self.g.targets(node_id, edge) if (n := self.g.get(t)) is not None]

    def pointing(self, node_id: str, edge: str) -> list[Node]:
        return [n for s in self.g.sources(node_id, edge) if (n := self.g.get(s)) is not None]

    def linked(self, edge: str) -> Mapping[str, Sequence[str]]:
        """Every relationship of kind ``edge``: source id → target ids (the store read once per view and kind).

        What an analysis of every duty uses instead of :meth:`one`/:meth:`many` per node. A reader that
        cannot give a kind whole is asked node by node, as the lookups come.
        """
        found = self._linked.get(edge)
        if found is None:
            whole = getattr(self.g, "targets_by_source", None)
            found = whole(edge) if whole is not None else _NodeByNode(self.g.targets, edge)
            self._linked[edge] = found
        return found

    def linking(self, edge: str) -> Mapping[str, Sequence[str]]:
        """Every relationship of kind ``edge``: target id → source ids (see :meth:`linked`)."""
        found = self._linking.get(edge)
        if found is None:
            whole = getattr(self.g, "sources_by_target", None)
            found = whole(edge) if whole is not None else _NodeByNode(self.g.sources, edge)
            self._linking[edge] = found
        return found

    def linked_for_some(self, edge: str) -> Mapping[str, Sequence[str]]:
        """:meth:`linked` once the view has gathered every competence (an audit); before, node by node (a trace
        asks about a few competences: reading a relationship of every one of them would cost more)."""
        return self.linked(edge) if "competences" in self.__dict__ else _NodeByNode(self.g.targets, edge)

    def linking_for_some(self, edge: str) -> Mapping[str, Sequence[str]]:
        """:meth:`linking`, or node by node (see :meth:`linked_for_some`)."""
        return self.linking(edge) if "competences" in self.__dict__ else _NodeByNode(self.g.sources, edge)

    def values_for_some(self, kind: str, key: str) -> Mapping[str, object]:
        """The property ``key`` of the records of ``kind``, by id (``None`` where one has none): the whole column
        (:meth:`Store.values`) once the view has gathered every competence (an audit), before that record by
        record as asked (see :meth:`linked_for_some`). Ids of no record of the kind are absent."""
        found = self.memo.get(("values", f"{kind}.{key}"))
        if found is not None:
            return cast(Mapping[str, object], found)
        whole = getattr(self.g, "values", None)
        if "competences" not in self.__dict__ or whole is None:
            return _PropertyByNode(self.node, kind, key)
        found = self.memo[("values", f"{kind}.{key}")] = whole(kind, key)
        return cast(Mapping[str, object], found)

    def label(self, node_id: str) -> str:
        node = self.g.get(node_id)
        return node.label if node else node_id

    # -- taxonomy --------------------------------------------------------------------------------
    @cached_property
    def _parents(self) -> dict[str, tuple[str, ...]]:
        return {n.id: tuple(self.g.targets(n.id, "broader")) for n in self.g.nodes("Subject")}

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """Subject id → its direct narrower subjects."""
        out: dict[str, list[str]] = defaultdict(list)
        for child, parents in self._parents.items():
            for parent in parents:
                out[parent].append(child)
        return out

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        native = getattr(self.g, "ancestor_map", None)
        if native is not None:  # a store that walks the taxonomy itself (Neo4j: one variable-length path query)
            found: dict[str, frozenset[str]] = native()
            return {n.id: found.get(n.id, frozenset()) for n in self.g.nodes("Subject")}
        # walked with a stack, not a recursive closure: a closure that calls itself is a reference cycle, which
        # would keep the whole view alive until the cyclic collector comes by
        parents = self._parents
        memo: dict[str, frozenset[str]] = {}
        for start in parents:
            stack, in_progress = [(start, False)], set()
            while stack:
                subject, expanded = stack.pop()
                if subject in memo:
                    continue
                if expanded:  # its parents are done: gather them
                    in_progress.discard(subject)
                    gathered: set[str] = set()
                    for parent in parents.get(subject, ()):
                        gathered.add(parent)
                        gathered |= memo.get(parent, frozenset())
                    memo[subject] = frozenset(gathered)
                elif subject not in in_progress:  # (a cycle, which a load refuses, stops here)
                    in_progress.add(subject)
                    stack.append((subject, True))
                    stack.extend((p, False) for p in parents.get(subject, ()) if p not in memo)
        return memo

    def ancestors(self, subject: str) -> frozenset[str]:
        """Every subject broader than ``subject``, transitively (not itself)."""
        return self._ancestors.get(subject, frozenset())

    def covers(self, general: str, specific: str) -> bool:
        """Whether ``general`` is ``specific`` or broader than it."""
        return general == specific or general in self.ancestors(specific)

    def path(self, specific: str, general: str) -> list[str]:
        """Labels along ``broader`` from ``specific`` up to ``general`` (石膏矿 → … → 非煤矿山)."""
        if specific == general:
            return [self.label(specific)]
        for parent in self._parents.get(specific, ()):
            if self.covers(general, parent):
                return [self.label(specific), *self.path(parent, general)]
        return [self.label(specific), self.label(general)]

    # -- competences -----------------------------------------------------------------------------
    def evidence_of(self, node: Node) -> Evidence:
        """The document, anchor and text a duty, power or other record came from."""
        if node.kind == "Duty":
            provision = self.one(node.id, "inProvision")
            source = provision.get("title") if provision else node.get("source")
            return Evidence(str(source), str(node.get("anchor", "")), str(node.get("text", "")))
        if node.kind == "Power":
            return record_evidence(node)
        if node.kind == "Division":
            provision = self.one(node.id, "inProvision")
            source = provision.get("title") if provision else node.get("source")
            anchor = node.get("anchor") or location(node.get("source_location"))
            return Evidence(str(source), str(anchor), str(node.get("text", "")))
        if node.kind == "Article":
            version = self.one(node.id, "inVersion")
            instrument = self.one(version.id, "versionOf") if version else None
            source = instrument.get("title") if instrument else node.get("source")
            if version is not None and version.get("label"):
                source = f"{source}（{version.get('label')}）"
            return Evidence(str(source), article_anchor(int(node.get("number"))), str(node.get("text", "")))
        return record_evidence(node)

    @cached_property
    def competences(self) -> list[Competence]:
        """Every duty and power in force on the date, each with the organization holding it then."""
        native = getattr(self.g, "competence_facts", None)
        if native is not None:  # a store that gathers them itself (Neo4j: one query, the date a parameter)
            return self._from_facts(native(self.date))
        return self._gather(self.g.nodes("Duty"), self.g.nodes("Power"), self.linked, self.linking)

    def _gather(
        self,
        duties: Iterable[Node],
        powers: Iterable[Node],
        linked: Callable[[str], Mapping[str, Sequence[str]]],
        linking: Callable[[str], Mapping[str, Sequence[str]]],
    ) -> list[Competence]:
        """The competences in force among ``duties`` and ``powers``, in id order, their relationships read through
        ``linked`` (source → targets) and ``linking`` (target → sources): whole kinds, or node by node."""
        found: list[Competence] = []
        get = self.node
        in_provision, provision_of, power_of = (linked(e) for e in ("inProvision", "provisionOf", "powerOf"))
        relationships = (linked("subject"), linked("action"), linking("transferred"))
        # many duties share a provision: its organization, validity and title are looked up once
        provisions: dict[str, tuple[Node | None, bool, Node | None]] = {}
        for duty in duties:
            provision_ids = in_provision.get(duty.id)
            if not provision_ids:
                continue
            known = provisions.get(provision_ids[0])
            if known is None:
                provision = get(provision_ids[0])
                originals = provision_of.get(provision.id) if provision else None
                known = (get(originals[0]) if originals else None, self.valid(provision), provision)
                provisions[provision_ids[0]] = known
            original, provision_valid, provision = known
            if original is not None:
                first = Evidence(
                    str(provision.get("title") if provision else duty.get("source")),
                    str(duty.get("anchor", "")),
                    str(duty.get("text", "")),
                )
                comp = self._in_force(duty, original, provision_valid and self.valid(duty), first, relationships)
                if comp:
                    found.append(comp)
        for power in powers:
            originals = power_of.get(power.id)
            original = get(originals[0]) if originals else None
            if original is not None:
                comp = self._in_force(power, original, self.valid(power), None, relationships)
                if comp:
                    found.append(comp)
        found.sort(key=_BY_ID)
        return found

    def _in_force(
        self,
        node: Node,
        original: Node,
        valid: bool,
        first: Evidence | None,
        relationships: tuple[Mapping[str, Sequence[str]], ...],
    ) -> Competence | None:
        subjects, actions, transferred = relationships
        transfer_ids = transferred.get(node.id)
        if not transfer_ids:  # most competences were never transferred: the short way (every one comes here)
            if not valid:
                return None
            return self._competence(
                node, original, True, [], tuple(subjects.get(node.id, ())), tuple(actions.get(node.id, ())), first
            )
        transfers = sorted(
            (t for i in transfer_ids if (t := self.node(i)) is not None and str(t.get("date")) <= self.date),
            key=lambda t: str(t.get("date")),
        )
        moves = [(t, target) for t in transfers if (target := self.one(t.id, "toOrganization")) is not None]
        return self._competence(
            node,
            original,
            valid,
            moves,
            tuple(subjects.get(node.id, ())),
            tuple(actions.get(node.id, ())),
            first,
            bool(transfers),
        )

    def _competence(
        self,
        node: Node,
        original: Node,
        valid: bool,
        moves: list[tuple[Node, Node]],
        subjects: tuple[str, ...],
        actions: tuple[str, ...],
        first: Evidence | None,
        transferred: bool = False,
    ) -> Competence | None:
        """The competence as held on the date: after the transfers (划入) up to it, in date order."""
        holder = moves[-1][1] if moves else original
        if not (valid or transferred):
            return None
        holder_valid = self._holders_valid.get(holder.id)
        if holder_valid is None:  # a hundred organizations hold a hundred thousand powers
            holder_valid = self._holders_valid[holder.id] = self.valid(holder)
        if not holder_valid:
            return None
        return Competence(
            node=node,
            holder=holder,
            original=original,
            subjects=subjects,
            actions=actions,
            first=first,
            moves=tuple(moves),
            pairs=_pairs(node, subjects, actions),
        )

    def _from_facts(self, rows: list[dict[str, Any]]) -> list[Competence]:
        """Competences from a store's own query: ids, provision, transfers, subjects and actions per duty/power."""
        wanted = {str(r["id"]) for r in rows} | {str(r["original"]) for r in rows}
        wanted |= {str(x) for r in rows for move in r["moves"] if move for x in move}
        get_many = getattr(self.g, "get_many", None)
        fetched = get_many(sorted(wanted)) if get_many else [self.g.get(i) for i in sorted(wanted)]
        nodes = {n.id: n for n in fetched if n is not None}
        found: list[Competence] = []
        for row in rows:
            node, original = nodes.get(str(row["id"])), nodes.get(str(row["original"]))
            if node is None or original is None:
                continue
            valid = self.valid(node) and (node.kind != "Duty" or bool(row["provision_valid"]))
            moves = [
                (nodes[str(t)], nodes[str(d)])
                for t, d in (m for m in row["moves"] if m)
                if str(t) in nodes and str(d) in nodes
            ]
            first = (
                Evidence(str(row["provision_title"]), str(node.get("anchor", "")), str(node.get("text", "")))
                if node.kind == "Duty"
                else None
            )
            comp = self._competence(
                node,
                original,
                valid,
                moves,
                tuple(sorted(str(s) for s in row["subjects"])),
                tuple(sorted(str(a) for a in row["actions"])),
                first,
                bool(moves),
            )
            if comp is not None:
                found.append(comp)
        found.sort(key=_BY_ID)
        return found

    @cached_property
    def competence_by_id(self) -> dict[str, Competence]:
        return {c.id: c for c in self.competences}

    def organizations(self) -> Iterable[Node]:
        """Organizations in force on the date."""
        return (o for o in self.g.nodes("Organization") if self.valid(o))

    def finding_about(
        self,
        comp: Competence,
        kind: str,
        variant: str,
        message: str,
        *,
        evidence: Iterable[Evidence] = (),
        records: Iterable[str] = (),
        details: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding about one competence: its holder, subjects, actions, region and evidence filled in."""
        return Finding(
            kind=kind,
            variant=variant,
            message=message,
            organizations=[comp.holder.label],
            subjects=[self.label(s) for s in comp.subjects],
            actions=[self.label(a) for a in comp.actions],
            region=str(comp.holder.get("region")),
            evidence=[*comp.evidence, *evidence],
            records=[comp.id, *records],
            details=details or {},
        )
