"""Spreadsheets as rows of text: .xlsx (openpyxl), .xls (xlrd) and .csv, merged cells filled in.

A merged cell (one 职权名称 over the three rows of its 责任事项) is given to every row it covers, so that a
loader reads each row whole. Leading ``#`` lines of a CSV file are a comment header: skipped as rows, and
their ``# key: value`` lines kept as the sheet's header (``# organization: 冷水滩区应急管理局``); rows keep
their number in the file (1-based) for error messages.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.loaders.limits import ReadLimits, check_size, check_unzipped
from dutygraph.loaders.text import to_simplified

__all__ = ["ReadLimits", "Sheet", "read_tables"]


@dataclass(frozen=True)
class Sheet:
    """One table: its name (the sheet's, or the file's), its rows as ``(row number, cells)``, and a CSV
    file's comment header (``key → value``)."""

    name: str
    rows: list[tuple[int, list[str]]]
    header: dict[str, str] = field(default_factory=dict)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _xlsx(path: Path, limits: ReadLimits) -> list[Sheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_unzipped(path, limits, "Excel (.xlsx)")
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise LoadError(path, tr("not a readable Excel (.xlsx) file: {exc}", exc=exc)) from None
    sheets = []
    for ws in book.worksheets:
        grid = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(grid) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, merged.max_col):
                    if c < len(grid[r]):
                        grid[r][c] = top
        sheets.append(Sheet(ws.title, [(i + 1, row) for i, row in enumerate(grid)]))
    return sheets


def _xls(path: Path) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as exc:
        raise LoadError(path, tr("not a readable Excel (.xls) file: {exc}", exc=exc)) from None
    sheets = []
    for ws in book.sheets():
        grid = [[_cell(ws.cell_value(r, c)) for c in range(ws.ncols)] for r in range(ws.nrows)]
        for r_low, r_high, c_low, c_high in ws.merged_cells:
            top = grid[r_low][c_low]
            for r in range(r_low, r_high):
                for c in range(c_low, c_high):
                    grid[r][c] = top
        sheets.append(Sheet(ws.name, [(i + 1, row) for i, row in enumerate(grid)]))
    return sheets


def _csv(path: Path) -> list[Sheet]:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export: UTF-16 with its mark
        data = data.decode("utf-16").encode("utf-8")
    if b"\x00" in data:
        raise LoadError(path, tr("the file contains NUL bytes: not a text CSV file (a binary file renamed?)"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LoadError(path, tr("cannot decode the CSV file (tried UTF-8 and GB18030)"))
    lines = text.splitlines(keepends=True)
    skip = 0
    header: dict[str, str] = {}
    while skip < len(lines) and lines[skip].lstrip().startswith("#"):
        if found := _HEADER_LINE.match(lines[skip].strip()):
            header.setdefault(found["key"].lower(), found["value"].strip())
        skip += 1
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO("".join(lines[skip:])))
        for row in reader:
            rows.append((skip + reader.line_num - _extra_lines(row), [_cell(c) for c in row]))
    except csv.Error as exc:
        raise LoadError(path, tr("not a readable CSV file: {exc}", exc=exc)) from None
    return [Sheet(path.stem, rows, header)]


_HEADER_LINE = re.compile(r"^#\s*(?P<key>[A-Za-z_]+)\s*[:：]\s*(?P<value>.*)$")


def _extra_lines(row: list[str]) -> int:
    """Lines a quoted multi-line cell adds: the row starts that many lines before where the reader ends."""
    return sum(cell.count("\n") for cell in row)


def read_tables(path: Path, limits: ReadLimits | None = None) -> list[Sheet]:
    """The sheets of a spreadsheet or CSV file, in simplified script, merged cells filled in.

    Raises :class:`LoadError` naming the file for anything that cannot be read — a corrupt or cut-short
    workbook, another format behind the extension, text in no known encoding, a file over :class:`ReadLimits`.
    """
    limits = limits or ReadLimits.from_env()
    suffix = path.suffix.lower()
    check_size(path, limits)
    try:
        if suffix == ".xlsx" or suffix == ".xlsm":
            sheets = _xlsx(path, limits)
        elif suffix == ".xls":
            sheets = _xls(path)
        elif suffix == ".csv":
            sheets = _csv(path)
        else:
            raise LoadError(path, tr("not a spreadsheet (.xlsx, .xls or .csv)"))
    except LoadError:
        raise
    except Exception as exc:  # a reader library's own failure on a malformed file: still the file's fault
        raise LoadError(path, tr("cannot read the file ({kind}): {exc}", kind=type(exc).__name__, exc=exc)) from None
    cells = sum(len(row) for s in sheets for _, row in s.rows)
    if cells > limits.cells:
        raise LoadError(
            path,
            tr(
                "the file has {cells} cells, over the limit of {limit} (DUTYGRAPH_MAX_CELLS)",
                cells=cells,
                limit=limits.cells,
            ),
        )
    for sheet in sheets:
        for number, row in sheet.rows:
            if any(len(c) > limits.cell_chars for c in row):
                raise LoadError(
                    path,
                    tr(
                        "row {row} of {sheet} has a cell over {limit} characters (DUTYGRAPH_MAX_CELL_CHARS)",
                        row=number,
                        sheet=sheet.name,
                        limit=limits.cell_chars,
                    ),
                )
    return [
        Sheet(
            s.name,
            [(n, [to_simplified(c) if c else c for c in row]) for n, row in s.rows],
            {k: to_simplified(v) for k, v in s.header.items()},
        )
        for s in sheets
    ]
