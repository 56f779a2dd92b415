"""Reports for an establishment office: a self-contained HTML file and an XLSX workbook of one audit."""

from dutygraph.report.html import report_html
from dutygraph.report.model import Report, build_report
from dutygraph.report.xlsx import SHEETS, write_xlsx

__all__ = ["SHEETS", "Report", "build_report", "report_html", "write_xlsx"]
