"""The 职责边界清单: the settlement of shared duties as an office publishes it, one row per shared duty.

A row is settled (已明确) when a 职责分工 (Division) in force names the lead: its lead and cooperating
departments, each side's part as the clause writes it, and the clause. A row is to be settled (待明确) for
each open overlap: the departments involved, the clauses each holds it by, and the suggestion. A clerk fills
in the lead of a 待明确 row in Excel and loads the file back (:mod:`dutygraph.loaders.boundary_list`): its
settled rows become Divisions and the next audit no longer reports the overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from dutygraph.i18n import tr
from dutygraph.loaders.boundary_list import COLUMNS, SETTLED, SHEET, UNSETTLED
from dutygraph.queries import AsOf, find_overlaps
from dutygraph.queries.context import as_iso_date
from dutygraph.report.model import suggestion_for
from dutygraph.report.xlsx import finish_sheet
from dutygraph.stores.base import GraphReader

__all__ = ["BoundaryRow", "boundary_rows", "headings", "write_boundaries"]

_OPEN = ("duplicate", "subsumed", "partial")  # 综合 vs 行业 is the split the law designs: nothing to settle


@dataclass(frozen=True)
class BoundaryRow:
    """One shared duty: who leads, who cooperates, each side's part, the clause, and whether it is settled."""

    subjects: list[str]
    actions: list[str]
    settled: bool
    lead: str | None = None
    cooperating: list[str] = field(default_factory=list)
    involved: list[str] = field(default_factory=list)
    division: str = ""
    basis: str = ""
    suggestion: str = ""
    valid_from: str | None = None
    record: str = ""

    @property
    def duty(self) -> str:
        """职责事项: the subjects and the actions (石膏矿安全生产监督管理)."""
        return "、".join(self.subjects) + "、".join(self.actions)


def boundary_rows(g: GraphReader, on: date | str | None = None) -> list[BoundaryRow]:
    """The 职责边界清单 as of ``on``: the Divisions in force, then each open overlap."""
    view = AsOf(g, as_iso_date(on))
    rows = []
    for division in sorted(g.nodes("Division"), key=lambda d: d.id):
        if not view.valid(division):
            continue
        lead = view.one(division.id, "lead")
        evidence = view.evidence_of(division)
        rows.append(
            BoundaryRow(
                subjects=[view.label(s) for s in g.targets(division.id, "subject")],
                actions=[view.label(a) for a in g.targets(division.id, "action")],
                settled=True,
                lead=lead.label if lead is not None else None,
                cooperating=[o.label for o in view.many(division.id, "cooperating")],
                division=str(division.get("text") or ""),
                basis=f"{evidence.source} {evidence.anchor}".strip(),
                valid_from=str(division.get("valid_from")) if division.get("valid_from") else None,
                record=division.id,
            )
        )
    for finding in find_overlaps(view):
        if finding.variant not in _OPEN:
            continue
        paths = finding.details.get("taxonomy_paths") or []
        # a Division settles the narrower subject (石膏矿), whatever broader one the other side names
        lows = list(dict.fromkeys(p[0] for p in paths)) or finding.subjects
        rows.append(
            BoundaryRow(
                subjects=lows,
                actions=list(finding.actions),
                settled=False,
                involved=list(finding.organizations),
                basis="；".join(dict.fromkeys(f"{e.source} {e.anchor}".strip() for e in finding.evidence)),
                suggestion=suggestion_for(finding),
                record="|".join(["overlap", finding.variant, *sorted(finding.records)]),
            )
        )
    return rows


def headings() -> list[str]:
    """The column headings in the language in use."""
    return [tr(heading) for _, heading in COLUMNS]


def write_boundaries(rows: list[BoundaryRow], path: Path) -> None:
    """Write the 职责边界清单 (sheet 职责边界清单) to ``path``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = tr(SHEET)
    sheet.append(headings())
    for number, row in enumerate(rows, start=1):
        values = {
            "number": number,
            "duty": row.duty,
            "subjects": "、".join(row.subjects),
            "actions": "、".join(row.actions),
            "lead": row.lead or "",
            "cooperating": "、".join(row.cooperating),
            "involved": "、".join(row.involved),
            "division": row.division,
            "basis": row.basis,
            "status": tr(SETTLED) if row.settled else tr(UNSETTLED),
            "suggestion": row.suggestion,
            "valid_from": row.valid_from or "",
            "record": row.record,
        }
        sheet.append([values[key] for key, _ in COLUMNS])
    finish_sheet(sheet)
    book.save(path)
