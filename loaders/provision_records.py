"""The records of a 三定, made from its placed clauses: the last stage of the 三定 reader.

The organization (with its government as parent), the Provision itself, its units, its duties (each with
the subjects and actions its text names and the role the organization plays in it), its function
changes, its staffing quotas, its divisions of duties and the offices of 议事协调机构 it hosts. What could
not be placed, and where a copy ends early, go into the file's report with their lines.
"""

from __future__ import annotations

import re

from dutygraph.i18n import tr
from dutygraph.loaders.divisions import read_division
from dutygraph.loaders.naming import NATIONAL_REGION, government_chain, stable_id
from dutygraph.loaders.organization_facts import OrganizationFacts
from dutygraph.loaders.provision_clauses import SECTION_NAMES, Clause, ProvisionClauses, canonical_name
from dutygraph.loaders.provision_dates import ProvisionDate
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.understanding import DutyReader, role_of

__all__ = ["make_records", "organization_stub"]

_COUNT = re.compile(r"([\u4e00-\u9fff]{1,16}?)\s*(\d+|[一二三四五六七八九十两]+)\s*名")
_QUOTA_LEAD = re.compile(r"^(?:.*?(?:机关|核定|其中|另|含|设|共|为|，|,|：|:|、))+")
_QUOTA_CATEGORY = re.compile(
    r"[\u4e00-\u9fff]*?((?:行政|事业|工勤|政法专项)?(?:人员)?编制|[正副]?[厅处科股]?级?领导职数|领导职数)$"
)
_POST_TITLE = re.compile(r"(?:局长|主任|厅长|部长|处长|科长|股长|书记|总工程师|总师|督察长|专员|馆长|队长|所长|站长)$")
# 承担区公共资源交易管理委员会办公室的日常工作: the office is the organization's, by another wording
_OFFICE_WORK = re.compile(r"承担(?P<offices>[^，,。；;：:]{2,30}?办公室)的?[^，,。；;]{0,4}?工作")
_OFFICE = re.compile(
    r"(?P<offices>[^，,。；;：:]*?办公室(?:[、和及][^，,。；;：:]*?办公室)*)[^，,。；;]{0,6}?设在(?P<host>[^，,。；;]+?)(?:[，,。；;]|$)"
)


def organization_stub(
    source: str, line: int | None, org_id: str, name: str, region: str, level: str, parent: str | None = None
) -> RawRecord:
    """An organization a document names but does not describe (a 职责分工 partner, a list's 实施主体).

    Marked as a stub: a fuller record of the same organization (its own 三定, or the store's) wins.
    """
    record = RawRecord.of("Organization", source, line, id=org_id, name=name, level=level, region=region, parent=parent)
    record.stub = True
    return record


class _Maker:
    def __init__(self, found: ProvisionClauses, org: OrganizationFacts, reader: DutyReader, report: FileReport):
        assert org.place is not None
        self.found, self.org, self.place, self.reader, self.report = found, org, org.place, reader, report
        self.source = report.path
        self.org_id = stable_id("org", org.name)
        self.records = report.records

    def stub(self, line: int | None, org_id: str, name: str, *, parent: bool = False) -> RawRecord:
        """A stub placed where the text's own organization is (a government department's partners are its peers)."""
        level = "national" if parent and name.endswith("部") else self.place.level
        region = NATIONAL_REGION if level == "national" else self.place.region_id
        return organization_stub(self.source, line, org_id, name, region, level)

    def make(self, title: str, dated: ProvisionDate) -> None:
        org, place = self.org, self.place
        parent_id = None
        if org.parent:
            parent_name = org.government_name(org.parent)
            parent_id = stable_id("org", parent_name)
            if place.code and parent_name == place.region + "人民政府":
                self._governments(org.line, place.code)  # 柳林县人民政府 → 吕梁市人民政府 → 山西省人民政府
            else:
                self.records.append(self.stub(org.line, parent_id, parent_name, parent=True))
        self.records.append(
            RawRecord.of(
                "Organization",
                self.source,
                org.line,
                id=self.org_id,
                name=org.name,
                level=place.level,
                region=place.region_id,
                parent=parent_id,
                rank=org.rank,
                alt_names=sorted(set(org.short_names)),
            )
        )
        self.provision_id = stable_id("provision", org.name, title)
        self.records.append(
            RawRecord.of(
                "Provision",
                self.source,
                None,
                id=self.provision_id,
                organization=self.org_id,
                title=title,
                valid_from=dated.valid_from,
                dated=dated.source,
            )
        )
        self.units: dict[str, str] = {}
        for item in self.found.of("Unit"):
            if item.unit_name:
                self._unit(item.line, item.unit_name)
        for item in self.found.items:
            text = item.text.strip()
            if item.kind == "Duty" or (item.kind == "Unit" and text):
                self._duty(item, text, self.units.get(item.unit_name or ""))
            elif item.kind == "FunctionChange":
                self.records.append(
                    RawRecord.of(
                        "FunctionChange",
                        self.source,
                        item.line,
                        id=stable_id("change", self.provision_id, item.anchor, text[:40]),
                        provision=self.provision_id,
                        anchor=item.anchor,
                        text=text,
                    )
                )
            elif item.kind == "Division":
                self.records.extend(
                    read_division(
                        item,
                        org.full_name,
                        self.reader,
                        self.report,
                        own_name=org.name,
                        provision_id=self.provision_id,
                        stub=self.stub,
                    )
                )
            if item.kind in ("HostedOffice", "Duty", "Unit"):
                self._hosted_offices(item, text)
        self._quotas()
        for line in self.found.unplaced:
            self.report.note(
                line.number,
                tr("not placed (not a duty, unit, staffing figure or division): {value}", value=line.text[:60]),
            )
        if self.found.ended is not None:
            self.report.note(self.found.ended.number, tr("the text ends here, early: {value}", value=self._where()))

    def _governments(self, line: int | None, code: str) -> None:
        """The governments of a place and of the places above it, each the parent of the one below."""
        chain = government_chain(code)
        for (name, region, level), above in zip(chain, [*chain[1:], None], strict=True):
            parent = stable_id("org", above[0]) if above else None
            self.records.append(
                organization_stub(self.source, line, stable_id("org", name), name, region, level, parent=parent)
            )

    def _unit(self, line: int, name: str, *, serves: str | None = None, org_id: str | None = None) -> str:
        owner = org_id or self.org_id
        unit_id = stable_id("unit", self.org.name, name) if owner == self.org_id else stable_id("unit", owner, name)
        if unit_id not in self.units.values():
            self.records.append(
                RawRecord.of(
                    "Unit",
                    self.source,
                    line,
                    id=unit_id,
                    name=name,
                    organization=owner,
                    provision=self.provision_id if owner == self.org_id else None,
                    serves=serves,
                )
            )
        self.units[name] = unit_id
        return unit_id

    def _duty(self, item: Clause, text: str, unit: str | None) -> None:
        reading = self.reader.read(text)
        self.records.append(
            RawRecord.of(
                "Duty",
                self.source,
                item.line,
                id=stable_id("duty", self.provision_id, item.anchor, item.unit_name or ""),
                provision=self.provision_id,
                anchor=item.anchor,
                text=text,
                subjects=list(reading.subjects),
                actions=list(reading.actions),
                pairs=reading.pair_values(),
                unit=unit,
                role=role_of(text),
            )
        )

    def _hosted_offices(self, item: Clause, text: str) -> None:
        """The offices of 议事协调机构 a clause sets up in an organization: 市防汛抗旱指挥部办公室设在市水利局."""
        for match in _OFFICE.finditer(text):
            host = self.org.full_name(match["host"].strip())
            host_id = stable_id("org", host)
            if host_id != self.org_id:
                self.records.append(self.stub(item.line, host_id, host))
            duties = text[match.end() :].strip()
            for office in re.split(r"[、和及](?=[^、和及]*办公室)", match["offices"]):
                office = canonical_name(re.sub(r"^(?:将|把|同时|另)", "", office.strip()))
                body = self.org.full_name(office.removesuffix("办公室"))
                body_id = stable_id("org", body)
                self.records.append(self.stub(item.line, body_id, body))
                name = self.org.full_name(office) if not office.startswith(body) else body + "办公室"
                unit = self._unit(item.line, name, serves=body_id, org_id=host_id)
                if item.kind == "HostedOffice" and duties and host_id == self.org_id:
                    office_clause = Clause("Duty", item.anchor, item.line, duties, unit_name=name)
                    self._duty(office_clause, duties, unit)
            if item.kind == "HostedOffice" and host_id != self.org_id:
                self.report.note(
                    item.line,
                    tr("an office hosted by {host}: recorded as its unit, {value}", host=host, value=match[0][:40]),
                )
        for match in _OFFICE_WORK.finditer(text):
            office = canonical_name(match["offices"])
            body = self.org.full_name(office.removesuffix("办公室"))
            body_id = stable_id("org", body)
            self.records.append(self.stub(item.line, body_id, body))
            self._unit(item.line, body + "办公室", serves=body_id)

    def _quotas(self) -> None:
        names = sorted([self.org.name, *self.org.short_names], key=len, reverse=True)
        for line, anchor in self.found.quota_lines:
            text = line.text
            for name in names:
                text = text.replace(name, "，")
            found = False
            for match in _COUNT.finditer(text):
                phrase = _QUOTA_LEAD.sub("", match[1])
                kind = _quota_kind(phrase) if phrase else None
                if kind is None:
                    continue
                found = True
                category = _QUOTA_CATEGORY.search(phrase)
                label = category[1] if category and kind != "post" else phrase
                self.records.append(
                    RawRecord.of(
                        "StaffingQuota",
                        self.source,
                        line.number,
                        id=stable_id("quota", self.provision_id, label),
                        organization=self.org_id,
                        provision=self.provision_id,
                        kind=kind,
                        category=label,
                        count=match[2],
                        anchor=anchor or "人员编制",
                        text=line.text,
                    )
                )
            if not found:
                self.report.note(line.number, tr("staffing line with no count read: {value}", value=line.text[:60]))

    def _where(self) -> str:
        found = self.found
        last = found.items[-1] if found.items else None
        section = SECTION_NAMES.get(found.section or "", "the opening")
        missing = [
            name
            for name, kind in (("内设机构", "Unit"), ("有关职责分工", "Division"))
            if not found.of(kind) and not (kind == "Division" and found.section == "divisions")
        ]
        if not found.quota_lines:
            missing.insert(1 if "内设机构" in missing else 0, "人员编制")
        inside = tr("inside {place}", place=section)
        if last is not None:
            inside = (
                tr("inside {place}", place=last.anchor)
                if last.anchor.startswith(section)
                else f"{inside} {last.anchor}"
            )
        return inside + (tr("; not read: {parts}", parts=tr(", ").join(missing)) if missing else "")


def make_records(
    found: ProvisionClauses,
    org: OrganizationFacts,
    reader: DutyReader,
    report: FileReport,
    *,
    title: str,
    dated: ProvisionDate,
) -> None:
    """Append the records of a 三定's placed clauses to ``report``; ``dated`` is its date of effect."""
    _Maker(found, org, reader, report).make(title, dated)


def _quota_kind(phrase: str) -> str | None:
    if phrase.endswith("编制"):
        return "establishment"
    if phrase.endswith("职数"):
        return "leader_posts"
    if _POST_TITLE.search(phrase):
        return "post"
    return None
