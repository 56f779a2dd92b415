"""Who answers first: an organization's role for a subject (牵头 or 配合) and a post's (A角 or B角) on a date.

An organization *leads* (主要负责) a subject and action when a 职责分工 clause in force names it lead, or,
without one, when its duty holds it as lead (负责, 主管 …); it *cooperates* (配合) when a clause names it
cooperating or its duty only takes part (参与/配合/协助). A post that is a competence's A角 answers first;
its B角 answers when every A角 post is vacant on the date or its holders are away (absences.csv).
"""

from __future__ import annotations

from dataclasses import dataclass

from dutygraph.i18n import N_, tr
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Evidence
from dutygraph.queries.unassigned import holders_on
from dutygraph.records import Node

__all__ = [
    "ROLES",
    "OrganizationRole",
    "absence_of",
    "away_reason",
    "organization_role",
    "post_role_name",
    "role_name",
    "stand_in_reason",
]

ROLES = ("lead", "cooperating")
_ROLE_NAMES = {"lead": N_("lead (牵头)"), "cooperating": N_("cooperating (配合)")}
_POST_ROLE_NAMES = {"primary": N_("A (primary, A角)"), "backup": N_("B (backup, B角)")}


def role_name(role: str | None) -> str:
    """牵头 or 配合 (lead, cooperating), in the language in use."""
    return tr(_ROLE_NAMES[role]) if role in _ROLE_NAMES else ""


def post_role_name(role: str | None) -> str:
    """A角 or B角, in the language in use."""
    return tr(_POST_ROLE_NAMES[role]) if role in _POST_ROLE_NAMES else ""


@dataclass(frozen=True)
class OrganizationRole:
    """An organization's role for the subject traced, why, and the clause that says so (if one does)."""

    role: str
    because: str
    evidence: Evidence | None = None


@dataclass(frozen=True)
class _Division:
    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    lead: str | None
    cooperating: tuple[str, ...]
    node: Node


def _divisions(view: AsOf) -> list[_Division]:
    known: list[_Division] | None = view.memo.get(("roles", "divisions"))
    if known is None:
        known = []
        for division in view.g.nodes("Division"):
            if not view.valid(division):
                continue
            lead = view.one(division.id, "lead")
            known.append(
                _Division(
                    tuple(view.g.targets(division.id, "subject")),
                    tuple(view.g.targets(division.id, "action")),
                    lead.id if lead is not None else None,
                    tuple(view.g.targets(division.id, "cooperating")),
                    division,
                )
            )
        view.memo[("roles", "divisions")] = known
    return known


def organization_role(view: AsOf, comps: list[Competence], subject: str, action: str | None) -> OrganizationRole:
    """The role of the organization holding ``comps`` for ``subject`` (and ``action``) on the date.

    A Division in force whose subject covers ``subject`` decides first; then the duties' own role.
    """
    holder = comps[0].holder
    actions = {action} if action is not None else {a for c in comps for _, a in c.pairs}
    for division in _divisions(view):
        if not any(view.covers(s, subject) for s in division.subjects):
            continue
        if division.actions and not actions & set(division.actions):
            continue
        anchor = str(division.node.get("anchor") or "")
        evidence = view.evidence_of(division.node)
        if division.lead == holder.id:
            return OrganizationRole("lead", tr("leads by the 职责分工 clause {anchor}", anchor=anchor), evidence)
        if holder.id in division.cooperating:
            return OrganizationRole(
                "cooperating", tr("cooperates by the 职责分工 clause {anchor}", anchor=anchor), evidence
            )
    if all(str(c.node.get("role") or "lead") == "participating" for c in comps):
        return OrganizationRole("cooperating", tr("its duty only takes part (参与/配合/协助)"))
    return OrganizationRole("lead", tr("holds the duty as lead (负责)"))


def absence_of(view: AsOf, person: Node) -> Node | None:
    """The absence (请假/外出) of ``person`` in force on the date, if any."""
    for absence in view.pointing(person.id, "absentPerson"):
        if view.valid(absence):
            return absence
    return None


def _away(absence: Node, person: Node) -> str:
    return tr(
        "{person} is away from {start} to {end}{reason}",
        person=person.label,
        start=absence.get("valid_from"),
        end=absence.get("valid_to"),
        reason=tr(" ({reason})", reason=absence.get("reason")) if absence.get("reason") else "",
    )


def stand_in_reason(view: AsOf, primaries: list[Node]) -> str | None:
    """Why the B角 answers on the date — every A角 post vacant or its holders away — or ``None`` when an A角
    is there to answer (or the competence has no A角)."""
    if not primaries:
        return None
    why = []
    for post in primaries:
        holders = holders_on(view, post)
        if not holders:
            why.append(tr("「{post}」 is vacant", post=post.label))
            continue
        for _, person in holders:
            absence = absence_of(view, person)
            if absence is None:
                return None
            why.append(_away(absence, person))
    return "；".join(why)


def away_reason(view: AsOf, person: Node) -> str | None:
    """``{person} is away from … to …`` when an absence of ``person`` is in force on the date."""
    absence = absence_of(view, person)
    return _away(absence, person) if absence is not None else None
