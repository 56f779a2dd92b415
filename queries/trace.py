"""The accountability trace (责任追溯): from a failure to the persons responsible on its date.

Definition (design guide, finding 5): Incident → the duties and powers whose subject covers the
incident's subject (by the taxonomy) and whose action matches, held in the incident's region and in
force on its date → the organizations holding them → the units and posts carrying them → the persons
holding those posts on the date (直接责任, ``direct``) → up the reporting lines and the 分管 leader in
charge of the unit (主管责任, ``supervisory``) → the organization's chief (领导责任, ``leadership``).
Every link says why, and carries its evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutygraph.errors import NotFound, QueryError
from dutygraph.i18n import N_, tr
from dutygraph.loaders.gazetteer import gazetteer
from dutygraph.loaders.naming import region_key
from dutygraph.loaders.records import CONCEPT_KINDS
from dutygraph.queries.context import AsOf, Competence, as_iso_date
from dutygraph.queries.findings import Evidence
from dutygraph.queries.unassigned import carriers, holders_on
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader

__all__ = ["RESPONSIBILITIES", "Trace", "TraceLink", "find_concept", "in_region", "responsibility_name", "trace"]

RESPONSIBILITIES = ("direct", "supervisory", "leadership")
_ORDER = {r: i for i, r in enumerate(RESPONSIBILITIES)}
_ROLE_WORDS = {"primary": "A角", "backup": "B角"}
_RESPONSIBILITY_NAMES = {
    "direct": N_("direct (直接责任)"),
    "supervisory": N_("supervisory (主管责任)"),
    "leadership": N_("leadership (领导责任)"),
}


def responsibility_name(responsibility: str) -> str:
    """直接责任, 主管责任, 领导责任 (direct, supervisory, leadership), in the language in use."""
    name = _RESPONSIBILITY_NAMES.get(responsibility)
    return tr(name) if name else responsibility


@dataclass
class TraceLink:
    """One person (or vacant post) answerable for one duty or power, and why."""

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "unit": self.unit,
            "post": self.post,
            "person": self.person,
            "responsibility": self.responsibility,
            "because": self.because,
            "evidence": [e.to_dict() for e in self.evidence],
            "competences": self.competences,
            "post_id": self.post_id,
            "person_id": self.person_id,
        }


@dataclass
class Trace:
    """A trace as of ``date``: what was asked, the competences found and the links."""

    date: str
    subject: str
    region: str | None
    action: str | None
    incident: dict[str, Any] | None
    competences: list[dict[str, Any]]
    links: list[TraceLink]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "incident": self.incident,
            "subject": self.subject,
            "region": self.region,
            "action": self.action,
            "competences": self.competences,
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


class _Links:
    """Links merged by (post, person, responsibility): one person answerable for several duties is one link."""

    def __init__(self, view: AsOf) -> None:
        self.view = view
        self._links: dict[tuple[str | None, str | None, str | None, str], TraceLink] = {}
        self._reasons: dict[tuple[str | None, str | None, str | None, str], list[str]] = {}
        self._competences: dict[tuple[str | None, str | None, str | None, str], list[str]] = {}
        self._holding: dict[tuple[str | None, str | None, str | None, str], str] = {}

    def add_post(self, comp: Competence, post: Node, responsibility: str, because: str, extra: list[Evidence]) -> None:
        view = self.view
        unit = view.one(post.id, "postIn")
        holders = holders_on(view, post)
        # a reporting line may leave the department (a 安监站 站长 reports to the 镇长): each link names its own
        own = view.one(post.id, "postOf")
        organization = own.label if own is not None else comp.holder.label
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
                    None,
                ),
                tr("the post is vacant on {date}", date=view.date),
            )
        for holding, person in holders:
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
                    person.id,
                ),
                tr("{person} holds the post since {start}", person=person.label, start=holding.get("valid_from")),
            )

    def add(self, link: TraceLink, holding: str | None = None) -> None:
        key = (link.organization, link.post_id, link.person_id, link.responsibility)
        if holding is not None:
            self._holding[key] = holding
        if link.post_id is None:
            key = (link.organization, link.competence, None, link.responsibility)
        known = self._links.get(key)
        if known is None:
            self._links[key] = link
            self._reasons[key] = [link.because]
            self._competences[key] = [link.competence] if link.competence else []
            return
        if link.because not in self._reasons[key]:
            self._reasons[key].append(link.because)
        if link.competence and link.competence not in self._competences[key]:
            self._competences[key].append(link.competence)
        known.evidence.extend(e for e in link.evidence if e not in known.evidence)

    def finish(self) -> list[TraceLink]:
        out = []
        for key, link in self._links.items():
            link.because = "；".join(self._reasons[key])
            if key in self._holding:
                link.because += tr("; {holding}", holding=self._holding[key])
            link.competences = self._competences[key]
            link.competence = link.competences[0] if link.competences else None
            out.append(link)
        return out


def _leaders(view: AsOf, links: _Links, comp: Competence, units: list[Node], posts: list[Node]) -> None:
    chiefs = [p for p in view.pointing(comp.holder.id, "postOf") if p.get("role") == "chief" and view.valid(p)]
    chief_ids = {p.id for p in chiefs}
    for unit in units:
        for post in view.pointing(unit.id, "postIn"):
            if post.get("role") == "unit_head" and view.valid(post):
                links.add_post(
                    comp, post, "supervisory", tr("heads {unit}, which carries the duty", unit=unit.label), []
                )
        for leadership in view.pointing(unit.id, "inCharge"):
            leader = view.one(leadership.id, "leader")
            if view.valid(leadership) and leader is not None and view.valid(leader) and leader.id not in chief_ids:
                links.add_post(
                    comp,
                    leader,
                    "supervisory",
                    tr("is the leader in charge (分管) of {unit}", unit=unit.label),
                    [view.evidence_of(leadership)],
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
            links.add_post(comp, boss, "supervisory", tr("「{post}」 reports to this post", post=post.label), [])
    for chief in chiefs:
        links.add_post(
            comp,
            chief,
            "leadership",
            tr("is the chief (主要负责人) of {organization}", organization=comp.holder.label),
            [],
        )


def in_region(view: AsOf, region: str) -> Callable[[Node], bool]:
    """Whether an organization is in ``region`` or anywhere under it (属地范围).

    Under it by the region hierarchy (a district's code covers a town's 650102001 and, for a city, its
    districts by the gazetteer) or by the organization hierarchy (a 安监站 whose parent is the 镇人民政府 of
    a town in the district).
    """
    places = gazetteer()
    top = places.by_code.get(region)
    memo: dict[str, bool] = {}

    def code_inside(code: str) -> bool:
        if code == region or (code.isdigit() and len(code) > len(region) and code.startswith(region)):
            return True
        below = places.by_code.get(code[:6]) if code.isdigit() else None
        return top is not None and below is not None and (below.code == top.code or top.contains(below))

    def test(org: Node) -> bool:
        if org.id in memo:
            return memo[org.id]
        memo[org.id] = False  # a parent cycle in bad data ends here
        parent = view.one(org.id, "subOrganizationOf")
        memo[org.id] = code_inside(str(org.get("region"))) or (parent is not None and test(parent))
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
) -> Trace:
    """Trace responsibility for an incident (by id), or for a subject on a date.

    With ``incident`` the subject, date, region and action come from the incident record (the
    organizations of the incident's own region answer); otherwise ``subject`` and ``on`` are required,
    ``action`` narrows the search, and ``region`` keeps the organizations in that region or anywhere under
    it (:func:`in_region`: a district's code reaches its towns' 安监站).

    Raises
    ------
    NotFound
        the incident, subject or action does not exist.
    QueryError
        neither an incident nor a subject and date was given.
    """
    incident_info: dict[str, Any] | None = None
    if incident is not None:
        node = g.get(incident)
        if node is None or node.kind != "Incident":
            raise NotFound("Incident", incident)
        subject_node = next((g.get(s) for s in g.targets(node.id, "subject")), None)
        action_node = next((g.get(a) for a in g.targets(node.id, "action")), None)
        if subject_node is None:  # pragma: no cover - the shapes require a subject
            raise QueryError(tr("incident {incident} has no subject", incident=repr(incident)))
        on, region = str(node.get("date")), str(node.get("region"))
        incident_info = {
            "id": node.id,
            "date": on,
            "region": region,
            "kind": node.get("kind"),
            "description": node.get("description"),
            "subject": subject_node.label,
            "action": action_node.label if action_node else None,
        }
    else:
        if subject is None or on is None:
            raise QueryError(tr("give an incident id, or a subject and a date"))
        subject_node = find_concept(g, "Subject", subject)
        action_node = find_concept(g, "Action", action) if action else None
    region = region_key(region) if region is not None else None  # 乌鲁木齐市 is 650100
    view = AsOf.shared(g, as_iso_date(on))
    links = _Links(view)
    found: list[dict[str, Any]] = []
    inside: Callable[[Node], bool] | None = None
    if incident_info is not None:
        # an incident happened in its region: that region's organizations (the areas above it are issue 24's)
        inside = lambda org: str(org.get("region")) == region  # noqa: E731
    elif region is not None:
        inside = in_region(view, region)
    for comp in view.covering(subject_node.id):
        if inside is not None and not inside(comp.holder):
            continue
        if action_node is not None:
            if not any(a == action_node.id and view.covers(s, subject_node.id) for s, a in comp.pairs):
                continue
        elif not any(view.covers(s, subject_node.id) for s in comp.subjects):
            continue
        found.append(
            {
                "id": comp.id,
                "kind": comp.kind,
                "organization": comp.holder.label,
                "title": comp.title,
                "evidence": [e.to_dict() for e in comp.evidence],
            }
        )
        carried = carriers(view, comp)
        posts = [post for post, _ in carried.posts]
        for post, role in carried.posts:
            role_word = tr(" as {role}", role=_ROLE_WORDS[role]) if role in _ROLE_WORDS else ""
            links.add_post(
                comp,
                post,
                "direct",
                tr("carries 「{title}」{role}", title=comp.title, role=role_word),
                list(comp.evidence),
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
                )
            )
        _leaders(view, links, comp, list(carried.units), posts)
    merged = links.finish()
    org_order = {name: i for i, name in enumerate(dict.fromkeys(lk.organization for lk in merged))}
    ordered = sorted(
        enumerate(merged), key=lambda il: (org_order[il[1].organization], _ORDER[il[1].responsibility], il[0])
    )
    return Trace(
        date=view.date,
        subject=subject_node.label,
        region=region,
        action=action_node.label if action_node else None,
        incident=incident_info,
        competences=found,
        links=[lk for _, lk in ordered],
    )
