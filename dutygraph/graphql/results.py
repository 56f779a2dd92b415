"""GraphQL types of what the analyses answer: findings with their evidence, traces, pages of results."""

from __future__ import annotations

import base64
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from dutygraph.graphql.context import Context
from dutygraph.graphql.errors import UserFacingError
from dutygraph.graphql.nodes import NodeInterface
from dutygraph.graphql.security import CanSeePersons
from dutygraph.i18n import tr
from dutygraph.queries import Finding
from dutygraph.queries.complaint_reading import Match
from dutygraph.queries.findings import variant_name
from dutygraph.queries.roles import post_role_name, role_name
from dutygraph.queries.route import Route, TimeLimitOf
from dutygraph.queries.trace import Trace, TraceLink, responsibility_name

__all__ = [
    "FINDING_TYPES",
    "BasisProblem",
    "ComplaintHandling",
    "Connection",
    "EvidenceType",
    "Execution",
    "FindingInterface",
    "Gap",
    "Overlap",
    "RouteType",
    "Staffing",
    "TraceLinkType",
    "TraceType",
    "Unassigned",
    "finding_type",
    "paginate",
    "route_type",
    "trace_link_type",
]

T = TypeVar("T")


@strawberry.type(name="Evidence", description="The document, anchor and text a finding rests on.")
class EvidenceType:
    source: str
    anchor: str
    text: str


@strawberry.interface(name="Finding", description="A finding as of a date, with its evidence.")
class FindingInterface:
    kind: str
    variant: str
    severity: str = strawberry.field(description="How pressing: high, medium, low or info.")
    name: str = strawberry.field(description="The variant as its readers call it (职责交叉（包含）, 依据缺失 …).")
    message: str
    organizations: list[str]
    subjects: list[str]
    actions: list[str]
    region: str | None
    evidence: list[EvidenceType]
    records: list[strawberry.ID]
    details: JSON

    @strawberry.field(description="The duties, powers, articles … the finding is about.")
    async def about(self, info: Info[Context, None]) -> list[NodeInterface]:
        nodes = await info.context.loaders.nodes.load_many([str(r) for r in self.records])
        return [n for n in nodes if n is not None]  # type: ignore[misc]


@strawberry.type(description="Two organizations holding the same duty (职责交叉/重复监管).")
class Overlap(FindingInterface):
    @strawberry.field(description="Taxonomy paths that make the subjects overlap (石膏矿 → … → 非煤矿山).")
    def taxonomy_paths(self) -> list[list[str]]:
        details: dict[str, Any] = dict(cast(dict[str, Any], self.details or {}))
        return [list(p) for p in details.get("taxonomy_paths", [])]


@strawberry.type(description="A duty nobody holds (空缺/管理真空).")
class Gap(FindingInterface):
    pass


@strawberry.type(description="A duty that reaches no unit, post or person (职责未落实到岗).")
class Unassigned(FindingInterface):
    pass


@strawberry.type(description="A power with no valid legal basis, or an enforcement article no power carries.")
class BasisProblem(FindingInterface):
    pass


@strawberry.type(description="Staffing against the establishment (超编, 超职数配备, 自设内设机构 …).")
class Staffing(FindingInterface):
    pass


@strawberry.type(description="A post doing what its department's 三定 never gave it.")
class Execution(FindingInterface):
    pass


@strawberry.type(description="A complaint handled late (超期办理) or by the wrong organization (转办错误).")
class ComplaintHandling(FindingInterface):
    pass


FINDING_TYPES: dict[str, type[FindingInterface]] = {
    "overlap": Overlap,
    "gap": Gap,
    "unassigned": Unassigned,
    "basis": BasisProblem,
    "staffing": Staffing,
    "execution": Execution,
    "complaint": ComplaintHandling,
}


def finding_type(finding: Finding, roles: Collection[str]) -> FindingInterface:
    """The GraphQL object of a finding, as the caller's ``roles`` may see it (persons: the inspector role)."""
    if "inspector" not in roles:
        finding = finding.without_persons()
    cls = FINDING_TYPES[finding.kind]
    return cls(
        kind=finding.kind,
        variant=finding.variant,
        severity=finding.severity,
        name=variant_name(finding.kind, finding.variant),
        message=finding.message,
        organizations=list(finding.organizations),
        subjects=list(finding.subjects),
        actions=list(finding.actions),
        region=finding.region,
        evidence=[EvidenceType(source=e.source, anchor=e.anchor, text=e.text) for e in finding.evidence],
        records=[strawberry.ID(r) for r in finding.records],
        details=cast(JSON, dict(finding.details or {})),
    )


@strawberry.type(name="TraceLink", description="One person (or vacant post) answerable, and why.")
class TraceLinkType:
    side: str = strawberry.field(description="enterprise (主体责任) or government (监管责任)")
    responsibility: str = strawberry.field(
        description=(
            "principal (主体责任), direct (直接责任), supervisory (主管责任), leadership (领导责任) or "
            "territorial (属地责任)"
        )
    )
    responsibility_name: str = strawberry.field(description="The responsibility as readers call it (直接责任 …).")
    organization: str
    role: str | None = strawberry.field(
        description="The organization's role for this failure: lead (牵头) or cooperating (配合); "
        "none for the enterprise"
    )
    role_name: str = strawberry.field(description="The role as readers call it (牵头, 配合).")
    unit: str | None
    post: str | None
    post_id: strawberry.ID | None
    post_role: str | None = strawberry.field(description="primary (A角) or backup (B角) for the duty, if assigned so")
    post_role_name: str = strawberry.field(description="A角 or B角 as readers call it.")
    answers: bool = strawberry.field(
        description="Whether this person answered on the date: an A角 there, or a B角 standing in for an absent "
        "or vacant A角; an absent holder or a vacant post does not"
    )
    because: str
    evidence: list[EvidenceType]
    competences: list[strawberry.ID]
    structural: list[FindingInterface] = strawberry.field(
        description="Structural causes on this link on the date: an open overlap, no lead, a vacant post, no B角, "
        "a lapsed 执法证"
    )
    _person: strawberry.Private[str | None]
    _person_id: strawberry.Private[str | None]

    @strawberry.field(permission_classes=[CanSeePersons], description="The person holding the post on the date.")
    def person(self) -> str | None:
        return self._person

    @strawberry.field(permission_classes=[CanSeePersons])
    def person_id(self) -> strawberry.ID | None:
        return strawberry.ID(self._person_id) if self._person_id else None


@strawberry.type(name="Trace", description="From a failure to the duties, posts and persons answerable on its date.")
class TraceType:
    date: date
    subject: str
    region: str | None
    place: str | None = strawberry.field(description="Where the failure happened (行政区划代码).")
    action: str | None
    incident: JSON | None
    entity: JSON | None = strawberry.field(
        description="The regulated entity the incident names: name, licence, owner, principal (主要负责人)."
    )
    organizations: JSON = strawberry.field(
        description="The departments answerable, in rank order: id, organization, region, level, role, because, "
        "evidence."
    )
    competences: JSON = strawberry.field(description="The duties and powers found: id, kind, organization, title.")
    structural: list[FindingInterface] = strawberry.field(
        description="Every structural finding on the trace's links, and a gap when no organization leads."
    )
    links: list[TraceLinkType]


def trace_link_type(lk: TraceLink, roles: Collection[str]) -> TraceLinkType:
    """The GraphQL object of one trace link (persons shown only to the inspector role, by the field's permission)."""
    return TraceLinkType(
        side=lk.side,
        responsibility=lk.responsibility,
        responsibility_name=responsibility_name(lk.responsibility),
        organization=lk.organization,
        role=lk.role,
        role_name=role_name(lk.role),
        unit=lk.unit,
        post=lk.post,
        post_id=strawberry.ID(lk.post_id) if lk.post_id else None,
        post_role=lk.post_role,
        post_role_name=post_role_name(lk.post_role),
        answers=lk.answers,
        because=lk.because,
        evidence=[EvidenceType(source=e.source, anchor=e.anchor, text=e.text) for e in lk.evidence],
        competences=[strawberry.ID(c) for c in lk.competences],
        structural=[finding_type(f, roles) for f in lk.structural],
        _person=lk.person,
        _person_id=lk.person_id,
    )


def trace_type(result: Trace, roles: Collection[str]) -> TraceType:
    """The GraphQL object of a trace (its structural findings as the caller's ``roles`` may see them)."""
    return TraceType(
        date=date.fromisoformat(result.date),
        subject=result.subject,
        region=result.region,
        place=result.place,
        action=result.action,
        incident=cast(JSON, result.incident),
        entity=cast(JSON, result.entity),
        organizations=cast(JSON, result.organizations),
        competences=cast(
            JSON,
            [{k: c.get(k) for k in ("id", "kind", "organization", "role", "title")} for c in result.competences],
        ),
        structural=[finding_type(f, roles) for f in result.structural],
        links=[trace_link_type(lk, roles) for lk in result.links],
    )


@strawberry.type(name="ComplaintMatch", description="A concept a complaint names, and the words it was read from.")
class ComplaintMatchType:
    id: strawberry.ID
    label: str
    words: str = strawberry.field(description="The complaint's own words (销售…食品 for words apart).")
    how: str = strawberry.field(description="label, everyday (a complaint word), activity or wrongdoing")


@strawberry.type(name="ComplaintReading", description="What a complaint was read to be about.")
class ComplaintReadingType:
    subjects: list[ComplaintMatchType]
    actions: list[ComplaintMatchType]
    unmatched: list[str] = strawberry.field(
        description="Words that looked like a thing complained of and match no subject (for the taxonomy)."
    )


@strawberry.type(name="TimeLimit", description="A power's time limit and the deadline it sets from the complaint.")
class TimeLimitType:
    power: strawberry.ID
    name: str
    kind: str = strawberry.field(description="legal (法定期限) or promised (承诺期限)")
    limit: str = strawberry.field(description="As written: 20个工作日, 60日 …")
    start: date
    due: date = strawberry.field(description="The last day (工作日 counted on the holiday calendar)")
    estimated: bool = strawberry.field(description="Past the years the holiday calendar covers")


@strawberry.type(name="RouteCandidate", description="An organization that must act on a complaint, in rank order.")
class RouteCandidateType:
    id: strawberry.ID
    organization: str
    role: str = strawberry.field(description="lead (牵头) or cooperating (配合)")
    role_name: str
    because: str
    matched: JSON = strawberry.field(description="subject, subject_words, action, action_words that led here")
    evidence: JSON = strawberry.field(description="The duties and powers that make it responsible, with evidence.")
    posts: list[TraceLinkType]
    leaders: list[TraceLinkType]
    time_limits: list[TimeLimitType]


@strawberry.type(name="RouteDecision", description="What the receiving organization does with the complaint.")
class RouteDecisionType:
    action: str = strawberry.field(description="handle, forward (转办), refer (a gap: to the government) or none")
    to: list[str]
    reason: str


@strawberry.type(name="Route", description="A complaint routed from its own words as of its date (首问负责、转办).")
class RouteType:
    text: str
    date: date
    region: str | None
    received_by: str | None
    matched: ComplaintReadingType
    nothing_matched: bool
    candidates: list[RouteCandidateType]
    overlap: bool
    overlaps: list[FindingInterface]
    gap: bool
    gaps: list[FindingInterface]
    nearest: JSON = strawberry.field(description="For a gap: who holds the subjects nearest to it.")
    decision: RouteDecisionType | None
    deadline: TimeLimitType | None
    widened: bool = strawberry.field(description="No duty names the complaint's actions: all duties answered.")


def _time_limit(t: TimeLimitOf) -> TimeLimitType:
    d = t.deadline
    return TimeLimitType(
        power=strawberry.ID(t.power),
        name=t.name,
        kind=t.kind,
        limit=d.limit.text,
        start=d.start,
        due=d.due,
        estimated=d.estimated,
    )


def _match(m: Match) -> ComplaintMatchType:
    return ComplaintMatchType(id=strawberry.ID(m.id), label=m.label, words=m.words, how=m.how)


def route_type(result: Route, roles: Collection[str]) -> RouteType:
    """The GraphQL object of a routed complaint, as the caller's ``roles`` may see it."""
    reading = result.reading
    return RouteType(
        text=result.text,
        date=date.fromisoformat(result.date),
        region=result.region,
        received_by=result.received_by.label if result.received_by is not None else None,
        matched=ComplaintReadingType(
            subjects=[_match(m) for m in reading.subjects],
            actions=[_match(m) for m in reading.actions],
            unmatched=list(reading.unmatched),
        ),
        nothing_matched=not result.matched,
        candidates=[
            RouteCandidateType(
                id=strawberry.ID(c.organization.id),
                organization=c.organization.label,
                role=c.role,
                role_name=role_name(c.role),
                because=c.because,
                matched=cast(JSON, c.matched),
                evidence=cast(JSON, c.evidence),
                posts=[trace_link_type(lk, roles) for lk in c.posts],
                leaders=[trace_link_type(lk, roles) for lk in c.leaders],
                time_limits=[_time_limit(t) for t in c.time_limits],
            )
            for c in result.candidates
        ],
        overlap=result.overlap,
        overlaps=[finding_type(f, roles) for f in result.overlaps],
        gap=result.gap,
        gaps=[finding_type(f, roles) for f in result.gaps],
        nearest=cast(JSON, result.nearest),
        decision=RouteDecisionType(
            action=result.decision.action, to=list(result.decision.to), reason=result.decision.reason
        )
        if result.decision is not None
        else None,
        deadline=_time_limit(result.deadline) if result.deadline is not None else None,
        widened=result.widened,
    )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of results (Relay-style): follow `pageInfo.endCursor` with `after`.")
class Connection(Generic[T]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[T]]

    @strawberry.field
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str) -> int:
    try:
        kind, _, number = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if kind != "offset":
            raise ValueError(cursor)
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise UserFacingError(tr("not a cursor of this API: {cursor}", cursor=repr(cursor)), "BAD_USER_INPUT") from None


@dataclass(frozen=True)
class _Page:
    first: int
    start: int


def paginate(
    items: list[Any],
    first: int | None,
    after: str | None,
    context: Context,
    convert: Callable[[Any], Any] | None = None,
) -> Connection[Any]:
    """One page of ``items``: ``first`` of them (capped by the settings) after the cursor ``after``, each
    made what the page shows by ``convert`` (only the page's: an audit of thousands shows ten)."""
    settings = context.settings
    size = settings.default_page if first is None else first
    if size < 0 or size > settings.max_page:
        raise UserFacingError(
            tr("first must be between 0 and {max_page}, got {size}", max_page=settings.max_page, size=size),
            "BAD_USER_INPUT",
        )
    start = _offset(after) + 1 if after else 0
    chosen = items[start : start + size]
    if convert is not None:
        chosen = [convert(item) for item in chosen]
    edges = [Edge(cursor=_cursor(start + i), node=item) for i, item in enumerate(chosen)]
    return Connection(
        total_count=len(items),
        page_info=PageInfo(has_next_page=start + size < len(items), end_cursor=edges[-1].cursor if edges else None),
        edges=edges,
    )
