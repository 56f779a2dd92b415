"""What every analysis returns: findings with evidence, as of a date.

The JSON shape of :meth:`Finding.to_dict` is a stable contract (README, "JSON output").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from dutygraph.i18n import N_, tr

__all__ = [
    "FINDING_KINDS",
    "SEVERITY",
    "SEVERITY_ORDER",
    "Evidence",
    "Finding",
    "kind_name",
    "level_name",
    "person_hidden",
    "severity_name",
    "variant_name",
]


def person_hidden() -> str:
    """What a person's name reads as for one without the right to see it (某人员)."""
    return tr("[a person]")


FINDING_KINDS = {
    "overlap": ("duplicate", "subsumed", "partial", "comprehensive_sector", "resolved", "cooperation"),
    "gap": ("article", "subject", "missing_items"),
    "unassigned": ("no_unit", "no_post", "no_backup", "vacant_post", "no_credential"),
    "basis": ("missing", "unresolved", "repealed", "stale", "mismatch", "uncarried", "overlap"),
    "staffing": ("over_establishment", "vacant_establishment", "over_leaders", "unlisted_unit", "unit_without_posts"),
    "execution": ("beyond_provision",),
    "complaint": ("late", "misrouted"),
}
"""Finding kinds and their variants (see README, "Findings")."""

_KIND_NAMES = {
    "overlap": N_("overlapping duties"),
    "gap": N_("duties nobody holds"),
    "unassigned": N_("duties not carried down"),
    "basis": N_("legal bases"),
    "staffing": N_("establishment and staffing"),
    "execution": N_("duties carried beyond the 三定"),
    "complaint": N_("complaints handled"),
}
_VARIANT_NAMES = {
    "overlap/duplicate": N_("overlap (duplicate)"),
    "overlap/subsumed": N_("overlap (one contains the other)"),
    "overlap/partial": N_("overlap (as read, narrower as written)"),
    "overlap/comprehensive_sector": N_("comprehensive and sector supervision"),
    "overlap/resolved": N_("settled by a division of duties"),
    "overlap/cooperation": N_("lead and cooperating"),
    "gap/article": N_("statutory duty nobody holds"),
    "gap/subject": N_("subject nobody supervises"),
    "gap/missing_items": N_("responsibility items missing"),
    "unassigned/no_unit": N_("not assigned to a unit"),
    "unassigned/no_post": N_("not assigned to a post"),
    "unassigned/no_backup": N_("no A/B posts"),
    "unassigned/vacant_post": N_("vacant post"),
    "unassigned/no_credential": N_("no enforcement credential"),
    "basis/missing": N_("no legal basis"),
    "basis/unresolved": N_("legal basis not found"),
    "basis/repealed": N_("legal basis repealed"),
    "basis/stale": N_("cited article changed"),
    "basis/mismatch": N_("basis does not match the power"),
    "basis/uncarried": N_("statutory power not in any list"),
    "basis/overlap": N_("one article carried by two departments"),
    "staffing/over_establishment": N_("over establishment"),
    "staffing/vacant_establishment": N_("vacant establishment"),
    "staffing/over_leaders": N_("more leaders than approved"),
    "staffing/unlisted_unit": N_("unit not in the 三定"),
    "staffing/unit_without_posts": N_("unit without posts"),
    "execution/beyond_provision": N_("beyond the 三定"),
    "complaint/late": N_("handled late (超期办理)"),
    "complaint/misrouted": N_("handled by the wrong organization (转办错误)"),
}
_SEVERITY_NAMES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low"), "info": N_("for information")}


_LEVEL_NAMES = {
    "national": N_("national"),
    "province": N_("province"),
    "city": N_("city"),
    "county": N_("county"),
    "township": N_("township"),
}


def level_name(level: str) -> str:
    """A level of government as its readers name it (市级, 县级 …)."""
    return tr(_LEVEL_NAMES[level]) if level in _LEVEL_NAMES else level


def kind_name(kind: str) -> str:
    """A finding kind as its readers name it (职责交叉 …), in the language in use."""
    return tr(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind


def variant_name(kind: str, variant: str) -> str:
    """A finding variant as its readers name it (职责交叉（重复）, 依据缺失, 超职数配备 …), in the language in use."""
    key = f"{kind}/{variant}"
    return tr(_VARIANT_NAMES[key]) if key in _VARIANT_NAMES else key


def severity_name(severity: str) -> str:
    """高, 中, 低, 提示 (high, medium, low, for information)."""
    return tr(_SEVERITY_NAMES[severity]) if severity in _SEVERITY_NAMES else severity


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
    "complaint/late": "medium",
    "complaint/misrouted": "high",
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
        hidden_name = person_hidden()

        def hidden(text: str) -> str:
            for name in names:
                text = text.replace(name, hidden_name)
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
            "name": variant_name(self.kind, self.variant),
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
