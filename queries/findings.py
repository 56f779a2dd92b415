"""What every analysis returns: findings with evidence, as of a date.

The JSON shape of :meth:`Finding.to_dict` is a stable contract (README, "JSON output").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["FINDING_KINDS", "PERSON_HIDDEN", "SEVERITY", "SEVERITY_ORDER", "Evidence", "Finding"]

PERSON_HIDDEN = "某人员"
"""What a person's name reads as for one without the right to see it."""

FINDING_KINDS = {
    "overlap": ("duplicate", "subsumed", "partial", "comprehensive_sector", "resolved", "cooperation"),
    "gap": ("article", "subject", "missing_items"),
    "unassigned": ("no_unit", "no_post", "no_backup", "vacant_post", "no_credential"),
    "basis": ("missing", "unresolved", "repealed", "stale", "mismatch", "uncarried", "overlap"),
    "staffing": ("over_establishment", "vacant_establishment", "over_leaders", "unlisted_unit", "unit_without_posts"),
    "execution": ("beyond_provision",),
}
"""Finding kinds and their variants (see README, "Findings")."""

SEVERITY: dict[str, str] = {
    "overlap/duplicate": "high",
    "overlap/subsumed": "high",
    "overlap/partial": "medium",
    "overlap/comprehensive_sector": "low",
    "overlap/resolved": "info",
    "overlap/cooperation": "info",
    "gap/article": "high",
    "gap/subject": "high",
    "gap/missing_items": "medium",
    "unassigned/no_unit": "medium",
    "unassigned/no_post": "medium",
    "unassigned/no_backup": "low",
    "unassigned/vacant_post": "medium",
    "unassigned/no_credential": "high",
    "basis/missing": "high",
    "basis/unresolved": "medium",
    "basis/repealed": "high",
    "basis/stale": "medium",
    "basis/mismatch": "medium",
    "basis/uncarried": "medium",
    "basis/overlap": "medium",
    "staffing/over_establishment": "high",
    "staffing/over_leaders": "high",
    "staffing/unlisted_unit": "high",
    "staffing/vacant_establishment": "low",
    "staffing/unit_without_posts": "low",
    "execution/beyond_provision": "medium",
}
"""Severity of each finding variant (high, medium, low, info)."""

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
"""Severities from the most to the least pressing."""


@dataclass(frozen=True)
class Evidence:
    """Where a finding can be checked without the tool: a document, a place in it, and its text."""

    source: str
    anchor: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "anchor": self.anchor, "text": self.text}


@dataclass
class Finding:
    """One finding of an audit.

    ``organizations`` and ``subjects`` are names and labels for people; ``records`` the ids of the
    records involved, for tools.
    """

    kind: str
    variant: str
    message: str
    organizations: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    region: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    personal: dict[str, str] = field(default_factory=dict)
    """Records about persons among ``records`` (a person, a holding), with the name each shows: personal data,
    which a service shows only to its inspectors (:meth:`without_persons`)."""

    def __post_init__(self) -> None:
        if self.variant not in FINDING_KINDS.get(self.kind, ()):
            raise ValueError(f"unknown finding {self.kind}/{self.variant}")

    def without_persons(self) -> Finding:
        """The finding as one may see it without the right to persons' data: their names replaced by 某人员 in
        the message and the evidence, and the records about them left out."""
        if not self.personal:
            return self
        names = sorted({n for n in self.personal.values() if n}, key=len, reverse=True)

        def hidden(text: str) -> str:
            for name in names:
                text = text.replace(name, PERSON_HIDDEN)
            return text

        return replace(
            self,
            message=hidden(self.message),
            evidence=[Evidence(hidden(e.source), hidden(e.anchor), hidden(e.text)) for e in self.evidence],
            records=[r for r in self.records if r not in self.personal],
            personal={},
        )

    @property
    def severity(self) -> str:
        """How pressing the finding is: high, medium, low or info (:data:`SEVERITY`)."""
        return SEVERITY.get(f"{self.kind}/{self.variant}", "low")

    def sort_key(self) -> tuple[str, ...]:
        return (self.kind, self.variant, *self.organizations, *self.subjects, *self.records)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "variant": self.variant,
            "severity": self.severity,
            "message": self.message,
            "organizations": self.organizations,
            "subjects": self.subjects,
            "actions": self.actions,
            "region": self.region,
            "evidence": [e.to_dict() for e in self.evidence],
            "records": self.records,
        }
        out.update(self.details)
        return out
