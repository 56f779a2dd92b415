"""The corrected 权责清单 (依据更新): each stale citation of a list replaced by the article that now carries it.

When a law is revised the legal office has 30 days to bring its lists into line. For every row of one list
(as loaded: its powers keep the file's name and their line) this works out, as of a date, what each
citation becomes: a stale citation is replaced by its successor's number in the version in force, with the
articles carrying parts of it, the score of the alignment, and a 需人工核对 mark where a person must decide
(no successor, a split article, a weak match, or another basis problem of the row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dutygraph.i18n import tr
from dutygraph.loaders.numerals import article_anchor
from dutygraph.queries.basis import resolve_basis, successors_of, version_on
from dutygraph.queries.context import AsOf, as_iso_date
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader

__all__ = ["CHECK_BELOW", "BasisChange", "RowUpdate", "basis_updates"]

CHECK_BELOW = 35
"""Alignment scores (percent) below which a replacement is marked 需人工核对."""


@dataclass(frozen=True)
class BasisChange:
    """One citation of a row: as written, what replaces it (``None``: nothing can), and why."""

    cited: str
    anchor: str  # the article as the row wrote it (第三十九条)
    replacement: str | None  # the article that now carries it (第六十四条)
    note: str
    check: bool


@dataclass
class RowUpdate:
    """What changes in one row of the list (its line in the file)."""

    line: int
    changes: list[BasisChange] = field(default_factory=list)

    @property
    def check(self) -> bool:
        return any(c.check for c in self.changes)


def _line(node: Node) -> int | None:
    where = str(node.get("source_location") or "")
    number = where.removeprefix("line ").strip()
    return int(number) if number.isdigit() else None


def basis_updates(g: GraphReader, on: date | str, source: str) -> dict[int, RowUpdate]:
    """The changes to the rows of the list loaded from ``source`` (its file name), as of ``on``."""
    view = AsOf(g, as_iso_date(on))
    updates: dict[int, RowUpdate] = {}
    for power in g.nodes("Power"):
        line = _line(power)
        if power.get("source") != source or line is None:
            continue
        for basis in view.pointing(power.id, "basisOf"):
            variant, article, why = resolve_basis(view, basis, power)
            if variant is None:
                continue
            change = _change(view, basis, variant, article, why)
            updates.setdefault(line, RowUpdate(line)).changes.append(change)
    return dict(sorted(updates.items()))


def _change(view: AsOf, basis: Node, variant: str, article: Node | None, why: str) -> BasisChange:
    cited = str(basis.get("citation") or "")
    number = basis.get("article")
    anchor = article_anchor(int(str(number))) if number is not None else ""
    instrument = view.one(basis.id, "citesInstrument")
    in_force = version_on(view, instrument, view.date) if instrument is not None else None
    if variant != "stale" or article is None or in_force is None:
        return BasisChange(cited, anchor, None, f"{variant}: {why}", check=True)
    if (here := view.one(article.id, "inVersion")) is not None and here.id == in_force.id:
        # reworded in place: the number stands, the legal office checks the power against the new text
        note = tr("cited article reworded: {version} {article}, check it", version=in_force.label, article=anchor)
        return BasisChange(cited, anchor, anchor, note, check=True)
    paragraph = basis.get("paragraph")
    found = successors_of(view, article, in_force, int(str(paragraph)) if paragraph is not None else None)
    if found.whole is None:
        missing = (
            tr("no article carries its content")
            if found.aligned
            else tr("its successor is not known (the versions are not aligned)")
        )
        note = tr(
            "cited article changed: {article} in {version}: {missing}",
            article=anchor,
            version=in_force.label,
            missing=missing,
        )
        return BasisChange(cited, anchor, None, note, check=True)
    replacement = found.whole.anchor  # 第六十八条第一款第二项 where the alignment tells the 款 and 项
    parts = tr(", ").join(p.anchor for p in found.parts)
    note = tr(
        "cited article changed: {article} → {version} {replacement} (score {score})",
        article=anchor,
        version=in_force.label,
        replacement=replacement,
        score=found.whole.score,
    )
    if parts:
        note += tr("; in part {articles}", articles=parts)
    weak = found.whole.score is None or found.whole.score < CHECK_BELOW
    return BasisChange(cited, anchor, replacement, note, check=weak or bool(found.parts))
