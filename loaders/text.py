"""Reading a document's text as published: encodings, Word files, traditional script, numbering.

Real texts come as plain text, Markdown or .docx, in simplified or traditional characters, with full-width
or half-width punctuation and several numbering styles (第一条, （一）/(一), 1./1、, 一、). This module turns
a file into numbered lines of simplified text and recognises the numbering; what the lines mean is the
business of the loader of each kind of document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.loaders.limits import ReadLimits, check_size, check_unzipped

__all__ = [
    "ARTICLE",
    "ITEM",
    "SECTION",
    "SUB_ITEM",
    "TRUNCATION",
    "Document",
    "Line",
    "read_document",
    "to_simplified",
]

ARTICLE = re.compile(r"^\s*第\s*([零〇一二三四五六七八九十百千两\d]+)\s*条\s*[　 ]*(.*)$")
"""``第三条 正文``: an article and the text that follows its number."""
ITEM = re.compile(r"^\s*[（(]\s*([零〇一二三四五六七八九十百两]+)\s*[）)]\s*(.*)$")
"""``（一）`` or ``(一)``: an item of an article."""
SUB_ITEM = re.compile(r"^\s*(?:[（(]\s*(\d+)\s*[）)]|(\d+)\s*[.．、）)](?!\d))\s*(.*)$")
"""``1.``, ``1、``, ``1．`` or ``（1）``: a sub-item."""
SECTION = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*(.*)$")
"""``一、主要职责``: a section heading of an unnumbered text."""
TRUNCATION = re.compile(r"^\s*\[\s*\.{3}.*(?:TRUNCATED|NOT IN SOURCE|truncated).*\]\s*$|\[\.\.\.truncated\]")
"""The marker a partial copy carries where its text stops."""

_HEADER_KEY = re.compile(r"^(source|origin|title|version|script|completeness|note)\s*:\s*(.*)$", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_ENCODINGS = ("utf-8-sig", "gb18030", "big5")


@dataclass(frozen=True)
class Line:
    """A line of a document: its 1-based number in the file and its simplified text, stripped."""

    number: int
    text: str
    heading: bool = False  # a Markdown heading (``# 标题``, ``## 第一章``)


@dataclass
class Document:
    """A document read into lines: ``header`` holds the provenance lines a copy may start with."""

    path: Path
    lines: list[Line]
    header: dict[str, str] = field(default_factory=dict)
    traditional: bool = False

    @property
    def name(self) -> str:
        return self.path.name


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC t2s); simplified text comes back unchanged.

    >>> to_simplified("市應急管理局設下列內設機構")
    '市应急管理局设下列内设机构'
    """
    converted: str = _converter().convert(text)  # type: ignore[attr-defined]
    return converted


def _is_traditional(text: str) -> bool:
    """Whether enough characters change under t2s to call the text traditional (a few stray ones do not)."""
    sample = text[:20000]
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=False) if a != b)
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff") or 1
    return changed >= 5 and changed / han > 0.01


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with its byte-order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError(path, tr("cannot decode the text (UTF-16 by its first bytes, but broken)")) from None
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError(path, tr("cannot decode the text (tried UTF-8, GB18030 and Big5)"))


def _docx_lines(path: Path, limits: ReadLimits) -> list[str]:
    """Paragraphs of a Word file, then the rows of its tables (cells joined by tabs)."""
    import docx

    check_unzipped(path, limits, "Word (.docx)")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx, zipfile and lxml each raise their own types for a damaged part
        raise LoadError(path, tr("not a readable Word (.docx) file: {exc}", exc=exc)) from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.splitlines() or [""])
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return lines


def read_document(path: Path, limits: ReadLimits | None = None) -> Document:
    """The lines of a text, Markdown or Word file, in simplified script.

    A copy that starts with provenance lines (``source: …``, ``title: …``) up to a blank line keeps them
    in :attr:`Document.header`; Markdown headings are marked; the ``<!-- … -->`` comments of a Markdown
    export are dropped. A file that cannot be read, or is over :class:`ReadLimits`, is a :class:`LoadError`.
    """
    limits = limits or ReadLimits.from_env()
    check_size(path, limits)
    if path.suffix.lower() == ".docx":
        raw = _docx_lines(path, limits)
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LoadError(path, tr("cannot read: {value}", value=exc.strerror or exc)) from None
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise LoadError(path, tr("the file contains NUL bytes: not a text file (a binary file renamed?)"))
        raw = _decode(path, data).splitlines()
    for number, line in enumerate(raw, 1):
        if len(line) > limits.line_chars:
            raise LoadError(
                path,
                tr(
                    "line {number} has over {limit} characters (DUTYGRAPH_MAX_LINE_CHARS): not a document's text",
                    number=number,
                    limit=limits.line_chars,
                ),
            )
    header: dict[str, str] = {}
    start = 0
    # provenance blocks (``key: value`` lines, each block ended by a blank line) before the document
    while start < len(raw) and _HEADER_KEY.match(raw[start].strip()):
        while start < len(raw) and raw[start].strip():
            match = _HEADER_KEY.match(raw[start].strip())
            if match:
                header.setdefault(match[1].lower(), match[2].strip())
            start += 1
        while start < len(raw) and not raw[start].strip():
            start += 1
    body = "\n".join(raw[start:])
    traditional = _is_traditional(body)
    if traditional:
        body = to_simplified(body)
        header = {k: to_simplified(v) for k, v in header.items()}
    lines: list[Line] = []
    for offset, text in enumerate(body.split("\n")):
        stripped = text.strip().replace("\u3000", " ").strip()
        if not stripped or stripped.startswith("<!--"):
            continue
        heading = bool(_MARKDOWN_HEADING.match(stripped))
        if heading:
            stripped = _MARKDOWN_HEADING.sub("", stripped).strip()
        lines.append(Line(start + offset + 1, stripped, heading))
    return Document(path, lines, header, traditional)
