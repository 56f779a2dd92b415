"""权责清单 (and 执法事项清单, 检查计划, 双随机 lists) into powers, bases, responsibility items and assignments.

Each place publishes its list with its own headings. :data:`HEADINGS` maps the variants seen in real lists
(``职权名称`` = ``权力名称`` = ``事项名称`` …) to the fields dutygraph reads; the README lists the mapping.
The heading row is the row (among the first ten) that names the most known headings; a second heading
row below it (``实施主体`` over ``法定实施主体 | 行使层级``) refines the columns it spans. Rows whose name
cell is empty continue the power above them, as do rows a merged name cell covers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dutygraph.i18n import tr
from dutygraph.loaders.citations import Citation, parse_citations
from dutygraph.loaders.law_text import instrument_id, normalize_title
from dutygraph.loaders.naming import Place, expand_short_name, place_of, resolve_region, stable_id
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.sanding import OrganizationHint, canonical_name, organization_stub
from dutygraph.loaders.tables import Sheet
from dutygraph.loaders.time_limits import parse_time_limit
from dutygraph.loaders.understanding import DutyReader, role_of

__all__ = ["HEADINGS", "basis_column", "list_date", "read_power_list"]

HEADINGS: dict[str, tuple[str, ...]] = {
    "name": (
        "职权名称",
        "权力名称",
        "事项名称",
        "权责事项",
        "项目名称",
        "执法检查事项名称",
        "检查事项",
        "抽查事项",
        "职责名称",
        "执法事项名称",
        "权力事项名称",
        "事项",
    ),
    "subitem": ("子项名称", "子项"),
    "type": ("职权类型", "权力类型", "权力类别", "事项类别", "项目类别", "执法类别", "职权类别", "类别", "类型"),
    "code": ("职权编码", "事项编码", "权力编码", "编码"),
    "basis": (
        "实施依据",
        "职权依据",
        "法律依据",
        "执法依据",
        "抽查依据",
        "检查依据",
        "职责依据",
        "设定依据",
        "依据",
    ),
    "organization": (
        "法定实施主体",
        "实施主体",
        "责任主体",
        "法定主体",
        "执法主体",
        "抽查主体",
        "实施部门",
        "职责部门",
        "实施机关",
        "检查部门",
        "检查主体",
        "执法部门",
        "实施单位",
        "部门",
    ),
    "unit": ("承办机构", "承办科室", "责任科室", "承办单位"),
    "levels": ("法定行使层级", "行使层级", "层级"),
    "responsibility": ("责任事项",),
    "accountability": ("追责情形", "问责情形", "追责事项"),
    "content": ("检查内容", "抽查内容"),
    "object": ("实施对象", "抽查对象", "具体检查对象", "检查对象"),
    "legal_time_limit": ("法定期限", "法定时限", "法定办结时限", "法定办理时限", "法定办理期限"),
    # a list's single 办结时限 is what the department commits to: its promise
    "promised_time_limit": ("承诺期限", "承诺时限", "承诺办结时限", "承诺办理时限", "办结时限", "办理时限", "办理期限"),
    "reviewed": ("更新时间", "更新日期", "调整时间", "调整日期", "最后更新时间", "审核时间"),
}
"""Field → the headings real lists use for it (compared after removing spaces and bracketed notes)."""

_TRUNCATED = re.compile(r"\[\s*\.{3}\s*truncated\s*\]|\[\.\.\.[^\]]*\]", re.IGNORECASE)
_STAGE = re.compile(r"(?:^|[\s。；;])(\d+)\s*[.、．]\s*([\u4e00-\u9fff]{2,20}?)责任\s*[:：]?")
_LEVEL = {"省级": "province", "市级": "city", "县级": "county", "乡级": "township", "乡镇": "township"}
_TYPE_ACTION = {
    "type:penalty": "action:penalty",
    "type:inspection": "action:inspection",
    "type:licensing": "action:licensing",
    "type:coercion": "action:coercion",
}
_ORG_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}(?:局|委员会|厅|办公室|中心|站|所|队|院|办|委)$")
_GENERIC_ORG = re.compile(r"^(?:县级以上)?(?:各级)?(?:人民政府)?[\u4e00-\u9fff]{0,10}?(?:部门|机关|机构)$")


def _heading_key(text: str) -> str:
    return re.sub(r"[\s\n]|[（(][^）)]*[）)]", "", text)


def _field_of(heading: str) -> str | None:
    key = _heading_key(heading)
    if not key:
        return None
    for name, variants in HEADINGS.items():
        if key in variants:
            return name
    for name, variants in HEADINGS.items():
        if any(key.startswith(v) for v in variants if len(v) >= 3):
            return name
    return None


@dataclass
class _Columns:
    row: int  # index in sheet.rows of the (last) heading row
    fields: dict[int, str]
    name_heading: str = ""  # as written: 检查事项 says every row is an inspection


def _find_headings(sheet: Sheet) -> _Columns | None:
    best: _Columns | None = None
    for index, (_, cells) in enumerate(sheet.rows[:10]):
        fields = {c: f for c, text in enumerate(cells) if (f := _field_of(text))}
        if "name" in fields.values() and (best is None or len(fields) > len(best.fields)):
            best = _Columns(index, fields)
    if best is None:
        return None
    cells = sheet.rows[best.row][1]
    best.name_heading = next((cells[c] for c, f in best.fields.items() if f == "name"), "")
    if best.row + 1 < len(sheet.rows):  # a second heading row refines merged headings above it
        below = sheet.rows[best.row + 1][1]
        refined = {c: f for c, text in enumerate(below) if (f := _field_of(text))}
        upper = sheet.rows[best.row][1]
        if refined and all(c < len(upper) for c in refined) and len(refined) >= 2:
            merged = [c for c in refined if c in best.fields and upper[c] != below[c]]
            if merged:
                best = _Columns(best.row + 1, {**best.fields, **refined}, best.name_heading)
    return best


_TITLE_ORG = re.compile(
    r"^(.{2,40}?(?:局|委员会|委|办公室|厅|中心|政府))(?:[\d年版（）()]*)?"
    r"(?:权力|权责|行政|执法|职权|职责|双随机|随机|检查|公共服务|事项)"
)


def basis_column(sheet: Sheet) -> tuple[int, int] | None:
    """Where a list's 实施依据 is: ``(index in sheet.rows of its heading row, column)``, if it has one."""
    columns = _find_headings(sheet)
    if columns is None:
        return None
    column = next((c for c, f in columns.fields.items() if f == "basis"), None)
    return (columns.row, column) if column is not None else None


_FULL_DATE = r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-./](\d{1,2})[-./](\d{1,2}))"
_MONTH = r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月|[-./](\d{1,2}))"
_LIST_DATES = (
    # 更新时间：2024年5月6日, 2024-05-06更新, 2024年5月6日 alone on its row
    re.compile(rf"(?:更新|调整|公布|发布|印发|修订|截至)(?:时间|日期)?\s*[:：]?\s*{_FULL_DATE}"),
    re.compile(rf"{_FULL_DATE}\s*(?:更新|调整|公布|发布|印发|修订|版)"),
    re.compile(rf"^\s*{_FULL_DATE}\s*$"),
    re.compile(rf"(?:更新|调整|公布|发布|印发|修订|截至)(?:时间|日期)?\s*[:：]?\s*{_MONTH}"),
    re.compile(rf"{_MONTH}\s*(?:更新|调整|公布|发布|印发|修订|版)"),
    # （2024年版）, 2023年度 … 清单: the year only
    re.compile(r"(\d{4})\s*年\s*(?:版|度|修订版|调整版)"),
)


def list_date(text: str) -> str | None:
    """The date a list's title or heading gives it (``YYYY-MM-DD``): of its update, adjustment or publication.

    A month alone is read as its last day and a year alone (``（2024年版）``) as 31 December: the latest the list
    can be, so that a list of the year a law changed is not taken to predate the change.

    >>> list_date("石岭市应急管理局权力清单（2024年版）"), list_date("更新时间：2023年5月")
    ('2024-12-31', '2023-05-31')
    """
    for pattern in _LIST_DATES:
        found = pattern.search(text)
        if found is None:
            continue
        numbers = [int(g) for g in found.groups() if g]
        year, month, day = (*numbers, 12, 0)[:3] if len(numbers) == 1 else (*numbers, 0)[:3]
        if not (1 <= month <= 12 and 1949 <= year <= 2100):
            continue
        last = calendar.monthrange(year, month)[1]
        day = day or last
        if 1 <= day <= last:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _own_date(sheet: Sheet, columns: _Columns) -> tuple[str, str] | None:
    """The date a list gives itself, and where: its title rows, or its comment header (``# date: …``)."""
    for _, cells in sheet.rows[: columns.row]:
        for cell in cells:
            if cell and (found := list_date(cell)):
                return found, tr("its title")
    for key in ("date", "updated", "reviewed", "title"):
        if found := list_date(sheet.header.get(key, "")) or _iso(sheet.header.get(key, "")):
            return found, tr("its comment header")
    return None


def _iso(text: str) -> str | None:
    match = re.fullmatch(rf"\s*{_FULL_DATE}\s*", text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups() if g)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _titled(text: str) -> str | None:
    """The placed organization a title (``石岭市应急管理局权力清单（2024年版）``) or a bare name names."""
    text = canonical_name(text)
    match = _TITLE_ORG.match(text)
    if match and place_of(match[1]) is not None:
        return match[1]
    if _ORG_NAME.match(text) and place_of(text) is not None and not _GENERIC_ORG.match(text):
        return text
    return None


def _own_organization(path: str, sheet: Sheet, columns: _Columns) -> tuple[str, str] | None:
    """The department a list is of, where the list itself says, and where it says it.

    Its title row, its comment header (``# organization: …`` or ``# title: …``), or its file name
    (``冷水滩区应急管理局权责清单.xlsx``): a 实施主体 that names only a kind of department (应急管理部门) is this one.
    """
    for _, cells in sheet.rows[: columns.row]:
        if found := _titled(next((c for c in cells if c), "")):
            return found, tr("the title")
    for key in ("organization", "title"):
        if found := _titled(sheet.header.get(key, "")):
            return found, tr("the file's comment header")
    if found := _titled(Path(path).stem):
        return found, tr("the file's name")
    return None


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    more: list[int] = field(default_factory=list)  # continuation rows


def _rows(sheet: Sheet, columns: _Columns, report: FileReport) -> list[_Row]:
    rows: list[_Row] = []
    for number, cells in sheet.rows[columns.row + 1 :]:
        values: dict[str, str] = {}
        headings = sheet.rows[columns.row][1]
        lost = [h for h in headings[len(cells) :] if h]
        if lost and any(cells):
            report.note(
                number,
                tr(
                    "the row is cut short ({n_cells} of {n_headings} cells): no {value}",
                    n_cells=len(cells),
                    n_headings=len(headings),
                    value="、".join(lost),
                ),
            )
        for column, name in columns.fields.items():
            if column < len(cells) and cells[column]:
                text = cells[column]
                if _TRUNCATED.search(text):
                    report.note(number, tr("cell {name} is cut short in this copy", name=name))
                    text = _TRUNCATED.sub("", text).strip()
                values.setdefault(name, text)
        if not any(values.values()):
            continue
        previous = rows[-1] if rows else None
        same = previous is not None and values.get("name") == previous.cells.get("name")
        if previous is not None and (
            not values.get("name") or (same and values.get("code") == previous.cells.get("code"))
        ):
            for key, text in values.items():  # one power over several rows
                if text and text != previous.cells.get(key):
                    previous.cells[key] = f"{previous.cells[key]}\n{text}" if previous.cells.get(key) else text
            previous.more.append(number)
            continue
        rows.append(_Row(number, values))
    return rows


class _ListReader:
    def __init__(
        self, path: str, reader: DutyReader, hint: OrganizationHint, types: dict[str, str], known: Collection[str]
    ) -> None:
        self.path = path
        self.reader = reader
        self.hint = hint
        self.types = types
        self.known = known
        self.report = FileReport(path, "权责清单")
        self.errors: list[tuple[int | None, str]] = []
        self.orgs: dict[str, str] = {}
        self.default_type: str | None = None
        self.own: str | None = None  # the list's own department: --organization, its title, header or file name
        self.generic_noted: set[str] = set()
        self.own_source = "--organization"
        self.reviewed: str | None = None  # the list's own date: --valid-from, its title or its comment header

    def read(self, sheets: list[Sheet]) -> FileReport:
        read_any = False
        for sheet in sheets:
            columns = _find_headings(sheet)
            if columns is None:
                if any(cells for _, cells in sheet.rows):
                    self.report.note(
                        None, tr("sheet {name}: no heading row with a 职权名称-like column; skipped", name=sheet.name)
                    )
                continue
            read_any = True
            missing = {"type", "basis"} - set(columns.fields.values())
            if missing:
                words = {
                    "type": tr("no column 职权类型 (type taken from each name)"),
                    "basis": tr("no column 实施依据 (no legal basis read)"),
                }
                self.report.note(None, tr("; ").join(words[m] for m in sorted(missing)))
            self.own = self.hint.name
            if self.own is None and (found := _own_organization(self.path, sheet, columns)):
                self.own, where = found
                if "organization" not in columns.fields.values():
                    self.report.note(
                        None,
                        tr("no 实施主体 column: the organization is {own}, as {where} says", own=self.own, where=where),
                    )
                else:
                    self.own_source = where
            self.reviewed = self.hint.valid_from
            if self.reviewed is None and (dated := _own_date(sheet, columns)):
                self.reviewed, where = dated
                self.report.note(
                    None,
                    tr(
                        "the list's date is {reviewed}, as {where} says: citations naming no version are read "
                        "against the version in force then",
                        reviewed=self.reviewed,
                        where=where,
                    ),
                )
            previous: list[Citation] = []
            self.default_type = "type:inspection" if re.search(r"检查|抽查", columns.name_heading) else None
            for row in _rows(sheet, columns, self.report):
                previous = self._power(row, previous)
        if not read_any:
            self.errors.append(
                (None, tr("no table with a 职权名称/事项名称 column (see the README's heading mapping)"))
            )
        return self.report

    def _organization(self, row: _Row) -> str | None:
        """The organization a row's power belongs to: named by its 实施主体, or by the user."""
        written = row.cells.get("organization", "").split("\n")[0].strip()
        named = canonical_name(re.sub(r"[（(][^）)]*(?:级|层级)[^）)]*[）)]\s*$", "", written))  # 省自然资源厅（省级）
        qualified = self._qualified(named)
        if named and place_of(named) is not None:
            name = named
        elif qualified:
            name = qualified  # 省自然资源厅 in a list of 河北省自然资源厅 (--organization or the title)
        elif named[:1] in ("市", "区", "县", "省") and self.hint.region and not _GENERIC_ORG.match(named):
            name = expand_short_name(named, self._region().region)  # 县应急局 in 柳林县
        elif self.own:
            name = self.own  # 应急管理部门, 国土局 or nothing: the list's own department
            if named and named != name and named not in self.generic_noted:
                self.generic_noted.add(named)
                self.report.note(
                    row.number,
                    tr(
                        "实施主体 {named} names no particular organization: read as {name}, as {own_source} says",
                        named=repr(named),
                        name=name,
                        own_source=self.own_source,
                    ),
                )
        elif named:
            short = named[:1] in ("市", "区", "县", "省", "州", "旗") and not _GENERIC_ORG.match(named)
            why = tr("is a short name") if short else tr("names no particular organization")
            self.errors.append(
                (
                    row.number,
                    tr(
                        "实施主体 {named} {why}: pass --organization (full name) or --region and --level",
                        named=repr(named),
                        why=why,
                    ),
                )
            )
            return None
        else:
            self.errors.append((row.number, tr("no 实施主体 column or cell: pass --organization (full name)")))
            return None
        if place_of(name) is None and not self.hint.region:
            self.errors.append(
                (row.number, tr("cannot tell where {name} is: pass --region and --level", name=repr(name)))
            )
            return None
        if name not in self.orgs:
            org_id = stable_id("org", name)
            self.orgs[name] = org_id
            place = place_of(name)
            if name == self.hint.name or place is None:  # the user's organization: what the user says wins
                given = self._region() if self.hint.region else place
                region = given.region_id if given else ""
                level = self.hint.level or (place.level if place else given.level if given else "city")
            else:
                region, level = place.region_id, place.level
            self.report.records.append(organization_stub(self.path, row.number, org_id, name, region, level))
        return self.orgs[name]

    def _region(self) -> Place:
        """The region ``--region`` names, as the gazetteer knows it (柳林县 is 141125), or as written."""
        assert self.hint.region is not None
        return resolve_region(self.hint.region) or Place(self.hint.region, self.hint.level or "city")

    def _qualified(self, named: str) -> str | None:
        """The full name a short 实施主体 (省自然资源厅) stands for, if the user or the list's title names it."""
        if named[:1] not in ("市", "区", "县", "省", "州", "旗") or _GENERIC_ORG.match(named):
            return None
        for full in (self.hint.name, self.own):
            if full and canonical_name(full).endswith(named[1:]) and place_of(canonical_name(full)) is not None:
                return canonical_name(full)
        return None

    def _type(self, row: _Row) -> str:
        written = re.sub(r"[（(].*?[）)]", "", row.cells.get("type", "")).strip()
        for label in (row.cells.get("type", ""), written):
            if label in self.types:
                return self.types[label]
        name = row.cells.get("name", "")
        for word, type_id in (("处罚", "type:penalty"), ("检查", "type:inspection"), ("许可", "type:licensing")):
            if word in written or (not written and word in name):
                return type_id
        if written:
            self.report.note(
                row.number, tr("职权类型 {written} is not a known type: read as 其他行政权力", written=repr(written))
            )
        return self.default_type or "type:other"

    def _power(self, row: _Row, previous: list[Citation]) -> list[Citation]:
        cells = row.cells
        name = re.sub(r"^\d+\s*[、.．]\s*", "", cells.get("name", "")).strip()
        if not name:
            self.report.note(row.number, tr("row with no 职权名称: skipped"))
            return previous
        org = self._organization(row)
        if org is None:
            return previous
        type_id = self._type(row)
        reading = self.reader.read("\n".join(x for x in (name, cells.get("content", "")) if x))
        actions = list(reading.actions)
        pairs = reading.pair_values()
        if type_id in _TYPE_ACTION:
            # a 行政处罚 item is a penalty on every subject it names, whatever verbs its name uses
            typed = _TYPE_ACTION[type_id]
            actions = [typed, *(a for a in actions if a != typed)]
            pairs = [*(f"{s} {typed}" for s in reading.subjects), *(p for p in pairs if not p.endswith(typed))]
        levels = [_LEVEL[w] for w in re.split(r"[、,，;；\s]+", cells.get("levels", "")) if w in _LEVEL]
        code = cells.get("code") or None
        subitem = cells.get("subitem", "")
        parent_id = None
        power_id = stable_id("power", org, code or name)
        records = self.report.records
        source = self.path
        if subitem and subitem not in ("无", "-", "—", "/"):
            parent_id = power_id
            if not any(r.values.get("id") == [parent_id] for r in records):
                records.append(
                    RawRecord.of(
                        "Power", source, row.number, id=parent_id, organization=org, code=code, name=name, type=type_id
                    )
                )
            power_id = stable_id("power", org, code or name, subitem)
            name = f"{name}（{subitem}）"
        records.append(
            RawRecord.of(
                "Power",
                source,
                row.number,
                id=power_id,
                organization=org,
                code=code,
                name=name,
                type=type_id,
                subjects=list(reading.subjects),
                actions=actions,
                pairs=pairs,
                text=cells.get("content") or None,
                parent=parent_id,
                levels=levels,
                role=role_of(name),
                last_reviewed=self._reviewed(row),
                legal_time_limit=self._time_limit(row, "legal_time_limit"),
                promised_time_limit=self._time_limit(row, "promised_time_limit"),
            )
        )
        citations = previous
        if cells.get("basis"):
            citations = parse_citations(cells["basis"], previous)
            for citation in citations:
                self._basis(row, power_id, citation)
        self._stages(row, power_id)
        if cells.get("accountability"):
            records.append(
                RawRecord.of(
                    "AccountabilityCondition",
                    source,
                    row.number,
                    id=stable_id("condition", power_id),
                    power=power_id,
                    text=cells["accountability"],
                )
            )
        for unit in re.split(r"[、,，;；\n]", cells.get("unit", "")):
            self._unit(row, org, power_id, unit.strip())
        return citations

    def _time_limit(self, row: _Row, column: str) -> str | None:
        """A time-limit cell as written, when it states one (20个工作日, 即办); a note when it is not understood."""
        written = row.cells.get(column, "").strip()
        if not written or written in ("无", "/", "-", "—"):
            return None
        if parse_time_limit(written) is None:
            self.report.note(row.number, tr("time limit not understood, left out: {value}", value=written))
            return None
        return written

    def _reviewed(self, row: _Row) -> str | None:
        """The date a row was last reviewed: its own 更新时间 cell, else the list's date."""
        written = row.cells.get("reviewed", "")
        if written and (found := _iso(written) or list_date(written + "更新")):
            return found
        if written:
            self.report.note(
                row.number, tr("更新时间 {written} is not a date: the list's date applies", written=repr(written))
            )
        return self.reviewed

    def _basis(self, row: _Row, power_id: str, citation: Citation) -> None:
        instrument = None
        if citation.title is not None:
            candidate = instrument_id(normalize_title(citation.title))
            instrument = candidate if candidate in self.known else None
        self.report.records.append(
            RawRecord.of(
                "Basis",
                self.path,
                row.number,
                id=stable_id("basis", power_id, citation.text, str(citation.paragraph), str(citation.item)),
                power=power_id,
                instrument=instrument,
                article=str(citation.article) if citation.article else None,
                paragraph=str(citation.paragraph) if citation.paragraph else None,
                item=str(citation.item) if citation.item else None,
                citation=citation.text[:500],
                version=citation.version,
            )
        )

    def _stages(self, row: _Row, power_id: str) -> None:
        text = row.cells.get("responsibility", "")
        marks = list(_STAGE.finditer(text))
        for index, mark in enumerate(marks):
            end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
            stage = mark[2]
            if stage.startswith("其他") or "应履行" in stage:
                stage = "其他"
            self.report.records.append(
                RawRecord.of(
                    "ResponsibilityItem",
                    self.path,
                    row.number,
                    id=stable_id("item", power_id, mark[1], stage),
                    power=power_id,
                    stage=stage,
                    text=text[mark.start() : end].strip(" 。；;\n"),
                )
            )
        if text and not marks:
            self.report.note(row.number, tr("责任事项 with no numbered stages (1.受理责任 …): kept as no stage"))

    def _unit(self, row: _Row, org_id: str, power_id: str, name: str) -> None:
        org_name = next(n for n, i in self.orgs.items() if i == org_id)
        name = name[len(org_name) :] if name.startswith(org_name) else name
        if not name or len(name) > 30:
            return
        unit_id = stable_id("unit", org_name, name)
        records = self.report.records
        if not any(r.values.get("id") == [unit_id] for r in records):
            unit = RawRecord.of("Unit", self.path, row.number, id=unit_id, name=name, organization=org_id)
            unit.stub = True
            records.append(unit)
        records.append(
            RawRecord.of(
                "Assignment",
                self.path,
                row.number,
                id=stable_id("assignment", power_id, unit_id),
                competence=power_id,
                unit=unit_id,
            )
        )


def read_power_list(
    path: str,
    sheets: list[Sheet],
    reader: DutyReader,
    *,
    types: dict[str, str],
    known_instruments: Collection[str],
    hint: OrganizationHint | None = None,
) -> tuple[FileReport, list[tuple[int | None, str]]]:
    """The records of a 权责清单 and the problems that stop it loading (``(row, problem)``).

    ``types`` maps 职权类型 labels to PowerType ids; ``known_instruments`` are the instrument ids loaded or
    being loaded, which a basis may point at (a citation of any other is kept as its text).
    """
    lister = _ListReader(path, reader, hint or OrganizationHint(), types, known_instruments)
    report = lister.read(sheets)
    rows_of: dict[str, list[int | None]] = {}
    for row, problem in lister.errors:
        rows_of.setdefault(problem, []).append(row)
    problems: list[tuple[int | None, str]] = []
    for problem, rows in rows_of.items():
        # one line per kind of problem: the same missing 实施主体 on 300 rows is one thing to fix
        more = [r for r in rows[1:] if r is not None]
        also = tr(" (and {count} more rows: {rows})", count=len(more), rows=_row_list(more)) if more else ""
        problems.append((rows[0], problem + also))
    return report, problems


def _row_list(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:8])
    return shown + (" …" if len(rows) > 8 else "")
