"""The accountability trace (责任追溯): from a failure to the persons responsible on its date.

Definition (design guide, finding 5), with the order inspectors read it in:

1. the regulated entity an incident names, first and apart: its 主要负责人 bears the 主体责任 for its own
   safety (安全生产法 第三条、第五条) — ``principal``;
2. the departments whose duties and powers cover the failure's subject (by the taxonomy) and action, in
   force on the date, in rank order: those that *lead* (牵头/主要负责: a 职责分工 clause in force, else a duty
   held as lead) before those that *cooperate* (配合), the failure's own area before the areas above it;
   in each, the posts carrying the duty and the persons holding them on the date (直接责任, ``direct``) — the
   A角 before the B角, the B角 marked as answering only when every A角 post is vacant or its holders away —,
   the unit heads, reporting lines and 分管 leaders (主管/监管责任, ``supervisory``) and the chief (领导责任,
   ``leadership``);
3. the 人民政府 each department works for: its leader in charge (分管) of that department and its chief
   (``leadership``);
4. where the failure happened below a department's region (a county inside the city), the governments of
   those areas and the offices of their coordinating bodies (安委会办公室): 属地责任, ``territorial``.

Every link says why and carries its evidence; a link a structural cause affects — an open overlap, no lead
at all, a vacant post, no B角, a lapsed 执法证 — carries that finding beside the names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutygraph.errors import NotFound, QueryError
from dutygraph.i18n import N_, tr
from dutygraph.loaders.naming import region_key
from dutygraph.loaders.records import CONCEPT_KINDS
from dutygraph.queries.areas import (
    area_governments,
    government_of,
    hosted_offices,
    region_within,
    statute_article,
)
from dutygraph.queries.context import AsOf, Competence, as_iso_date
from dutygraph.queries.findings import Evidence, Finding, variant_name
from dutygraph.queries.overlaps import find_overlaps, qualified_of
from dutygraph.queries.roles import OrganizationRole, away_reason, organization_role, stand_in_reason
from dutygraph.queries.unassigned import carriers, competence_finding, holders_on, post_findings
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader

__all__ = [
    "RESPONSIBILITIES",
    "Trace",
    "TraceLink",
    "find_concept",
    "in_region",
    "responsibility_name",
    "trace",
]

RESPONSIBILITIES = ("principal", "direct", "supervisory", "leadership", "territorial")
_ORDER = {r: i for i, r in enumerate(RESPONSIBILITIES)}
_POST_ORDER = {"primary": 0, None: 1, "backup": 2}
_OPEN_OVERLAPS = ("duplicate", "subsumed", "partial")
_RESPONSIBILITY_NAMES = {
    "principal": N_("principal (主体责任)"),
    "direct": N_("direct (直接责任)"),
    "supervisory": N_("supervisory (主管责任)"),
    "leadership": N_("leadership (领导责任)"),
    "territorial": N_("territorial (属地责任)"),
}
_TERRITORIAL_ARTICLE = r"(?:乡镇|乡、镇)人民政府"
_PRINCIPAL_ARTICLE = r"主要负责人[^。]{0,40}全面负责"


def responsibility_name(responsibility: str) -> str:
    """主体责任, 直接责任, 主管责任, 领导责任, 属地责任, in the language in use."""
    name = _RESPONSIBILITY_NAMES.get(responsibility)
    return tr(name) if name else responsibility


def structural_summary(finding: Finding) -> dict[str, str]:
    """What a link shows of a structural finding: its kind, variant, name and message."""
    return {
        "kind": finding.kind,
        "variant": finding.variant,
        "name": variant_name(finding.kind, finding.variant),
        "message": finding.message,
    }


@dataclass
class TraceLink:
    """One person (or vacant post) answerable for one duty or power, and why.

    ``role`` is the organization's for this failure (lead or cooperating; none for the enterprise),
    ``post_role`` the post's for the competence (primary A角 or backup B角), ``answers`` whether this person
    answered on the date (an A角 there; a B角 standing in; an absent holder does not), ``side`` enterprise or
    government, and ``structural`` the findings about this link's duty, post or person on the date.
    """

    organization: str
    unit: str | None
    post: str | None
    person: str | None
    responsibility: str
    because: str
    evidence: list[Evidence] = field(default_factory=list)
    competence: str | None = None
    post_id: str | None = None
    person_id: str | None = None
    competences: list[str] = field(default_factory=list)
    role: str | None = None
    post_role: str | None = None
    answers: bool = True
    side: str = "government"
    structural: list[Finding] = field(default_factory=list)
    rank: tuple[int, int] = (0, 0)
    """Where the link's tier (department, its government, the area) and department rank put it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "organization": self.organization,
            "role": self.role,
            "unit": self.unit,
            "post": self.post,
            "post_role": self.post_role,
            "answers": self.answers,
            "person": self.person,
            "responsibility": self.responsibility,
            "because": self.because,
            "evidence": [e.to_dict() for e in self.evidence],
            "structural": [structural_summary(f) for f in self.structural],
            "competences": self.competences,
            "post_id": self.post_id,
            "person_id": self.person_id,
        }


@dataclass
class Trace:
    """A trace as of ``date``: what was asked, the competences and organizations found, and the links.

    ``organizations`` are the departments in rank order, each with its role and why; ``structural`` every
    structural finding the links carry, and a gap when no organization leads.
    """

    date: str
    subject: str
    region: str | None
    action: str | None
    incident: dict[str, Any] | None
    competences: list[dict[str, Any]]
    links: list[TraceLink]
    place: str | None = None
    entity: dict[str, Any] | None = None
    organizations: list[dict[str, Any]] = field(default_factory=list)
    structural: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "incident": self.incident,
            "entity": self.entity,
            "subject": self.subject,
            "region": self.region,
            "place": self.place,
            "action": self.action,
            "organizations": self.organizations,
            "competences": self.competences,
            "structural": [f.to_dict() for f in self.structural],
            "links": [lk.to_dict() for lk in self.links],
        }


def find_concept(g: GraphReader, kind: str, key: str) -> Node:
    """The Subject/Action/PowerType with id or label ``key``."""
    assert kind in CONCEPT_KINDS
    node = g.get(key)
    if node is not None and node.kind == kind:
        return node
    for candidate in g.nodes(kind):
        if key == candidate.get("label") or key in (candidate.get("alt_labels") or []):
            return candidate
    raise NotFound(kind, key)


_Key = tuple[str | None, str | None, str | None]


class _Links:
    """Links merged by (organization, post, person): one person answerable for several duties is one link,
    with the strongest responsibility among them and every reason."""

    def __init__(self, view: AsOf) -> None:
        self.view = view
        self._links: dict[_Key, TraceLink] = {}
        self._reasons: dict[_Key, list[str]] = {}
        self._holding: dict[_Key, str] = {}

    def add_post(
        self,
        comp: Competence,
        post: Node,
        responsibility: str,
        because: str,
        extra: list[Evidence],
        *,
        role: OrganizationRole,
        rank: tuple[int, int],
        post_role: str | None = None,
        answers: bool = True,
    ) -> None:
        view = self.view
        unit = view.one(post.id, "postIn")
        holders = holders_on(view, post)
        # a reporting line may leave the department (a 安监站 站长 reports to the 镇长): each link names its own
        own = view.one(post.id, "postOf")
        organization = own.label if own is not None else comp.holder.label
        structural = post_findings(view, post)
        if not holders:
            self.add(
                TraceLink(
                    organization,
                    unit.label if unit else None,
                    post.label,
                    None,
                    responsibility,
                    because,
                    [*extra],
                    comp.id,
                    post.id,
                    answers=False,
                    structural=structural,
                    role=role.role,
                    post_role=post_role,
                    rank=rank,
                ),
                tr("the post is vacant on {date}", date=view.date),
            )
        for holding, person in holders:
            held = tr("{person} holds the post since {start}", person=person.label, start=holding.get("valid_from"))
            away = away_reason(view, person)
            if away is not None:
                held += tr("; {holding}", holding=away)
            self.add(
                TraceLink(
                    organization,
                    unit.label if unit else None,
                    post.label,
                    person.label,
                    responsibility,
                    because,
                    [*extra, view.evidence_of(holding)],
                    comp.id,
                    post.id,
                    person_id=person.id,
                    answers=answers and (away is None or responsibility != "direct"),
                    structural=[f for f in structural if f.variant != "no_credential" or person.id in f.records],
                    role=role.role,
                    post_role=post_role,
                    rank=rank,
                ),
                held,
            )

    def add(self, link: TraceLink, holding: str | None = None) -> None:
        key: _Key = (link.organization, link.post_id, link.person_id)
        if link.post_id is None:
            key = (link.organization, link.competence, None)
        if holding is not None:
            self._holding.setdefault(key, holding)
        known = self._links.get(key)
        if known is None:
            self._links[key] = link
            self._reasons[key] = [link.because]
            link.competences = [link.competence] if link.competence else []
            return
        if link.because not in self._reasons[key]:
            self._reasons[key].append(link.because)
        if link.competence and link.competence not in known.competences:
            known.competences.append(link.competence)
        if _ORDER[link.responsibility] < _ORDER[known.responsibility]:
            known.responsibility = link.responsibility
        if link.role == "lead":
            known.role = "lead"
        known.post_role = known.post_role or link.post_role
        known.answers = known.answers or link.answers
        known.rank = min(known.rank, link.rank)
        known.evidence.extend(e for e in link.evidence if e not in known.evidence)
        known.structural.extend(f for f in link.structural if f not in known.structural)

    def links(self) -> list[TraceLink]:
        return list(self._links.values())

    def finish(self) -> list[TraceLink]:
        out = []
        for key, link in self._links.items():
            link.because = "；".join(self._reasons[key])
            if key in self._holding:
                link.because += tr("; {holding}", holding=self._holding[key])
            link.competence = link.competences[0] if link.competences else None
            out.append(link)
        ordered = sorted(
            enumerate(out),
            key=lambda il: (
                il[1].side != "enterprise",
                il[1].rank,
                _ORDER[il[1].responsibility],
                _POST_ORDER.get(il[1].post_role, 1),
                il[0],
            ),
        )
        return [lk for _, lk in ordered]


def _leaders(
    view: AsOf,
    links: _Links,
    comp: Competence,
    units: list[Node],
    posts: list[Node],
    role: OrganizationRole,
    rank: tuple[int, int],
) -> None:
    chiefs = _chiefs(view, comp.holder)
    chief_ids = {p.id for p in chiefs}
    for unit in units:
        for post in view.pointing(unit.id, "postIn"):
            if post.get("role") == "unit_head" and view.valid(post):
                links.add_post(
                    comp,
                    post,
                    "supervisory",
                    tr("heads {unit}, which carries the duty", unit=unit.label),
                    [],
                    role=role,
                    rank=rank,
                )
        for leadership, leader in _in_charge_of(view, unit, "inCharge"):
            if leader.id not in chief_ids:
                links.add_post(
                    comp,
                    leader,
                    "supervisory",
                    tr("is the leader in charge (分管) of {unit}", unit=unit.label),
                    [view.evidence_of(leadership)],
                    role=role,
                    rank=rank,
                )
    frontier = list(posts)
    seen = {p.id for p in posts}
    boss_of = _bosses(view, [p.id for p in posts])
    while frontier:
        post = frontier.pop(0)
        boss = boss_of(post)
        if boss is None or boss.id in seen or not view.valid(boss):
            continue
        seen.add(boss.id)
        frontier.append(boss)
        if boss.id not in chief_ids:
            links.add_post(
                comp,
                boss,
                "supervisory",
                tr("「{post}」 reports to this post", post=post.label),
                [],
                role=role,
                rank=rank,
            )
    for chief in chiefs:
        links.add_post(
            comp,
            chief,
            "leadership",
            tr("is the chief (主要负责人) of {organization}", organization=comp.holder.label),
            [],
            role=role,
            rank=rank,
        )


def _chiefs(view: AsOf, org: Node) -> list[Node]:
    return [p for p in view.pointing(org.id, "postOf") if p.get("role") == "chief" and view.valid(p)]


def _in_charge_of(view: AsOf, node: Node, edge: str = "oversees") -> list[tuple[Node, Node]]:
    """``(leadership, leader post)``: the leaders in charge (分管) of a department (``oversees``) or of a unit
    (``inCharge``), in force on the date."""
    found = []
    for leadership in view.pointing(node.id, edge):
        leader = view.one(leadership.id, "leader")
        if view.valid(leadership) and leader is not None and view.valid(leader):
            found.append((leadership, leader))
    return found


def _government_chain(view: AsOf, links: _Links, comp: Competence, role: OrganizationRole, rank: int) -> None:
    """The government a department works for: its leader in charge of the department, then its chief."""
    government = government_of(view, comp.holder)
    if government is None:
        return
    for leadership, leader in _in_charge_of(view, comp.holder):
        links.add_post(
            comp,
            leader,
            "leadership",
            tr(
                "is the leader in charge (分管) of {organization} in {government}",
                organization=comp.holder.label,
                government=government.label,
            ),
            [view.evidence_of(leadership)],
            role=role,
            rank=(1, rank),
        )
    for chief in _chiefs(view, government):
        links.add_post(
            comp,
            chief,
            "leadership",
            tr("is the chief (主要负责人) of {government}", government=government.label),
            [],
            role=role,
            rank=(1, rank),
        )


def _area_chain(
    view: AsOf, links: _Links, comp: Competence, place: str, role: OrganizationRole, done: set[str]
) -> None:
    """属地: the governments of the areas below the department's where the failure happened, and the offices
    of their coordinating bodies (安委会办公室), with the leaders in charge of the departments hosting them."""
    article = statute_article(view, "安全生产法", _TERRITORIAL_ARTICLE)
    extra = [article] if article is not None else []
    for rank, government in enumerate(area_governments(view, place, str(comp.holder.get("region")))):
        if government.id in done:
            continue
        done.add(government.id)
        at = (2, rank)
        area = tr(
            "the failure happened in its area ({place}): 属地责任 of {government}",
            place=place,
            government=government.label,
        )
        for chief in _chiefs(view, government):
            links.add_post(comp, chief, "territorial", area, extra, role=role, rank=at)
        for office, body, host in hosted_offices(view, government):
            for post in view.pointing(office.id, "postIn"):
                if post.get("role") == "unit_head" and view.valid(post):
                    links.add_post(
                        comp,
                        post,
                        "territorial",
                        tr("heads {office}, the office of {body} of the area", office=office.label, body=body.label),
                        extra,
                        role=role,
                        rank=at,
                    )
            for leadership, leader in _in_charge_of(view, host):
                links.add_post(
                    comp,
                    leader,
                    "territorial",
                    tr(
                        "is the leader in charge (分管) of {host}, which hosts {office}",
                        host=host.label,
                        office=office.label,
                    ),
                    [view.evidence_of(leadership), *extra],
                    role=role,
                    rank=at,
                )


def _entity_links(view: AsOf, entity: Node) -> tuple[dict[str, Any], list[TraceLink]]:
    """The regulated entity's record and its 主体责任 link (its 主要负责人), first of the trace."""
    principal = view.one(entity.id, "principal")
    subject = view.one(entity.id, "subject")
    info = {
        "id": entity.id,
        "name": entity.label,
        "subject": subject.label if subject else None,
        "region": entity.get("region"),
        "licence": entity.get("licence"),
        "owner": entity.get("owner"),
        "principal": principal.label if principal else None,
        "principal_id": principal.id if principal else None,
    }
    article = statute_article(view, "安全生产法", _PRINCIPAL_ARTICLE)
    evidence = [view.evidence_of(entity), *([article] if article is not None else [])]
    because = tr(
        "is the principal (主要负责人) of {entity}, answerable first for its own safety (主体责任)", entity=entity.label
    )
    if principal is None:
        because = tr("{entity} bears the 主体责任; no 主要负责人 of it is recorded", entity=entity.label)
    link = TraceLink(
        entity.label,
        None,
        tr("principal (主要负责人)"),
        principal.label if principal else None,
        "principal",
        because,
        evidence,
        person_id=principal.id if principal else None,
        side="enterprise",
    )
    return info, [link]


def in_region(view: AsOf, region: str) -> Callable[[Node], bool]:
    """Whether an organization is in ``region`` or anywhere under it (属地范围).

    Under it by the region hierarchy (a district's code covers a town's 650102001 and, for a city, its
    districts by the gazetteer) or by the organization hierarchy (a 安监站 whose parent is the 镇人民政府 of
    a town in the district).
    """
    memo: dict[str, bool] = {}

    def test(org: Node) -> bool:
        if org.id in memo:
            return memo[org.id]
        memo[org.id] = False  # a parent cycle in bad data ends here
        parent = view.one(org.id, "subOrganizationOf")
        memo[org.id] = region_within(str(org.get("region")), region) or (parent is not None and test(parent))
        return memo[org.id]

    return test


def _bosses(view: AsOf, starts: list[str]) -> Callable[[Node], Node | None]:
    """Who each post reports to (reportsTo), in force on the date.

    A store that walks reporting lines itself (Neo4j: one variable-length path query for all of them) is
    asked once; otherwise each step is a lookup.
    """
    native = getattr(view.g, "reporting_lines", None)
    if native is None:
        return lambda post: view.one(post.id, "reportsTo")
    chains: dict[str, list[str]] = native(starts, view.date)
    above: dict[str, str] = {}
    for start, chain in chains.items():
        for lower, upper in zip([start, *chain], chain, strict=False):
            above.setdefault(lower, upper)
    return lambda post: view.g.get(above[post.id]) if post.id in above else None


def trace(
    g: GraphReader,
    *,
    incident: str | None = None,
    subject: str | None = None,
    on: date | str | None = None,
    region: str | None = None,
    action: str | None = None,
    place: str | None = None,
) -> Trace:
    """Trace responsibility for an incident (by id), or for a subject on a date.

    With ``incident`` the subject, date, place and action come from the incident record, and the entity
    it names (if any) comes first; otherwise ``subject`` and ``on`` are required and ``action`` narrows the
    search. ``place`` is where the failure happened: the organizations of that area and of the areas above
    it answer, and the governments of the areas below a department's (属地). ``region`` instead keeps the
    organizations in that region or anywhere under it (:func:`in_region`: a district's code reaches its
    towns' 安监站).

    Raises
    ------
    NotFound
        the incident, subject or action does not exist.
    QueryError
        neither an incident nor a subject and date was given.
    """
    incident_info: dict[str, Any] | None = None
    entity: Node | None = None
    if incident is not None:
        node = g.get(incident)
        if node is None or node.kind != "Incident":
            raise NotFound("Incident", incident)
        subject_node = next((g.get(s) for s in g.targets(node.id, "subject")), None)
        action_node = next((g.get(a) for a in g.targets(node.id, "action")), None)
        entity = next((g.get(e) for e in g.targets(node.id, "concerns")), None)
        if subject_node is None:  # pragma: no cover - the shapes require a subject
            raise QueryError(tr("incident {incident} has no subject", incident=repr(incident)))
        on, place = str(node.get("date")), str(node.get("region"))
        incident_info = {
            "id": node.id,
            "date": on,
            "region": place,
            "kind": node.get("kind"),
            "description": node.get("description"),
            "subject": subject_node.label,
            "action": action_node.label if action_node else None,
            "entity": entity.label if entity else None,
        }
    else:
        if subject is None or on is None:
            raise QueryError(tr("give an incident id, or a subject and a date"))
        subject_node = find_concept(g, "Subject", subject)
        action_node = find_concept(g, "Action", action) if action else None
    region = region_key(region) if region is not None else None  # 乌鲁木齐市 is 650100
    place = region_key(place) if place is not None else None
    view = AsOf.shared(g, as_iso_date(on))
    comps = _covering(view, subject_node, action_node, region, place)
    by_org: dict[str, list[Competence]] = {}
    for comp in comps:
        by_org.setdefault(comp.holder.id, []).append(comp)
    action_id = action_node.id if action_node is not None else None
    roles = {org: organization_role(view, held, subject_node.id, action_id) for org, held in by_org.items()}
    first = {org: i for i, org in enumerate(by_org)}

    def near(org: str) -> int:
        return 0 if place is None or str(by_org[org][0].holder.get("region")) == place else 1

    ranked = sorted(by_org, key=lambda org: (roles[org].role != "lead", near(org), first[org]))
    links = _Links(view)
    found: list[dict[str, Any]] = []
    for rank, org in enumerate(ranked):
        for comp in by_org[org]:
            found.append(_competence_info(comp, roles[org]))
            _department_chain(view, links, comp, roles[org], rank)
    areas_done: set[str] = set()
    for rank, org in enumerate(ranked):
        _government_chain(view, links, by_org[org][0], roles[org], rank)
    _structural_on_links(view, links, comps)
    if place is not None:
        for org in ranked:
            holder_region = str(by_org[org][0].holder.get("region"))
            if holder_region != place and region_within(place, holder_region):
                _area_chain(view, links, by_org[org][0], place, roles[org], areas_done)
    gap = _no_lead(view, subject_node, action_node, comps, roles, place or region)
    if gap is not None:
        for link in links.links():
            if link.responsibility == "direct":
                link.structural.append(gap)
    entity_info: dict[str, Any] | None = None
    if entity is not None:
        entity_info, entity_links = _entity_links(view, entity)
        for link in entity_links:
            links.add(link)
    merged = links.finish()
    structural = list({id(f): f for lk in merged for f in lk.structural}.values())
    if gap is not None and gap not in structural:
        structural.append(gap)
    return Trace(
        date=view.date,
        subject=subject_node.label,
        region=region,
        action=action_node.label if action_node else None,
        incident=incident_info,
        competences=found,
        links=merged,
        place=place,
        entity=entity_info,
        organizations=[_organization_info(by_org[org][0].holder, roles[org]) for org in ranked],
        structural=structural,
    )


def _covering(
    view: AsOf, subject: Node, action: Node | None, region: str | None, place: str | None
) -> list[Competence]:
    """The competences in force covering ``subject`` (and ``action``), held where the question allows."""
    inside = in_region(view, region) if region is not None else None
    out = []
    for comp in view.covering(subject.id):
        if inside is not None and not inside(comp.holder):
            continue
        if place is not None and not region_within(place, str(comp.holder.get("region"))):
            continue
        if action is not None:
            held = [s for s, a in comp.pairs if a == action.id and view.covers(s, subject.id)]
        else:
            held = [s for s in comp.subjects if view.covers(s, subject.id)]
        if not held:
            continue
        # 水上交通突发事件 read as 突发事件 does not answer for a 森林火灾: a broader subject the text narrows
        narrowed = {s for s, _ in qualified_of(view, comp)}
        if all(s in narrowed and s != subject.id for s in held):
            continue
        out.append(comp)
    return out


def _competence_info(comp: Competence, role: OrganizationRole) -> dict[str, Any]:
    return {
        "id": comp.id,
        "kind": comp.kind,
        "organization": comp.holder.label,
        "role": role.role,
        "title": comp.title,
        "evidence": [e.to_dict() for e in comp.evidence],
    }


def _organization_info(org: Node, role: OrganizationRole) -> dict[str, Any]:
    return {
        "id": org.id,
        "organization": org.label,
        "region": org.get("region"),
        "level": org.get("level"),
        "role": role.role,
        "because": role.because,
        "evidence": [role.evidence.to_dict()] if role.evidence is not None else [],
    }


def _department_chain(view: AsOf, links: _Links, comp: Competence, role: OrganizationRole, rank: int) -> None:
    """The posts carrying ``comp`` (A角 before B角), then the heads and leaders above them."""
    carried = carriers(view, comp)
    posts = [post for post, _ in carried.posts]
    primaries = [post for post, post_role in carried.posts if post_role == "primary"]
    stand_in = stand_in_reason(view, primaries)
    for post, post_role in carried.posts:
        because = tr("carries 「{title}」", title=comp.title)
        answers = True
        if post_role == "primary":
            because = tr("carries 「{title}」 as A角", title=comp.title)
        elif post_role == "backup":
            because = tr("carries 「{title}」 as B角", title=comp.title)
            if primaries and stand_in is None:
                because += tr(", answering only when the A角 is away or its post vacant")
                answers = False
            elif stand_in is not None:
                because += tr(", standing in for the A角: {why}", why=stand_in)
        links.add_post(
            comp,
            post,
            "direct",
            because,
            list(comp.evidence),
            role=role,
            rank=(0, rank),
            post_role=post_role,
            answers=answers,
        )
    if not posts:
        where = "、".join(u.label for u in carried.units) or comp.holder.label
        links.add(
            TraceLink(
                comp.holder.label,
                None,
                None,
                None,
                "direct",
                tr(
                    "「{title}」 is given to no post ({where}); nobody carries it directly",
                    title=comp.title,
                    where=where,
                ),
                list(comp.evidence),
                comp.id,
                role=role.role,
                answers=False,
                rank=(0, rank),
            )
        )
    _leaders(view, links, comp, list(carried.units), posts, role, (0, rank))


def _structural_on_links(view: AsOf, links: _Links, comps: list[Competence]) -> None:
    """Put each structural finding on the links it is about: an open overlap on the direct links of its duties
    and on the government leaders over both sides (who could have settled it by a 职责分工), a duty with an A角
    and no B角 (or reaching no post) on its direct links; vacant posts and lapsed 执法证 came with the posts."""
    overlaps = [f for f in find_overlaps(view, among=comps) if f.variant in _OPEN_OVERLAPS]
    by_id = {c.id: c for c in comps}
    of_competence = {c.id: f for c in comps if (f := competence_finding(view, c)) is not None}
    for link in links.links():
        if link.rank[0] == 1:
            over = {by_id[c].holder.label for c in link.competences if c in by_id}
            link.structural.extend(f for f in overlaps if set(f.organizations) <= over and f not in link.structural)
        if link.responsibility != "direct":
            continue
        held = set(link.competences)
        for finding in overlaps:
            if held & set(finding.records) and finding not in link.structural:
                link.structural.append(finding)
        for comp_id in link.competences:
            about = of_competence.get(comp_id)
            if about is None or about in link.structural or comp_id not in by_id:
                continue
            if about.variant != "no_backup" or link.post_role == "primary":
                link.structural.append(about)


def _no_lead(
    view: AsOf,
    subject: Node,
    action: Node | None,
    comps: list[Competence],
    roles: dict[str, OrganizationRole],
    where: str | None,
) -> Finding | None:
    """A gap when no organization leads the subject traced: nobody at all holds it, or only cooperators do."""
    if any(role.role == "lead" for role in roles.values()):
        return None
    what = action.label if action is not None else tr("any duty")
    at = tr(" in {region}", region=where) if where else ""
    cooperating = list(dict.fromkeys(c.holder.label for c in comps))
    if cooperating:
        message = tr(
            "no organization leads {what} of {subject} on {date}{where}; only {cooperating} take part",
            what=what,
            subject=subject.label,
            date=view.date,
            where=at,
            cooperating="、".join(cooperating),
        )
    else:
        message = tr(
            "nobody holds {what} of {subject} on {date}{where}: a gap (管理真空)",
            what=what,
            subject=subject.label,
            date=view.date,
            where=at,
        )
    return Finding(
        kind="gap",
        variant="subject",
        message=message,
        organizations=cooperating,
        subjects=[subject.label],
        actions=[action.label] if action is not None else [],
        region=where,
        records=sorted(c.id for c in comps),
    )
