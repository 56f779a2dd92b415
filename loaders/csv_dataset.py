"""dutygraph's own dataset format: a folder of CSV files, one per node kind (see README "Dataset format").

Files are UTF-8 (a BOM is fine). Lines starting with ``#`` before the header are a comment header
(``# source: …``). The header names columns of the kind's shape; a cell with several values separates
them with ``;``, ``；`` or ``、``. Empty cells are absent values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from dutygraph.errors import DatasetInvalid, RowError
from dutygraph.i18n import tr
from dutygraph.loaders.records import RawRecord, TableRow
from dutygraph.schema import NODE_KINDS, NodeKind

__all__ = ["FILES", "read_csv_file", "read_folder"]

FILES: dict[str, NodeKind] = {kind.csv_file: kind for kind in NODE_KINDS.values()}
"""Dataset file name → the node kind its rows are."""


def _decode(path: Path, errors: list[RowError]) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8 (from GBK: iconv -f GBK -t UTF-8 FILE)"
        errors.append(
            RowError(
                path,
                line,
                tr("not UTF-8 text (byte 0x{value}); {hint}", value=format(data[exc.start], "02x"), hint=hint),
                hint=hint,
            )
        )
        return None


def read_csv_file(path: Path, kind: NodeKind, errors: list[RowError], document: str | None = None) -> list[RawRecord]:
    """The rows of one dataset file; file-level problems go to ``errors``."""
    text = _decode(path, errors)
    if text is None:
        return []
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].startswith("#") or not lines[skipped].strip()):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:])))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        errors.append(RowError(path, None, tr("the file is empty: it needs a header row")))
        return []
    except csv.Error as exc:
        errors.append(RowError(path, skipped + 1, tr("not readable as CSV: {exc}", exc=exc)))
        return []
    header_line = skipped + 1
    known = [f.column for f in kind.fields]
    problems = False
    for col in header:
        if col not in known:
            errors.append(
                RowError(
                    path,
                    header_line,
                    tr(
                        "unknown column {col} for {name}; columns are {value}",
                        col=repr(col),
                        name=kind.name,
                        value=", ".join(known),
                    ),
                    column=col,
                )
            )
            problems = True
    if len(set(header)) != len(header):
        errors.append(RowError(path, header_line, tr("a column is named twice in the header")))
        problems = True
    for fld in kind.fields:
        if fld.required and fld.column not in header and fld.column != "id":
            errors.append(
                RowError(
                    path,
                    header_line,
                    tr("missing column {column} ({name} requires it)", column=repr(fld.column), name=kind.name),
                    column=fld.column,
                )
            )
            problems = True
    if problems:
        return []
    records: list[RawRecord] = []
    columns = {col: i for i, col in enumerate(header)}  # shared by the file's rows
    source = str(path)
    previous_end = reader.line_num
    for row in _rows(reader, path, lambda: skipped + reader.line_num, errors):
        line = skipped + previous_end + 1  # the reader counts lines from the header, the file from 1
        previous_end = reader.line_num
        if not "".join(row).strip():  # a blank row (also ",,,")
            continue
        if len(row) > len(header):
            errors.append(
                RowError(
                    path,
                    line,
                    tr("{n_row} cells but the header has {n_header} columns", n_row=len(row), n_header=len(header)),
                )
            )
            continue
        records.append(TableRow(kind.name, columns, row, source, line, document))
    return records


def _rows(
    reader: Iterator[list[str]], path: Path, line: Callable[[], int], errors: list[RowError]
) -> Iterator[list[str]]:
    """The rows of ``reader`` up to one the csv module cannot read (a stray carriage return): an error at it."""
    try:
        yield from reader
    except csv.Error as exc:
        errors.append(RowError(path, line(), tr("not readable as CSV: {exc}", exc=exc)))


def read_folder(folder: Path, on_file: Callable[[str], None] | None = None) -> list[RawRecord]:
    """Every record of the dataset in ``folder``.

    Raises
    ------
    DatasetInvalid
        for files that cannot be read as dataset files (unknown file, encoding, header).
    """
    errors: list[RowError] = []
    records: list[RawRecord] = []
    for path in sorted(folder.glob("*.csv")):
        kind = FILES.get(path.name)
        if kind is None:
            errors.append(
                RowError(path, None, tr("not a dataset file; known files: {value}", value=", ".join(sorted(FILES))))
            )
            continue
        if on_file:
            on_file(path.name)
        records.extend(read_csv_file(path, kind, errors, document=f"{folder.name}/{path.name}"))
    if errors:
        raise DatasetInvalid(folder, errors)
    return records
