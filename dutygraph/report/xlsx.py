"""The report as an XLSX workbook (the form offices exchange): the same content as the HTML, one sheet each."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dutygraph.report.model import Report

__all__ = ["SHEETS", "write_xlsx"]

SHEETS = ("概要", "交叉矩阵", "问题清单", "表述模糊", "变化")
_BOLD = Font(bold=True)


def _widths(ws: object, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width  # type: ignore[attr-defined]


def write_xlsx(report: Report, path: Path) -> None:
    """Write ``report`` to ``path``: summary, overlap matrix, findings with evidence, vague wording, changes."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SHEETS[0]
    summary.append(["截至日期 as of", report.as_of])
    summary.append([])
    summary.append(["finding", "count"])
    for key, count in report.counts.items():
        summary.append([key, count])
    summary.append([])
    summary.append(["department", *sorted({k for kinds in report.by_department.values() for k in kinds})])
    kinds = [c.value for c in summary[summary.max_row]][1:]
    for org, counts in sorted(report.by_department.items()):
        summary.append([org, *[counts.get(str(k), 0) for k in kinds]])
    summary.append([])
    summary.append(["loaded"])
    for line in report.loaded:
        summary.append([line])
    _widths(summary, [50, 14, 14, 14, 14, 14, 14])

    matrix = book.create_sheet(SHEETS[1])
    matrix.append(["", *report.departments])
    for row in report.departments:
        cells = [", ".join(str(n) for n in report.matrix.get((row, col), [])) for col in report.departments]
        matrix.append([row, *cells])
    for r, row in enumerate(report.departments, start=2):
        for c, col in enumerate(report.departments, start=2):
            if report.matrix.get((row, col)):
                matrix.cell(r, c).fill = PatternFill("solid", fgColor="F4B6A8")
    _widths(matrix, [30] + [30] * len(report.departments))

    findings = book.create_sheet(SHEETS[2])
    findings.append(
        ["no.", "severity", "kind", "variant", "finding", "organizations", "subjects", "evidence", "suggestion"]
    )
    for entry in report.entries:
        f = entry.finding
        evidence = "\n".join(f"{e.source} {e.anchor}: {e.text}" for e in f.evidence)
        findings.append(
            [
                entry.number,
                entry.severity,
                f.kind,
                f.variant,
                f.message,
                "、".join(f.organizations),
                "、".join(f.subjects),
                evidence,
                entry.suggestion,
            ]
        )
    _widths(findings, [6, 10, 12, 20, 60, 30, 20, 80, 40])

    vague = book.create_sheet(SHEETS[3])
    vague.append(["organization", "vague verbs", "source", "anchor", "text"])
    for v in report.vague:
        e = v.evidence[0] if v.evidence else None
        vague.append(
            [
                v.organization,
                "、".join(v.vague_verbs),
                e.source if e else "",
                e.anchor if e else "",
                e.text if e else "",
            ]
        )
    _widths(vague, [30, 16, 40, 14, 80])

    changes = book.create_sheet(SHEETS[4])
    changes.append(["change", "finding"])
    if report.changes is not None:
        for what, items in report.changes.items():
            for message in items:
                changes.append([what, message])
    _widths(changes, [12, 100])

    if report.diff is not None:
        reform = book.create_sheet("改革前后")
        reform.append(["change", "before", "after", "duty or power", "lost"])
        for moved in report.diff.moved:
            reform.append(["moved", moved.before, moved.after, moved.title, ""])
        for lost in report.diff.dropped:
            reform.append(["held by nobody after", lost.before, "", lost.title, "; ".join(lost.lost)])
        for f in report.diff.doubled:
            reform.append(["overlap created", "", "", f.message, ""])
        for f in report.diff.resolved:
            reform.append(["overlap ended", "", "", f.message, ""])
        _widths(reform, [20, 28, 28, 80, 30])
    for evaluation in report.evaluations:
        sheet = book.create_sheet(f"评估-{evaluation.organization}"[:31])
        sheet.append(["group", "item", "weight", "score", "deductions"])
        for item in evaluation.items:
            cut = "\n".join(f"-{d.points:g} {d.finding.message}" for d in item.deductions)
            sheet.append([item.item.group, item.item.name, item.item.weight, item.score, cut])
        sheet.append(["total", "", "", evaluation.total, evaluation.grade or "manual items not scored"])
        _widths(sheet, [18, 36, 8, 8, 90])
    for sheet in book.worksheets:
        for head in sheet[1]:
            head.font = _BOLD
        for sheet_row in sheet.iter_rows():
            for each in sheet_row:
                each.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
