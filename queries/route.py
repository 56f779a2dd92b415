"""Routing a complaint from its own words (首问负责、转办): who must act on it, who answers for it, by when.

The complaint is read (:mod:`dutygraph.queries.complaint_reading`) into subjects and kinds of action; each
subject is traced (:func:`dutygraph.queries.trace.trace`) for each action on the complaint's date and place,
and the organizations found are merged into candidates in rank order: the leads (牵头, by a 职责分工 or the
duty's own verbs) before the cooperating, the complaint's own area first. Each candidate carries what in the
complaint made it one, the duties and powers that make it responsible, the posts and persons carrying them,
the leaders above, and the time limits its powers state.

Two leads bound by an open overlap finding make the matter an **overlap**; no lead makes it a **gap**, with
the nearest holders named (those holding the subjects beside it under its nearest broader subject). With
the organization that received it, the answer says whether to handle it or forward it (转办), and to whom;
a gap is referred to the area's government. When no subject matches, nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutygraph.errors import QueryError
from dutygraph.i18n import tr
from dutygraph.loaders.naming import region_key
from dutygraph.loaders.time_limits import parse_time_limit
from dutygraph.queries.areas import find_organization, government_of, is_government, region_within
from dutygraph.queries.complaint_reading import ComplaintReading, Match, complaint_reader
from dutygraph.queries.context import AsOf, Competence, as_iso_date
from dutygraph.queries.deadlines import Deadline, due_date
from dutygraph.queries.findings import Finding
from dutygraph.queries.overlaps import find_overlaps
from dutygraph.queries.trace import Trace, TraceLink, trace
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader

__all__ = ["Candidate", "Decision", "Route", "TimeLimitOf", "route"]

_OPEN_OVERLAPS = ("duplicate", "subsumed", "partial")
_ABOVE = ("supervisory", "leadership", "territorial")


@dataclass(frozen=True)
class TimeLimitOf:
    """A power's time limit (``legal`` 法定 or ``promised`` 承诺) and the deadline it sets from the complaint."""

    power: str
    name: str
    kind: str
    deadline: Deadline

    def to_dict(self) -> dict[str, Any]:
        return {"power": self.power, "name": self.name, "kind": self.kind, **self.deadline.to_dict()}


@dataclass
class Candidate:
    """An organization that must act on the complaint, in rank order, with everything that makes it so."""

    organization: Node
    role: str
    because: str
    role_evidence: list[dict[str, Any]] = field(default_factory=list)
    """Where its role is written: the 职责分工 clause that names it lead or cooperating, if one does."""
    matched: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    posts: list[TraceLink] = field(default_factory=list)
    leaders: list[TraceLink] = field(default_factory=list)
    time_limits: list[TimeLimitOf] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.organization.id,
            "organization": self.organization.label,
            "region": self.organization.get("region"),
            "role": self.role,
            "because": self.because,
            "role_evidence": self.role_evidence,
            "matched": self.matched,
            "evidence": self.evidence,
            "posts": [link.to_dict() for link in self.posts],
            "leaders": [link.to_dict() for link in self.leaders],
            "time_limits": [t.to_dict() for t in self.time_limits],
        }


@dataclass(frozen=True)
class Decision:
    """What the receiving organization does: ``handle`` it, ``forward`` it (转办) to ``to``, ``refer`` a gap
    to the area's government, or ``none`` when nothing matched."""

    action: str
    to: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "to": list(self.to), "reason": self.reason}


@dataclass
class Route:
    """A complaint routed as of its date: candidates, overlap or gap, the decision and the deadline."""

    text: str
    date: str
    region: str | None
    reading: ComplaintReading
    received_by: Node | None = None
    candidates: list[Candidate] = field(default_factory=list)
    overlaps: list[Finding] = field(default_factory=list)
    gaps: list[Finding] = field(default_factory=list)
    nearest: list[dict[str, Any]] = field(default_factory=list)
    decision: Decision | None = None
    deadline: TimeLimitOf | None = None
    widened: bool = False
    """No duty names the complaint's actions: every duty on its subjects answered instead."""
    narrowed: list[str] = field(default_factory=list)
    """Nobody holds a subject as the complaint names it: the narrower subjects held answered instead."""

    @property
    def overlap(self) -> bool:
        return bool(self.overlaps)

    @property
    def gap(self) -> bool:
        return bool(self.gaps)

    @property
    def matched(self) -> bool:
        return self.reading.matched

    def leads(self) -> list[Candidate]:
        return [c for c in self.candidates if c.role == "lead"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.date,
            "region": self.region,
            "received_by": self.received_by.label if self.received_by is not None else None,
            "matched": self.reading.to_dict(),
            "nothing_matched": not self.matched,
            "candidates": [c.to_dict() for c in self.candidates],
            "overlap": self.overlap,
            "overlaps": [f.to_dict() for f in self.overlaps],
            "gap": self.gap,
            "gaps": [f.to_dict() for f in self.gaps],
            "nearest": self.nearest,
            "decision": self.decision.to_dict() if self.decision is not None else None,
            "deadline": self.deadline.to_dict() if self.deadline is not None else None,
            "widened": self.widened,
            "narrowed": self.narrowed,
        }


def route(
    g: GraphReader,
    text: str,
    on: date | str,
    *,
    region: str | None = None,
    received_by: str | None = None,
) -> Route:
    """Route the complaint ``text`` received on ``on`` in ``region`` (where it happened; default anywhere).

    ``received_by`` (an organization's id or name) is the one that received it (首问): the decision says
    whether it handles the complaint or forwards it.

    Raises
    ------
    NotFound
        ``received_by`` names no organization.
    QueryError
        the text is empty.
    """
    if not text.strip():
        raise QueryError(tr("the complaint's text is empty"))
    day = as_iso_date(on)
    place = region_key(region) if region is not None else None
    receiver = find_organization(g, received_by) if received_by is not None else None
    reading = complaint_reader(g).read(text)
    result = Route(text=text, date=day, region=place, reading=reading, received_by=receiver)
    if not reading.matched:
        result.decision = Decision(
            "none", (), tr("nothing in the taxonomy matched: record the complaint and ask what it is about")
        )
        return result
    view = AsOf.shared(g, day)
    traces = _traces(g, reading, day, place, result)
    _merge(view, result, traces)
    _structural(view, result, traces)
    if result.gap:
        result.nearest = _nearest_holders(view, [m.id for m in reading.subjects], place)
    _deadlines(view, result)
    result.decision = _decide(view, result)
    handler = _handler(result)
    if handler is not None and handler.time_limits:
        result.deadline = min(handler.time_limits, key=lambda t: t.deadline.due)
    return result


def _traces(
    g: GraphReader, reading: ComplaintReading, day: str, place: str | None, result: Route
) -> list[tuple[Match, Match | None, Trace]]:
    """One trace per subject and action; a subject no duty holds with those actions is traced with none,
    and one nobody holds at all by the narrower subjects that are held (危化品: 危险化学品经营企业 …)."""
    view = AsOf.shared(g, day)
    found: list[tuple[Match, Match | None, Trace]] = []
    for subject in reading.subjects:
        answered = _traced(g, subject, reading.actions, day, place, result)
        if not any(t.organizations for _, t in answered):
            for narrower in _held_below(view, subject.id):
                part = Match(narrower, view.label(narrower), subject.words, subject.how)
                below = _traced(g, part, reading.actions, day, place, result)
                if any(t.organizations for _, t in below):
                    result.narrowed.append(view.label(narrower))
                    found.extend((part, action, t) for action, t in below if t.organizations)
            if result.narrowed:
                continue
        found.extend((subject, action, t) for action, t in answered)
    return found


def _traced(
    g: GraphReader, subject: Match, actions: list[Match], day: str, place: str | None, result: Route
) -> list[tuple[Match | None, Trace]]:
    """The traces of ``subject`` for each action that any duty answers, else for none."""
    by_action: list[tuple[Match | None, Trace]] = [
        (a, trace(g, subject=subject.id, on=day, place=place, action=a.id)) for a in actions
    ]
    answered = [(a, t) for a, t in by_action if t.organizations]
    if answered:
        return answered
    plain = trace(g, subject=subject.id, on=day, place=place)
    if actions and plain.organizations:
        result.widened = True
    return [(None, plain)]


def _held_below(view: AsOf, subject: str) -> list[str]:
    """The subjects under ``subject`` that a competence in force holds, nearest first (none held: none)."""
    held = {s for comp in view.competences for s in comp.subjects}
    out: list[str] = []
    frontier = [subject]
    seen = {subject}
    while frontier:
        below = sorted({c for s in frontier for c in view.children.get(s, ()) if c not in seen})
        seen.update(below)
        out.extend(c for c in below if c in held)
        frontier = [c for c in below if c not in held]
    return out


def _merge(view: AsOf, result: Route, traces: list[tuple[Match, Match | None, Trace]]) -> None:
    """Candidates from the traces' organizations, leads before cooperating, each in its best rank."""
    best: dict[str, tuple[int, int]] = {}
    by_id: dict[str, Candidate] = {}
    for subject, action, found in traces:
        for rank, info in enumerate(found.organizations):
            org_id = info["id"]
            node = view.g.get(org_id)
            if node is None:  # pragma: no cover - a trace names stored organizations only
                continue
            candidate = by_id.get(org_id)
            if candidate is None:
                candidate = by_id[org_id] = Candidate(node, info["role"], info["because"], list(info["evidence"]))
            elif info["role"] == "lead" and candidate.role != "lead":
                candidate.role, candidate.because, candidate.role_evidence = "lead", info["because"], info["evidence"]
            placed = (0 if info["role"] == "lead" else 1, rank)
            best[org_id] = min(best.get(org_id, placed), placed)
            candidate.matched.append(
                {
                    "subject": subject.label,
                    "subject_words": subject.words,
                    "action": action.label if action is not None else None,
                    "action_words": action.words if action is not None else None,
                }
            )
            held = {c["id"] for c in found.competences if c["organization"] == node.label}
            for comp in found.competences:
                if comp["id"] in held and all(e["id"] != comp["id"] for e in candidate.evidence):
                    candidate.evidence.append(comp)
            for link in found.links:
                if not held & set(link.competences) or link.side != "government":
                    continue
                into = candidate.posts if link.responsibility == "direct" else candidate.leaders
                if link.responsibility in ("direct", *_ABOVE) and not any(_same(link, x) for x in into):
                    into.append(link)
    specific = {org: _specificity(view, c, traces) for org, c in by_id.items()}

    def rank_of(c: Candidate) -> tuple[int, int, int, int, str]:
        # lead first; the complaint's own area before the areas above; the most specific holder; as traced
        org = c.organization.id
        away = 0 if result.region is None or str(c.organization.get("region")) == result.region else 1
        return (best[org][0], away, specific[org], best[org][1], org)

    result.candidates = sorted(by_id.values(), key=rank_of)


def _specificity(view: AsOf, candidate: Candidate, traces: list[tuple[Match, Match | None, Trace]]) -> int:
    """How far above the complaint's subject the candidate's nearest holding is: the sector department that
    holds 冶金 itself comes before the one holding all 工矿商贸 (安全生产法 第十条: 行业 before 综合)."""
    comps = [view.competence_by_id[c["id"]] for c in candidate.evidence if c["id"] in view.competence_by_id]
    steps = [
        len(view.path(subject.id, s))
        for subject, _, _ in traces
        for comp in comps
        for s in comp.subjects
        if view.covers(s, subject.id)
    ]
    return min(steps, default=0)


def _same(a: TraceLink, b: TraceLink) -> bool:
    return (a.post_id, a.person_id, a.responsibility, a.organization) == (
        b.post_id,
        b.person_id,
        b.responsibility,
        b.organization,
    )


def _structural(view: AsOf, result: Route, traces: list[tuple[Match, Match | None, Trace]]) -> None:
    """The open overlaps between the leads, as the audit gives them (one per pair and subject, every clause
    as evidence), and the gaps of subjects nobody leads."""
    leads = result.leads()
    names = {c.organization.label for c in leads}
    held = [view.competence_by_id[e["id"]] for c in leads for e in c.evidence if e["id"] in view.competence_by_id]
    if len(names) >= 2:
        result.overlaps = [
            f
            for f in find_overlaps(view, among=held)
            if f.variant in _OPEN_OVERLAPS and len(names & set(f.organizations)) >= 2
        ]
    if leads:
        return
    seen: set[str] = set()
    for _, _, found in traces:
        for finding in found.structural:
            if finding.kind == "gap" and finding.message not in seen:
                seen.add(finding.message)
                result.gaps.append(finding)


def _nearest_holders(view: AsOf, subjects: list[str], place: str | None) -> list[dict[str, Any]]:
    """Who holds the subjects nearest to a gap: under its nearest broader subject that anyone holds."""
    for subject in subjects:
        frontier = [subject]
        seen = {subject}
        while frontier:
            parents = [p for s in frontier for p in view.g.targets(s, "broader") if p not in seen]
            seen.update(parents)
            found: dict[str, dict[str, Any]] = {}
            for parent in parents:
                for comp in _under(view, parent):
                    holder = comp.holder
                    if place is not None and not region_within(place, str(holder.get("region"))):
                        continue
                    entry = found.setdefault(
                        holder.id, {"id": holder.id, "organization": holder.label, "subjects": [], "under": []}
                    )
                    for held in comp.subjects:
                        if view.covers(parent, held) and view.label(held) not in entry["subjects"]:
                            entry["subjects"].append(view.label(held))
                    if view.label(parent) not in entry["under"]:
                        entry["under"].append(view.label(parent))
            if found:
                return sorted(found.values(), key=lambda e: e["id"])
            frontier = parents
    return []


def _under(view: AsOf, subject: str) -> list[Competence]:
    """Competences in force holding ``subject`` or anything under it."""
    stack, seen = [subject], {subject}
    out: dict[str, Competence] = {}
    while stack:
        current = stack.pop()
        for comp in view.covering(current):
            if any(view.covers(subject, s) for s in comp.subjects):
                out[comp.id] = comp
        for child in view.children.get(current, ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return [out[k] for k in sorted(out)]


def _deadlines(view: AsOf, result: Route) -> None:
    """Each candidate's powers' time limits, counted from the complaint's date on the working-day calendar."""
    start = date.fromisoformat(result.date)
    for candidate in result.candidates:
        for comp in candidate.evidence:
            node = view.g.get(comp["id"])
            if node is None or node.kind != "Power":
                continue
            for kind, column in (("promised", "promised_time_limit"), ("legal", "legal_time_limit")):
                limit = parse_time_limit(node.get(column))
                if limit is not None:
                    candidate.time_limits.append(TimeLimitOf(node.id, node.label, kind, due_date(start, limit)))


def _handler(result: Route) -> Candidate | None:
    """The candidate that handles the complaint: the receiver when it leads, else the first lead."""
    leads = result.leads()
    if result.received_by is not None:
        for candidate in leads:
            if candidate.organization.id == result.received_by.id:
                return candidate
    return leads[0] if leads else None


def _place_government(view: AsOf, place: str | None, near: list[Candidate]) -> Node | None:
    """The government to refer a gap to: the most local one holding the place, else the nearest holder's."""
    if place is not None:
        governments = [
            o
            for o in view.g.nodes("Organization")
            if is_government(o) and view.valid(o) and region_within(place, str(o.get("region")))
        ]
        if governments:
            return max(governments, key=lambda o: (len(str(o.get("region")).rstrip("0")), o.id))
    for candidate in near:
        government = government_of(view, candidate.organization)
        if government is not None:
            return government
    return None


def _decide(view: AsOf, result: Route) -> Decision:
    leads = result.leads()
    names = tuple(c.organization.label for c in leads)
    receiver = result.received_by
    if not leads:
        government = _place_government(view, result.region, result.candidates)
        to = (government.label,) if government is not None else ()
        return Decision(
            "refer",
            to,
            tr(
                "no organization leads it (a gap): {government} assigns it, told of the nearest holders",
                government=to[0] if to else tr("the government of the area"),
            ),
        )
    if receiver is not None and receiver.id in {c.organization.id for c in leads}:
        if result.overlap:
            others = "、".join(n for n in names if n != receiver.label)
            return Decision(
                "handle",
                (receiver.label,),
                tr(
                    "{receiver} leads it and handles it; {others} also lead it (an open overlap): tell them",
                    receiver=receiver.label,
                    others=others,
                ),
            )
        return Decision("handle", (receiver.label,), tr("{receiver} leads it: handle it", receiver=receiver.label))
    if result.overlap:
        reason = tr("they all lead it (an open overlap): the first named handles it, the others are told")
        return Decision("forward", names, reason)
    first = leads[0].organization.label
    if receiver is None:
        return Decision("forward", (first,), tr("{organization} leads it", organization=first))
    return Decision(
        "forward",
        (first,),
        tr(
            "{receiver} does not lead it; {organization} does",
            receiver=receiver.label,
            organization=first,
        ),
    )
