"""A filled-in 职责边界清单 read back: each row naming a lead becomes a Division (职责分工).

The form is the one ``dutygraph report``/``boundaries`` writes (sheet 职责边界清单; columns 序号, 职责事项,
监管对象, 职责类别, 牵头部门, 配合部门, …, 状态, 生效日期, 记录编号), with its headings in Chinese or English.
A clerk settles an open overlap by writing its 牵头部门 (and 配合部门, 职责分工): that row is read as a
Division naming that lead for its 监管对象 and 职责类别, from its 生效日期 (else ``--valid-from``, else always).
Rows still 待明确 with no lead are noted and left; rows that are a Division already loaded (their
记录编号) are left as they are. A department or subject the store does not know is an error naming the row.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date
from functools import lru_cache

from dutygraph.i18n import LANGUAGES, N_, tr, use_language
from dutygraph.loaders.naming import stable_id
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.tables import Sheet

__all__ = ["COLUMNS", "SETTLED", "SHEET", "UNSETTLED", "is_boundary_list", "read_boundary_list"]

COLUMNS = (
    ("number", N_("No.")),
    ("duty", N_("Shared duty")),
    ("subjects", N_("Subjects")),
    ("actions", N_("Actions")),
    ("lead", N_("Lead department")),
    ("cooperating", N_("Cooperating departments")),
    ("involved", N_("Departments involved")),
    ("division", N_("Division of the duty")),
    ("basis", N_("Basis")),
    ("status", N_("Status")),
    ("suggestion", N_("Suggestion")),
    ("valid_from", N_("In force from")),
    ("record", N_("Record")),
)
"""The columns of the 职责边界清单 (序号, 职责事项, …), as ``(field, heading)``: written in the language in
use, read in any."""

SHEET = N_("Boundaries of duties")
SETTLED = N_("settled")
UNSETTLED = N_("to be settled")
_SPLIT = re.compile(r"\s*[、,，;；/\n]\s*")


@lru_cache(maxsize=64)  # asked for every row's 状态 and every heading: the catalog does not change
def _in_every_language(msgid: str) -> frozenset[str]:
    found = set()
    for lang in LANGUAGES:
        with use_language(lang):
            found.add(tr(msgid).strip())
    return frozenset(found)


def _fields(cells: list[str]) -> dict[int, str]:
    wanted = {text: key for key, heading in COLUMNS for text in _in_every_language(heading)}
    return {i: wanted[c.strip()] for i, c in enumerate(cells) if c.strip() in wanted}


def _heading_row(sheet: Sheet) -> tuple[int, dict[int, str]] | None:
    for index, (_, cells) in enumerate(sheet.rows[:10]):
        fields = _fields(cells)
        if {"lead", "subjects"} <= set(fields.values()):
            return index, fields
    return None


def is_boundary_list(sheets: list[Sheet]) -> bool:
    """Whether a spreadsheet is a 职责边界清单: a sheet whose heading row has 牵头部门 and 监管对象."""
    return any(_heading_row(sheet) is not None for sheet in sheets)


def _date(text: str) -> str | None:
    try:
        return date.fromisoformat(text.strip()[:10]).isoformat()
    except ValueError:
        return None


def read_boundary_list(
    path: str,
    sheets: list[Sheet],
    *,
    organizations: Mapping[str, str],
    divisions: Collection[str] = (),
    valid_from: str | None = None,
) -> tuple[FileReport, list[tuple[int | None, str]]]:
    """The Divisions of a filled-in 职责边界清单, and the problems that stop it loading (``(row, problem)``).

    ``organizations`` maps the names (and other names) of the organizations loaded or being loaded to their
    ids; ``divisions`` are the ids of the Divisions already stored (rows that are one of them are left).
    """
    report = FileReport(path, "职责边界清单")
    problems: list[tuple[int | None, str]] = []
    unsettled: list[int] = []
    for sheet in sheets:
        found = _heading_row(sheet)
        if found is None:
            continue
        index, fields = found
        for number, cells in sheet.rows[index + 1 :]:
            row = {key: cells[i].strip() for i, key in fields.items() if i < len(cells) and cells[i].strip()}
            if not row:
                continue
            if row.get("record") in divisions:
                continue  # a Division already loaded (from its 三定), written out for the reader
            if not row.get("lead"):
                unsettled.append(number)
                continue
            if row.get("status") in _in_every_language(UNSETTLED):
                report.note(number, tr("牵头部门 is given but 状态 still says 待明确: read as settled"))
            record = _division(path, number, row, organizations, valid_from, problems)
            if record is not None:
                report.records.append(record)
    if unsettled:
        report.note(
            None,
            tr("rows {rows}: no 牵头部门 yet (待明确), not a division", rows=", ".join(str(n) for n in unsettled)),
        )
    if not any(_heading_row(sheet) for sheet in sheets):
        problems.append((None, tr("no heading row with 牵头部门 and 监管对象: not a 职责边界清单")))
    return report, problems


def _division(
    path: str,
    number: int,
    row: dict[str, str],
    organizations: Mapping[str, str],
    valid_from: str | None,
    problems: list[tuple[int | None, str]],
) -> RawRecord | None:
    names = {"lead": [row["lead"]], "cooperating": [n for n in _SPLIT.split(row.get("cooperating", "")) if n]}
    ids: dict[str, list[str]] = {}
    for column, written in names.items():
        for name in written:
            if name not in organizations:
                heading = tr(_HEADING[column])
                problems.append(
                    (number, tr("{column} {name} is no organization loaded", column=heading, name=repr(name)))
                )
            else:
                ids.setdefault(column, []).append(organizations[name])
    subjects = [s for s in _SPLIT.split(row.get("subjects", "")) if s]
    if not subjects:
        problems.append((number, tr("a settled row needs its 监管对象 (the subjects the lead is for)")))
    start = row.get("valid_from")
    if start and _date(start) is None:
        problems.append((number, tr("生效日期 {value} is not a date (write YYYY-MM-DD)", value=repr(start))))
    if (problems and problems[-1][0] == number) or "lead" not in ids or not subjects:
        return None
    record = RawRecord.of(
        "Division",
        path,
        number,
        id=stable_id("division", path.rsplit("/", 1)[-1], "、".join(subjects), row.get("actions", ""), ids["lead"][0]),
        lead=ids["lead"][0],
        cooperating=ids.get("cooperating", []),
        subjects=subjects,
        actions=[a for a in _SPLIT.split(row.get("actions", "")) if a],
        text=row.get("division") or row.get("duty") or None,
        valid_from=_date(start) if start else valid_from,
    )
    return record


_HEADING = dict(COLUMNS)
