"""The GraphQL schema: queries for records, findings and traces as of a date; mutations that change the graph.

Every query field needs the ``reader`` role, traces and persons the ``inspector`` role, mutations the
``loader`` role (:mod:`dutygraph.graphql.security`). The analyses run in a worker thread, so that the
per-request timeout holds even while one computes.
"""

from __future__ import annotations

import asyncio
import contextvars
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import strawberry
from graphql import GraphQLError
from strawberry.extensions import AddValidationRules, ParserCache, SchemaExtension
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON
from strawberry.schema.schema import validate_document
from strawberry.types import Info

from dutygraph.errors import DatasetInvalid, NotFound, StoreBusy
from dutygraph.graphql.context import Context
from dutygraph.graphql.errors import UserFacingError
from dutygraph.graphql.limits import cost_rule
from dutygraph.graphql.nodes import NODE_TYPES, NodeInterface
from dutygraph.graphql.results import (
    FINDING_TYPES,
    BasisProblem,
    Connection,
    FindingInterface,
    Gap,
    Overlap,
    RouteType,
    Staffing,
    TraceType,
    Unassigned,
    finding_type,
    paginate,
    route_type,
    trace_type,
)
from dutygraph.graphql.security import CanLoad, CanRead, CanSeePersons
from dutygraph.graphql.settings import Settings
from dutygraph.i18n import current_language, tr, use_language
from dutygraph.loaders import LoadResult, OrganizationHint, load_paths
from dutygraph.loaders.records import RawRecord, build_batch
from dutygraph.queries import AsOf, Finding, audit, trace
from dutygraph.queries.areas import find_organization
from dutygraph.queries.evaluation import Evaluation, SchemeInvalid, evaluate, read_scheme
from dutygraph.queries.route import route
from dutygraph.queries.staffing import find_staffing_problems
from dutygraph.queries.trace import find_concept
from dutygraph.records import Node
from dutygraph.schema import is_personal
from dutygraph.stores import Store

__all__ = ["build_schema"]

R = TypeVar("R")
QUERY_TEXTS_KEPT = 256
"""How many distinct query texts the server keeps parsed and validated (least recently asked dropped)."""
Organization = NODE_TYPES["Organization"]
Subject = NODE_TYPES["Subject"]
Incident = NODE_TYPES["Incident"]


async def _off_loop(info: Info[Context, None], work: Callable[[], R]) -> R:
    """Run an analysis on the server's worker pool: the event loop stays free to answer others (/healthz,
    cheap queries) and the request timeout can fire. The work runs in a copy of this context (its language)."""
    pool = info.context.pool
    if pool is None:
        return await asyncio.to_thread(work)
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(pool, context.run, work)


def _shared(info: Info[Context, None], question: tuple[Any, ...], work: Callable[[], R]) -> R:
    """``work``'s answer, computed once per store state, question and language for every request."""
    return info.context.cache.get(info.context.store, (*question, current_language()), work)


def _on(as_of: date | None) -> str | None:
    return as_of.isoformat() if as_of else None


@strawberry.input(description="Narrow organizations down; every given condition must hold.")
class OrganizationFilter:
    region: str | None = None
    level: str | None = None
    name_contains: str | None = None
    subject: str | None = strawberry.field(
        default=None, description="Subject id or label: organizations holding it or any narrower subject."
    )
    power_type: str | None = strawberry.field(default=None, description="职权类型 id or label.")


@strawberry.input(description="Narrow findings down; every given condition must hold.")
class FindingFilter:
    region: str | None = None
    level: str | None = None
    organization: str | None = strawberry.field(default=None, description="Organization id or name.")
    subject: str | None = strawberry.field(
        default=None, description="Subject id or label: findings about it or any narrower subject."
    )
    power_type: str | None = strawberry.field(default=None, description="Findings about a power of this type.")
    variant: str | None = None


def _concept(g: Any, kind: str, key: str) -> Node:
    try:
        return find_concept(g, kind, key)
    except NotFound:
        raise UserFacingError(
            tr("no {kind} {key} (give an id or a label)", kind=kind, key=repr(key)), "BAD_USER_INPUT"
        ) from None


def _competences_of(view: AsOf) -> dict[str, list[Any]]:
    held: dict[str, list[Any]] = {}
    for comp in view.competences:
        held.setdefault(comp.holder.id, []).append(comp)
    return held


def _organizations(store: Any, flt: OrganizationFilter | None, on: str | None) -> list[Node]:
    view = AsOf(store, on)
    orgs = sorted(view.organizations(), key=lambda n: n.id)
    if flt is None:
        return orgs
    if flt.region is not None:
        orgs = [o for o in orgs if o.get("region") == flt.region]
    if flt.level is not None:
        orgs = [o for o in orgs if o.get("level") == flt.level]
    if flt.name_contains:
        orgs = [o for o in orgs if flt.name_contains in str(o.get("name", ""))]
    if flt.subject or flt.power_type:
        held = _competences_of(view)
        subject = _concept(store, "Subject", flt.subject).id if flt.subject else None
        power_type = _concept(store, "PowerType", flt.power_type).id if flt.power_type else None

        def keeps(org: Node) -> bool:
            comps = held.get(org.id, [])
            if subject is not None:
                comps = [c for c in comps if any(view.covers(subject, s) for s in c.subjects)]
            if power_type is not None:
                comps = [c for c in comps if c.kind == "Power" and power_type in store.targets(c.id, "powerType")]
            return bool(comps)

        orgs = [o for o in orgs if keeps(o)]
    return orgs


async def _finding_page(
    info: Info[Context, None],
    kind: str,
    flt: FindingFilter | None,
    first: int | None,
    after: str | None,
    as_of: date | None,
    lang: Language | None = None,
    **options: Any,
) -> Connection[Any]:
    """One page of the findings of one kind as of the date, worked out off the event loop, in the language asked."""
    store = info.context.store
    with use_language(_language(info, lang)):  # the worker thread runs in a copy of this context
        on = (as_of or date.today()).isoformat()
        question = ("audit", kind, on, tuple(sorted(options.items())))

        def work() -> list[Finding]:
            found = _shared(info, question, lambda: audit(store, on, kinds=(kind,), **options).findings)
            return _filtered(store, found, flt, on)

        found = await _off_loop(info, work)
        roles = info.context.roles
        return paginate(found, first, after, info.context, lambda f: finding_type(f, roles))


def _filtered(store: Any, result: list[Finding], flt: FindingFilter | None, on: str) -> list[Finding]:
    """The findings ``flt`` keeps (all without one)."""
    if flt is None:
        return result
    view = AsOf(store, on)
    if flt.variant:
        result = [f for f in result if f.variant == flt.variant]
    if flt.region is not None:
        result = [f for f in result if f.region == flt.region]
    if flt.organization:
        named = store.get(flt.organization)
        name = str(named.get("name")) if named is not None else flt.organization
        result = [f for f in result if name in f.organizations]
    if flt.level is not None:
        names = {str(o.get("name")) for o in view.organizations() if o.get("level") == flt.level}
        result = [f for f in result if set(f.organizations) & names]
    if flt.subject:
        subject = _concept(store, "Subject", flt.subject).id
        below, stack = {subject}, [subject]
        while stack:
            for child in view.children.get(stack.pop(), []):
                if child not in below:
                    below.add(child)
                    stack.append(child)
        covered = {view.label(s) for s in below}
        result = [f for f in result if set(f.subjects) & covered]
    if flt.power_type:
        power_type = _concept(store, "PowerType", flt.power_type).id
        result = [
            f
            for f in result
            if any(
                (n := store.get(r)) is not None and n.kind == "Power" and power_type in store.targets(r, "powerType")
                for r in f.records
            )
        ]
    return result


@strawberry.enum(description="The language of the text a field returns; codes and keys are the same in both.")
class Language(Enum):
    ZH = "zh"
    EN = "en"


LangArg = Annotated[
    Language | None,
    strawberry.argument(
        description="Language of the text (messages, names, reasons): ZH or EN; default: the "
        "request's Accept-Language, else the server's (Chinese)."
    ),
]


def _language(info: Info[Context, None], lang: Language | None) -> str | None:
    return lang.value if lang is not None else info.context.language


AsOfArg = Annotated[date | None, strawberry.argument(description="Date the answer is computed for (default today).")]
First = Annotated[int | None, strawberry.argument(description="Page size (capped by the server).")]
After = Annotated[str | None, strawberry.argument(description="Cursor of the last item of the previous page.")]


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[CanRead], description="Any record by its id.")
    async def node(self, info: Info[Context, None], id: strawberry.ID) -> NodeInterface | None:
        found = await info.context.loaders.nodes.load(str(id))
        if found is None:
            raise UserFacingError(tr("no record {id}", id=repr(id)), "NOT_FOUND")
        if is_personal(found.kind) and "inspector" not in info.context.roles:
            # a person's record, credential, holding or absence: even its id may name the person
            raise UserFacingError(CanSeePersons.message, "FORBIDDEN")
        return cast(NodeInterface, found)

    @strawberry.field(permission_classes=[CanRead], description="Organizations in force on the date.")
    async def organizations(
        self,
        info: Info[Context, None],
        filter: OrganizationFilter | None = None,
        first: First = None,
        after: After = None,
        as_of: AsOfArg = None,
    ) -> Connection[Organization]:
        store = info.context.store
        found = await _off_loop(info, lambda: _organizations(store, filter, _on(as_of)))
        return paginate(found, first, after, info.context)

    @strawberry.field(
        permission_classes=[CanRead],
        description="The subject taxonomy: its top concepts, or the narrower concepts of `broader`.",
    )
    def subjects(self, info: Info[Context, None], broader: str | None = None) -> list[Subject]:
        store = info.context.store
        if broader is None:
            found = [n for n in store.nodes("Subject") if not store.targets(n.id, "broader")]
        else:
            parent = _concept(store, "Subject", broader)
            found = [n for n in store.get_many(store.sources(parent.id, "broader")) if n is not None]
        return sorted(found, key=lambda n: str(n.get("label")))

    @strawberry.field(permission_classes=[CanRead], description="Overlaps (职责交叉/重复监管) as of the date.")
    async def overlaps(
        self,
        info: Info[Context, None],
        filter: FindingFilter | None = None,
        include_resolved: bool = False,
        first: First = None,
        after: After = None,
        as_of: AsOfArg = None,
        lang: LangArg = None,
    ) -> Connection[Overlap]:
        return await _finding_page(
            info, "overlap", filter, first, after, as_of, lang, include_resolved=include_resolved
        )

    @strawberry.field(permission_classes=[CanRead], description="Gaps (空缺/管理真空) as of the date.")
    async def gaps(
        self,
        info: Info[Context, None],
        filter: FindingFilter | None = None,
        first: First = None,
        after: After = None,
        as_of: AsOfArg = None,
        lang: LangArg = None,
    ) -> Connection[Gap]:
        return await _finding_page(info, "gap", filter, first, after, as_of, lang)

    @strawberry.field(permission_classes=[CanRead], description="Duties reaching no unit, post or person.")
    async def unassigned(
        self,
        info: Info[Context, None],
        filter: FindingFilter | None = None,
        first: First = None,
        after: After = None,
        as_of: AsOfArg = None,
        lang: LangArg = None,
    ) -> Connection[Unassigned]:
        return await _finding_page(info, "unassigned", filter, first, after, as_of, lang)

    @strawberry.field(permission_classes=[CanRead], description="Basis coverage problems (执法依据) as of the date.")
    async def basis_coverage(
        self,
        info: Info[Context, None],
        filter: FindingFilter | None = None,
        first: First = None,
        after: After = None,
        as_of: AsOfArg = None,
        lang: LangArg = None,
    ) -> Connection[BasisProblem]:
        return await _finding_page(info, "basis", filter, first, after, as_of, lang)

    @strawberry.field(
        permission_classes=[CanRead],
        description="Organizations, units, posts, subjects and incidents (persons too, for inspectors) by name.",
    )
    async def search(self, info: Info[Context, None], text: str, first: int = 20) -> list[SearchHit]:
        if not text.strip():
            raise UserFacingError(tr("search for some text"), "BAD_USER_INPUT")
        store, roles, size = info.context.store, info.context.roles, min(first, info.context.settings.max_page)
        # a search scans the store: off the loop, and shared by everyone asking it (persons: per role)
        question = ("search", text.strip(), "inspector" in roles, size)
        return await _off_loop(info, lambda: _shared(info, question, lambda: _search(store, text.strip(), roles, size)))

    @strawberry.field(permission_classes=[CanRead], description="A record with its relationships both ways, to draw.")
    async def neighbourhood(self, info: Info[Context, None], id: strawberry.ID) -> Neighbourhood:
        store, roles = info.context.store, info.context.roles
        return await _off_loop(info, lambda: _neighbourhood(store, str(id), roles))

    @strawberry.field(
        permission_classes=[CanRead],
        description="Staffing of one organization (id or name) against its establishment, as of the date.",
    )
    async def staffing(
        self, info: Info[Context, None], organization: str, as_of: AsOfArg = None, lang: LangArg = None
    ) -> list[Staffing]:
        store = info.context.store

        def work() -> list[Finding]:
            org = find_organization(store, organization)
            return find_staffing_problems(AsOf(store, _on(as_of)), org.id)

        with use_language(_language(info, lang)):
            return [finding_type(f, info.context.roles) for f in await _off_loop(info, work)]  # type: ignore[misc]

    @strawberry.field(
        permission_classes=[CanRead],
        description="The 机构编制执行情况评估 of one organization: the scheme (YAML text; default: the shipped one) "
        'filled from its findings; `manual` scores the manual items ([{item: "public-review", score: 12}]).',
    )
    async def evaluation(
        self,
        info: Info[Context, None],
        organization: str,
        as_of: AsOfArg = None,
        scheme: str | None = None,
        manual: list[ManualScore] | None = None,
        lang: LangArg = None,
    ) -> EvaluationType:
        store = info.context.store
        chosen = _scheme_from(scheme)
        scores = {m.item: m.score for m in manual or []}
        with use_language(_language(info, lang)):
            result = await _off_loop(
                info, lambda: evaluate(store, organization, _on(as_of), scheme=chosen, manual=scores)
            )
            return _evaluation_type(result, info.context.roles)

    @strawberry.field(
        permission_classes=[CanSeePersons],
        description="From an incident (or a subject on a date) to the duties, posts and persons answerable.",
    )
    async def trace(
        self,
        info: Info[Context, None],
        incident: strawberry.ID | None = None,
        subject: str | None = None,
        action: str | None = None,
        region: str | None = None,
        date: date | None = None,
        place: str | None = None,
        lang: LangArg = None,
    ) -> TraceType:
        store = info.context.store
        with use_language(_language(info, lang)):
            question = ("trace", incident, subject, action, region, date, place)
            result = await _off_loop(
                info,
                lambda: _shared(
                    info,
                    question,
                    lambda: trace(
                        store,
                        incident=str(incident) if incident else None,
                        subject=subject,
                        on=date,
                        region=region,
                        action=action,
                        place=place,
                    ),
                ),
            )
            return trace_type(result, info.context.roles)

    @strawberry.field(
        permission_classes=[CanRead],
        description="Route a complaint from its own words as of its date (首问负责、转办): the candidate "
        "organizations lead first with their duties, posts and leaders, overlap or gap, handle or forward, and "
        "the deadline. Persons only with the inspector role.",
    )
    async def route(
        self,
        info: Info[Context, None],
        text: str,
        date: date,
        region: str | None = None,
        received_by: str | None = None,
        lang: LangArg = None,
    ) -> RouteType:
        store = info.context.store
        with use_language(_language(info, lang)):
            question = ("route", text, date, region, received_by)
            result = await _off_loop(
                info,
                lambda: _shared(
                    info, question, lambda: route(store, text, date, region=region, received_by=received_by)
                ),
            )
            return route_type(result, info.context.roles)


@strawberry.input(description="The score given by hand to a manual item of the scheme (社会评议).")
class ManualScore:
    item: str
    score: float


@strawberry.type(description="The points one kind of finding cost an item, and the finding.")
class DeductionType:
    points: float
    finding: FindingInterface


@strawberry.type(description="One indicator of the scheme, scored.")
class EvaluationItem:
    id: str
    name: str
    group: str
    weight: float
    score: float | None = strawberry.field(description="null: left for manual scoring")
    manual: bool
    deductions: list[DeductionType]


@strawberry.type(
    name="Evaluation", description="机构编制执行情况评估: a scheme filled from one organization's findings."
)
class EvaluationType:
    organization: str
    as_of: date
    scheme: str
    items: list[EvaluationItem]
    total: float
    unscored_manual_points: float
    grade: str | None = strawberry.field(description="null until the manual items are scored")
    grade_range: list[str] = strawberry.field(description="[best, worst] grade the manual items can still give")
    serious: list[FindingInterface]


def _evaluation_type(result: Evaluation, roles: frozenset[str]) -> EvaluationType:
    return EvaluationType(
        organization=result.organization,
        as_of=date.fromisoformat(result.as_of),
        scheme=result.scheme,
        items=[
            EvaluationItem(
                id=i.item.id,
                name=i.item.name,
                group=i.item.group,
                weight=i.item.weight,
                score=i.score,
                manual=i.item.manual,
                deductions=[
                    DeductionType(points=d.points, finding=finding_type(d.finding, roles)) for d in i.deductions
                ],
            )
            for i in result.items
        ],
        total=result.total,
        unscored_manual_points=result.unscored,
        grade=result.grade,
        grade_range=list(result.grade_range),
        serious=[finding_type(f, roles) for f in result.serious],
    )


def _scheme_from(text: str | None) -> Any:
    import tempfile as _tempfile

    if text is None:
        return read_scheme()
    with _tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as out:
        out.write(text)
    try:
        return read_scheme(out.name)
    except SchemeInvalid as exc:
        raise UserFacingError(str(exc).replace(out.name, "scheme"), "BAD_USER_INPUT") from None
    finally:
        Path(out.name).unlink(missing_ok=True)


@strawberry.type(description="A record found by `search`.")
class SearchHit:
    id: strawberry.ID
    kind: str
    label: str


@strawberry.type(name="GraphNode")
class GraphNodeType:
    id: strawberry.ID
    kind: str
    label: str


@strawberry.type(name="GraphEdge")
class GraphEdgeType:
    source: strawberry.ID
    target: strawberry.ID
    kind: str


@strawberry.type(description="A record and the records it points at or that point at it, for drawing.")
class Neighbourhood:
    nodes: list[GraphNodeType]
    edges: list[GraphEdgeType]


_SEARCHED = ("Organization", "Unit", "Post", "Subject", "Incident", "Person")


def _label(node: Node, roles: frozenset[str]) -> str:
    """What a drawing calls a record: its name, or for records with none what identifies them to a reader."""
    if node.kind == "Person" and "inspector" not in roles:
        return "（人员）"  # persons' names are personal data
    if node.kind == "Duty":
        return f"{node.get('anchor', '')} {str(node.get('text', ''))[:24]}"
    if node.kind == "Assignment":
        return {"primary": "A角", "backup": "B角"}.get(str(node.get("role")), "分解")
    if node.kind == "Holding":
        return f"任职 {node.get('valid_from')}–{node.get('valid_to') or ''}"
    if node.kind == "Basis":
        return str(node.get("citation") or node.id)
    return node.label


def _search(store: Any, text: str, roles: frozenset[str], first: int) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for kind in _SEARCHED:
        if kind == "Person" and "inspector" not in roles:
            continue
        for node in store.nodes(kind):
            names = [
                node.label,
                *(str(a) for a in node.get("alt_names", [])),
                *(str(a) for a in node.get("alt_labels", [])),
            ]
            if any(text in name for name in names):
                hits.append(SearchHit(id=strawberry.ID(node.id), kind=kind, label=node.label))
    hits.sort(key=lambda h: (h.label != text, len(h.label), h.label))
    return hits[:first]


def _neighbourhood(store: Any, node_id: str, roles: frozenset[str]) -> Neighbourhood:
    from dutygraph.schema import EDGE_KINDS

    centre = store.get(node_id)
    if centre is None:
        raise UserFacingError(tr("no record {node_id}", node_id=repr(node_id)), "NOT_FOUND")
    edges: list[GraphEdgeType] = []
    others: set[str] = set()
    for kind in sorted(EDGE_KINDS):
        for target in store.targets(node_id, kind):
            edges.append(GraphEdgeType(source=strawberry.ID(node_id), target=strawberry.ID(target), kind=kind))
            others.add(target)
        for source in store.sources(node_id, kind):
            edges.append(GraphEdgeType(source=strawberry.ID(source), target=strawberry.ID(node_id), kind=kind))
            others.add(source)
    nodes = [centre, *(n for n in store.get_many(sorted(others)) if n is not None)]
    if "inspector" not in roles:  # personal records are not drawn for readers, nor the lines to them
        hidden = {n.id for n in nodes if is_personal(n.kind)}
        if centre.id in hidden:
            raise UserFacingError(CanSeePersons.message, "FORBIDDEN")
        nodes = [n for n in nodes if n.id not in hidden]
        edges = [e for e in edges if str(e.source) not in hidden and str(e.target) not in hidden]
    return Neighbourhood(
        nodes=[GraphNodeType(id=strawberry.ID(n.id), kind=n.kind, label=_label(n, roles)) for n in nodes],
        edges=edges,
    )


@strawberry.input(description="An accident, complaint or problem, to trace and to keep.")
class IncidentInput:
    date: date
    region: str
    subject: str = strawberry.field(description="Subject id or label (石膏矿).")
    id: strawberry.ID | None = None
    action: str | None = None
    kind: str | None = strawberry.field(default=None, description="accident, complaint or problem (事故/投诉/问题)")
    description: str | None = None


@strawberry.type(description="What a dataset load wrote, and what it read from each document.")
class LoadReport:
    records: int
    relationships: int
    counts: JSON
    files: list[str] = strawberry.field(description="One line per document read: `read FILE: kind: counts`.")
    notes: list[str]


def _allowed(path: str, settings: Settings) -> Path:
    chosen = Path(path).resolve()
    for root in settings.load_roots:
        if chosen == root.resolve() or root.resolve() in chosen.parents:
            return chosen
    raise UserFacingError(
        tr(
            "forbidden: the server loads only from the folders its operator allowed (dutygraph serve --allow-load-from)"
        ),
        "FORBIDDEN",
    )


def _unzip(data: bytes, into: Path) -> Path:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UserFacingError(tr("the upload is not a zip file"), "BAD_USER_INPUT") from None
    for member in archive.infolist():
        target = (into / member.filename).resolve()
        if into.resolve() not in target.parents and target != into.resolve():
            raise UserFacingError(
                tr("the zip file's {filename} points outside it", filename=repr(member.filename)), "BAD_USER_INPUT"
            )
    archive.extractall(into)
    inner = [p for p in into.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    return inner[0] if len(inner) == 1 and inner[0].is_dir() else into


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[CanLoad], description="Record an incident, checked like a dataset row.")
    def record_incident(self, info: Info[Context, None], input: IncidentInput) -> Incident:
        store = info.context.store
        values: dict[str, Any] = {
            "date": input.date.isoformat(),
            "region": input.region,
            "subject": input.subject,
            "action": input.action,
            "kind": input.kind,
            "description": input.description,
        }
        if input.id:
            values["id"] = str(input.id)
        record = RawRecord.of("Incident", "graphql", None, **values)
        record.values["source_location"] = ["recordIncident"]
        batch = build_batch([record], store, "recordIncident")
        store.write(batch, source="graphql recordIncident")
        return store.get(batch.nodes[0].id)

    @strawberry.mutation(
        permission_classes=[CanLoad],
        description="Load a dataset (any files `dutygraph load` reads) uploaded as a zip, or from a server-side "
        "path the operator allowed; all or nothing.",
    )
    async def load_dataset(
        self,
        info: Info[Context, None],
        path: str | None = None,
        upload: Upload | None = None,
        replace: bool = False,
        organization: str | None = None,
    ) -> LoadReport:
        if (path is None) == (upload is None):
            raise UserFacingError(tr("give either path or upload"), "BAD_USER_INPUT")
        context = info.context
        workdir = Path(tempfile.mkdtemp(prefix="dutygraph-upload-"))
        try:
            if path is not None:
                source = _allowed(path, context.settings)
            else:
                try:
                    data = await upload.read()  # type: ignore[union-attr]
                finally:
                    await upload.close()  # type: ignore[union-attr]
                source = _unzip(data, workdir)
            hint = OrganizationHint(name=organization) if organization else None
            try:
                result = await asyncio.to_thread(_load_beside_others, context.store, source, replace, hint)
            except StoreBusy as exc:
                raise UserFacingError(tr("{message}; try again when it has finished", message=exc), "BUSY") from None
            except DatasetInvalid as exc:
                problems = "; ".join(str(e).replace(str(workdir) + "/", "") for e in exc.errors[:20])
                raise UserFacingError(
                    tr("nothing was loaded: {problems}", problems=problems), "BAD_USER_INPUT"
                ) from None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return LoadReport(
            records=result.summary.total_nodes,
            relationships=result.summary.edges,
            counts=cast(JSON, dict(result.summary.nodes)),
            files=[f"read {r.path.replace(str(workdir) + '/', '')}: {r.summary()}" for r in result.reports],
            notes=[n for r in result.reports for n in r.notes],
        )


def _load_beside_others(store: Store, source: Path, replace: bool, hint: OrganizationHint | None) -> LoadResult:
    """A load through the server, taking turns with ``dutygraph load`` in other processes (never waiting)."""
    with store.exclusive(wait=False):
        if store.changed_elsewhere():
            # checked against what this server read, a load could miss what the other one wrote
            raise StoreBusy(
                store.uri,
                tr("another load has just written to {uri} and this server is switching to it", uri=store.uri),
            )
        return load_paths(store, [source], replace=replace, hint=hint)


class _ValidatedOnce(SchemaExtension):
    """The query's validation (the limits included) done once per query text and language: its refusals are
    told in the request's language, so an English and a Chinese client each get their own."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            context.pre_execution_errors = _validated(
                context.schema._schema, context.graphql_document, context.validation_rules, current_language()
            )
        yield


@lru_cache(maxsize=QUERY_TEXTS_KEPT)
def _validated(schema: Any, document: Any, rules: tuple[Any, ...], language: str) -> list[GraphQLError]:
    return validate_document(schema, document, rules)


class _Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Errors meant for the client are not the server's problem: only unexpected ones are logged
        (by :func:`dutygraph.graphql.errors.format_error`, with their traceback)."""


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with the limits of ``settings`` (depth and cost checked before execution)."""
    rule = cost_rule(
        settings.max_depth,
        settings.max_cost,
        settings.default_page,
        max_aliases=settings.max_aliases,
        max_repeats=settings.max_repeats,
    )
    return _Schema(
        query=Query,
        mutation=Mutation,
        # every finding type, so that a finding of any kind answers through the Finding interface
        types=[*NODE_TYPES.values(), *FINDING_TYPES.values()],
        # a dashboard asks the same few query texts over and over: each is parsed and checked against the
        # limits once (the rule reads the document only, never the variables, so its verdict is the text's)
        extensions=[
            lambda: AddValidationRules([rule]),
            lambda: ParserCache(maxsize=QUERY_TEXTS_KEPT),
            _ValidatedOnce,
        ],
    )
