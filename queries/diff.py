"""Reorganization diff (机构改革前后): what a reform did to duties between two dates.

``moved``     a duty or power held on both dates, by another organization after (划转);
``dropped``   held before and not after, and what it covered (a subject with an action) is covered by no
              duty or power after — the same subject or a broader one, the same action (a duty the reform
              lost); one replaced by a new department's duty is not dropped;
``doubled``   an overlap after the change that was not there before (a duty two now hold);
``resolved``  an overlap before that is gone after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutygraph.i18n import tr
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Evidence, Finding
from dutygraph.queries.overlaps import find_overlaps
from dutygraph.stores.base import GraphReader

__all__ = ["Change", "Diff", "reorganization_diff"]


@dataclass
class Change:
    """One duty or power, and who held it on each date (``None``: nobody)."""

    kind: str
    record: str
    title: str
    before: str | None
    after: str | None
    evidence: list[Evidence] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # what no one holds after: 规划编制 of 煤矿

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "record": self.record,
            "title": self.title,
            "before": self.before,
            "after": self.after,
            "lost": self.lost,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class Diff:
    before: str
    after: str
    moved: list[Change]
    dropped: list[Change]
    doubled: list[Finding]
    resolved: list[Finding]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.before,
            "to": self.after,
            "moved": [c.to_dict() for c in self.moved],
            "dropped": [c.to_dict() for c in self.dropped],
            "doubled": [f.to_dict() for f in self.doubled],
            "resolved": [f.to_dict() for f in self.resolved],
        }


def _key(finding: Finding) -> tuple[str, ...]:
    return (finding.variant, *sorted(finding.records))


def reorganization_diff(g: GraphReader, before: date | str, after: date | str) -> Diff:
    """What changed in who holds what between ``before`` and ``after``."""
    old, new = AsOf(g, before), AsOf(g, after)
    held_after: dict[str, Competence] = {c.id: c for c in new.competences}
    covered_after: dict[str, set[str]] = {}
    for comp in new.competences:
        for subject, action in comp.pairs:
            covered_after.setdefault(action, set()).add(subject)
    moved: list[Change] = []
    dropped: list[Change] = []
    for comp in old.competences:
        later = held_after.get(comp.id)
        if later is None:
            lost = [
                (s, a) for s, a in comp.pairs if not any(new.covers(general, s) for general in covered_after.get(a, ()))
            ]
            if lost or not comp.pairs:
                change = Change(comp.kind, comp.id, comp.title, comp.holder.label, None, list(comp.evidence))
                change.lost = [tr("{action} of {subject}", action=new.label(a), subject=new.label(s)) for s, a in lost]
                dropped.append(change)
        elif later.holder.id != comp.holder.id:
            moved.append(
                Change(comp.kind, comp.id, comp.title, comp.holder.label, later.holder.label, list(later.evidence))
            )
    overlaps_before = {_key(f): f for f in find_overlaps(old)}
    overlaps_after = {_key(f): f for f in find_overlaps(new)}
    return Diff(
        before=old.date,
        after=new.date,
        moved=moved,
        dropped=dropped,
        doubled=[f for k, f in overlaps_after.items() if k not in overlaps_before],
        resolved=[f for k, f in overlaps_before.items() if k not in overlaps_after],
    )
