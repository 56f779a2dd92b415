"""Time limits as 权责清单 write them (法定期限, 承诺期限, 办结时限): "20个工作日", "十五日内", "3个月", "即办"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dutygraph.loaders.numerals import parse_int

__all__ = ["TimeLimit", "parse_time_limit"]

_LIMIT = re.compile(
    r"(?P<count>[0-9]+|[〇零一二两三四五六七八九十百]+)\s*(?:个)?\s*"
    r"(?P<unit>工作日|自然日|日|天|个月|月)"
)


@dataclass(frozen=True)
class TimeLimit:
    """A time limit: ``count`` of ``unit`` (``working_days``, ``days`` or ``months``), as written in ``text``."""

    count: int
    unit: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "unit": self.unit, "text": self.text}


def parse_time_limit(text: str | None) -> TimeLimit | None:
    """The time limit a cell states, or ``None`` when it states none (空, 无, 即办 counts as 0 working days).

    >>> parse_time_limit("20个工作日"), parse_time_limit("十五日内").unit, parse_time_limit("3个月").count
    (TimeLimit(count=20, unit='working_days', text='20个工作日'), 'days', 3)
    >>> parse_time_limit("即办件").count, parse_time_limit("无") is None
    (0, True)
    """
    if text is None:
        return None
    cell = str(text).strip()
    if not cell or cell in {"无", "/", "-", "—", "不适用"}:
        return None
    if "即办" in cell or "当场" in cell:
        return TimeLimit(0, "working_days", cell)
    found = _LIMIT.search(cell)
    if found is None:
        return None
    unit = {"工作日": "working_days", "个月": "months", "月": "months"}.get(found["unit"], "days")
    return TimeLimit(parse_int(found["count"]), unit, cell)
