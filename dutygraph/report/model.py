"""What a report says: the audit of a date arranged for a 编委 meeting, before it is written as HTML or XLSX.

Every finding gets a severity and a suggested resolution (what an establishment office would propose); overlaps
get a department × department matrix and a diagram; a previous report's JSON gives the changes since then.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dutygraph.i18n import N_, ntr, tr
from dutygraph.queries import AsOf, Finding, audit
from dutygraph.queries.diff import Diff, reorganization_diff
from dutygraph.queries.evaluation import Evaluation, evaluate
from dutygraph.queries.findings import SEVERITY, SEVERITY_ORDER
from dutygraph.queries.wording import VagueDuty, find_vague_wording
from dutygraph.stores.base import GraphReader

__all__ = ["SEVERITY", "Entry", "Report", "build_report", "finding_key", "suggestion_for"]

_SEVERITY_ORDER = SEVERITY_ORDER


_SUGGESTIONS = {
    "overlap/resolved": N_("a 职责分工 clause exists: check it is followed"),
    "overlap/comprehensive_sector": N_(
        "comprehensive and sector supervision, as the law divides them: check each side does its part"
    ),
    "overlap/partial": N_(
        "one side is written narrower than the subject it was read as: check the text, then refine the subject "
        "taxonomy or settle the division"
    ),
    "overlap/cooperation": N_("one side leads, the other takes part: check how they work together"),
    "gap/subject": N_("name the department that supervises {subjects}"),
    "gap/missing_items": N_("add the responsibility items (责任事项) its type requires"),
    "unassigned/no_unit": N_("assign the duty to a unit (内设机构)"),
    "unassigned/no_post": N_("assign the duty to posts (A角, B角)"),
    "unassigned/no_backup": N_("give the duty a backup post (B角)"),
    "unassigned/vacant_post": N_("fill the post, or name who carries it meanwhile"),
    "unassigned/no_credential": N_(
        "obtain an enforcement credential (执法证) for the holder; until then the holder may not enforce alone"
    ),
    "basis/missing": N_("add the legal basis; a power with none may not be exercised"),
    "basis/unresolved": N_("cite a law in force (check the article number)"),
    "basis/repealed": N_("cite the law in force instead, or remove the power"),
    "basis/stale": N_("update the list to the amended article within 30 days"),
    "basis/mismatch": N_(
        "check the cited articles against the power and cite the one that sets it (the penalty, the licence)"
    ),
    "basis/uncarried": N_("add the statutory power to the list"),
    "basis/overlap": N_("say in the lists which department exercises it where"),
    "staffing/over_establishment": N_("staff within the approved establishment; absorb the excess within a time limit"),
    "staffing/over_leaders": N_("appoint leaders within the approved number; correct the excess within a time limit"),
    "staffing/unlisted_unit": N_("abolish the unit set up on its own, or have it approved"),
    "staffing/vacant_establishment": N_("fill the establishment in time"),
    "staffing/unit_without_posts": N_("set up posts in the unit and staff them"),
    "execution/beyond_provision": N_(
        "check the 三定: hand back what is not the department's, or add what is to its 三定"
    ),
}


def suggestion_for(f: Finding) -> str:
    """What an establishment office would propose for a finding, in the language in use."""
    subjects = "、".join(f.subjects) or tr("the matter")
    actions = "、".join(f.actions) or tr("the duties concerned")
    if f.kind == "overlap" and f.variant in ("duplicate", "subsumed"):
        return tr(
            "name the lead for {subjects} {actions} in a 职责分工 clause (one of {organizations} leads, the other "
            "cooperates), or change the 三定",
            subjects=subjects,
            actions=actions,
            organizations="、".join(f.organizations),
        )
    if f.kind == "gap" and f.variant == "article":
        return tr(
            "say which department carries {subjects} {actions}, in a 三定 or a 权责清单",
            subjects=subjects,
            actions=actions,
        )
    template = _SUGGESTIONS.get(f"{f.kind}/{f.variant}")
    return tr(template, subjects=subjects) if template else tr("check and correct")


def finding_key(f: Finding) -> str:
    """A finding's identity across reports: kind, variant and the records it is about."""
    return "|".join([f.kind, f.variant, *sorted(f.records)])


@dataclass
class Entry:
    """A finding as the report shows it."""

    number: int
    finding: Finding
    severity: str
    suggestion: str
    key: str


@dataclass
class Report:
    as_of: str
    entries: list[Entry]
    counts: dict[str, int]
    by_department: dict[str, Counter[str]]
    matrix: dict[tuple[str, str], list[int]]
    departments: list[str]
    loaded: list[str]
    taxonomy: dict[str, Any]
    vague: list[VagueDuty]
    changes: dict[str, list[str]] | None = None
    previous: str | None = None
    diff: Diff | None = None
    evaluations: list[Evaluation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "counts": self.counts,
            "findings": [
                {
                    **e.finding.to_dict(),
                    "number": e.number,
                    "severity": e.severity,
                    "suggestion": e.suggestion,
                    "key": e.key,
                }
                for e in self.entries
            ],
            "vague_wording": [v.to_dict() for v in self.vague],
            "changes": self.changes,
            "reorganization": self.diff.to_dict() if self.diff else None,
            "evaluations": [e.to_dict() for e in self.evaluations],
        }


def _loaded(g: GraphReader, view: AsOf) -> list[str]:
    lines = []
    for provision in sorted(g.nodes("Provision"), key=lambda p: str(p.get("title"))):
        state = tr("in force") if view.valid(provision) else tr("not in force")
        start = provision.get("valid_from") or tr("an unknown date")
        lines.append(
            tr("三定 《{title}》 from {start} ({state})", title=provision.get("title"), start=start, state=state)
        )
    for version in sorted(g.nodes("InstrumentVersion"), key=lambda v: v.id):
        instrument = view.one(version.id, "versionOf")
        title = instrument.get("title") if instrument else version.id
        lines.append(
            tr(
                "《{title}》 {version} from {start}",
                title=title,
                version=version.get("label") or "",
                start=version.get("valid_from"),
            )
        )
    powers = sum(1 for _ in g.nodes("Power"))
    if powers:
        lines.append(ntr("权责清单: {count} power", "权责清单: {count} powers", powers))
    return lines


def _taxonomy(g: GraphReader) -> dict[str, Any]:
    subjects = list(g.nodes("Subject"))
    tops = sorted(str(s.get("label")) for s in subjects if not g.targets(s.id, "broader"))
    return {"subjects": len(subjects), "top": tops, "actions": sum(1 for _ in g.nodes("Action"))}


def build_report(
    g: GraphReader,
    on: date | str | None = None,
    *,
    since: Path | None = None,
    reform: tuple[str, str] | None = None,
    evaluate_organizations: tuple[str, ...] = (),
) -> Report:
    """The report of ``g`` as of ``on``; with ``since`` (a previous report's JSON) the changes since then, with
    ``reform`` (two dates) what a reorganization did, with ``evaluate_organizations`` their evaluations."""
    result = audit(g, on, include_resolved=True)
    view = AsOf(g, result.as_of)
    findings = sorted(
        result.findings, key=lambda f: (_SEVERITY_ORDER[SEVERITY.get(f"{f.kind}/{f.variant}", "low")], f.sort_key())
    )
    entries = [
        Entry(i, f, SEVERITY.get(f"{f.kind}/{f.variant}", "low"), suggestion_for(f), finding_key(f))
        for i, f in enumerate(findings, start=1)
    ]
    by_department: dict[str, Counter[str]] = {}
    matrix: dict[tuple[str, str], list[int]] = {}
    for entry in entries:
        f = entry.finding
        for org in f.organizations:
            by_department.setdefault(org, Counter())[f.kind] += 1
        if f.kind == "overlap" and f.variant != "resolved" and len(f.organizations) == 2:
            a, b = sorted(f.organizations)
            matrix.setdefault((a, b), []).append(entry.number)
            matrix.setdefault((b, a), []).append(entry.number)
    departments = sorted({o for pair in matrix for o in pair})
    changes = None
    if since is not None:
        old = json.loads(since.read_text(encoding="utf-8"))
        before = {str(f["key"]): str(f["message"]) for f in old.get("findings", [])}
        now = {e.key: e.finding.message for e in entries}
        changes = {
            "new": [now[k] for k in now if k not in before],
            "resolved": [before[k] for k in before if k not in now],
            "open": [now[k] for k in now if k in before],
        }
    return Report(
        as_of=result.as_of,
        entries=entries,
        counts=result.counts(),
        by_department=by_department,
        matrix=matrix,
        departments=departments,
        loaded=_loaded(g, view),
        taxonomy=_taxonomy(g),
        vague=find_vague_wording(view),
        changes=changes,
        previous=str(since) if since else None,
        diff=reorganization_diff(g, *reform) if reform else None,
        evaluations=[evaluate(g, org, result.as_of) for org in evaluate_organizations],
    )
