"""实施依据 cells into citations: which instrument, which article, paragraph and item.

Real cells say ``【法律】《中华人民共和国矿山安全法》第三十四条``, ``《安全生产法》第六十二条第二款``,
``《生产安全事故应急预案管理办法》（国家安全生产监督管理总局令第88号）第二十一条、第二十六条``,
``第十条至第十二条``, ``同上``, and often quote the whole article after its number. Each article named
becomes one :class:`Citation`; a cell with no 《title》 keeps its text as an unreadable citation, which the
basis-coverage finding reports instead of the load failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dutygraph.loaders.numerals import parse_int

__all__ = ["Citation", "parse_citations"]

_NUM = r"[零〇一二三四五六七八九十百千两\d]+"
_TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
_ARTICLE_REF = re.compile(
    rf"第({_NUM})条(?:(?:之)?({_NUM}))?"
    rf"((?:(?:第{_NUM}款)(?:(?:第{_NUM}项)(?:[、和及,，]第{_NUM}项)*)?(?:[、和及,，](?=第{_NUM}款))?)*)"
)
_PARAGRAPH_REF = re.compile(rf"第({_NUM})款((?:第{_NUM}项(?:[、和及,，](?=第{_NUM}项))?)*)")
_ITEM_REF = re.compile(rf"第({_NUM})项")
_RANGE = re.compile(rf"第({_NUM})条\s*(?:至|到|—|－|-|~|～)\s*第?({_NUM})条")
# 新疆维吾尔自治区实施《中华人民共和国防震减灾法》办法: the instrument is the 办法, written without brackets
_UNBRACKETED = re.compile(r"(?<![《〈])([\u4e00-\u9fff]{2,14}?实施)《([^《》]+)》(办法|条例|细则|规定)")
# a document cited by its number only (渝规资规范〔2019〕27号): one citation per number
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
# a version named with the title: 《安全生产法》（2021年修正）, 《…安全生产法(2014修正)》, （2021年6月10日修正）
_V = r"\d{4}\s*年?(?:\d{1,2}月(?:\d{1,2}日)?)?\s*(?:第[一二三四五六七八九十]+次)?(?:修正|修订|版|公布|施行|通过)?"
_VERSION = re.compile(rf"^\s*[（(]\s*(?P<version>{_V})(?:文本)?\s*[）)]")
_TITLE_VERSION = re.compile(rf"[（(]({_V})[）)]$")
# …or before it: 2009年修正的《矿产资源法》, 2021年6月10日修订后的《安全生产法》
_PREFIX_VERSION = re.compile(
    r"(\d{4}\s*年(?:\d{1,2}月(?:\d{1,2}日)?)?\s*(?:第[一二三四五六七八九十]+次)?(?:修正|修订))(?:后)?的\s*$"
)
# a quoted article that starts a line of its own cites another article of the same instrument
_NEXT_ARTICLE = re.compile(rf"\n\s*(?=第{_NUM}条)")
_SAME_AS_BEFORE = re.compile(r"^\s*(?:同上|同前|同前述依据|同上述依据)\s*[。.]?\s*$")
# after an article number, text that is not another reference: the article itself, quoted
_QUOTED_TEXT = re.compile(r"\s*(?:[：:“\"]|[\u4e00-\u9fff](?<![第和及至到或]))")


@dataclass(frozen=True)
class Citation:
    """One cited provision: an instrument's title (as written) and an article, paragraph and item, if named.

    ``title`` is ``None`` when the text names no instrument; ``text`` is what the cell said for it;
    ``version`` the version it names, as written (``2021年修正`` from ``《安全生产法》（2021年修正）``), if any.
    """

    title: str | None
    article: int | None
    paragraph: int | None
    item: int | None
    text: str
    version: str | None = None


def _refs(title: str | None, tail: str) -> list[Citation]:
    """The articles named in ``tail`` (the text after a title, up to the next title)."""
    # stop where the article's own text is quoted: "第三十三条 违反本规定…" names one article, not more
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(tail):
        low, high = parse_int(match[1]), parse_int(match[2])
        if 0 < low <= high and high - low <= 50:
            taken.append(match.span())
            for number in range(low, high + 1):
                found.append(Citation(title, number, None, None, _cited(title, f"第{number}条")))
    for match in _ARTICLE_REF.finditer(tail):
        if any(s <= match.start() < e for s, e in taken):
            continue
        number = parse_int(match[1])
        parts = list(_PARAGRAPH_REF.finditer(match[3] or ""))
        anchor = match[0]
        if not parts:
            found.append(Citation(title, number, None, None, _cited(title, anchor)))
        for part in parts:
            paragraph = parse_int(part[1])
            items: list[int | None] = [parse_int(i[1]) for i in _ITEM_REF.finditer(part[2] or "")]
            for item in items or [None]:
                found.append(Citation(title, number, paragraph, item, _cited(title, anchor)))
        if _QUOTED_TEXT.match(tail, match.end()):
            break  # the article's own text follows: references inside it are not citations
    return found


def _cited(title: str | None, anchor: str) -> str:
    return f"《{title}》{anchor}" if title else anchor


def parse_citations(text: str, previous: list[Citation] | None = None) -> list[Citation]:
    """Citations of a 实施依据 cell, in order; ``previous`` are the citations of the row before (for 同上).

    >>> [(c.title, c.article, c.paragraph) for c in parse_citations("《安全生产法》第六十二条第二款")]
    [('安全生产法', 62, 2)]
    >>> [c.article for c in parse_citations("【法律】《中华人民共和国矿山安全法》第十条、第十二条")]
    [10, 12]
    >>> [c.article for c in parse_citations("《安全生产许可证条例》第十条至第十二条")]
    [10, 11, 12]
    >>> [(c.title, c.text) for c in parse_citations("渝规资规范〔2019〕27号、渝规资〔2020〕73号文件")]
    [(None, '渝规资规范〔2019〕27号'), (None, '渝规资〔2020〕73号')]
    >>> [c.article for c in parse_citations("《某办法》第四条：县级以上…工作。\n第二十五条 地方各级…备案。")]
    [4, 25]
    >>> [(c.title, c.article, c.version) for c in parse_citations("《安全生产法》（2014年修正）第九十条")]
    [('安全生产法', 90, '2014年修正')]
    >>> [(c.title, c.version) for c in parse_citations("《中华人民共和国矿产资源法(2009修正)》第三十九条")]
    [('中华人民共和国矿产资源法', '2009修正')]
    """
    if _SAME_AS_BEFORE.match(text):
        return list(previous or [])
    text = _UNBRACKETED.sub(r"《\1〈\2〉\3》", text)
    titles = list(_TITLE.finditer(text))
    if not titles:
        articles = _refs(None, text.replace("\n", " "))
        numbers = [re.sub(r"\s", "", m[0]) for m in _DOCUMENT_NUMBER.finditer(text)]
        if not articles and numbers:
            return [Citation(None, None, None, None, number) for number in numbers]
        return articles or [Citation(None, None, None, None, text.replace("\n", " ").strip())]
    found: list[Citation] = []
    for index, match in enumerate(titles):
        title = re.sub(r"\s", "", match[1])
        end = titles[index + 1].start() if index + 1 < len(titles) else len(text)
        tail = text[match.end() : end]
        version = None
        if named := _TITLE_VERSION.search(title):
            title, version = title[: named.start()], named[1]
        elif named := _VERSION.match(tail):
            version = re.sub(r"\s", "", named["version"])
        elif named := _PREFIX_VERSION.search(text[titles[index - 1].end() if index else 0 : match.start()]):
            version = re.sub(r"\s", "", named[1])
        # an issuing note in brackets right after the title is not part of the citation
        tail = re.sub(r"^\s*[（(][^（）()]*[）)]", "", tail)
        if re.match(r"^\s*[（(]以下简称", tail):
            continue
        refs = [ref for part in _NEXT_ARTICLE.split(tail) for ref in _refs(title, part.replace("\n", " "))]
        refs = [replace(ref, version=version) for ref in refs] if version else refs
        found.extend(refs or [Citation(title, None, None, None, f"《{title}》", version)])
    return found
