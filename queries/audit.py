"""The full audit: every finding kind, as of one date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dutygraph.collector import collector_paused
from dutygraph.i18n import tr
from dutygraph.loaders.gazetteer import gazetteer
from dutygraph.loaders.naming import region_key
from dutygraph.queries.basis import find_basis_problems
from dutygraph.queries.complaints import find_complaint_problems
from dutygraph.queries.context import AsOf
from dutygraph.queries.execution import find_execution_problems
from dutygraph.queries.findings import FINDING_KINDS, SEVERITY_ORDER, Finding
from dutygraph.queries.gaps import find_gaps, has_items
from dutygraph.queries.overlaps import find_overlaps
from dutygraph.queries.staffing import find_staffing_problems
from dutygraph.queries.unassigned import find_unassigned, has_roster, has_units
from dutygraph.stores.base import GraphReader

__all__ = ["Audit", "audit"]


@dataclass
class Audit:
    """Findings of one audit, as of ``as_of``."""

    as_of: str
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    """What the audit could not judge, said once (``no roster loaded for X``)."""

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f"{f.kind}/{f.variant}" for f in self.findings).items()))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"as_of": self.as_of, "counts": self.counts()}
        if self.notes:
            out["notes"] = self.notes
        out["findings"] = [f.to_dict() for f in self.findings]
        return out


def audit(
    g: GraphReader,
    on: date | str | None = None,
    *,
    kinds: tuple[str, ...] | None = None,
    include_resolved: bool = False,
    region: str | None = None,
    with_subregions: bool = False,
    min_severity: str | None = None,
) -> Audit:
    """Run every analysis (or those in ``kinds``) on ``g`` as of ``on`` (default today).

    ``region`` (a 行政区划代码 or a place name) keeps the findings of that region; ``with_subregions`` those
    of the regions within it too (a city's counties and districts, by the gazetteer). ``min_severity``
    (high, medium, low, info) keeps the findings at least that pressing.
    """
    with collector_paused():
        result = _audit(AsOf(g, on), set(kinds or FINDING_KINDS), include_resolved)
    if min_severity is not None:
        floor = SEVERITY_ORDER[min_severity]
        result = replace(result, findings=[f for f in result.findings if SEVERITY_ORDER[f.severity] <= floor])
    if region is None:
        return result
    inside = within(region_key(region), with_subregions=with_subregions)
    return replace(result, findings=[f for f in result.findings if f.region is not None and inside(f.region)])


def within(region: str, *, with_subregions: bool) -> Callable[[str], bool]:
    """Whether a region id is ``region`` (or, ``with_subregions``, lies within it by the gazetteer)."""
    places = gazetteer()
    top = places.by_code.get(region)

    def test(candidate: str) -> bool:
        if candidate == region:
            return True
        below = places.by_code.get(candidate)
        return with_subregions and top is not None and below is not None and top.contains(below)

    return test


def _audit(view: AsOf, wanted: set[str], include_resolved: bool) -> Audit:
    findings: list[Finding] = []
    if "overlap" in wanted:
        findings += find_overlaps(view, include_resolved=include_resolved)
    if "gap" in wanted:
        findings += find_gaps(view)
    if "unassigned" in wanted:
        findings += find_unassigned(view)
    if "basis" in wanted:
        findings += find_basis_problems(view)
    if "staffing" in wanted:
        findings += find_staffing_problems(view)
    if "execution" in wanted:
        findings += find_execution_problems(view)
    if "complaint" in wanted:
        findings += find_complaint_problems(view)
    notes = []
    holders = {c.holder.id: c.holder for c in view.competences}
    if "unassigned" in wanted:
        unorganized = sorted(o.label for o in holders.values() if not has_units(view, o))
        if unorganized:
            notes.append(
                tr(
                    "no 内设机构 (units) loaded for {organizations}: which unit carries each of their duties is not "
                    "judged",
                    organizations="、".join(unorganized),
                )
            )
    if wanted & {"unassigned", "staffing"}:
        bare = sorted(o.label for o in holders.values() if not has_roster(view, o))
        if bare:
            notes.append(
                tr(
                    "no roster (posts) loaded for {organizations}: no post, holder or 编制 findings for them",
                    organizations="、".join(bare),
                )
            )
    if "gap" in wanted:
        itemless = sorted(
            {c.holder.label for c in view.competences if c.kind == "Power" and not has_items(view, c.holder)}
        )
        if itemless:
            notes.append(
                tr(
                    "no 责任事项 loaded for the powers of {organizations}: missing 责任事项 not judged",
                    organizations="、".join(itemless),
                )
            )
    undated = sorted(str(p.get("title")) for p in view.g.nodes("Provision") if p.get("dated") == "unknown")
    if undated:
        notes.append(
            tr(
                "no known date of effect for {provisions}: counted as in force on every date; load it with "
                "--valid-from to say",
                provisions="、".join(f"《{t}》" for t in undated),
            )
        )
    return Audit(as_of=view.date, findings=findings, notes=notes)
