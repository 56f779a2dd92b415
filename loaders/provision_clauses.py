"""Placing each clause of a 三定: which section it is in, and what it is — a duty, a unit, a staffing figure …

The second stage of the 三定 reader. It walks the clauses :func:`~dutygraph.loaders.provision_segments.segment`
cut, keeping the article (第三条) and section (主要职责, 内设机构, 人员编制 …) it is in, and sorts every
clause into one of: a duty (主要职责 item), a function change (职能转变), an internal unit with its duties, a
staffing line, a division of duties between organizations (职责分工, under whatever heading it stands), a
hosted office (…办公室设在…), the organization's positioning (是市人民政府工作部门，为正县级), boilerplate,
or *not placed* — which the report shows with its line. Records are made by the next stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutygraph.i18n import tr
from dutygraph.loaders.numerals import article_anchor, chinese_numeral, parse_int
from dutygraph.loaders.organization_facts import RANK, OrganizationFacts, read_position
from dutygraph.loaders.records import parse_date
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.text import ARTICLE, ITEM, SECTION, SUB_ITEM, TRUNCATION, Line

__all__ = ["SECTION_NAMES", "TITLE", "TITLE_SUFFIX", "Clause", "ProvisionClauses", "canonical_name", "place_clauses"]

TITLE_SUFFIX = re.compile(
    r"(?:职能配置、?内设机构和人员编制规定|主要职责内设机构和人员编制规定|机构职能编制规定|三定规定)$"
)
SECTION_NAMES = {
    "duties": "主要职责",
    "changes": "职能转变",
    "units": "内设机构",
    "staffing": "人员编制",
    "divisions": "有关职责分工",
    "closing": "附则",
    "other": "其他事项",
}
TITLE = re.compile(r"^《?(.{2,60}?(?:职能配置、?内设机构和人员编制规定|机构职能编制规定|三定规定))》?")
"""A 三定's title (its 《…规定》 name) at the start of a clause, whatever runs on after it."""
_IN_FORCE = re.compile(r"(?:自|从)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起?\s*(?:施行|执行|实施)")
_SECTIONS: tuple[tuple[str, str], ...] = (
    ("有关职责分工", "divisions"),
    ("职责分工", "divisions"),
    ("职能转变", "changes"),
    ("主要职责", "duties"),
    ("内设机构", "units"),
    ("人员编制", "staffing"),
    ("编制", "staffing"),
    ("附则", "closing"),
    ("其他事项", "other"),
)
# a clause that settles a duty between named organizations, whatever heading it stands under
_DIVISION_CLAUSE = re.compile(
    r"与.{2,30}?的(?:有关)?职责分工|职责分工|.{2,30}?(?:牵头|负责).{0,60}?[，,；;].{0,30}?(?:配合|协助|参与)|"
    r"^由.{2,30}?负责.{0,80}?(?:予以)?配合"
)
_HOSTED_OFFICE = re.compile(r"办公室[^。；;]{0,10}?设在")


@dataclass
class Clause:
    """A clause placed by this stage (its text may go on over several segments)."""

    kind: str  # Duty, FunctionChange, Unit, Division or HostedOffice
    anchor: str
    line: int
    text: str
    unit_name: str | None = None
    context: str = ""  # the clause a sub-item belongs to (与市自然资源局的有关职责分工)


@dataclass
class ProvisionClauses:
    """Everything the clauses of one 三定 said, placed; the input of the record stage."""

    title: str | None = None
    org: OrganizationFacts | None = None
    in_force: str | None = None
    section: str | None = None
    items: list[Clause] = field(default_factory=list)
    quota_lines: list[tuple[Line, str]] = field(default_factory=list)  # a staffing line and its anchor
    unplaced: list[Line] = field(default_factory=list)
    ended: Line | None = None

    def of(self, kind: str) -> list[Clause]:
        return [i for i in self.items if i.kind == kind]


def canonical_name(name: str) -> str:
    """Names compare with full-width brackets and no spaces: ``经开区(头屯河区)`` = ``经开区（头屯河区）``."""
    return re.sub(r"\s", "", name).replace("(", "（").replace(")", "）")


def place_clauses(clauses: list[Line], report: FileReport, *, named: bool) -> ProvisionClauses:
    """Place every clause of a 三定 (``named``: the user named its organization, so items may stand alone)."""
    placer = _Placer(report, named)
    for clause in clauses:
        if TRUNCATION.search(clause.text):
            placer.found.ended = clause
            placer.cut_short()
            break
        placer.clause(clause)
    placer.close()
    return placer.found


class _Placer:
    def __init__(self, report: FileReport, named: bool) -> None:
        self.report = report
        self.named = named
        self.found = ProvisionClauses()
        self.article: int | None = None
        self.open: Clause | None = None

    @property
    def section(self) -> str | None:
        return self.found.section

    @section.setter
    def section(self, value: str | None) -> None:
        self.found.section = value

    def clause(self, line: Line) -> None:  # one branch per kind of clause, in the order they win
        text, found = line.text, self.found
        if found.title is None and not found.items and (title := TITLE.match(text)):
            found.title = title[1]
            return
        if "工作部门" in text or (RANK.search(text) and "是" in text):
            found.org = read_position(found.org, line)
            if not ARTICLE.match(text):
                return
        if match := _IN_FORCE.search(text):
            found.in_force = parse_date(re.sub(r"\s", "", match[1]))
        if _HOSTED_OFFICE.search(text) and self.section not in ("duties", "units") and not ITEM.match(text):
            self.close()
            self.article = self._article_of(text)
            found.items.append(Clause("HostedOffice", self.anchor(None), line.number, _body(text)))
            return
        article = ARTICLE.match(text)
        if article:
            self.close()
            self.article = parse_int(article[1])
            body = article[2]
            self.section = self._section_of(body)
            self._article_body(line, body)
            return
        section = self._heading(text, line.heading)
        if section is None and re.search(r"[:：]$", text):
            section = self._section_of(text)  # 市应急管理局设下列内设机构：
            if section is not None:
                self.close()
                self.section = section
                return
        if section is not None:
            self.close()
            self.section = section
            rest = re.sub(r"^.*?(?:主要职责|内设机构|人员编制|有关职责分工|职责分工|其他事项)(?:是)?[:：。]?", "", text)
            if section == "staffing" and rest:
                found.quota_lines.append((Line(line.number, rest), self.anchor(None)))
            elif section == "units" and rest:
                self._unit_list(line, rest)
            elif section in ("divisions", "other") and rest:
                self._maybe_division(line, rest)
            return
        item = ITEM.match(text)
        if item and self.section != "staffing":
            self.close()
            self._item(line, parse_int(item[1]), item[2])
            return
        sub = SUB_ITEM.match(text)
        if sub and self.open is not None and self.open.kind == "Division":
            self._close_division_part()
            context = self.open.context or self.open.text
            self.open = Clause("Division", self.open.anchor, line.number, sub[3], context=context)
            return
        if self.open is not None and not (self.open.kind == "Division" and _DIVISION_CLAUSE.search(text)):
            self.open.text += text
            return
        if self.section != "duties" and self._maybe_division(line, text):
            return
        if re.search(r"解释|施行", text) and not re.search(r"\d+\s*名", text):
            self.section = "closing"  # 附则: 本规定由…负责解释, 自…起施行
            return
        if self.section == "staffing" or re.search(r"编制\s*\d|\d+\s*名", text):
            found.quota_lines.append((line, self.anchor(None)))
            return
        if self.section == "units" and re.search(r"[:：].+、", text):
            self._unit_list(line, re.split(r"[:：]", text, maxsplit=1)[1])  # 设内设机构3个：办公室、…
            return
        if self.section == "units" and len(text) <= 20 and "。" not in text:
            self._add_unit(line, text)
            return
        found.unplaced.append(line)

    def _article_of(self, text: str) -> int | None:
        article = ARTICLE.match(text)
        return parse_int(article[1]) if article else self.article

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
        if body.startswith("其他事项"):
            return "other"
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
        found = self.found
        if self.section == "changes" and body:
            found.items.append(Clause("FunctionChange", self.anchor(None), line.number, body))
        elif self.section == "staffing":
            found.quota_lines.append((Line(line.number, body), self.anchor(None)))
        elif self.section == "units":
            listed = re.split(r"[:：]", body, maxsplit=1)
            if len(listed) == 2 and listed[1].strip():
                self._unit_list(line, listed[1])
        elif self.section in ("divisions", "other"):
            rest = re.sub(r"^(?:其他事项|[^。]*?职责分工)[。:：]?", "", body) if self.section == "other" else body
            if rest.strip() and not re.fullmatch(r"[^。]*职责分工[。:：]?", body):
                self._maybe_division(line, rest, always=self.section == "divisions")
        elif self.section is None and body and not self._boilerplate(body) and not self._maybe_division(line, body):
            found.unplaced.append(Line(line.number, body))

    def _maybe_division(self, line: Line, text: str, *, always: bool = False) -> bool:
        """Open a division if ``text`` settles a duty between organizations (or it stands under 职责分工)."""
        if not (always or _DIVISION_CLAUSE.search(text)):
            return False
        self.close()
        self.open = Clause("Division", self.anchor(None), line.number, text)
        return True

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
        anchor = self.anchor(len(self.found.of("Unit")) + 1)
        self.found.items.append(Clause("Unit", anchor, line.number, "", canonical_name(name)))

    def _item(self, line: Line, number: int, text: str) -> None:
        section = self.section
        if section is None and (self.found.org is not None or self.named) and not self.found.of("Unit"):
            section = "duties"  # items right after the positioning, with no heading: the 主要职责
            if not self.report.notes or "no 主要职责 heading" not in self.report.notes[-1]:
                self.report.note(line.number, tr("items with no 主要职责 heading before them: read as 主要职责"))
            self.section = section
        anchor = self.anchor(number)
        if section == "duties" or section == "changes":
            kind = "FunctionChange" if section == "changes" or text.startswith("职能转变") else "Duty"
            self.open = Clause(kind, anchor, line.number, text)
        elif section == "units":
            parts = re.split(r"[。:：]", text, maxsplit=1)
            name, duties = parts[0].strip(), parts[1] if len(parts) > 1 else ""
            if len(name) > 30:
                name, duties = re.split(r"[，,]", name, maxsplit=1)[0], text
            self.open = Clause("Unit", anchor, line.number, duties.strip(), canonical_name(name))
        elif section in ("divisions", "other"):
            self.open = Clause("Division", anchor, line.number, text)
        else:
            self.found.unplaced.append(line)

    def cut_short(self) -> None:
        """Where a copy stops: a unit item cut inside its name (（四）消防协调, no 。 yet) is no unit."""
        clause = self.open
        if clause is not None and clause.kind == "Unit" and not clause.text.strip():
            self.report.note(
                clause.line,
                tr(
                    "a unit cut short in this copy, not read: {anchor} {unit_name}",
                    anchor=clause.anchor,
                    unit_name=clause.unit_name,
                ),
            )
            self.open = None

    def _close_division_part(self) -> None:
        if self.open is not None and self.open.text.strip():
            self.found.items.append(self.open)

    def close(self) -> None:
        if self.open is not None:
            if self.open.kind == "Division":
                self._close_division_part()
            else:
                self.found.items.append(self.open)
        self.open = None

    def anchor(self, number: int | None) -> str:
        base = article_anchor(self.article) if self.article is not None else SECTION_NAMES.get(self.section or "", "")
        return f"{base}（{chinese_numeral(number)}）" if number is not None else base


def _body(text: str) -> str:
    """A clause without its article number (第七条 …)."""
    article = ARTICLE.match(text)
    return article[2] if article else text
