"""Duty execution (职责履行): posts doing what the department's 三定 never gave it.

Definition (the ``execution`` finding): ``beyond_provision`` — a power in force, carried by a post of its
organization, that implements no duty and whose subjects no duty of the organization's 三定 in force covers
(the same subject or a broader one). Such a post works outside the department's approved functions; either
the 三定 or the list is wrong.
"""

from __future__ import annotations

from dutygraph.i18n import tr
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Finding
from dutygraph.queries.unassigned import carriers

__all__ = ["find_execution_problems"]


def _covered(view: AsOf, power: Competence, duties: list[Competence]) -> bool:
    if view.g.targets(power.id, "implements"):
        return True
    if not power.subjects:
        return True  # a power naming no subject cannot be measured against the 三定's subjects
    return all(any(view.covers(d, s) for duty in duties for d in duty.subjects) for s in power.subjects)


def find_execution_problems(view: AsOf, organization: str | None = None) -> list[Finding]:
    """Execution findings as of ``view.date`` (for one organization, by id, when given)."""
    duties: dict[str, list[Competence]] = {}
    for comp in view.competences:
        if comp.kind == "Duty":
            duties.setdefault(comp.holder.id, []).append(comp)
    findings: list[Finding] = []
    for comp in view.competences:
        if comp.kind != "Power" or (organization is not None and comp.holder.id != organization):
            continue
        held = duties.get(comp.holder.id, [])
        if not held or _covered(view, comp, held):
            continue
        posts = carriers(view, comp).posts
        if not posts:
            continue  # no post does it: the unassigned finding says so
        names = "、".join(str(p.get("name")) for p, _ in posts)
        message = tr(
            "{organization}: {posts} carry 「{power}」, which no duty of its 三定 covers ({subjects})",
            organization=comp.holder.label,
            posts=names,
            power=comp.title,
            subjects="、".join(view.label(s) for s in comp.subjects),
        )
        findings.append(
            view.finding_about(comp, "execution", "beyond_provision", message, records=[p.id for p, _ in posts])
        )
    return sorted(findings, key=Finding.sort_key)
