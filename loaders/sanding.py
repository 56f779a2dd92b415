"""三定规定 (职能配置、内设机构和人员编制规定) texts into records.

A 三定 names its department and places it (``是市人民政府工作部门，为正县级``), lists its 主要职责 as items
(一)(二)…, states its 职能转变, lists its 内设机构 with their duties, gives its 人员编制 (行政编制 N 名, 局长
1 名、副局长 N 名, 领导职数), settles shared duties in 职责分工 clauses (one department 牵头/负责, the other
配合) and hosts the offices of 议事协调机构 (市防汛抗旱指挥部办公室设在市水利局). Texts come numbered by
articles (第三条) or by headings (主要职责, 一、内设机构), one clause a line or run together in one
paragraph, and many public copies stop early.

The reader is a pipeline of three stages, each its own module:

1. :mod:`~dutygraph.loaders.provision_segments` cuts the text into clauses at its own markers;
2. :mod:`~dutygraph.loaders.provision_clauses` places each clause (duty, unit, staffing, division …);
3. :mod:`~dutygraph.loaders.provision_records` makes the records, with
   :mod:`~dutygraph.loaders.organization_facts` settling which organization it is and
   :mod:`~dutygraph.loaders.divisions` reading the 职责分工.

Every clause it cannot place, and the place where a text ends early, goes into the file's report with
its line number.
"""

from __future__ import annotations

from dutygraph.i18n import tr
from dutygraph.loaders.organization_facts import POSITION, OrganizationHint, settle
from dutygraph.loaders.provision_clauses import TITLE, TITLE_SUFFIX, canonical_name, place_clauses
from dutygraph.loaders.provision_dates import date_of_effect
from dutygraph.loaders.provision_records import make_records, organization_stub
from dutygraph.loaders.provision_segments import segment
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.text import ITEM, Document
from dutygraph.loaders.understanding import DutyReader

__all__ = [
    "OrganizationHint",
    "canonical_name",
    "has_provision_title",
    "looks_like_provision",
    "organization_stub",
    "read_provision",
]


def has_provision_title(doc: Document) -> bool:
    """Whether the text's title (its first lines, or its copy's header) is a 三定's."""
    head = [doc.header.get("title", "").split(" (")[0], *(line.text for line in doc.lines[:3])]
    return any(TITLE_SUFFIX.search(text) or TITLE.match(text) for text in head)


def looks_like_provision(doc: Document) -> bool:
    """Whether a text reads like a 三定: its title, or 主要职责 / 内设机构 / 人员编制 in its clauses."""
    clauses = segment(doc.lines)  # a text run into one paragraph is judged by its clauses, not its lines
    head = " ".join([doc.header.get("title", ""), *(clause.text for clause in clauses[:5])])
    if TITLE_SUFFIX.search(head.split(" (")[0]) or "职能配置" in head or "内设机构" in head:
        return True
    markers = sum(
        any(word in clause.text for clause in clauses)
        for word in ("主要职责", "内设机构", "人员编制", "行政编制", "工作部门")
    )
    positioned = any(POSITION.search(clause.text) for clause in clauses[:12])
    items = sum(1 for clause in clauses if ITEM.match(clause.text))
    return markers >= 2 or (positioned and items >= 3)


def read_provision(doc: Document, reader: DutyReader, hint: OrganizationHint | None = None) -> FileReport:
    """The records of a 三定 text, with the report of what was read and what was not placed.

    Raises
    ------
    LoadError
        when the text does not say which organization it is about and no hint does.
    """
    hint = hint or OrganizationHint()
    report = FileReport(str(doc.path), "三定规定")
    found = place_clauses(segment(doc.lines), report, named=bool(hint.name))
    header_title = doc.header.get("title", "").split(" (")[0].split("（")[0].strip()
    org = settle(found.org, found.title, header_title, hint, doc.path, TITLE_SUFFIX)
    title = found.title or f"{org.name}职能配置、内设机构和人员编制规定"
    report.title = title
    if found.title is None:
        report.note(None, tr("the text has no title line: called it 《{title}》", title=title))
    dated = date_of_effect(doc, given=hint.valid_from, in_text=found.in_force)
    if dated.source == "unknown":
        report.note(
            None,
            tr(
                "no date of effect in the text, its notice or its page: counted as in force on every date; "
                "pass --valid-from to say"
            ),
        )
    elif dated.source in ("notice", "page"):
        report.note(
            dated.line,
            tr(
                "no 施行 clause: in force from {valid_from}, the date of its {source} (it may have taken "
                "effect earlier: pass --valid-from to say)",
                valid_from=dated.valid_from,
                source=tr("notice (印发通知)") if dated.source == "notice" else tr("page (发布页面)"),
            ),
        )
    make_records(found, org, reader, report, title=title, dated=dated)
    return report
