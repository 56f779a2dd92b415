"""Time limits (办理时限) and the working-day calendar they are counted on.

A 权责清单 gives a power's 法定期限 (the law's) and 承诺期限 (the department's promise, usually shorter), as
"20个工作日", "十五日" or "3个月". A limit in 工作日 skips weekends and the 法定节假日, and counts the 调休
weekend days as working (行政许可法 第八十二条); a limit in 日 counts every day, and when its last day is a rest
day it ends on the next working day (民法典 第二百零三条). Either way the day it starts from is not counted
(民法典 第二百零一条).

The calendar ships as ``ontology/holidays.csv`` (date, kind ``holiday``/``workday``, name; made by
``scripts/holidays.py`` from the State Council's yearly notices). A user replaces it with a file of the same
columns through ``DUTYGRAPH_HOLIDAYS``. Beyond the years a calendar covers only weekends are
known, and a deadline computed there says so.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from dutygraph.errors import DatasetInvalid, RowError
from dutygraph.i18n import tr
from dutygraph.loaders.time_limits import TimeLimit, parse_time_limit

__all__ = ["Deadline", "TimeLimit", "WorkCalendar", "calendar_in_use", "due_date", "parse_time_limit"]


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are worked: weekends are rest days unless listed ``workday``; listed ``holiday``s are not.

    ``first`` and ``last`` are the years the calendar's source covers.
    """

    holidays: frozenset[date]
    workdays: frozenset[date]
    first: int
    last: int
    source: str

    def is_working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def covers(self, day: date) -> bool:
        return self.first <= day.year <= self.last

    @classmethod
    def parse(cls, text: str, source: str) -> WorkCalendar:
        """A calendar from CSV text (``date,kind,name``; ``#`` lines before the header are comments).

        Raises :class:`DatasetInvalid` naming the line of a bad date or kind.
        """
        holidays: set[date] = set()
        workdays: set[date] = set()
        errors: list[RowError] = []
        lines = text.splitlines()
        skipped = 0
        while skipped < len(lines) and lines[skipped].startswith("#"):
            skipped += 1
        reader = csv.DictReader(io.StringIO("\n".join(lines[skipped:])))
        if reader.fieldnames is None or not {"date", "kind"} <= set(reader.fieldnames):
            raise DatasetInvalid(
                source, [RowError(source, skipped + 1, tr("a holiday calendar needs the columns date, kind"))]
            )
        for number, row in enumerate(reader, start=skipped + 2):
            try:
                day = date.fromisoformat((row.get("date") or "").strip())
            except ValueError:
                errors.append(RowError(source, number, tr("not a date (YYYY-MM-DD): {value}", value=row.get("date"))))
                continue
            kind = (row.get("kind") or "").strip()
            if kind == "holiday":
                holidays.add(day)
            elif kind == "workday":
                workdays.add(day)
            else:
                errors.append(RowError(source, number, tr("kind must be holiday or workday, not {value}", value=kind)))
        if errors:
            raise DatasetInvalid(source, errors)
        years = [d.year for d in holidays | workdays]
        if not years:
            raise DatasetInvalid(source, [RowError(source, skipped + 1, tr("the holiday calendar lists no days"))])
        return cls(frozenset(holidays), frozenset(workdays), min(years), max(years), source)

    @classmethod
    def shipped(cls) -> WorkCalendar:
        """The calendar that ships with dutygraph (``ontology/holidays.csv``)."""
        return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> WorkCalendar:
    text = files("dutygraph.ontology").joinpath("holidays.csv").read_text(encoding="utf-8")
    return WorkCalendar.parse(text, "holidays.csv")


@lru_cache(maxsize=4)
def _from_file(path: str) -> WorkCalendar:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = tr("cannot read the holiday calendar: {error}", error=exc)
        raise DatasetInvalid(file, [RowError(file, None, problem)]) from exc
    return WorkCalendar.parse(text, str(file))


def calendar_in_use() -> WorkCalendar:
    """The calendar ``DUTYGRAPH_HOLIDAYS`` names, or the shipped one."""
    path = os.environ.get("DUTYGRAPH_HOLIDAYS")
    return _from_file(path) if path else WorkCalendar.shipped()


@dataclass(frozen=True)
class Deadline:
    """When a limit counted from ``start`` ends (the last day to act on, inclusive).

    ``estimated`` is true when the count ran past the years the calendar covers (only weekends known there).
    """

    start: date
    limit: TimeLimit
    due: date
    estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "limit": self.limit.to_dict(),
            "due": self.due.isoformat(),
            "estimated": self.estimated,
        }


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def due_date(start: date, limit: TimeLimit, calendar: WorkCalendar | None = None) -> Deadline:
    """The last day of ``limit`` counted from ``start`` (not itself counted) on ``calendar``.

    >>> due_date(date(2017, 9, 29), TimeLimit(3, "working_days", "3个工作日")).due  # 09-30 调休; 10-01…10-08 off
    datetime.date(2017, 10, 10)
    >>> due_date(date(2017, 9, 25), TimeLimit(7, "days", "7日")).due  # ends 10-02, a holiday: next working day
    datetime.date(2017, 10, 9)
    """
    calendar = calendar or calendar_in_use()
    day = start
    if limit.unit == "working_days":
        left = limit.count
        while left > 0:
            day += timedelta(days=1)
            if calendar.is_working(day):
                left -= 1
    else:
        day = _add_months(start, limit.count) if limit.unit == "months" else start + timedelta(days=limit.count)
        while not calendar.is_working(day):
            day += timedelta(days=1)
    return Deadline(start, limit, day, estimated=not calendar.covers(day))
