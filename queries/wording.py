"""Vague wording (职责表述模糊): duties whose only verbs say nobody is answerable.

Establishment offices are told to write duties with verbs that make a department answerable (负责, 承担,
监督管理, 审批, 处罚, 检查 …). A duty that only 指导, 参与, 协助 or 配合 — and names no department to lead
(牵头) — leaves nobody answerable when something fails. Each such duty is listed with the vague verbs found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import Evidence

__all__ = ["STRONG_VERBS", "VAGUE_VERBS", "VagueDuty", "find_vague_wording"]

VAGUE_VERBS = ("指导", "参与", "协助", "配合", "协同", "支持", "促进", "推动")
STRONG_VERBS = (
    "负责",
    "承担",
    "牵头",
    "主管",
    "监督管理",
    "监管",
    "审批",
    "许可",
    "处罚",
    "检查",
    "查处",
    "实施",
    "组织",
    "管理",
    "制定",
    "拟订",
    "编制",
    "核发",
    "备案",
    "调查",
    "统筹",
    "履行",
)
# a "监督管理" inside 指导…监督管理 is still a strong verb; 指导监督 is not (it is 指导)
_STRONG = re.compile("|".join(sorted(STRONG_VERBS, key=len, reverse=True)))
_VAGUE = re.compile("|".join(VAGUE_VERBS))


@dataclass
class VagueDuty:
    organization: str
    record: str
    vague_verbs: list[str]
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "record": self.record,
            "vague_verbs": self.vague_verbs,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def find_vague_wording(view: AsOf) -> list[VagueDuty]:
    """Duties in force whose only verbs are vague, with no lead named."""
    found: list[VagueDuty] = []
    for comp in view.competences:
        if comp.kind != "Duty":
            continue
        text = str(comp.node.get("text", ""))
        vague = sorted(set(_VAGUE.findall(text)))
        if vague and not _STRONG.search(_VAGUE.sub("", text)):
            found.append(VagueDuty(comp.holder.label, comp.id, vague, list(comp.evidence)))
    return sorted(found, key=lambda v: (v.organization, v.record))
