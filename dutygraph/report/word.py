"""The report as a Word document in the form offices circulate (《关于…职责审查情况的报告》), with python-docx.

一、基本情况 (what was reviewed, as of which date, how many problems of which kinds), 二、发现的问题 (by kind,
each problem with its evidence quoted and the clause cited), 三、意见建议 (the suggestions, each naming the
problems it answers), then each evaluation (机构编制执行情况评估) asked for. Fonts are set by their family
names for East Asian text too (标题 宋体, 标题层级 黑体, 正文 仿宋), so Word renders them as an office expects;
the footer numbers the pages. In English (``--lang en``) the same document with English headings.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from dutygraph.i18n import current_language, ntr, tr
from dutygraph.loaders.numerals import chinese_numeral
from dutygraph.queries import FINDING_KINDS
from dutygraph.queries.evaluation import Evaluation
from dutygraph.queries.findings import kind_name, severity_name, variant_name
from dutygraph.report.model import Entry, Report

__all__ = ["BODY_FONT", "HEADING_FONT", "TITLE_FONT", "write_docx", "write_evaluation_docx"]

TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
_LATIN_FONT = "Times New Roman"


def _font(run: Run, name: str, size: float, *, bold: bool = False) -> None:
    """Set a run's font for Latin and East Asian text alike (Word reads ``w:eastAsia`` for 汉字)."""
    run.font.name = _LATIN_FONT if current_language() == "en" and name == BODY_FONT else name
    run.font.size = Pt(size)
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(
    doc: DocumentType,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 14,
    bold: bool = False,
    indent: bool = True,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)  # 首行缩进两字
    paragraph.paragraph_format.space_after = Pt(4)
    _font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _heading(doc: DocumentType, text: str, level: int) -> Paragraph:
    """一、… in 黑体, （一）… in 楷体-like bold 仿宋: the levels of an official document."""
    font, size = (HEADING_FONT, 16) if level == 1 else (BODY_FONT, 15)
    return _paragraph(doc, text, font=font, size=size, bold=level > 1, indent=True)


def _page_numbers(doc: DocumentType) -> None:
    """``— 1 —`` centred in every page's footer (a PAGE field Word fills in)."""
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), BODY_FONT, 12)
    run = footer.add_run()
    _font(run, BODY_FONT, 12)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(footer.add_run(" —"), BODY_FONT, 12)


def _document() -> DocumentType:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4, as GB/T 9704 has it
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page_numbers(doc)
    return doc


def _table(doc: DocumentType, header: Iterable[str], rows: Iterable[Iterable[object]]) -> Table:
    header = list(header)
    table: Table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, value in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, 12)
    return table


def _ordinal(n: int, level: int) -> str:
    """一、 （一） at levels 1 and 2 in Chinese; 1. and 1.1 style numbers in English."""
    if current_language() == "en":
        return f"{n}. " if level == 1 else f"({n}) "
    return f"{chinese_numeral(n)}、" if level == 1 else f"（{chinese_numeral(n)}）"


def _scope(report: Report) -> str:
    """What the report is about, for its title: the place the departments share (石岭市), else 有关部门."""
    names = sorted({o for e in report.entries for o in e.finding.organizations} | set(report.by_department))
    if names:
        prefix = names[0]
        for name in names[1:]:
            while not name.startswith(prefix):
                prefix = prefix[:-1]
        for end in ("市", "县", "区", "省", "旗", "州", "镇", "乡"):
            if end in prefix:
                return tr("the departments of {place}", place=prefix[: prefix.rindex(end) + 1])
    return tr("the departments concerned")


def _by_kind(report: Report) -> dict[str, list[Entry]]:
    """The report's findings by kind, in the order the document lists them (its numbers follow that order)."""
    by_kind: dict[str, list[Entry]] = {}
    for entry in report.entries:
        by_kind.setdefault(entry.finding.kind, []).append(entry)
    return {k: by_kind[k] for k in FINDING_KINDS if k in by_kind}


def _numbers(report: Report) -> dict[int, int]:
    """The report's finding number → the problem's number in the document (1, 2 … as they are listed)."""
    listed = [e.number for entries in _by_kind(report).values() for e in entries]
    return {number: i for i, number in enumerate(listed, start=1)}


def _findings(doc: DocumentType, report: Report) -> None:
    by_kind = _by_kind(report)
    numbers = _numbers(report)
    kinds = list(by_kind)
    for index, kind in enumerate(kinds, start=1):
        entries = by_kind[kind]
        heading = ntr("{name} ({count} problem)", "{name} ({count} problems)", len(entries), name=kind_name(kind))
        _heading(doc, _ordinal(index, 2) + heading, 2)
        for entry in entries:
            f = entry.finding
            _paragraph(
                doc,
                tr(
                    "{number}. [{name}, {severity}] {statement}",
                    number=numbers[entry.number],
                    name=variant_name(f.kind, f.variant),
                    severity=severity_name(entry.severity),
                    statement=f.message,
                ),
            )
            for e in f.evidence:
                quoted = tr("Evidence: {source} {anchor}: “{text}”", source=e.source, anchor=e.anchor, text=e.text)
                paragraph = _paragraph(doc, quoted, size=12)
                paragraph.paragraph_format.left_indent = Cm(1)
    if report.vague:
        _heading(doc, _ordinal(len(kinds) + 1, 2) + tr("Vague wording"), 2)
        _paragraph(doc, tr("Duties whose only verbs are vague (指导, 参与, 协助, 配合 …) and name no lead:"))
        for v in report.vague:
            first = v.evidence[0] if v.evidence else None
            where = (
                tr("{source} {anchor}: {text}", source=first.source, anchor=first.anchor, text=first.text)
                if first
                else v.record
            )
            _paragraph(doc, f"{v.organization}（{'、'.join(v.vague_verbs)}）{where}", size=12)


def _suggestions(doc: DocumentType, report: Report) -> None:
    numbers = _numbers(report)
    grouped: dict[str, list[int]] = {}
    for entry in sorted(report.entries, key=lambda e: numbers[e.number]):
        grouped.setdefault(entry.suggestion, []).append(numbers[entry.number])
    for index, (suggestion, answers) in enumerate(grouped.items(), start=1):
        answered = tr(", ").join(str(n) for n in answers)
        _paragraph(
            doc, tr("{index}. {suggestion} (problems {numbers})", index=index, suggestion=suggestion, numbers=answered)
        )


def _evaluation(doc: DocumentType, evaluation: Evaluation, level_index: int | None) -> None:
    heading = tr("Evaluation: {organization}", organization=evaluation.organization)
    if level_index is not None:
        _heading(doc, _ordinal(level_index, 1) + heading, 1)
    _paragraph(doc, tr("{scheme}, as of {date}.", scheme=evaluation.scheme, date=evaluation.as_of))
    rows = []
    for item in evaluation.items:
        score = tr("manual") if item.score is None else f"{item.score:g}"
        cut = "\n".join(f"-{d.points:g} {d.finding.message}" for d in item.deductions)
        rows.append([item.item.group, item.item.name, f"{item.item.weight:g}", score, cut])
    _table(doc, (tr("group"), tr("item"), tr("weight"), tr("score"), tr("deductions")), rows)
    grade = evaluation.grade or tr(
        "{low}–{high} (manual items not scored)", low=evaluation.grade_range[1], high=evaluation.grade_range[0]
    )
    _paragraph(doc, tr("total {total}; grade {grade}", total=f"{evaluation.total:g}", grade=grade), bold=True)
    for finding in evaluation.serious:
        _paragraph(doc, tr("serious violation, the grade is one band lower: {finding}", finding=finding.message))


def write_docx(report: Report, path: Path) -> None:
    """The report as ``path`` (``report.docx``)."""
    doc = _document()
    title = tr("Report on the review of the duties of {scope}", scope=_scope(report))
    _paragraph(doc, title, font=TITLE_FONT, size=22, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, tr("(as of {date})", date=report.as_of), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)

    _heading(doc, _ordinal(1, 1) + tr("Overview"), 1)
    _paragraph(doc, tr("This review is of the duties in force on {date}, read from:", date=report.as_of))
    for line in report.loaded:
        _paragraph(doc, line, size=12)
    counted = tr(", ").join(
        tr("{name} {count}", name=variant_name(*key.split("/", 1)), count=n) for key, n in report.counts.items()
    )
    _paragraph(
        doc,
        ntr(
            "{count} problem was found: {kinds}.",
            "{count} problems were found: {kinds}.",
            len(report.entries),
            kinds=counted,
        )
        if report.entries
        else tr("No problem was found."),
    )
    if report.counts:
        severities = {f"{e.finding.kind}/{e.finding.variant}": e.severity for e in report.entries}
        _table(
            doc,
            (tr("finding kind"), tr("count"), tr("severity")),
            [
                [variant_name(*key.split("/", 1)), n, severity_name(severities.get(key, "low"))]
                for key, n in report.counts.items()
            ],
        )

    _heading(doc, _ordinal(2, 1) + tr("Problems found"), 1)
    _findings(doc, report)

    _heading(doc, _ordinal(3, 1) + tr("Recommendations"), 1)
    _suggestions(doc, report)
    for offset, evaluation in enumerate(report.evaluations, start=4):
        _evaluation(doc, evaluation, offset)
    doc.save(str(path))


def write_evaluation_docx(evaluation: Evaluation, path: Path) -> None:
    """One organization's evaluation (机构编制执行情况评估) as a Word document of its own."""
    doc = _document()
    title = tr(
        "Evaluation of the execution of the establishment of {organization}", organization=evaluation.organization
    )
    _paragraph(doc, title, font=TITLE_FONT, size=22, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, tr("(as of {date})", date=evaluation.as_of), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _evaluation(doc, evaluation, None)
    doc.save(str(path))
