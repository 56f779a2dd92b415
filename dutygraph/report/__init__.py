"""Reports for an establishment office: a self-contained HTML file, an XLSX workbook and a Word document of one
audit, and the 职责边界清单 of its shared duties."""

from dutygraph.report.html import report_html
from dutygraph.report.model import Report, build_report
from dutygraph.report.word import write_docx, write_evaluation_docx
from dutygraph.report.xlsx import SHEETS, sheet_names, write_xlsx

__all__ = [
    "SHEETS",
    "Report",
    "build_report",
    "report_html",
    "sheet_names",
    "write_docx",
    "write_evaluation_docx",
    "write_xlsx",
]
