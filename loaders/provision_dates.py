"""When a 三定 took effect (施行日期), read rather than guessed.

In the order a reviewer trusts them: ``--valid-from`` (the user knows), the text's own clause
(``本规定自2019年3月1日起施行``), the issuing notice (``关于印发《…规定》的通知`` with its date, or a 印发日期
/成文日期 line), a page's 发布时间 (a web copy: the provision was in force by then at the latest), and a
copy's header (``published:``, ``date:``, or ``page dated 2023-11-29`` in its title line). Nothing else:
the year of a reform plan the text cites (``〔2019〕3号``) says when the plan was made, not when the
provision took effect. A provision none of these dates is *date unknown* (``dated: unknown``, no
``valid_from``): it is counted as in force on every date, and the audit says so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from dutygraph.loaders.records import parse_date
from dutygraph.loaders.text import Document

__all__ = ["DATE_SOURCES", "ProvisionDate", "date_of_effect"]

DATE_SOURCES = ("given", "text", "notice", "page", "unknown")
"""Where a provision's date of effect came from (the ontology's ``dg:dateSource`` values)."""

_DAY = r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
# a notice's own date, not the date of a plan the text cites (根据《…方案》（2019年1月5日印发）)
_NOTICE = re.compile(rf"(?:印发|成文)(?:日期|时间)\s*[:：]?\s*{_DAY}|关于印发《[^》]*规定》的通知.*?{_DAY}")
_PAGE = re.compile(rf"(?:发布时间|发布日期|发文日期|公开日期|更新时间)\s*[:：]?\s*{_DAY}")
_HEADER_DAY = re.compile(rf"(?:page dated|dated|published|updated)\s*{_DAY}")
_HEADER_MONTH = re.compile(r"(?:page dated|dated|published|updated)\s*(?:on\s+\S+\s+)?(\d{4})-(\d{1,2})(?!-?\d)")


@dataclass(frozen=True)
class ProvisionDate:
    """A date of effect (``None`` when unknown) and where it was read (one of :data:`DATE_SOURCES`)."""

    valid_from: str | None
    source: str
    line: int | None = None


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return parse_date(f"{year}-{month}-{day}")
    except ValueError:
        return None  # 2019年2月30日: a typo is no date


def _first(pattern: re.Pattern[str], doc: Document) -> tuple[str, int] | None:
    for line in doc.lines[:20]:
        for match in pattern.finditer(line.text):
            groups = [g for g in match.groups() if g is not None]
            found = _iso(*groups[:3])
            if found:
                return found, line.number
    return None


def _header_date(doc: Document) -> str | None:
    for key in ("published", "date", "dated"):
        value = doc.header.get(key, "")
        match = re.search(_DAY, value)
        if match and (found := _iso(*match.groups())):
            return found
    title = doc.header.get("title", "")
    if match := _HEADER_DAY.search(title):
        return _iso(*match.groups())
    if (match := _HEADER_MONTH.search(title)) and 1 <= int(match[2]) <= 12:
        # a month only: by its last day the page, and so the provision, was out
        year, month = int(match[1]), int(match[2])
        return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return None


def date_of_effect(doc: Document, *, given: str | None, in_text: str | None) -> ProvisionDate:
    """The date a 三定 takes effect, and where it was read.

    ``given`` is ``--valid-from``; ``in_text`` the date of the text's own 施行 clause.

    >>> from pathlib import Path
    >>> from dutygraph.loaders.text import Line
    >>> lines = [Line(1, "某局职能配置、内设机构和人员编制规定"), Line(2, "发布时间：2019-04-02")]
    >>> doc = Document(Path("x.txt"), lines)
    >>> date_of_effect(doc, given=None, in_text=None)
    ProvisionDate(valid_from='2019-04-02', source='page', line=2)
    >>> date_of_effect(Document(Path("x.txt"), [Line(1, "〔2019〕3号")]), given=None, in_text=None).source
    'unknown'
    """
    if given:
        return ProvisionDate(given, "given")
    if in_text:
        return ProvisionDate(in_text, "text")
    if found := _first(_NOTICE, doc):
        return ProvisionDate(found[0], "notice", found[1])
    if found := _first(_PAGE, doc):
        return ProvisionDate(found[0], "page", found[1])
    if header := _header_date(doc):
        return ProvisionDate(header, "page")
    return ProvisionDate(None, "unknown")
