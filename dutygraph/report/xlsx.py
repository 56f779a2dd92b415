"""The report as an XLSX workbook (the form offices exchange): the same content as the HTML, one sheet each.

Sheet names and column headings are in the language in use; every sheet has its heading row frozen and
filtered, columns wide enough for Chinese text (a CJK character is two columns wide), long cells wrapped.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dutygraph.i18n import N_, tr
from dutygraph.queries.findings import kind_name, severity_name, variant_name
from dutygraph.report.model import Report

__all__ = ["SHEETS", "display_width", "finish_sheet", "sheet_names", "write_xlsx"]

SHEETS = (N_("Summary"), N_("Overlap matrix"), N_("Findings"), N_("Vague wording"), N_("Changes"))
"""The sheets every report has (as :func:`sheet_names` names them in the language in use)."""
_BOLD = Font(bold=True)
_MAX_WIDTH = 80


def sheet_names() -> tuple[str, ...]:
    """The report's sheets, in the language in use (概要, 交叉矩阵, 问题清单, 表述模糊, 变化)."""
    return tuple(tr(s) for s in SHEETS)


def display_width(text: Any) -> int:
    """How many columns ``text`` takes in a spreadsheet: a CJK (wide) character takes two."""
    longest = max(str(text).split("\n"), key=len) if text is not None else ""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in longest)


def finish_sheet(sheet: Worksheet) -> None:
    """Heading row bold, frozen and filtered; columns as wide as their text (up to a limit); cells wrapped."""
    if sheet.max_row < 1 or sheet.max_column < 1:
        return
    for head in sheet[1]:
        head.font = _BOLD
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(), start=1):
        width = max((display_width(c.value) for c in column), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), _MAX_WIDTH)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_xlsx(report: Report, path: Path) -> None:
    """Write ``report`` to ``path``: summary, overlap matrix, findings with evidence, vague wording, changes."""
    names = sheet_names()
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = names[0]
    summary.append([tr("finding kind"), tr("count")])
    for key, count in report.counts.items():
        kind, variant = key.split("/", 1)
        summary.append([variant_name(kind, variant), count])
    summary.append([])
    kinds = sorted({k for kinds in report.by_department.values() for k in kinds})
    summary.append([tr("department"), *[kind_name(k) for k in kinds]])
    for org, counts in sorted(report.by_department.items()):
        summary.append([org, *[counts.get(k, 0) for k in kinds]])
    summary.append([])
    summary.append([tr("as of"), report.as_of])
    summary.append([tr("What was loaded")])
    for line in report.loaded:
        summary.append([line])

    matrix = book.create_sheet(names[1])
    matrix.append([tr("department"), *report.departments])
    by_number = {e.number: e for e in report.entries}
    for row in report.departments:
        cells = []
        for col in report.departments:
            entries = [by_number[n] for n in report.matrix.get((row, col), [])]
            cells.append(
                "\n".join(
                    f"{e.number}. {'、'.join(e.finding.subjects[:1])} ({severity_name(e.severity)})" for e in entries
                )
            )
        matrix.append([row, *cells])
    for r, row in enumerate(report.departments, start=2):
        for c, col in enumerate(report.departments, start=2):
            if report.matrix.get((row, col)):
                matrix.cell(r, c).fill = PatternFill("solid", fgColor="F4B6A8")

    findings = book.create_sheet(names[2])
    findings.append(
        [
            tr("no."),
            tr("severity"),
            tr("finding kind"),
            tr("kind code"),
            tr("finding"),
            tr("organizations"),
            tr("subjects"),
            tr("evidence"),
            tr("suggestion"),
        ]
    )
    for entry in report.entries:
        f = entry.finding
        evidence = "\n".join(
            tr("{source} {anchor}: {text}", source=e.source, anchor=e.anchor, text=e.text) for e in f.evidence
        )
        findings.append(
            [
                entry.number,
                severity_name(entry.severity),
                variant_name(f.kind, f.variant),
                f"{f.kind}/{f.variant}",
                f.message,
                "、".join(f.organizations),
                "、".join(f.subjects),
                evidence,
                entry.suggestion,
            ]
        )

    vague = book.create_sheet(names[3])
    vague.append([tr("organization"), tr("vague verbs"), tr("source"), tr("anchor"), tr("text")])
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

    changes = book.create_sheet(names[4])
    changes.append([tr("change"), tr("finding")])
    labels = {"new": tr("New"), "resolved": tr("Resolved"), "open": tr("Still open")}
    if report.changes is not None:
        for what, items in report.changes.items():
            for message in items:
                changes.append([labels.get(what, what), message])

    if report.diff is not None:
        reform = book.create_sheet(tr("Reorganization"))
        reform.append([tr("change"), tr("before"), tr("after"), tr("duty or power"), tr("lost")])
        for moved in report.diff.moved:
            reform.append([tr("Moved"), moved.before, moved.after, moved.title, ""])
        for lost in report.diff.dropped:
            reform.append([tr("Held by nobody after"), lost.before, "", lost.title, "; ".join(lost.lost)])
        for f in report.diff.doubled:
            reform.append([tr("overlap created"), "", "", f.message, ""])
        for f in report.diff.resolved:
            reform.append([tr("overlap ended"), "", "", f.message, ""])
    for evaluation in report.evaluations:
        sheet = book.create_sheet(tr("Evaluation-{organization}", organization=evaluation.organization)[:31])
        sheet.append([tr("group"), tr("item"), tr("weight"), tr("score"), tr("deductions")])
        for item in evaluation.items:
            cut = "\n".join(f"-{d.points:g} {d.finding.message}" for d in item.deductions)
            sheet.append([item.item.group, item.item.name, item.item.weight, item.score, cut])
        sheet.append([tr("total"), "", "", evaluation.total, evaluation.grade or tr("manual items not scored")])
    for each in book.worksheets:
        finish_sheet(each)
    book.save(path)
