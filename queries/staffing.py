"""Staffing against the establishment (人员编制执行): the roster of a date measured against the 三定's counts.

Definition (variants of the ``staffing`` finding; only organizations whose 三定 in force gives the count
in question are measured, and a count exactly met is not a finding):

``over_establishment``  more persons hold posts of the organization than its establishment (超编);
``vacant_establishment`` fewer persons than its establishment: places left empty (空编);
``over_leaders``        more persons hold posts of a leader title (局长, 副局长 …) than the 三定 approves, or
                        more hold leader posts (chief and deputy) than its 领导职数 (超职数配备);
``unlisted_unit``       persons hold posts in a unit no 三定 lists, in an organization whose 三定 lists its
                        units (自设内设机构);
``unit_without_posts``  a unit the 三定 lists with no post in force.

Evidence is the 三定 clause and the holdings counted, by post — never persons' names (personal data: the
trace, for inspectors, names them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from dutygraph.i18n import ntr, tr
from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import Evidence, Finding
from dutygraph.queries.unassigned import has_roster, holders_on
from dutygraph.records import Node

__all__ = ["find_staffing_problems", "post_title"]

_LEADER_ROLES = ("chief", "deputy")


def post_title(post: Node) -> str:
    """A post's title without its note: ``副局长（分管非煤矿山）`` → ``副局长``."""
    return re.sub(r"[（(][^）)]*[）)]", "", str(post.get("name", ""))).strip()


def _provision_in_force(view: AsOf, org: Node) -> Node | None:
    provisions = [p for p in view.pointing(org.id, "provisionOf") if view.valid(p)]
    return max(provisions, key=lambda p: (str(p.get("valid_from")), p.id), default=None)


def _roster(view: AsOf, org: Node) -> list[tuple[Node, Node]]:
    """``(post, person)`` for every post of ``org`` in force and each person holding it on the date."""
    found: list[tuple[Node, Node]] = []
    for post in view.pointing(org.id, "postOf"):
        if view.valid(post):
            found.extend((post, person) for _, person in holders_on(view, post))
    return sorted(found, key=lambda pp: (pp[0].id, pp[1].id))


def _counted(org: Node, date: str, pairs: Iterable[tuple[Node, Node]], what: str) -> Evidence:
    by_post = Counter(str(post.get("name")) for post, _ in pairs)
    listed = "；".join(f"{name} ×{n}" for name, n in sorted(by_post.items())) or tr("none")
    return Evidence(
        tr("{organization} roster", organization=org.label),
        tr("holdings on {date}: {what}", date=date, what=what),
        listed,
    )


def _persons(n: int) -> str:
    return ntr("{count} person", "{count} persons", n)


def _hold(n: int) -> str:
    return ntr("{count} person holds", "{count} persons hold", n)


def _finding(
    view: AsOf, org: Node, variant: str, message: str, evidence: list[Evidence], records: list[str]
) -> Finding:
    return Finding(
        kind="staffing",
        variant=variant,
        message=message,
        organizations=[org.label],
        evidence=evidence,
        records=records,
        region=str(org.get("region")),
    )


def _organization_problems(view: AsOf, org: Node) -> list[Finding]:
    provision = _provision_in_force(view, org)
    if provision is None:
        return []
    quotas = [q for q in view.pointing(org.id, "quotaOf") if view.one(q.id, "inProvision") in (None, provision)]
    if not has_roster(view, org):
        return []  # no post of it is loaded: nothing to count against (the audit's notes say so once)
    roster = _roster(view, org)
    persons = {person.id for _, person in roster}
    findings: list[Finding] = []
    for quota in sorted(quotas, key=lambda q: q.id):
        unit = view.one(quota.id, "quotaUnit")
        count = int(str(quota.get("count")))
        category = str(quota.get("category"))
        clause = Evidence(
            str(provision.get("title")), str(quota.get("anchor") or ""), str(quota.get("text") or category)
        )
        kind = quota.get("kind")
        if kind == "establishment":
            held = len(persons)
            counted = _counted(org, view.date, roster, _persons(held))
            if held > count:
                findings.append(
                    _finding(
                        view,
                        org,
                        "over_establishment",
                        tr(
                            "{organization}: {holders} its posts, {over} over its {category} of {quota} (超编)",
                            organization=org.label,
                            holders=_hold(held),
                            over=held - count,
                            category=category,
                            quota=count,
                        ),
                        [clause, counted],
                        [quota.id],
                    )
                )
            elif held < count:
                findings.append(
                    _finding(
                        view,
                        org,
                        "vacant_establishment",
                        tr(
                            "{organization}: {holders} its posts, {empty} (空编)",
                            organization=org.label,
                            holders=_hold(held),
                            empty=ntr(
                                "{count} place of its {category} of {quota} is empty",
                                "{count} places of its {category} of {quota} are empty",
                                count - held,
                                category=category,
                                quota=count,
                            ),
                        ),
                        [clause, counted],
                        [quota.id],
                    )
                )
        elif kind in ("post", "leader_posts"):
            if unit is not None:  # a unit's own count (科长 1 名): the posts of that unit only
                holding = [(p, h) for p, h in roster if view.one(p.id, "postIn") == unit and post_title(p) == category]
            elif kind == "post":
                holding = [(p, h) for p, h in roster if post_title(p) == category]
            elif "科" in category or "股" in category:
                holding = [(p, h) for p, h in roster if p.get("role") == "unit_head"]
            else:
                holding = [(p, h) for p, h in roster if p.get("role") in _LEADER_ROLES]
            held = len({h.id for _, h in holding})
            if held > count:
                findings.append(
                    _finding(
                        view,
                        org,
                        "over_leaders",
                        tr(
                            "{organization}: {holders} {category} posts, {over} over the {quota} its 三定 approves "
                            "(超职数配备)",
                            organization=org.label,
                            holders=_hold(held),
                            category=category,
                            over=held - count,
                            quota=count,
                        ),
                        [
                            clause,
                            _counted(
                                org,
                                view.date,
                                holding,
                                tr("{persons} as {category}", persons=_persons(held), category=category),
                            ),
                        ],
                        [quota.id, *sorted({p.id for p, _ in holding})],
                    )
                )
    findings += _unit_problems(view, org, provision, roster)
    return findings


def _unit_problems(view: AsOf, org: Node, provision: Node, roster: list[tuple[Node, Node]]) -> list[Finding]:
    units = [u for u in view.pointing(org.id, "unitOf") if view.valid(u)]
    listed = [u for u in units if view.one(u.id, "listedIn") is not None]
    if not listed:
        return []  # the data does not say which units the 三定 lists: nothing to measure against
    findings: list[Finding] = []
    title = str(provision.get("title"))
    names = "、".join(sorted(str(u.get("name")) for u in listed))
    for unit in sorted(units, key=lambda u: u.id):
        posts = [p for p in view.pointing(unit.id, "postIn") if view.valid(p)]
        if view.one(unit.id, "listedIn") is None:
            staffed = [(p, h) for p, h in roster if view.one(p.id, "postIn") == unit]
            if staffed:
                findings.append(
                    _finding(
                        view,
                        org,
                        "unlisted_unit",
                        tr(
                            "{organization}: {holders} posts in {unit}, a unit its 三定 does not list (自设内设机构)",
                            organization=org.label,
                            holders=_hold(len(staffed)),
                            unit=unit.label,
                        ),
                        [
                            Evidence(title, "内设机构", tr("the units it lists: {units}", units=names)),
                            _counted(
                                org,
                                view.date,
                                staffed,
                                tr("{persons} in {unit}", persons=_persons(len(staffed)), unit=unit.label),
                            ),
                        ],
                        [unit.id],
                    )
                )
        elif not posts:
            findings.append(
                _finding(
                    view,
                    org,
                    "unit_without_posts",
                    tr(
                        "{organization}: {unit}, which its 三定 lists, has no post",
                        organization=org.label,
                        unit=unit.label,
                    ),
                    [Evidence(title, "内设机构", tr("lists {unit}", unit=unit.label))],
                    [unit.id],
                )
            )
    return findings


def find_staffing_problems(view: AsOf, organization: str | None = None) -> list[Finding]:
    """Staffing findings as of ``view.date``, for every organization in force (or the one with this id)."""
    findings: list[Finding] = []
    for org in view.organizations():
        if organization is None or org.id == organization:
            findings += _organization_problems(view, org)
    return sorted(findings, key=Finding.sort_key)
