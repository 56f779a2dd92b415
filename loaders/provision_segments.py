"""Cutting a 三定 text into clauses at its own markers, wherever its line breaks fall.

Copies of a 三定 come with one clause per line, with several clauses on a line, or as one paragraph
pasted from a web page (title, 第一条, 第二条, 主要职责是：(一)…(二)… all on one line). The later
stages read one clause at a time, so this stage finds the clauses from the markers the text itself
uses — 第N条, the items （一）/(一), the sub-items 1./（1）, the section words (主要职责, 内设机构,
人员编制, 有关职责分工, 其他事项, 附则), the closing 本规定… sentences — and cuts there. A clause keeps
the number of the line it stands on, so reports still point at the file.

What is a marker and what is a mention is decided by what stands before it: ``第十条`` opens an
article after a sentence end or the title (``…规定第一条``) but is a citation after ``依照``;
``（二）`` opens an item except after 条/款/项 (``第三条（二）`` is a reference).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from dutygraph.loaders.text import Line

__all__ = ["HEADING_WORDS", "segment"]

HEADING_WORDS = ("有关职责分工", "职责分工", "主要职责", "职能转变", "内设机构", "人员编制", "其他事项", "附则")
"""The words that open a section of a 三定 when they stand at the start of a clause."""

_SENTENCE_END = "。；;！!？?"
_OPENING = set(_SENTENCE_END + '：:》”"　 \t')
_ARTICLE = re.compile(r"第\s*[零〇一二三四五六七八九十百千两\d]+\s*条")
_ITEM = re.compile(r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]")
_SUB_ITEM = re.compile(r"[（(]\d{1,2}[）)]|\d{1,2}[.．、](?=[\u4e00-\u9fff])")
_HEADING = re.compile(r"(?:[一二三四五六七八九十]{1,2}[、.．]\s*)?(?:" + "|".join(HEADING_WORDS) + ")")
_CLOSING = re.compile(r"本规定")
_TRUNCATION = re.compile(r"\[\s*\.{3}")
_CHROME = re.compile(
    r"(?:更新时间|发布时间|发布日期)[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|扫一扫在手机打开当前页"
)
# 第一条 opens a text wherever it stands, unless a clause cites it (本规定第一条, 依照第一条)
_CITING = ("本规定", "依照", "按照", "根据", "依据", "和", "或", "及", "、", "至")
# what may follow a section word that heads a clause (主要职责是：, 内设机构。); anything else starts its body
_HEADING_FOLLOWERS = set("是的如下设和及包为按、，,：:。；; \t　") | {""}


def segment(lines: Iterable[Line]) -> list[Line]:
    """The clauses of a 三定's lines, each a :class:`Line` with the number of the line it starts on.

    >>> text = "某局规定第一条 为了规范。第二条 某局是工作部门。主要职责是：（一）负责甲。（二）参与乙。"
    >>> [c.text for c in segment([Line(1, text)])]
    ['某局规定', '第一条 为了规范。', '第二条 某局是工作部门。', '主要职责是：', '（一）负责甲。', '（二）参与乙。']
    """
    clauses: list[Line] = []
    for line in lines:
        pieces = _cut(line.text)
        pieces = _after_bare_unit_heading(pieces)
        for index, piece in enumerate(pieces):
            clauses.append(Line(line.number, piece, line.heading and index == 0))
    return clauses


def _cut(text: str) -> list[str]:
    cuts = {0, len(text)}
    for match in _ARTICLE.finditer(text):
        before = text[: match.start()].rstrip(" 　\t")
        titled = before.endswith(("规定", "规定》")) and not before.endswith("本规定")  # …规定第一条
        opens = before and (before[-1] in _OPENING or titled)
        first = re.fullmatch(r"第\s*一\s*条", match[0]) is not None and not before.endswith(_CITING)
        if match.start() == 0 or opens or first:
            cuts.add(match.start())
    for match in _ITEM.finditer(text):
        if match.start() and text[match.start() - 1] not in "条款项第":
            cuts.add(match.start())
    for match in _SUB_ITEM.finditer(text):
        if match.start() and text[match.start() - 1] in _OPENING:
            cuts.add(match.start())
    for match in _HEADING.finditer(text):
        if match.start() == 0 or text[match.start() - 1] in _SENTENCE_END:
            cuts.add(match.start())
            if text[match.end() : match.end() + 1] not in _HEADING_FOLLOWERS:
                cuts.add(match.end())  # a bare heading run into its body: 内设机构办公室
    for pattern in (_CLOSING, _TRUNCATION):
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1] in _SENTENCE_END:
                cuts.add(match.start())
    for match in _TRUNCATION.finditer(text):
        cuts.add(match.start())
    for match in _CHROME.finditer(text):
        cuts.update((match.start(), match.end()))
    ordered = sorted(cuts)
    pieces = [text[a:b].strip(" 　\t") for a, b in itertools.pairwise(ordered)]
    return [piece for piece in pieces if piece]


def _after_bare_unit_heading(pieces: list[str]) -> list[str]:
    """Split a unit list run into the next section word: ``内设机构`` ``办公室人员编制…``."""
    out: list[str] = []
    for piece in pieces:
        if out and out[-1] == "内设机构":
            match = next((m for m in _HEADING.finditer(piece) if m.start() > 0), None)
            if match is not None:
                head, rest = piece[: match.start()], piece[match.start() :]
                word_end = match.end() - match.start()
                out.append(head)
                if rest[word_end : word_end + 1] not in _HEADING_FOLLOWERS:
                    out.extend((rest[:word_end], rest[word_end:]))
                else:
                    out.append(rest)
                continue
        out.append(piece)
    return out
