"""Unassigned (职责未落实到岗): duties held on paper that reach no unit, no post or no person.

Definition (design guide, finding 3), five variants:

``no_unit``       a duty or power of an organization carried by none of its units (nor posts); a duty the
                  provision itself gives to a unit (内设机构职责) is carried by that unit;
``no_post``       carried by a unit of the organization, but by none of its posts;
``no_backup``     carried by a primary post (A角) and no backup post (B角);
``vacant_post``   a post in force with no holder on the date;
``no_credential`` an enforcement post held by a person with no enforcement credential (执法证) valid on the date.

Only units and posts of the organization holding the competence on the date count: after a transfer,
the receiving organization must assign it again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from dutygraph.i18n import tr
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Finding
from dutygraph.records import Node

__all__ = [
    "CATCH_ALL",
    "Carriers",
    "carriers",
    "competence_finding",
    "find_unassigned",
    "has_roster",
    "has_units",
    "holders_on",
    "post_findings",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Carriers:
    """The units and posts of the holding organization that carry a competence on the date.

    ``inferred`` are the unit duties (内设机构职责) that say the same thing as a 主要职责 nobody was assigned:
    their units carry it, and they are the evidence why.
    """

    units: tuple[Node, ...]
    posts: tuple[tuple[Node, str | None], ...]  # (post, role: primary/backup/None)
    inferred: tuple[Competence, ...] = ()


CATCH_ALL = re.compile(r"(?:承办|完成|办理)[^。；]{0,24}?交办的其他(?:事项|任务|工作)")
"""承办县人民政府交办的其他事项: an item every 三定 ends its duties with, which no finding is about."""


def has_roster(view: AsOf, org: Node) -> bool:
    """Whether any post of ``org`` is loaded and in force: without, nothing about posts can be judged."""
    staffed: set[str] | None = view.memo.get(("roster", "orgs"))
    if staffed is None:
        staffed = {str(o) for place in _facts(view).posts.values() if (o := place[1]) is not None}
        view.memo[("roster", "orgs")] = staffed
    return org.id in staffed


def has_units(view: AsOf, org: Node) -> bool:
    """Whether any unit (内设机构) or post of ``org`` is loaded and in force: a 三定 copy that stops before its
    内设机构 says nothing about which unit carries what, so no duty of it is judged *no_unit*.
    """
    organized: set[str] | None = view.memo.get(("units", "orgs"))
    if organized is None:
        facts = _facts(view)
        organized = {str(o) for place in facts.units.values() if (o := place[1]) is not None}
        organized |= {str(o) for place in facts.posts.values() if (o := place[1]) is not None}
        view.memo[("units", "orgs")] = organized
    return org.id in organized


def _post_org_unit(view: AsOf, post: Node) -> tuple[Node | None, Node | None]:
    """A post's organization and unit (looked up once per view: a post carries many duties)."""
    places: dict[str, tuple[Node | None, Node | None]] = view.memo.setdefault(("post", "places"), {})
    known = places.get(post.id)
    if known is None:
        known = places[post.id] = (view.one(post.id, "postOf"), view.one(post.id, "postIn"))
    return known


def carriers(view: AsOf, comp: Competence) -> Carriers:
    """Units and posts of ``comp.holder`` that carry ``comp``, in force on the date (worked out once per view)."""
    facts = _facts(view)
    known = facts.carriers.get(comp.id)
    if known is None:
        known = facts.carriers[comp.id] = _carriers(view, facts, comp)
    return known


_NONE = Carriers(units=(), posts=())


def _carriers(view: AsOf, facts: _Facts, comp: Competence) -> Carriers:
    posts_in_force, units_in_force, assigned_post, assigned_unit = (
        facts.posts,
        facts.units,
        facts.assigned_post,
        facts.assigned_unit,
    )
    holder = comp.holder.id
    units: dict[str, Node] = {}
    posts: dict[str, tuple[Node, str | None]] = {}
    for assignment_id in facts.assigned.get(comp.id, ()):
        post_ids = assigned_post.get(assignment_id)
        if post_ids:
            place = posts_in_force.get(post_ids[0])
            if place is not None and place[1] == holder:
                post, _, post_unit = place
                previous = posts.get(post.id)
                if previous is None or previous[1] is None:  # a role given once stands
                    role = facts.roles.get(assignment_id)
                    posts[post.id] = (post, None if role is None else str(role))
                if post_unit is not None:
                    units[post_unit.id] = post_unit
        unit_ids = assigned_unit.get(assignment_id)
        if unit_ids:
            unit = units_in_force.get(unit_ids[0])
            if unit is not None and unit[1] == holder:
                units[unit[0].id] = unit[0]
    # a provision that gives a duty to one of the department's units (内设机构职责) assigns it there
    for unit_id in facts.duty_of_unit.get(comp.id, ()):
        unit = units_in_force.get(unit_id)
        if unit is not None and unit[1] == holder:
            units[unit_id] = unit[0]
    if not units and not posts:
        inferred = _matching_unit_duties(view, facts, comp)
        if not inferred:
            return _NONE
        found = {u.id: u for c in inferred for uid in facts.duty_of_unit.get(c.id, ()) if (u := view.node(uid))}
        return Carriers(units=_by_id(found), posts=(), inferred=inferred)
    return Carriers(units=_by_id(units), posts=_by_id(posts))


def _matching_unit_duties(view: AsOf, facts: _Facts, comp: Competence) -> tuple[Competence, ...]:
    """The unit duties of ``comp``'s holder that together hold every subject and action ``comp`` holds."""
    if comp.kind != "Duty" or not comp.pairs or facts.duty_of_unit.get(comp.id):
        return ()
    unit_duties: dict[str, list[Competence]] | None = view.memo.get(("carrier", "unit duties"))
    if unit_duties is None:
        unit_duties = {}
        for other in view.competences:
            if facts.duty_of_unit.get(other.id):
                unit_duties.setdefault(other.holder.id, []).append(other)
        view.memo[("carrier", "unit duties")] = unit_duties
    matching: list[Competence] = []
    for subject, action in comp.pairs:
        covering = [
            d
            for d in unit_duties.get(comp.holder.id, ())
            if any(a == action and view.covers(s, subject) for s, a in d.pairs)
        ]
        if not covering:
            return ()
        matching.extend(d for d in covering if d not in matching)
    return tuple(matching)


def _by_id(found: dict[str, T]) -> tuple[T, ...]:
    if len(found) < 2:
        return tuple(found.values())
    return tuple(map(found.__getitem__, sorted(found)))


_PostPlace = tuple[Node, str | None, Node | None]
_UnitPlace = tuple[Node, str | None]


@dataclass(slots=True)
class _Facts:
    """What says who carries what, gathered once per view (every duty asks about the same few posts)."""

    posts: dict[str, _PostPlace]
    """Posts in force on the date: the post, its organization's id, its unit."""
    units: dict[str, _UnitPlace]
    """Units in force on the date: the unit, its organization's id."""
    assigned: Mapping[str, Sequence[str]]
    """Competence → the assignments (落实) giving it to a unit or post: ``assigned`` reversed."""
    assigned_unit: Mapping[str, Sequence[str]]
    assigned_post: Mapping[str, Sequence[str]]
    duty_of_unit: Mapping[str, Sequence[str]]
    roles: Mapping[str, object]
    """Assignment → its role (A角 ``primary``, B角 ``backup``), or ``None``."""
    carriers: dict[str, Carriers]
    """What :func:`carriers` has worked out so far, by competence id."""


def _facts(view: AsOf) -> _Facts:
    known: _Facts | None = view.memo.get(("carrier", "facts"))
    if known is None:
        post_of, post_in, unit_of = view.linked("postOf"), view.linked("postIn"), view.linked("unitOf")
        posts: dict[str, _PostPlace] = {}
        for post in view.g.nodes("Post"):
            if view.valid(post):
                orgs, units = post_of.get(post.id), post_in.get(post.id)
                posts[post.id] = (post, orgs[0] if orgs else None, view.node(units[0]) if units else None)
        in_force: dict[str, _UnitPlace] = {}
        for unit in view.g.nodes("Unit"):
            if view.valid(unit):
                orgs = unit_of.get(unit.id)
                in_force[unit.id] = (unit, orgs[0] if orgs else None)
        known = _Facts(
            posts=posts,
            units=in_force,
            assigned=view.linking_for_some("assigned"),
            assigned_unit=view.linked_for_some("assignedUnit"),
            assigned_post=view.linked_for_some("assignedPost"),
            duty_of_unit=view.linked_for_some("dutyOfUnit"),
            roles=view.values_for_some("Assignment", "role"),
            carriers={},
        )
        view.memo[("carrier", "facts")] = known
    return known


def holders_on(view: AsOf, post: Node) -> list[tuple[Node, Node]]:
    """``(holding, person)`` pairs of the persons holding ``post`` on the date."""
    found = []
    for holding in view.pointing(post.id, "heldPost"):
        if view.valid(holding):
            person = view.one(holding.id, "holder")
            if person is not None:
                found.append((holding, person))
    return sorted(found, key=lambda hp: hp[1].id)


def _unstaffed_listed(view: AsOf, unit: Node) -> bool:
    """A unit its 三定 lists with no post in force: staffing reports it once (``unit_without_posts``)."""
    staffed: set[str] | None = view.memo.get(("roster", "units"))
    if staffed is None:
        staffed = {place[2].id for place in _facts(view).posts.values() if place[2] is not None}
        view.memo[("roster", "units")] = staffed
    return unit.id not in staffed and view.one(unit.id, "listedIn") is not None


def _missing_backup(posts: tuple[tuple[Node, str | None], ...]) -> bool:
    """A primary post (A角) and no backup (B角)."""
    roles = [role for _, role in posts]
    return "primary" in roles and "backup" not in roles


def competence_finding(view: AsOf, comp: Competence) -> Finding | None:
    """What keeps one duty or power from reaching a person: *no_unit*, *no_post* or *no_backup*, if any."""
    if comp.kind == "Duty" and CATCH_ALL.search(str(comp.node.get("text") or "")):
        return None
    found = carriers(view, comp)
    if not found.units and not found.posts:
        if not has_units(view, comp.holder):
            return None  # no unit of the organization is loaded: said once in the audit's notes
        variant = "no_unit"
    elif not has_roster(view, comp.holder):
        return None  # no post of the organization is loaded: said once in the audit's notes
    elif not found.posts and all(_unstaffed_listed(view, u) for u in found.units):
        return None  # its units have no post at all: one finding, the staffing one (unit_without_posts)
    elif not found.posts:
        variant = "no_post"
    elif _missing_backup(found.posts):
        variant = "no_backup"
    else:
        return None
    return view.finding_about(comp, "unassigned", variant, _message(comp, found, variant))


def _message(comp: Competence, found: Carriers, variant: str) -> str:
    """The finding's sentence (worked out only for the few duties found wanting, not for every one checked)."""
    what = tr("duty") if comp.kind == "Duty" else tr("power")
    said = {"organization": comp.holder.label, "what": what, "title": comp.title}
    if variant == "no_unit":
        return tr("{organization}: {what} 「{title}」 is carried by none of its units or posts", **said)
    if variant == "no_post":
        anchors = "、".join(str(d.node.get("anchor")) for d in found.inferred)
        return tr(
            "{organization}: {what} 「{title}」 is carried by {units}{how} but by no post",
            units="、".join(u.label for u in found.units),
            how=tr(" (as its {anchors} says)", anchors=anchors) if found.inferred else "",
            **said,
        )
    primary = [p.label for p, r in found.posts if r == "primary"]
    return tr(
        "{organization}: {what} 「{title}」 has a primary post (A角: {primary}) but no backup post (B角)",
        primary="、".join(primary),
        **said,
    )


def post_findings(view: AsOf, post: Node) -> list[Finding]:
    """What is wrong with one post on the date: *vacant_post*, or *no_credential* for each holder of an
    enforcement post without a valid 执法证 (the trace puts these beside the persons they are about)."""
    if not view.valid(post):
        return []
    org, unit = _post_org_unit(view, post)
    if org is None or not view.valid(org):
        return []
    where = f"{org.label}{'' if unit is None else ' ' + unit.label}"
    holders = holders_on(view, post)
    if not holders:
        return [
            Finding(
                kind="unassigned",
                variant="vacant_post",
                message=tr(
                    "{where}: post 「{post}」 has no holder on {date}", where=where, post=post.label, date=view.date
                ),
                organizations=[org.label],
                region=str(org.get("region")),
                evidence=[view.evidence_of(post)],
                records=[post.id],
            )
        ]
    if not post.get("enforcement"):
        return []
    findings = []
    for holding, person in holders:
        credentials = [c for c in view.pointing(person.id, "credentialOf") if view.valid(c)]
        if credentials:
            continue
        findings.append(
            Finding(
                kind="unassigned",
                variant="no_credential",
                message=tr(
                    "{where}: {person} holds enforcement post 「{post}」 with no valid 执法证 on {date}",
                    where=where,
                    person=person.label,
                    post=post.label,
                    date=view.date,
                ),
                organizations=[org.label],
                region=str(org.get("region")),
                evidence=[view.evidence_of(post), view.evidence_of(holding)],
                records=[post.id, person.id],
                personal={person.id: person.label, holding.id: holding.label},
            )
        )
    return findings


def find_unassigned(view: AsOf) -> list[Finding]:
    """Unassigned duties and powers, vacant posts and uncredentialed enforcement staff, as of ``view.date``."""
    findings = [f for c in view.competences if (f := competence_finding(view, c)) is not None]
    findings += [f for post in view.g.nodes("Post") for f in post_findings(view, post)]
    return sorted(findings, key=Finding.sort_key)
