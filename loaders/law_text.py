"""Law texts (法律, 行政法规, 地方性法规, 规章) into an instrument, a version, and its articles, paragraphs, items.

A published text starts with its title and the dated lines of its history (``2002年6月29日 …通过``,
``…第三次修正``, ``2007年6月1日 施行``); then chapters (第一章), articles (第N条), each article's paragraphs
(款: one per line) and the items (项: （一）…) of a paragraph. The version loaded is the latest the history
names; it counts from its 施行 date when the text states one, else from its adoption date (noted). Several
versions of one instrument load side by side: they share the instrument's id, and the version in force on
a date is the latest to have started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.loaders.article_carriage import read_carriage
from dutygraph.loaders.naming import instrument_id, normalize_title, short_title, stable_id
from dutygraph.loaders.numerals import article_anchor, parse_int
from dutygraph.loaders.records import RawRecord, parse_date
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.text import ARTICLE, ITEM, Document, Line
from dutygraph.loaders.understanding import DutyReader

# titles: from naming
__all__ = ["imposes_penalty", "instrument_id", "looks_like_law", "normalize_title", "read_law", "short_title"]

_DATED = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(.*)$")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百]+章\s*(.*)$")
_SECTION = re.compile(r"^第[一二三四五六七八九十百]+节\s*(.*)$")
_LAW_TITLE = re.compile(r"(?:法|条例|办法|规定|细则|规则|决定|实施意见)$")
# the final article: 本法自2025年7月1日起施行 / 本条例自公布之日起施行
_IN_FORCE_CLAUSE = re.compile(
    r"(?:^|\s)本(?:法|条例|办法|规定|细则|规则|决定)自(?:(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"|(?:发布|公布)之日)起?施行"
)
# the copy's header on this version: "(施行 2021-09-01)" or ", 2020-07-01施行" (not "replaced by …, 施行 …")
_HEADER_IN_FORCE = re.compile(r"[（(]施行\s*(\d{4}-\d{2}-\d{2})[)）]|[,，]\s*(\d{4}-\d{2}-\d{2})\s*施行")
_PENALTY = re.compile(r"罚款|警告|没收|吊销|暂扣|责令停产|责令停止|停业整顿|关闭|拘留|处分|处罚")


def imposes_penalty(text: str) -> bool:
    """Whether an article's text imposes a penalty (罚款, 没收, 吊销 …) or a sanction (处分)."""
    return bool(_PENALTY.search(text))


@dataclass(frozen=True)
class _Event:
    date: str
    text: str
    line: int


def looks_like_law(doc: Document) -> bool:
    """A title like an instrument's (…法, …条例, …办法) and articles (第N条) after it."""
    title = _title(doc)
    articles = sum(1 for line in doc.lines if ARTICLE.match(line.text))
    return bool(title and _LAW_TITLE.search(title)) and articles >= 3


def _title(doc: Document) -> str | None:
    for line in doc.lines[:3]:
        if line.heading or (_LAW_TITLE.search(line.text) and not ARTICLE.match(line.text)):
            return line.text.strip("《》 ")
    return None


def _kind(title: str, history: str) -> str | None:
    if "全国人民代表大会" in history or (title.startswith("中华人民共和国") and title.endswith("法")):
        return "法律"
    if "人民代表大会" in history:
        return "地方性法规"
    if "国务院" in history and (not re.search(r"部令|局令", history) or "国务院批准" in history):
        return "行政法规"
    if re.search(r"(?:省|市|自治区)人民政府令", history):
        return "地方政府规章"
    if re.search(r"部令|局令|委员会令", history):
        return "部门规章"
    return None


def _issuer(history: str) -> str | None:
    if "全国人民代表大会常务委员会" in history:
        return "全国人民代表大会常务委员会"
    if "全国人民代表大会" in history:
        return "全国人民代表大会"
    local = re.search(r"([\u4e00-\u9fff]{2,8}?(?:省|市|自治区))第[\u4e00-\u9fff]+届人民代表大会常务委员会", history)
    if local:
        return f"{local[1]}人民代表大会常务委员会"
    if "国务院" in history:
        return "国务院"
    ministry = re.search(r"([\u4e00-\u9fff]{2,12}?(?:部|局|委员会))令", history)
    return ministry[1] if ministry else None


class _LawReader:
    def __init__(self, doc: Document, reader: DutyReader, valid_from: str | None) -> None:
        self.doc = doc
        self.reader = reader
        self.valid_from = valid_from
        self.report = FileReport(str(doc.path), "法律法规")

    def read(self) -> FileReport:
        doc = self.doc
        written = _title(doc)
        if written is None:
            raise LoadError(doc.path, tr("no title line (the instrument's name) at the top of the text"))
        title = normalize_title(written)
        body_start = next(
            (i for i, line in enumerate(doc.lines) if ARTICLE.match(line.text) or _CHAPTER.match(line.text)), None
        )
        if body_start is None:
            raise LoadError(doc.path, tr("no articles (第一条 …) in the text"))
        events = [
            _Event(parse_date(f"{m[1]}-{m[2]}-{m[3]}"), m[4].strip(), line.number)
            for line in doc.lines[:body_start]
            if (m := _DATED.match(line.text))
        ]
        history = " ".join(e.text for e in events) + " " + doc.header.get("version", "")
        adopted = [
            e
            for e in events
            if not re.search(r"^施行|自.*施行$", e.text) or re.search(r"通过|公布|发布|修正|修订", e.text)
        ]
        latest = max(adopted, key=lambda e: e.date, default=None)
        stated = self._header_revision()
        if latest is not None and stated is not None and stated.date > latest.date:
            self.report.note(
                latest.line,
                tr(
                    "the copy's header names a later version ({date} {text}) than the text's history: loaded "
                    "as that one",
                    date=stated.date,
                    text=stated.text,
                ),
            )
            latest = stated
        in_force = next((e for e in events if re.match(r"^施行", e.text)), None)
        source = str(doc.path)
        records = self.report.records
        self.report.title = title
        label = f"{latest.date[:4]}年{latest.text[-4:] if latest else ''}" if latest else None
        if latest is None:
            start = self.valid_from or self._header_date()
            if start is None:
                raise LoadError(
                    doc.path, tr("the text gives no date (公布/通过/修正/施行) for this version: pass --valid-from")
                )
            issued = None
            label = start[:4] + "年版"
        else:
            issued = latest.date
            start = self.valid_from or self._in_force(latest, in_force, doc.lines[body_start:])
            label = f"{issued}{_event_word(latest.text)}"
        instrument = instrument_id(title)
        version = stable_id("version", instrument, start)
        # several versions of one instrument may load together: each restates the instrument, one is kept
        records.append(
            RawRecord.of(
                "Instrument",
                source,
                doc.lines[0].number,
                id=instrument,
                title=title,
                short_title=short_title(title),
                kind=_kind(title, history),
                issuer=_issuer(history),
            )
        )
        records[-1].stub = True
        records.append(
            RawRecord.of(
                "InstrumentVersion",
                source,
                latest.line if latest else None,
                id=version,
                instrument=instrument,
                label=label,
                issued=issued,
                valid_from=start,
            )
        )
        self._articles(doc.lines[body_start:], version, source)
        return self.report

    def _in_force(self, latest: _Event, in_force: _Event | None, body: list[Line]) -> str:
        """The 施行 date of the version adopted by ``latest``: the history's, the copy's header's, the text's."""
        if in_force is not None and in_force.date >= latest.date:
            return in_force.date
        header = _HEADER_IN_FORCE.search(self.doc.header.get("version", ""))
        if header and (header[1] or header[2]) >= latest.date:
            # the copy's header names the 修正/修订 decision's date of effect, which the text itself does not carry
            start: str = header[1] or header[2]
            self.report.note(
                latest.line,
                tr(
                    "no 施行 date in the text for this version: in force from {start}, as the copy's header says",
                    start=start,
                ),
            )
            return start
        clause = next((m for line in reversed(body) if (m := _IN_FORCE_CLAUSE.search(line.text))), None)
        if clause and clause["year"]:
            stated = parse_date(f"{clause['year']}-{clause['month']}-{clause['day']}")
            if stated >= latest.date:
                return stated
            # 本法自2002年11月1日起施行 in a text amended in 2021: the original's date, not this version's
            self.report.note(
                latest.line,
                tr(
                    "the text's 施行 clause ({stated}) is the original's: this version counts from {date}, the "
                    "date it was adopted; pass --valid-from for the amending decision's date of effect",
                    stated=stated,
                    date=latest.date,
                ),
            )
            return latest.date
        if clause or re.search(r"自(?:发布|公布)之日(?:起)?施行", latest.text):
            return latest.date  # 自公布之日起施行: in force when published
        self.report.note(
            latest.line,
            tr("no 施行 date in the text: this version counts from {date}, the date it was adopted", date=latest.date),
        )
        return latest.date

    def _header_revision(self) -> _Event | None:
        """The 修正/修订 the copy's header says this text is (``…, 2014年7月29日修订``)."""
        found = re.search(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*((?:第[一二三四五六七八九十]+次)?(?:修正|修订))",
            self.doc.header.get("version", ""),
        )
        if found is None:
            return None
        return _Event(parse_date(f"{found[1]}-{found[2]}-{found[3]}"), found[4], self.doc.lines[0].number)

    def _header_date(self) -> str | None:
        version = self.doc.header.get("version", "")
        dates = re.findall(r"(\d{4}-\d{2}-\d{2})\s*施行", version) or re.findall(
            r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", version
        )
        if not dates:
            return None
        first = dates[-1]
        start = first if isinstance(first, str) else parse_date("-".join(first))
        self.report.note(
            None, tr("the text gives no date: the version counts from {start}, as the file's header says", start=start)
        )
        return start

    def _articles(self, lines: list[Line], version: str, source: str) -> None:
        chapter = ""
        article: tuple[int, Line, list[list[Line]]] | None = None  # number, first line, paragraphs of lines
        seen: set[int] = set()

        def flush() -> None:
            if article is not None:
                self._article(*article, chapter=chapter, version=version, source=source)

        for line in lines:
            text = line.text
            if m := _CHAPTER.match(text):
                flush()
                article = None
                chapter = text
                continue
            if _SECTION.match(text):
                continue
            if m := ARTICLE.match(text):
                flush()
                number = parse_int(m[1])
                if number in seen:
                    self.report.note(
                        line.number, tr("{value} appears twice; the second is kept", value=article_anchor(number))
                    )
                seen.add(number)
                article = (number, line, [[Line(line.number, m[2])]])
                continue
            if article is None:
                self.report.note(line.number, tr("not placed (before the first article): {value}", value=text[:60]))
                continue
            paragraphs = article[2]
            if ITEM.match(text) and paragraphs:
                paragraphs[-1].append(line)  # an item belongs to the paragraph that introduces it
            else:
                paragraphs.append([line])
        flush()
        if not seen:
            self.report.note(None, tr("no articles read"))
        self._allocated()

    def _allocated(self) -> None:
        """Give the articles that name no carrier the one the allocation article names (本法规定的行政处罚，由…决定)."""
        articles = [r for r in self.report.records if r.kind == "Article"]
        allocation = next((r for r in articles if r.values.get("carriage") == ["allocation"]), None)
        if allocation is None or not allocation.values.get("carrier"):
            return
        anchor = article_anchor(int(allocation.values["number"][0]))
        for record in articles:
            if record.values.get("carriage") == ["power"] and not record.values.get("carrier"):
                record.values["carrier"] = [f"{allocation.values['carrier'][0]}（依{anchor}）"]

    def _article(
        self, number: int, first: Line, paragraphs: list[list[Line]], *, chapter: str, version: str, source: str
    ) -> None:
        records = self.report.records
        article_id = stable_id("article", version, str(number))
        text = "\n".join(line.text for paragraph in paragraphs for line in paragraph)
        reading = self.reader.read(text)
        penal = "法律责任" in chapter and imposes_penalty(text)
        carriage = read_carriage(text.replace("\n", "")) if penal else None
        records.append(
            RawRecord.of(
                "Article",
                source,
                first.number,
                id=article_id,
                version=version,
                number=str(number),
                text=text,
                enforcement="true" if penal else None,
                subjects=list(reading.subjects),
                actions=list(reading.actions),
                chapter=chapter or None,
                carriage=carriage.kind if carriage else None,
                carrier=carriage.carrier if carriage else None,
            )
        )
        for index, paragraph in enumerate(paragraphs, start=1):
            paragraph_id = f"{article_id}-{index}"
            records.append(
                RawRecord.of(
                    "Paragraph",
                    source,
                    paragraph[0].number,
                    id=paragraph_id,
                    article=article_id,
                    number=str(index),
                    text="\n".join(line.text for line in paragraph),
                )
            )
            for line in paragraph[1:]:
                item = ITEM.match(line.text)
                if item:
                    records.append(
                        RawRecord.of(
                            "Item",
                            source,
                            line.number,
                            id=f"{paragraph_id}-{parse_int(item[1])}",
                            paragraph=paragraph_id,
                            number=str(parse_int(item[1])),
                            text=item[2],
                        )
                    )


def _event_word(text: str) -> str:
    """What happened on a dated line: the last of 通过/公布/修正… it names (…通过的《决定》修正 is a 修正)."""
    matches = list(re.finditer(r"(第[一二三四五六七八九十]+次)?(修正|修订|通过|公布|发布)", text))
    return (matches[-1][1] or "") + matches[-1][2] if matches else ""


def read_law(doc: Document, reader: DutyReader, *, valid_from: str | None = None) -> FileReport:
    """The records of an instrument's text: instrument, version, articles, paragraphs and items.

    Raises
    ------
    LoadError
        when the text has no title, no articles, or no date for its version (and ``valid_from`` is not given).
    """
    return _LawReader(doc, reader, valid_from).read()
