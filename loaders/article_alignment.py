"""Which article of a law's new version carries each article of the old one (条文对照).

A revision renumbers: 矿产资源法 2009 第三十九条 (未取得采矿许可证擅自采矿) is 2024 第六十四条, with 第六十七条 and
第六十八条 carrying parts of it; 第四十二条 has no successor. An old citation that still "exists" in the new
version points at unrelated text, so the alignment is what tells a legal office which article now applies.

Articles are compared by their content, as character bigrams weighted by how rare they are across both
versions (boilerplate such as 依法追究刑事责任 or 由县级以上人民政府…部门 weighs little), twice: the whole
text (cosine), and the wrongful acts each article describes (the clauses before ``的，`` and its items
（一）…), so that a split article links to every article that took one of its acts. Only articles of the same
kind are compared: a 法律责任 article with a 法律责任 article, and, where read, of the same carriage
(a penalty with a penalty, an allocation with an allocation). An old article is *succeeded by* the linked
article that matches best (``whole``) and by the others (``part``); one linked to nothing is *deleted*; a new
article no old one links to is *new*. Each succession keeps its score.

Why not rapidfuzz or difflib: their ratios over the raw text score the shared boilerplate of penalty
articles as high as the acts (``bench/accuracy.py`` prints the figures of difflib's ratio beside these).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dutygraph.loaders.naming import stable_id
from dutygraph.loaders.records import RawRecord
from dutygraph.stores.base import GraphReader

__all__ = ["LINK", "METHOD", "AlignedArticle", "Succession", "acts", "align", "paragraphs", "succession_records"]

LINK = 0.23
"""The least similarity (of the whole texts, or of one act of each) for an old article to link to a new one."""

_NOT_TEXT = re.compile(r"[^\u4e00-\u9fff]|违反本法规定|依照前款规定处罚")
_BOILERPLATE = re.compile(r"^(?:拒不|情节|构成犯罪|不构成犯罪|造成|给他人造成)")
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]\s*")


@dataclass(frozen=True)
class AlignedArticle:
    """An article as the aligner sees it: its id, number, text, and the chapter and carriage it is of."""

    id: str
    number: int
    text: str
    chapter: str = ""
    carriage: str | None = None


@dataclass(frozen=True)
class Succession:
    """``predecessor`` is succeeded by ``successor`` (``None``: deleted) as a ``whole`` or in ``part``;
    ``predecessor`` ``None``: the successor is new.

    ``paragraph`` and ``item`` say which 款 and 项 of the successor carry it, where it has several and one
    clearly does; ``from_paragraph`` makes the succession one of the predecessor's 款 (of an article of
    several), not of the whole article.
    """

    predecessor: str | None
    successor: str | None
    share: str  # whole, part, deleted, new
    score: float
    paragraph: int | None = None
    item: int | None = None
    from_paragraph: int | None = None


def _grams(text: str) -> Counter[str]:
    text = _NOT_TEXT.sub("", text)
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def acts(text: str) -> list[str]:
    """The wrongful acts an article describes: each clause before ``的，``/``的：`` and each item (项).

    >>> acts("违反本法规定，未取得采矿许可证擅自采矿的，责令停止开采；拒不停止开采，造成矿产资源破坏的，依法处理。")
    ['未取得采矿许可证擅自采矿']
    """
    found = []
    for line in text.split("\n"):
        if _ITEM.match(line):
            found.append(_NOT_TEXT.sub("", _ITEM.sub("", line)))
            continue
        for sentence in re.split(r"[。；;]", line):
            for piece in re.split(r"的[，,：:]", sentence)[:-1]:
                act = _NOT_TEXT.sub("", piece)
                if len(act) >= 5 and not _BOILERPLATE.match(act):
                    found.append(act)
    return [a for a in found if len(a) >= 5]


class _Weights:
    """Bigrams weighted by inverse document frequency over both versions' articles."""

    def __init__(self, texts: Sequence[str]) -> None:
        counts = Counter(g for t in texts for g in set(_grams(t)))
        self.idf = {g: math.log(len(texts) / (1 + c)) + 1 for g, c in counts.items()}

    def vector(self, text: str) -> dict[str, float]:
        return {g: c * self.idf.get(g, 1.0) for g, c in _grams(text).items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(g, 0.0) for g, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _comparable(a: AlignedArticle, b: AlignedArticle) -> bool:
    if ("法律责任" in a.chapter) != ("法律责任" in b.chapter):
        return False
    return a.carriage is None or b.carriage is None or a.carriage == b.carriage


def paragraphs(text: str) -> list[tuple[str, list[str]]]:
    """An article's 款, each with its 项, as a law text's reader writes them: a line per 款, its items as the
    lines after it (``（一）…``).

    >>> [(p[:3], len(items)) for p, items in paragraphs("有下列情形之一的：\n（一）甲；\n（二）乙。\n前款以外的处罚。")]
    [('有下列', 2), ('前款以', 0)]
    """
    found: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _ITEM.match(line) and found:
            found[-1][1].append(line)
        else:
            found.append((line, []))
    return found


@dataclass
class _Unit:
    """What is compared: an article or one of its 款, as its whole text and its wrongful acts."""

    whole: dict[str, float]
    acts: list[dict[str, float]]

    def similarity(self, other: _Unit) -> tuple[float, float]:
        """(best act against act, whole text against whole text)."""
        by_act = max((_cosine(x, y) for x in self.acts for y in other.acts), default=0.0)
        return by_act, _cosine(self.whole, other.whole)


class _Aligner:
    def __init__(self, old: Sequence[AlignedArticle], new: Sequence[AlignedArticle]) -> None:
        self.weights = _Weights([a.text for a in (*old, *new)])
        self.units = {a.id: self.unit(a.text) for a in (*old, *new)}
        # the 款 (and their 项) of each new article of several, to place a successor within it
        self.places: dict[str, list[tuple[int, int | None, _Unit]]] = {}
        for a in new:
            structure = paragraphs(a.text)
            if len(structure) < 2 and not any(items for _, items in structure):
                continue
            self.places[a.id] = [
                (number, None, self.unit("\n".join([lead, *items])))
                for number, (lead, items) in enumerate(structure, start=1)
            ]
            self.places[a.id] += [
                (number, index, self.unit(item))
                for number, (_, items) in enumerate(structure, start=1)
                for index, item in enumerate(items, start=1)
            ]

    def unit(self, text: str) -> _Unit:
        return _Unit(self.weights.vector(text), [self.weights.vector(x) for x in acts(text)])

    def links(
        self, source: _Unit, before: AlignedArticle, new: Sequence[AlignedArticle]
    ) -> list[tuple[float, float, str]]:
        """``(act link, whole similarity, id)`` of each new article ``source`` links to."""
        found = []
        for after in new:
            if _comparable(before, after):
                by_act, by_text = source.similarity(self.units[after.id])
                if max(by_act, by_text) >= LINK:
                    found.append((by_act, by_text, after.id))
        return found

    def place(self, source: _Unit, after: str) -> tuple[int | None, int | None]:
        """The 款 and 项 of ``after`` that carry ``source``, where one clearly does."""
        scored = sorted(
            ((max(source.similarity(unit)), paragraph, item) for paragraph, item, unit in self.places.get(after, [])),
            key=lambda entry: -entry[0],
        )
        paragraphs_only = [entry for entry in scored if entry[2] is None]
        if not paragraphs_only or paragraphs_only[0][0] < LINK:
            return None, None
        best, paragraph, _ = paragraphs_only[0]
        if len(paragraphs_only) > 1 and best - paragraphs_only[1][0] < _CLEARLY:
            return None, None
        items = [entry for entry in scored if entry[1] == paragraph and entry[2] is not None]
        if items and items[0][0] >= LINK and (len(items) == 1 or items[0][0] - items[1][0] >= _CLEARLY):
            return paragraph, items[0][2]
        return paragraph, None

    def successions(
        self, source: _Unit, before: AlignedArticle, new: Sequence[AlignedArticle], from_paragraph: int | None
    ) -> list[Succession]:
        linked = self.links(source, before, new)
        if not linked:
            return [Succession(before.id, None, "deleted", 0.0, from_paragraph=from_paragraph)]
        main = max(linked, key=lambda link: (link[0] + link[1], link[2]))
        found = [
            Succession(
                before.id,
                main[2],
                "whole",
                round(max(main[0], main[1]), 3),
                *self.place(source, main[2]),
                from_paragraph=from_paragraph,
            )
        ]
        for by_act, _, after_id in sorted(linked, key=lambda link: -link[0]):
            if after_id != main[2] and by_act >= LINK:  # a part: one of its acts is there
                found.append(
                    Succession(
                        before.id,
                        after_id,
                        "part",
                        round(by_act, 3),
                        *self.place(source, after_id),
                        from_paragraph=from_paragraph,
                    )
                )
        return found


_CLEARLY = 0.05
"""How much better than the next one a 款 or 项 must match to be named as the one carrying an article."""


def align(old: Sequence[AlignedArticle], new: Sequence[AlignedArticle]) -> list[Succession]:
    """The successions from the articles of one version (``old``) to those of the next (``new``): of each
    article, and of each 款 of an article of several."""
    aligner = _Aligner(old, new)
    found: list[Succession] = []
    for before in old:
        found += aligner.successions(aligner.units[before.id], before, new, None)
        structure = paragraphs(before.text)
        if len(structure) > 1:
            for number, (lead, items) in enumerate(structure, start=1):
                found += aligner.successions(aligner.unit("\n".join([lead, *items])), before, new, number)
    succeeded = {s.successor for s in found if s.successor and s.from_paragraph is None}
    found += [Succession(None, a.id, "new", 0.0) for a in new if a.id not in succeeded]
    return found


METHOD = "idf-weighted character-bigram cosine of the whole text and of each wrongful act (dutygraph article_alignment)"


def _first(record: RawRecord, column: str) -> str:
    values = record.values.get(column) or [""]
    return values[0]


def succession_records(records: Sequence[RawRecord], store: GraphReader) -> list[RawRecord]:
    """The successions between consecutive versions of every instrument this load touches.

    Versions and articles come from ``records`` (this load) and ``store`` (loaded before); a pair is aligned
    when this load brings at least one of its two versions. An instrument with one version aligns nothing.
    """
    versions: dict[str, dict[str, str]] = {}  # instrument → version id → valid_from
    source: dict[str, str] = {}
    touched: set[str] = set()
    for rec in records:
        if rec.kind == "InstrumentVersion" and _first(rec, "instrument"):
            versions.setdefault(_first(rec, "instrument"), {})[_first(rec, "id")] = _first(rec, "valid_from")
            source[_first(rec, "id")] = rec.source
            touched.add(_first(rec, "id"))
    articles: dict[str, list[AlignedArticle]] = {}
    for rec in records:
        if rec.kind == "Article" and _first(rec, "version") in touched:
            articles.setdefault(_first(rec, "version"), []).append(
                AlignedArticle(
                    _first(rec, "id"),
                    int(_first(rec, "number") or 0),
                    _first(rec, "text"),
                    _first(rec, "chapter"),
                    _first(rec, "carriage") or None,
                )
            )
    for instrument in list(versions):
        for version_id in store.sources(instrument, "versionOf"):
            node = store.get(version_id)
            if node is not None and version_id not in versions[instrument]:
                versions[instrument][version_id] = str(node.get("valid_from") or "")
    given = {
        value
        for rec in records
        if rec.kind == "ArticleSuccession"
        for value in (_first(rec, "predecessor"), _first(rec, "successor"))
        if value
    }
    out: list[RawRecord] = []
    for _, dated in sorted(versions.items()):
        ordered = sorted(dated, key=lambda v: (dated[v], v))
        for before, after in itertools.pairwise(ordered):
            if before not in touched and after not in touched:
                continue
            pair = [_articles_of(v, articles, store) for v in (before, after)]
            if any(a.id in given for side in pair for a in side):
                continue  # the load brings its own successions for this pair (an export, a legal office's table)
            where = source.get(after) or source.get(before) or "alignment"
            for found in align(*pair):
                out.append(
                    RawRecord.of(
                        "ArticleSuccession",
                        where,
                        None,
                        id=stable_id(
                            "succession",
                            before,
                            after,
                            found.predecessor or "",
                            found.successor or "",
                            *([f"{found.from_paragraph}"] if found.from_paragraph else []),
                        ),
                        predecessor=found.predecessor,
                        successor=found.successor,
                        share=found.share,
                        score=str(round(found.score * 100)),
                        method=METHOD,
                        paragraph=str(found.paragraph) if found.paragraph else None,
                        item=str(found.item) if found.item else None,
                        predecessor_paragraph=str(found.from_paragraph) if found.from_paragraph else None,
                    )
                )
    return out


def _articles_of(version: str, batch: Mapping[str, list[AlignedArticle]], store: GraphReader) -> list[AlignedArticle]:
    if version in batch:
        return batch[version]
    found = []
    for article_id in store.sources(version, "inVersion"):
        node = store.get(article_id)
        if node is not None:
            found.append(
                AlignedArticle(
                    node.id,
                    int(str(node.get("number") or 0)),
                    str(node.get("text") or ""),
                    str(node.get("chapter") or ""),
                    str(node.get("carriage")) if node.get("carriage") else None,
                )
            )
    return found
