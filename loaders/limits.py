"""How large a file dutygraph reads: a zip bomb, a runaway sheet or a line without end is refused, not read.

Every reader (spreadsheets, texts, Word files, Turtle) checks the same limits before it reads, so that a
hostile or broken file costs a clear error rather than the machine's memory.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dutygraph.errors import LoadError
from dutygraph.i18n import tr

__all__ = ["ReadLimits", "check_size", "check_unzipped"]


@dataclass(frozen=True)
class ReadLimits:
    """The largest input read.

    Adjustable by environment: ``DUTYGRAPH_MAX_FILE_MB`` (a file as stored, default 100),
    ``DUTYGRAPH_MAX_UNZIPPED_MB`` (an .xlsx's or .docx's parts unpacked, default 500), ``DUTYGRAPH_MAX_CELLS``
    (cells of all a workbook's sheets, default 5,000,000), ``DUTYGRAPH_MAX_CELL_CHARS`` (one cell, default
    100,000), ``DUTYGRAPH_MAX_LINE_CHARS`` (one line of a text, default 100,000).
    """

    file_bytes: int = 100 * 2**20
    unzipped_bytes: int = 500 * 2**20
    cells: int = 5_000_000
    cell_chars: int = 100_000
    line_chars: int = 100_000

    @classmethod
    def from_env(cls) -> ReadLimits:
        def number(name: str, default: int, scale: int = 1) -> int:
            value = os.environ.get(name)
            return int(value) * scale if value and value.isdigit() else default

        base = cls()
        return cls(
            number("DUTYGRAPH_MAX_FILE_MB", base.file_bytes, 2**20),
            number("DUTYGRAPH_MAX_UNZIPPED_MB", base.unzipped_bytes, 2**20),
            number("DUTYGRAPH_MAX_CELLS", base.cells),
            number("DUTYGRAPH_MAX_CELL_CHARS", base.cell_chars),
            number("DUTYGRAPH_MAX_LINE_CHARS", base.line_chars),
        )


def check_size(path: Path, limits: ReadLimits) -> int:
    """The size of ``path`` in bytes; a file that cannot be read or is over the limit is a :class:`LoadError`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(path, tr("cannot read the file: {exc}", exc=exc)) from None
    if size > limits.file_bytes:
        raise LoadError(
            path,
            tr(
                "the file has {size} MB, over the limit of {limit} MB (DUTYGRAPH_MAX_FILE_MB)",
                size=size // 2**20,
                limit=limits.file_bytes // 2**20,
            ),
        )
    return size


def check_unzipped(path: Path, limits: ReadLimits, kind: str) -> None:
    """Refuse an Office file (a zip: ``kind`` names it, ``Word (.docx)``) that is no zip, or that unpacks to
    more than the limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise LoadError(path, tr("not a readable {kind} file: {exc}", kind=kind, exc=exc)) from None
    if unpacked > limits.unzipped_bytes:
        raise LoadError(
            path,
            tr(
                "the file unpacks to {size} MB, over the limit of {limit} MB (DUTYGRAPH_MAX_UNZIPPED_MB)",
                size=unpacked // 2**20,
                limit=limits.unzipped_bytes // 2**20,
            ),
        )
