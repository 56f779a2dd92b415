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

from dutygraph.queries import AsOf, Finding, audit
from dutygraph.queries.diff import Diff, reorganization_diff
from dutygraph.queries.evaluation import Evaluation, evaluate
from dutygraph.queries.findings import SEVERITY, SEVERITY_ORDER
from dutygraph.queries.wording import VagueDuty, find_vague_wording
from dutygraph.stores.base import GraphReader

__all__ = ["SEVERITY", "Entry", "Report", "build_report", "finding_key"]

_SEVERITY_ORDER = SEVERITY_ORDER


def _suggestion(f: Finding) -> str:
    subjects = "、".join(f.subjects) or "该事项"
    actions = "、".join(f.actions) or "相关职责"
    orgs = "、".join(f.organizations)
    lead = f"在有关职责分工条款中明确{subjects}{actions}的牵头部门（{orgs}之一牵头、另一方配合），或调整三定职责"
    return {
        "overlap/duplicate": lead,
        "overlap/subsumed": lead,
        "overlap/resolved": "已有职责分工条款，核对执行情况",
        "overlap/comprehensive_sector": "综合监管与行业监管的法定分工：核对双方是否按分工履职",
        "overlap/partial": "一方的表述比匹配到的监管对象更窄：核对原文后补充监管对象分类，或明确分工",
        "overlap/cooperation": "一方牵头、一方参与配合：核对牵头与配合的衔接机制",
        "gap/article": f"明确由哪个部门承担{subjects}{actions}，写入三定或权责清单",
        "gap/subject": f"明确{subjects}的监管部门",
        "gap/missing_items": "补齐该职权类型要求的责任事项",
        "unassigned/no_unit": "将该职责分解到内设机构",
        "unassigned/no_post": "将该职责落实到具体岗位（A角、B角）",
        "unassigned/no_backup": "为该职责设置B角岗位",
        "unassigned/vacant_post": "及时配备该岗位人员，或明确临时承担人",
        "unassigned/no_credential": "为执法岗位人员办理执法证，未取证前不得独立执法",
        "basis/missing": "补充法定依据，无依据的事项不得实施",
        "basis/unresolved": "引用有效的法律法规条款（核对条款序号）",
        "basis/repealed": "改引现行有效的法律法规，或取消该事项",
        "basis/stale": "按修改后的条款在30日内更新权责清单",
        "basis/mismatch": "核对所引条款与事项内容是否相符，改引设定该事项（处罚、许可）的条款",
        "basis/uncarried": "将该法定职责纳入权责清单",
        "basis/overlap": "在权责清单中明确各部门的实施范围",
        "staffing/over_establishment": "在核定编制内配备人员，限期消化超编人员",
        "staffing/over_leaders": "按核定领导职数配备，超配的限期纠正",
        "staffing/unlisted_unit": "撤销自设内设机构，或按程序报批",
        "staffing/vacant_establishment": "按编制及时补充人员",
        "staffing/unit_without_posts": "为该内设机构设置岗位并配备人员",
        "execution/beyond_provision": "核对三定职责：该事项不属本部门的，交回；属本部门的，补入三定",
    }.get(f"{f.kind}/{f.variant}", "核实并整改")


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
        state = "in force" if view.valid(provision) else "not in force"
        start = provision.get("valid_from") or "an unknown date"
        lines.append(f"三定 《{provision.get('title')}》 from {start} ({state})")
    for version in sorted(g.nodes("InstrumentVersion"), key=lambda v: v.id):
        instrument = view.one(version.id, "versionOf")
        title = instrument.get("title") if instrument else version.id
        lines.append(f"《{title}》 {version.get('label') or ''} from {version.get('valid_from')}")
    powers = sum(1 for _ in g.nodes("Power"))
    if powers:
        lines.append(f"权责清单: {powers} powers")
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
        Entry(i, f, SEVERITY.get(f"{f.kind}/{f.variant}", "low"), _suggestion(f), finding_key(f))
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
