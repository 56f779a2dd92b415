"""三定规定 (职能配置、内设机构和人员编制规定) texts into records.

A 三定 names its department and places it (``是市人民政府工作部门，为正县级``), lists its 主要职责 as items
(一)(二)…, states its 职能转变, lists its 内设机构 with their duties, gives its 人员编制 (行政编制 N 名, 局长
1 名、副局长 N 名, 领导职数), and settles shared duties in 有关职责分工 clauses (one department 牵头/负责, the
other 配合). Texts come numbered by articles (第三条) or by headings (主要职责, 一、内设机构); many public
copies stop early. The reader walks the lines once, keeping which section it is in; every line it cannot
place, and the place where a text ends early, goes into the file's report with its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutygraph.errors import LoadError
from dutygraph.loaders.naming import NATIONAL_REGION, Place, expand_short_name, level_of_government, place_of, stable_id
from dutygraph.loaders.numerals import article_anchor, chinese_numeral, parse_int
from dutygraph.loaders.records import RawRecord, parse_date
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.text import ARTICLE, ITEM, SECTION, SUB_ITEM, TRUNCATION, Document, Line
from dutygraph.loaders.understanding import DutyReader

__all__ = [
    "OrganizationHint",
    "canonical_name",
    "has_provision_title",
    "looks_like_provision",
    "organization_stub",
    "read_provision",
]

_TITLE_SUFFIX = re.compile(
    r"(?:职能配置、?内设机构和人员编制规定|主要职责内设机构和人员编制规定|机构职能编制规定|三定规定)$"
)
_SHORT_NAME = re.compile(r"[（(]以下简称[“\"]?([^）)”\"]+)[”\"]?[）)]")
_POSITION = re.compile(r"是(.{2,30}?)(?:的)?(?:工作部门|直属机构|部门管理机构|管理的国家局|派出机构|直属事业单位)")
_RANK = re.compile(r"为([正副]?(?:部|厅|局|处|县|科|股|乡)级)")
_IN_FORCE = re.compile(r"(?:自|从)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起?\s*(?:施行|执行|实施)")
_REFORM_YEAR = re.compile(r"〔(\d{4})〕")
_COUNT = re.compile(r"([\u4e00-\u9fff]{1,16}?)\s*(\d+|[一二三四五六七八九十两]+)\s*名")
_COUNTED = re.compile(r"(?:编制|职数)\s*(?:\d|[一二三四五六七八九十两]+\s*名)|\d+\s*名")
_CATEGORY = re.compile(r"((?:行政|事业|工勤|政法专项)?(?:人员)?编制|[正副]?[厅处科股]?级?领导职数)$")
_QUOTA_LEAD = re.compile(r"^(?:.*?(?:机关|核定|其中|另|含|设|共|为|，|,|：|:|、))+")
_POST_TITLE = re.compile(r"(?:局长|主任|厅长|部长|处长|科长|股长|书记|总工程师|总师|督察长|专员|馆长|队长|所长|站长)$")
_SECTIONS: tuple[tuple[str, str], ...] = (
    ("有关职责分工", "divisions"),
    ("职责分工", "divisions"),
    ("职能转变", "changes"),
    ("主要职责", "duties"),
    ("内设机构", "units"),
    ("人员编制", "staffing"),
    ("编制", "staffing"),
    ("附则", "closing"),
    ("其他事项", "closing"),
)
_DIVISION_LEAD = re.compile(r"(牵头|负责|主管|承担)")
_DIVISION_COOPERATE = re.compile(r"(配合|协助|参与|协同)")
_ORG_MENTION = re.compile(
    r"((?:[\u4e00-\u9fff]{0,12}?)(?:市|区|县|省|自治区|州|旗)?[\u4e00-\u9fff]{1,14}?(?:局|委员会|委|办公室|厅|部|中心|院))"
)


@dataclass(frozen=True)
class OrganizationHint:
    """What the user said about a document's organization where its text does not (``--organization`` …)."""

    name: str | None = None
    region: str | None = None
    level: str | None = None
    valid_from: str | None = None


def has_provision_title(doc: Document) -> bool:
    """Whether the text's title (its first lines, or its copy's header) is a 三定's."""
    head = [doc.header.get("title", "").split(" (")[0], *(line.text for line in doc.lines[:3])]
    return any(_TITLE_SUFFIX.search(text) for text in head)


def looks_like_provision(doc: Document) -> bool:
    """Whether a text reads like a 三定: its title, or 主要职责 / 内设机构 / 人员编制 in its lines."""
    head = " ".join([doc.header.get("title", ""), *(line.text for line in doc.lines[:5])])
    if _TITLE_SUFFIX.search(head.split(" (")[0]) or "职能配置" in head or "内设机构" in head:
        return True
    markers = sum(
        any(word in line.text for line in doc.lines)
        for word in ("主要职责", "内设机构", "人员编制", "行政编制", "工作部门")
    )
    positioned = any(_POSITION.search(line.text) for line in doc.lines[:12])
    items = sum(1 for line in doc.lines if ITEM.match(line.text))
    return markers >= 2 or (positioned and items >= 3)


@dataclass
class _Organization:
    name: str
    short_names: list[str] = field(default_factory=list)
    place: Place | None = None
    rank: str | None = None
    parent: str | None = None
    line: int | None = None


@dataclass
class _Open:
    """The item being read (its text may go on over several lines)."""

    kind: str  # Duty, FunctionChange, Unit or Division
    anchor: str
    line: int
    text: str
    unit_name: str | None = None
    context: str = ""  # the clause a sub-item belongs to (与市自然资源局的有关职责分工)


class _ProvisionReader:
    def __init__(self, doc: Document, reader: DutyReader, hint: OrganizationHint) -> None:
        self.doc = doc
        self.reader = reader
        self.hint = hint
        self.report = FileReport(str(doc.path), "三定规定")
        self.title: str | None = None
        self.org: _Organization | None = None
        self.in_force: str | None = None
        self.section: str | None = None
        self.article: int | None = None
        self.items: list[_Open] = []
        self.open: _Open | None = None
        self.quota_lines: list[tuple[Line, str]] = []  # a staffing line and its anchor
        self.unplaced: list[Line] = []
        self.ended: Line | None = None

    # ------------------------------------------------------------------ reading lines

    def read(self) -> FileReport:
        header_title = self.doc.header.get("title", "").split(" (")[0].split("（")[0].strip()
        for line in self.doc.lines:
            if TRUNCATION.search(line.text):
                self.ended = line
                break
            self._line(line)
        self._close()
        self._identify(header_title)
        return self._records()

    def _line(self, line: Line) -> None:
        text = line.text
        if self.title is None and not self.items and _TITLE_SUFFIX.search(text):
            self.title = text
            return
        if "工作部门" in text or (_RANK.search(text) and "是" in text):
            self._position(line)
            if not ARTICLE.match(text):
                return
        if match := _IN_FORCE.search(text):
            self.in_force = parse_date(re.sub(r"\s", "", match[1]))
        article = ARTICLE.match(text)
        if article:
            self._close()
            self.article = parse_int(article[1])
            body = article[2]
            self.section = self._section_of(body)
            self._article_body(line, body)
            return
        section = self._heading(text, line.heading)
        if section is None and re.search(r"[:：]$", text):
            section = self._section_of(text)  # 市应急管理局设下列内设机构：
            if section is not None:
                self._close()
                self.section = section
                return
        if section is not None:
            self._close()
            self.section = section
            rest = re.sub(r"^.*?(?:主要职责|内设机构|人员编制|有关职责分工|职责分工)(?:是)?[:：。]?", "", text)
            if section == "staffing" and rest:
                self.quota_lines.append((Line(line.number, rest), self._anchor(None)))
            elif section == "units" and rest:
                self._unit_list(line, rest)
            return
        item = ITEM.match(text)
        if item and self.section != "staffing":
            self._close()
            self._item(line, parse_int(item[1]), item[2])
            return
        sub = SUB_ITEM.match(text)
        if sub and self.open is not None and self.open.kind == "Division":
            self._close_division_part()
            context = self.open.context or self.open.text
            self.open = _Open("Division", self.open.anchor, line.number, sub[3], context=context)
            return
        if self.open is not None:
            self.open.text += text
            return
        if re.search(r"解释|施行", text) and not re.search(r"\d+\s*名", text):
            self.section = "closing"  # 附则: 本规定由…负责解释, 自…起施行
            return
        if self.section == "staffing" or re.search(r"编制\s*\d|\d+\s*名", text):
            self.quota_lines.append((line, self._anchor(None)))
            return
        if self.section == "units" and re.search(r"[:：].+、", text):
            self._unit_list(line, re.split(r"[:：]", text, maxsplit=1)[1])  # 设内设机构3个：办公室、…
            return
        if self.section == "units" and len(text) <= 20 and "。" not in text:
            self._add_unit(line, text)
            return
        self.unplaced.append(line)

    def _section_of(self, body: str) -> str | None:
        """The section an article opens, from what its text says it is about."""
        if re.search(r"职责分工", body[:30]):
            return "divisions"
        if re.search(r"设(?:下列|以下)?(?:[\d一二三四五六七八九十]+个)?内设机构|内设机构(?:如下|设置)", body):
            return "units"
        if re.search(
            r"编制\s*(?:\d|[一二三四五六七八九十两]+\s*名)|职数\s*(?:\d|[一二三四五六七八九十两]+\s*名)|\d+\s*名", body
        ) or re.fullmatch(r"人员编制[。:：]?", body.strip()):
            return "staffing"
        if re.search(r"主要职责(?:是|如下|包括)?\s*[:：]?\s*$", body) or body.startswith("主要职责"):
            return "duties"
        if body.startswith("职能转变") or re.search(r"划入|划出|划给|不再保留|整合", body):
            return "changes"
        if re.search(r"解释|施行|附则", body):
            return "closing"
        return None

    def _heading(self, text: str, heading: bool) -> str | None:
        numbered = SECTION.match(text)
        candidate = numbered[2] if numbered else text
        if not (heading or numbered or len(candidate) <= 12):
            return None
        for word, section in _SECTIONS:
            if candidate.startswith(word) and (len(candidate) <= len(word) + 2 or candidate[len(word)] in "是:：。"):
                return section
        return None

    def _article_body(self, line: Line, body: str) -> None:
        if self.section == "changes" and body:
            self.items.append(_Open("FunctionChange", self._anchor(None), line.number, body))
        elif self.section == "staffing":
            self.quota_lines.append((Line(line.number, body), self._anchor(None)))
        elif self.section == "units":
            rest = re.split(r"[:：]", body, maxsplit=1)
            if len(rest) == 2 and rest[1].strip():
                self._unit_list(line, rest[1])
        elif self.section == "divisions" and not re.fullmatch(r"[^。]*职责分工[。:：]?", body):
            self.open = _Open("Division", self._anchor(None), line.number, body)
        elif self.section is None and body and not self._boilerplate(body):
            self.unplaced.append(Line(line.number, body))

    def _boilerplate(self, body: str) -> bool:
        """Articles every 三定 has that carry nothing to load: the legal basis, the positioning, the scope."""
        return bool(
            re.search(r"制定本规定|工作部门|基本依据|为[正副]?[部厅局处县科]级|贯彻落实|解释|施行|调整", body)
            or re.search(r"国家局|直属机构", body)
        )

    def _unit_list(self, line: Line, text: str) -> None:
        for name in re.split(r"[、，,；;]", re.sub(r"[。.]$", "", text)):
            name = re.sub(r"^\s*[（(]?[一二三四五六七八九十\d]+[）)、.]?", "", name).strip()
            if name and len(name) <= 20:
                self._add_unit(line, name)

    def _add_unit(self, line: Line, name: str) -> None:
        """A unit listed by name only (内设机构：办公室、规划科 …), with no duties of its own."""
        anchor = self._anchor(len(self._of("Unit")) + 1)
        self.items.append(_Open("Unit", anchor, line.number, "", canonical_name(name)))

    def _item(self, line: Line, number: int, text: str) -> None:
        section = self.section
        if section is None and (self.org is not None or self.hint.name) and not self._of("Unit"):
            section = "duties"  # items right after the positioning, with no heading: the 主要职责
            if not self.report.notes or "no 主要职责 heading" not in self.report.notes[-1]:
                self.report.note(line.number, "items with no 主要职责 heading before them: read as 主要职责")
            self.section = section
        anchor = self._anchor(number)
        if section == "duties" or section == "changes":
            kind = "FunctionChange" if section == "changes" or text.startswith("职能转变") else "Duty"
            self.open = _Open(kind, anchor, line.number, text)
        elif section == "units":
            parts = re.split(r"[。:：]", text, maxsplit=1)
            name, duties = parts[0].strip(), parts[1] if len(parts) > 1 else ""
            if len(name) > 30:
                name, duties = re.split(r"[，,]", name, maxsplit=1)[0], text
            self.open = _Open("Unit", anchor, line.number, duties.strip(), canonical_name(name))
        elif section == "divisions":
            self.open = _Open("Division", anchor, line.number, text)
        else:
            self.unplaced.append(line)

    def _close_division_part(self) -> None:
        if self.open is not None and self.open.text.strip():
            self.items.append(self.open)

    def _close(self) -> None:
        if self.open is not None:
            if self.open.kind == "Division":
                self._close_division_part()
            else:
                self.items.append(self.open)
        self.open = None

    def _anchor(self, number: int | None) -> str:
        base = article_anchor(self.article) if self.article is not None else _SECTION_NAMES.get(self.section or "", "")
        return f"{base}（{chinese_numeral(number)}）" if number is not None else base

    def _of(self, kind: str) -> list[_Open]:
        return [i for i in self.items if i.kind == kind]

    # ------------------------------------------------------------------ the organization

    def _position(self, line: Line) -> None:
        text = line.text
        article = ARTICLE.match(text)
        body = article[2] if article else text
        short = _SHORT_NAME.search(body)
        subject = body[: body.index("是")] if "是" in body else body
        name = _SHORT_NAME.sub("", subject).strip(" ，,")
        name = re.split(r"[，,]", name)[0]
        org = self.org or _Organization(name="")
        if name and not re.fullmatch(r"(?:本|该)?(?:局|委|办|厅)", name):
            org.name = org.name or name
        if short:
            org.short_names.append(short[1].strip())
        position = _POSITION.search(body)
        if position:
            level = level_of_government(position[1])
            government = re.sub(r"[（(].*?[）)]", "", position[1])
            org.parent = government if "人民政府" in government or government.endswith("部") else org.parent
            if level is not None:
                org.place = Place(org.place.region if org.place else "", level)
        rank = _RANK.search(body)
        if rank:
            org.rank = rank[1]
        org.line = org.line or line.number
        self.org = org

    def _identify(self, header_title: str) -> None:
        """Settle the organization's full name, region and level from all the text said.

        What the user said (``--organization``, ``--region``, ``--level``) fills in what the text does not
        say; it overrides the text only for the organization ``--organization`` names (a 县级市's
        department says 市人民政府 like a city's, and only the user knows it is county-level).
        """
        org = self.org or _Organization(name="")
        if not org.name and self.title:
            org.name = _TITLE_SUFFIX.sub("", self.title)
        if not org.name and header_title and not header_title.startswith(("市", "区", "县")):
            org.name = _TITLE_SUFFIX.sub("", header_title)
        titled = canonical_name(_TITLE_SUFFIX.sub("", self.title or header_title))
        if org.name and place_of(org.name) is None and titled.endswith(org.name.lstrip("市区县省")):
            org.short_names.append(org.name)
            org.name = titled  # 第二条 says 市自然资源局; the title says whose
        org.name = canonical_name(org.name)
        hinted = canonical_name(self.hint.name) if self.hint.name else None
        if hinted and (not org.name or place_of(org.name) is None):
            if org.name and org.name != hinted:
                org.short_names.append(org.name)
            org.name = hinted
        if not org.name or (place_of(org.name) is None and not self.hint.region):
            shown = org.name or "none"
            raise LoadError(
                self.doc.path,
                f"cannot tell which organization this 三定 is about (name found: {shown}); "
                "pass --organization with its full name (and --region/--level if the name does not say)",
            )
        named = place_of(org.name)
        said = org.place.level if org.place and org.place.level else None
        if org.name == hinted:
            region = self.hint.region or (named.region if named else "")
            level = self.hint.level or said or (named.level if named else None)
        else:
            region = named.region if named else self.hint.region or ""
            level = said or (named.level if named else None) or self.hint.level
        if named and named.level == "national":
            region, level = NATIONAL_REGION, "national"
        org.place = Place(region, level or "city")
        self.org = org

    def full_name(self, mention: str) -> str:
        """The full name of an organization a clause mentions (its own short names included)."""
        assert self.org is not None and self.org.place is not None
        mention = canonical_name(_mention(mention))
        if mention in self.org.short_names or mention in ("本局", "本部门", "本机关"):
            return self.org.name
        return expand_short_name(mention, self.org.place.region)

    # ------------------------------------------------------------------ records

    def _records(self) -> FileReport:
        assert self.org is not None and self.org.place is not None
        org, place = self.org, self.org.place
        report = self.report
        source = str(self.doc.path)
        title = self.title or f"{org.name}职能配置、内设机构和人员编制规定"
        report.title = title
        if self.title is None:
            report.note(None, f"the text has no title line: called it 《{title}》")
        org_id = stable_id("org", org.name)
        parent_id = None
        records = report.records
        if org.parent:
            parent_name = self._government_name(org.parent)
            parent_id = stable_id("org", parent_name)
            records.append(_stub(source, org.line, parent_id, parent_name, place, parent=True))
        records.append(
            RawRecord.of(
                "Organization",
                source,
                org.line,
                id=org_id,
                name=org.name,
                level=place.level,
                region=place.region,
                parent=parent_id,
                rank=org.rank,
                alt_names=sorted(set(org.short_names)),
            )
        )
        valid_from = self.hint.valid_from or self.in_force or self._assumed_start()
        provision_id = stable_id("provision", org.name, title)
        records.append(
            RawRecord.of(
                "Provision", source, None, id=provision_id, organization=org_id, title=title, valid_from=valid_from
            )
        )
        units: dict[str, str] = {}
        for item in self.items:
            if item.kind == "Unit" and item.unit_name:
                unit_id = stable_id("unit", org.name, item.unit_name)
                if unit_id not in units.values():
                    records.append(
                        RawRecord.of(
                            "Unit",
                            source,
                            item.line,
                            id=unit_id,
                            name=item.unit_name,
                            organization=org_id,
                            provision=provision_id,
                        )
                    )
                units[item.unit_name] = unit_id
        for item in self.items:
            text = item.text.strip()
            if item.kind == "Duty" or (item.kind == "Unit" and text):
                reading = self.reader.read(text)
                records.append(
                    RawRecord.of(
                        "Duty",
                        source,
                        item.line,
                        id=stable_id("duty", provision_id, item.anchor, item.unit_name or ""),
                        provision=provision_id,
                        anchor=item.anchor,
                        text=text,
                        subjects=list(reading.subjects),
                        actions=list(reading.actions),
                        pairs=reading.pair_values(),
                        unit=units.get(item.unit_name or ""),
                    )
                )
            elif item.kind == "FunctionChange":
                records.append(
                    RawRecord.of(
                        "FunctionChange",
                        source,
                        item.line,
                        id=stable_id("change", provision_id, item.anchor, text[:40]),
                        provision=provision_id,
                        anchor=item.anchor,
                        text=text,
                    )
                )
            elif item.kind == "Division":
                self._division(item, provision_id, org_id, records)
        self._quotas(provision_id, org_id, records)
        for line in self.unplaced:
            report.note(line.number, f"not placed (not a duty, unit, staffing figure or division): {line.text[:60]}")
        if self.ended is not None:
            where = self._where()
            report.note(self.ended.number, f"the text ends here, early: {where}")
        return report

    def _where(self) -> str:
        last = self.items[-1] if self.items else None
        section = _SECTION_NAMES.get(self.section or "", "the opening")
        missing = [
            name
            for name, kind in (("内设机构", "Unit"), ("有关职责分工", "Division"))
            if not self._of(kind) and not (kind == "Division" and self.section == "divisions")
        ]
        if not self.quota_lines:
            missing.insert(1 if "内设机构" in missing else 0, "人员编制")
        inside = f"inside {section}"
        if last is not None:
            inside = f"inside {last.anchor}" if last.anchor.startswith(section) else f"{inside} {last.anchor}"
        return inside + (f"; not read: {', '.join(missing)}" if missing else "")

    def _assumed_start(self) -> str:
        years = [int(y) for line in self.doc.lines[:12] for y in _REFORM_YEAR.findall(line.text)]
        if years:
            start = f"{max(years)}-01-01"
            self.report.note(
                None,
                f"no date of effect in the text: in force from {start}, the year of the reform plan it cites; "
                "pass --valid-from to say",
            )
            return start
        self.report.note(
            None, "no date of effect in the text: taken as in force from 1949-10-01; pass --valid-from to say"
        )
        return "1949-10-01"

    def _government_name(self, government: str) -> str:
        assert self.org is not None and self.org.place is not None
        if government.endswith("部") or government.startswith(("国务院", "中华人民共和国")):
            return government
        region = self.org.place.region
        if "人民政府" in government:
            return region + "人民政府"
        return expand_short_name(government, region)

    def _division(self, item: _Open, provision_id: str, org_id: str, records: list[RawRecord]) -> None:
        assert self.org is not None and self.org.place is not None
        text = item.text.strip()
        partner_match = re.search(r"与(.+?)的(?:有关)?职责分工", item.context or text)
        sentences = [s for s in re.split(r"(?<=[。；;])", re.sub(r"^.*?职责分工[。:：]?", "", text)) if s.strip()]
        partner_name = self.full_name(partner_match[1]) if partner_match else None
        found = False
        for sentence in sentences or [text]:
            mentions = [self.full_name(m) for m in _ORG_MENTION.findall(sentence) if _looks_like_org(m)]
            lead = self._role(sentence, mentions, _DIVISION_LEAD)
            if lead is None:
                continue
            cooperating = [m for m in mentions if m != lead and self._cooperates(sentence, m)]
            if not cooperating:
                other = partner_name if lead != partner_name else self.org.name
                cooperating = [other] if other else []
            # the departments' own names (自然资源局) are not what the clause is about
            reading = self.reader.read(_ORG_MENTION.sub(lambda m: "　" * len(m[0]), sentence))
            if not reading.subjects:
                self.report.note(item.line, f"职责分工 sentence names no known subject, not loaded: {sentence[:50]}")
                continue
            found = True
            ids = []
            for name in [lead, *cooperating]:
                org = stable_id("org", name)
                ids.append(org)
                if org != org_id:
                    records.append(_stub(str(self.doc.path), item.line, org, name, self.org.place))
            records.append(
                RawRecord.of(
                    "Division",
                    str(self.doc.path),
                    item.line,
                    id=stable_id("division", provision_id, item.anchor, sentence[:60]),
                    lead=ids[0],
                    cooperating=ids[1:],
                    subjects=list(reading.subjects),
                    actions=list(reading.actions),
                    provision=provision_id,
                    anchor=item.anchor,
                    text=sentence.strip(),
                )
            )
        if not found and sentences:
            self.report.note(item.line, f"职责分工 clause with no department named to lead: {text[:50]}")

    def _role(self, sentence: str, mentions: list[str], verb: re.Pattern[str]) -> str | None:
        """The organization named right before a lead verb (负责/牵头) in ``sentence``."""
        for mention in _ORG_MENTION.finditer(sentence):
            if not _looks_like_org(mention[1]):
                continue
            after = sentence[mention.end() : mention.end() + 4]
            if verb.match(after) or after.startswith(("牵头", "负责")):
                return self.full_name(mention[1])
        if mentions and re.search(r"由(.+?)牵头", sentence):
            led = re.search(r"由(.+?)牵头", sentence)
            assert led is not None
            return self.full_name(led[1])
        return None

    def _cooperates(self, sentence: str, name: str) -> bool:
        for mention in _ORG_MENTION.finditer(sentence):
            if self.full_name(mention[1]) == name and _DIVISION_COOPERATE.match(sentence[mention.end() :]):
                return True
        return False

    def _quotas(self, provision_id: str, org_id: str, records: list[RawRecord]) -> None:
        assert self.org is not None
        names = sorted([self.org.name, *self.org.short_names], key=len, reverse=True)
        for line, anchor in self.quota_lines:
            text = line.text
            for name in names:
                text = text.replace(name, "，")
            found = False
            for match in _COUNT.finditer(text):
                phrase = _QUOTA_LEAD.sub("", match[1])
                if not phrase:
                    continue
                kind = _quota_kind(phrase)
                if kind is None:
                    continue
                found = True
                category = re.search(
                    r"[\u4e00-\u9fff]*?((?:行政|事业|工勤|政法专项)?(?:人员)?编制|[正副]?[厅处科股]?级?领导职数|领导职数)$",
                    phrase,
                )
                label = category[1] if category and kind != "post" else phrase
                records.append(
                    RawRecord.of(
                        "StaffingQuota",
                        str(self.doc.path),
                        line.number,
                        id=stable_id("quota", provision_id, label),
                        organization=org_id,
                        provision=provision_id,
                        kind=kind,
                        category=label,
                        count=match[2],
                        anchor=anchor or "人员编制",
                        text=line.text,
                    )
                )
            if not found:
                self.report.note(line.number, f"staffing line with no count read: {line.text[:60]}")


_SECTION_NAMES = {
    "duties": "主要职责",
    "changes": "职能转变",
    "units": "内设机构",
    "staffing": "人员编制",
    "divisions": "有关职责分工",
    "closing": "附则",
}


def _quota_kind(phrase: str) -> str | None:
    if phrase.endswith("编制"):
        return "establishment"
    if phrase.endswith("职数"):
        return "leader_posts"
    if _POST_TITLE.search(phrase):
        return "post"
    return None


def canonical_name(name: str) -> str:
    """Names compare with full-width brackets and no spaces: ``经开区(头屯河区)`` = ``经开区（头屯河区）``."""
    return re.sub(r"\s", "", name).replace("(", "（").replace(")", "）")


def _looks_like_org(mention: str) -> bool:
    return len(mention) >= 3 and not mention.startswith(("各", "有关", "相关", "其他"))


def _mention(text: str) -> str:
    """An organization as a clause names it, without the words before it (由, 与, 会同 …)."""
    return re.sub(r"^(?:由|与|和|及|会同|同|并|、|，|,)+", "", text)


def organization_stub(source: str, line: int | None, org_id: str, name: str, region: str, level: str) -> RawRecord:
    """An organization a document names but does not describe (a 职责分工 partner, a list's 实施主体).

    Marked as a stub: a fuller record of the same organization (its own 三定, or the store's) wins.
    """
    record = RawRecord.of("Organization", source, line, id=org_id, name=name, level=level, region=region)
    record.stub = True
    return record


def _stub(source: str, line: int | None, org_id: str, name: str, place: Place, *, parent: bool = False) -> RawRecord:
    """A stub placed where the text's own organization is (a government department's partners are its peers)."""
    level = "national" if parent and name.endswith("部") else place.level
    region = NATIONAL_REGION if level == "national" else place.region
    return organization_stub(source, line, org_id, name, region, level)


def read_provision(doc: Document, reader: DutyReader, hint: OrganizationHint | None = None) -> FileReport:
    """The records of a 三定 text, with the report of what was read and what was not placed.

    Raises
    ------
    LoadError
        when the text does not say which organization it is about and no hint does.
    """
    return _ProvisionReader(doc, reader, hint or OrganizationHint()).read()
