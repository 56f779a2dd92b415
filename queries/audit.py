"""The full audit: every finding kind, as of one date."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from dutygraph.collector import collector_paused
from dutygraph.queries.basis import find_basis_problems
from dutygraph.queries.context import AsOf
from dutygraph.queries.execution import find_execution_problems
from dutygraph.queries.findings import FINDING_KINDS, Finding
from dutygraph.queries.gaps import find_gaps
from dutygraph.queries.overlaps import find_overlaps
from dutygraph.queries.staffing import find_staffing_problems
from dutygraph.queries.unassigned import find_unassigned
from dutygraph.stores.base import GraphReader

__all__ = ["Audit", "audit"]


@dataclass
class Audit:
    """Findings of one audit, as of ``as_of``."""

    as_of: str
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f"{f.kind}/{f.variant}" for f in self.findings).items()))

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "counts": self.counts(), "findings": [f.to_dict() for f in self.findings]}


def audit(
    g: GraphReader,
    on: date | str | None = None,
    *,
    kinds: tuple[str, ...] | None = None,
    include_resolved: bool = False,
) -> Audit:
    """Run every analysis (or those in ``kinds``) on ``g`` as of ``on`` (default today)."""
    with collector_paused():
        return _audit(AsOf(g, on), set(kinds or FINDING_KINDS), include_resolved)


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
    return Audit(as_of=view.date, findings=findings)
