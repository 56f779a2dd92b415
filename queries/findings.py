"""What every analysis returns: findings with evidence, as of a date.

The JSON shape of :meth:`Finding.to_dict` is a stable contract (README, "JSON output").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FINDING_KINDS", "Evidence", "Finding"]

FINDING_KINDS = {
    "overlap": ("duplicate", "subsumed", "resolved"),
    "gap": ("article", "subject", "missing_items"),
    "unassigned": ("no_unit", "no_post", "no_backup", "vacant_post", "no_credential"),
    "basis": ("missing", "unresolved", "repealed", "stale", "uncarried", "overlap"),
    "staffing": ("over_establishment", "vacant_establishment", "over_leaders", "unlisted_unit", "unit_without_posts"),
    "execution": ("beyond_provision",),
}
"""Finding kinds and their variants (see README, "Findings")."""


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

    def __post_init__(self) -> None:
        if self.variant not in FINDING_KINDS.get(self.kind, ()):
            raise ValueError(f"unknown finding {self.kind}/{self.variant}")

    def sort_key(self) -> tuple[str, ...]:
        return (self.kind, self.variant, *self.organizations, *self.subjects, *self.records)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "variant": self.variant,
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
