"""Basis coverage (执法依据): every power rests on an article of an instrument in force, and back.

Definition (design guide, finding 4), variants:

``missing``     a power with no legal basis;
``unresolved``  a basis citing no loaded instrument (or a citation that could not be read), or an article,
                paragraph or item its version in force does not have;
``repealed``    a basis citing an instrument no longer in force, or an article removed by an amendment;
``stale``       a basis citing an article whose text changed after the power was last reviewed, more
                than 30 days ago (lists must follow a changed law within 30 days);
``mismatch``    a power whose cited articles (all resolved) do not say what it is: a 行政处罚 citing no article
                that imposes a penalty, a 行政许可 none that requires a licence, or a 行政处罚 whose name's own
                words (the act it punishes, less its subjects and general words) no article it cites has;
``uncarried``   an enforcement article in force, of an instrument some power (of any date) cites, carried
                by no power in force (a law no loaded list relies on is not the lists' business);
``overlap``     an enforcement article carried by powers of two organizations of the same region and
                level whose subjects overlap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from dutygraph.i18n import tr
from dutygraph.loaders.law_text import imposes_penalty
from dutygraph.loaders.numerals import article_anchor, chinese_numeral
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Evidence, Finding
from dutygraph.records import Node

__all__ = [
    "REVIEW_DAYS",
    "Place",
    "Successors",
    "carriage_of",
    "find_basis_problems",
    "resolve_basis",
    "successors_of",
    "version_on",
]

REVIEW_DAYS = 30
"""Days a 权责清单 has to follow a changed law."""


def _versions(view: AsOf, instrument: Node) -> list[Node]:
    """The versions of an instrument (once per view: a province cites the same laws thousands of times)."""
    found: list[Node] | None = view.memo.get(("versions", instrument.id))
    if found is None:
        found = view.pointing(instrument.id, "versionOf")
        view.memo[("versions", instrument.id)] = found
    return found


def version_on(view: AsOf, instrument: Node, on: str) -> Node | None:
    """The version in force on ``on``: the latest to have started and not ended.

    A version loaded from a law text rarely states its end; the next version's start ends it.
    """
    key = ("version_on", f"{instrument.id}@{on}")
    if key in view.memo:
        known: Node | None = view.memo[key]
        return known
    started = [
        v
        for v in _versions(view, instrument)
        if str(v.get("valid_from") or "") <= on and (v.get("valid_to") is None or on < str(v.get("valid_to")))
    ]
    found = max(started, key=lambda v: (str(v.get("valid_from") or ""), v.id), default=None)
    view.memo[key] = found
    return found


def _subdivision(view: AsOf, article: Node, paragraph_no: Any, item_no: Any) -> str | None:
    """What of the cited paragraph (款) and item (项) the article does not have, or ``None``."""
    if paragraph_no is None or not view.linking("inArticle").get(article.id):
        return None  # an article loaded without its paragraphs cannot be checked any finer
    paragraphs = view.pointing(article.id, "inArticle")
    anchor = article_anchor(int(str(article.get("number"))))
    paragraph = next((p for p in paragraphs if p.get("number") == paragraph_no), None)
    if paragraph is None:
        part = f"{anchor}第{chinese_numeral(int(str(paragraph_no)))}款"
        return tr("{part} (the article has {count})", part=part, count=len(paragraphs))
    items = view.pointing(paragraph.id, "inParagraph")
    if item_no is not None and items and not any(i.get("number") == item_no for i in items):
        part = f"{anchor}第{chinese_numeral(int(str(paragraph_no)))}款第{chinese_numeral(int(str(item_no)))}项"
        return tr("{part} (the paragraph has {count} items)", part=part, count=len(items))
    return None


def _article(view: AsOf, version: Node, number: int) -> Node | None:
    numbered = view.memo.get(("articles", version.id))
    if numbered is None:  # once per version and view: a province cites the same laws thousands of times
        numbered = {a.get("number"): a for a in view.pointing(version.id, "inVersion")}
        view.memo[("articles", version.id)] = numbered
    found: Node | None = numbered.get(number)
    return found


def resolve_basis(view: AsOf, basis: Node, power: Node | None = None) -> tuple[str | None, Node | None, str]:
    """``(problem variant or None, article, explanation)`` for one basis of ``power`` (looked up when not
    given) as of the date.

    Worked out once per view for each distinct citation: a province's lists cite the same articles thousands
    of times.
    """
    known, cites_instrument = _resolving(view)
    cited_ids = cites_instrument.get(basis.id)
    instrument = view.node(cited_ids[0]) if cited_ids else None
    if power is None:  # an audit always gives it: the bases by power are read only for a basis looked up alone
        power_ids = view.linked("basisOf").get(basis.id)
        power = view.node(power_ids[0]) if power_ids else None
    reviewed = power.props.get("last_reviewed") if power is not None else None
    props = basis.props
    key = (
        instrument.id if instrument is not None else None,
        props.get("article"),
        props.get("paragraph"),
        props.get("item"),
        reviewed,
        None if instrument is not None else props.get("citation"),
        props.get("version"),
        # which version a citation naming none was written against is read from the power's name
        power.props.get("name")
        if power is not None and instrument is not None and len(_versions(view, instrument)) > 1
        else None,
    )
    found = known.get(key)
    if found is None:
        found = known[key] = _resolve(view, instrument, *key[1:])
    return found


_BY_ID = attrgetter("id")
_Resolved = dict[tuple[Any, ...], tuple[str | None, Node | None, str]]


def _resolving(view: AsOf) -> tuple[_Resolved, Mapping[str, Sequence[str]]]:
    """Citations resolved so far in this view, and the instrument each basis cites."""
    found: tuple[_Resolved, Mapping[str, Sequence[str]]] | None = view.memo.get(("basis", "resolving"))
    if found is None:
        found = view.memo[("basis", "resolving")] = ({}, view.linked("citesInstrument"))
    return found


_NAME_NOISE = re.compile(r"^对|(?:的)?(?:行政处罚|处罚|行政检查|监督检查|行政强制|行政许可)$|[^\u4e00-\u9fff]")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _written_against(view: AsOf, versions: list[Node], in_force: Node | None, number: int, name: str) -> Node | None:
    """The version before the one in force whose article ``number`` says clearly best what the power names
    (未取得采矿许可证擅自采矿的处罚 is 2009 第三十九条, not 2024 第三十九条), if one does."""
    words = _bigrams(_NAME_NOISE.sub("", name))
    if len(words) < 3:
        return None

    def match(version: Node) -> float:
        article = _article(view, version, number)
        return len(words & _bigrams(str(article.get("text")))) / len(words) if article is not None else 0.0

    here = match(in_force) if in_force is not None else 0.0
    # only an earlier version: a row written for a version not yet in force is not stale
    start = str(in_force.get("valid_from") or "") if in_force is not None else ""
    earlier = [v for v in versions if in_force is None or str(v.get("valid_from") or "") < start]
    scored = sorted(((match(v), v.id, v) for v in earlier), reverse=True)
    if scored and scored[0][0] >= 0.5 and scored[0][0] - here >= 0.25:
        return scored[0][2]
    return None


def _stale_version(
    view: AsOf, cited: str, chosen: Node, in_force: Node, number: int, paragraph: int | None = None
) -> tuple[str | None, Node | None, str]:
    """A citation of an article of a version no longer in force, with the articles that now carry it."""
    article = _article(view, chosen, number)
    now = (
        _successors(view, article, in_force, paragraph)
        if article is not None
        else "the version it cites has no such article"
    )
    return (
        "stale",
        article,
        tr(
            "cites {cited}, a version no longer in force on {date}: in {version} (from {start}) {now}",
            cited=cited,
            date=view.date,
            version=in_force.label,
            start=in_force.get("valid_from"),
            now=now,
        ),
    )


def _int(value: Any) -> int | None:
    return int(str(value)) if value not in (None, "") else None


@dataclass(frozen=True)
class Place:
    """Where (part of) a cited article's content is in a later version: the article, the 款 and 项 that carry
    it where the alignment could tell, and the alignment's score."""

    article: Node
    score: int | None
    paragraph: int | None = None
    item: int | None = None

    @property
    def anchor(self) -> str:
        """``第六十八条第一款第二项``."""
        text = article_anchor(int(str(self.article.get("number"))))
        text += f"第{chinese_numeral(self.paragraph)}款" if self.paragraph else ""
        return text + (f"第{chinese_numeral(self.item)}项" if self.item else "")


@dataclass(frozen=True)
class Successors:
    """Where a cited article's content is in a later version: the article carrying it (``None``: none, or
    not known when ``aligned`` is false), and the articles carrying parts of it."""

    whole: Place | None
    parts: list[Place]
    aligned: bool


def successors_of(view: AsOf, article: Node, target: Node, paragraph: int | None = None) -> Successors:
    """Follow the article successions from ``article`` (its 款 ``paragraph``, where cited) to version ``target``.

    A citation of one 款 follows that 款's own successions where the alignment has them (第三十九条第二款 may
    have gone elsewhere than 第一款), else the article's.
    """
    current, at, item = article, paragraph, None
    parts: list[Place] = []
    first_score: int | None = None
    for hop in range(8):  # an article crosses one version at a time
        here = view.one(current.id, "inVersion")
        if here is not None and here.id == target.id:
            break
        successions = view.pointing(current.id, "predecessor")
        own = [s for s in successions if at is not None and _int(s.get("predecessor_paragraph")) == at]
        chosen = own or [s for s in successions if s.get("predecessor_paragraph") is None]
        whole = next((s for s in chosen if s.get("share") == "whole"), None)
        following = view.one(whole.id, "successor") if whole is not None else None
        if whole is None or following is None:
            return Successors(None, [], aligned=bool(successions))
        for s in chosen:
            node = view.one(s.id, "successor") if s.get("share") == "part" else None
            if node is not None:
                parts.append(Place(node, _int(s.get("score")), _int(s.get("paragraph")), _int(s.get("item"))))
        if hop == 0:
            first_score = _int(whole.get("score"))
        current, at, item = following, _int(whole.get("paragraph")), _int(whole.get("item"))
    if current.id == article.id:
        return Successors(None, [], aligned=True)
    in_target = [p for p in parts if (v := view.one(p.article.id, "inVersion")) is not None and v.id == target.id]
    return Successors(
        Place(current, first_score, at, item), sorted(in_target, key=lambda p: -(p.score or 0)), aligned=True
    )


def _successors(view: AsOf, article: Node, target: Node, paragraph: int | None = None) -> str:
    """Where the content of ``article`` (its 款 ``paragraph``) is in version ``target``, in words."""
    found = successors_of(view, article, target, paragraph)
    if found.whole is None:
        return (
            tr("no article carries its content")
            if found.aligned
            else tr("its successor is not known (the versions are not aligned)")
        )
    text = tr("its content is {article}", article=found.whole.anchor)
    text += tr(" (score {score})", score=found.whole.score) if found.whole.score is not None else ""
    named = [tr("{article} ({score})", article=p.anchor, score=p.score) for p in found.parts]
    return text + (tr(", in part {articles}", articles="、".join(named)) if named else "")


def _by_list_date(
    view: AsOf, instrument: Node, in_force: Node, number: int, reviewed: str, paragraph: int | None = None
) -> tuple[str | None, Node | None, str] | None:
    """A citation naming no version, in a list last reviewed on ``reviewed``: read against the version in force
    then. Stale when a later version is in force, the 30 days to follow it have run out, and the article's
    content has moved or changed; ``None`` when the version in force decides."""
    then = version_on(view, instrument, reviewed)
    if then is None or then.id == in_force.id or str(then.get("valid_from")) >= str(in_force.get("valid_from")):
        return None
    old = _article(view, then, number)
    if old is None:
        return None  # not a number of the version then in force: the list was updated, read it against today's
    changed = str(in_force.get("valid_from"))
    deadline = date.fromisoformat(changed) + timedelta(days=REVIEW_DAYS)
    if view.date <= deadline.isoformat():
        return None
    found = successors_of(view, old, in_force, paragraph)
    same = _article(view, in_force, number)
    if found.aligned:
        moved = found.whole is None or found.whole.article.get("number") != number or bool(found.parts)
    else:
        moved = same is None
    if not moved and same is not None and same.get("text") == old.get("text"):
        return None
    title = f"《{instrument.label}》"
    anchor = article_anchor(number)
    where = (
        _successors(view, old, in_force, paragraph)
        if moved
        else tr("{article} keeps the number, its text changed", article=anchor)
    )
    return (
        "stale",
        old if moved else same,  # an article reworded in place is still the one the power carries
        tr(
            "cites {title} {article} of the version in force on the list's date {reviewed} ({version}); "
            "{new_version} took effect on {changed} and the {days} days to follow it ran out on {deadline}: {where}",
            title=title,
            article=anchor,
            reviewed=reviewed,
            version=then.label,
            new_version=in_force.label,
            changed=changed,
            days=REVIEW_DAYS,
            deadline=deadline,
            where=where,
        ),
    )


def _removed(
    view: AsOf, title: str, number: int, last: Node, in_force: Node, paragraph: int | None = None
) -> tuple[str | None, Node | None, str]:
    """A number the version in force no longer has: stale where the alignment finds its content in another
    article, repealed where no article carries it (or the versions are not aligned)."""
    anchor = article_anchor(number)
    found = successors_of(view, last, in_force, paragraph)
    if found.whole is not None:
        return (
            "stale",
            last,
            tr(
                "cites {title} {article}, a number the version in force ({version}) no longer has: {where}",
                title=title,
                article=anchor,
                version=in_force.label,
                where=_successors(view, last, in_force, paragraph),
            ),
        )
    why = tr("no article carries its content") if found.aligned else tr("the versions are not aligned")
    return (
        "repealed",
        None,
        tr(
            "cites {title} {article}, removed by the version in force ({version}): {why}",
            title=title,
            article=anchor,
            version=in_force.label,
            why=why,
        ),
    )


def _named_version(view: AsOf, instrument: Node, named: str) -> tuple[Node | None, Node | None]:
    """The version a citation names, and the one in force: by its date of effect (``2025年7月1日施行``) or of
    adoption (``2024年11月8日修订``) where it gives a full date, else by its year of adoption or of effect
    (``2014年修正``)."""
    full = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", named)
    if full is not None:
        day = f"{int(full[1]):04d}-{int(full[2]):02d}-{int(full[3]):02d}"
        field = "valid_from" if "施行" in named else "issued"
        exact = [v for v in _versions(view, instrument) if str(v.get(field) or "") == day]
        if exact:
            return exact[0], version_on(view, instrument, view.date)
    year = named[:4]
    candidates = [
        v
        for v in _versions(view, instrument)
        if year in (str(v.get("issued") or "")[:4], str(v.get("valid_from") or "")[:4])
    ]
    # 2021年修正 adopted 2021-06-10, in force 2021-09-01: the year of adoption decides before the year of effect
    candidates.sort(key=lambda v: (str(v.get("issued") or "")[:4] != year, str(v.get("valid_from") or "")))
    return (candidates[0] if candidates else None), version_on(view, instrument, view.date)


def _resolve(
    view: AsOf,
    instrument: Node | None,
    number: Any,
    paragraph: Any,
    item: Any,
    reviewed: Any,
    cited: Any,
    named: Any = None,
    content: Any = None,
) -> tuple[str | None, Node | None, str]:
    if instrument is None:
        return "unresolved", None, tr("cites {cited}, which names no loaded instrument", cited=cited or tr("nothing"))
    title = f"《{instrument.label}》"
    if number is None:
        return None, None, tr("cites {title} as a whole", title=title)
    versions = _versions(view, instrument)
    cited_paragraph = _int(paragraph)
    if named:
        chosen, in_force = _named_version(view, instrument, str(named))
        citation = f"{title}（{named}）{article_anchor(int(number))}"
        if chosen is None:
            return (
                "unresolved",
                None,
                tr("cites {citation}, a version not loaded", citation=citation),
            )
        if in_force is not None and chosen.id != in_force.id:
            return _stale_version(view, citation, chosen, in_force, int(number), cited_paragraph)
        if in_force is None:
            return (
                "unresolved",
                None,
                tr(
                    "cites {citation}, a version not in force on {date}",
                    citation=citation,
                    date=view.date,
                ),
            )
    elif len(versions) > 1:
        in_force = version_on(view, instrument, view.date)
        chosen = _written_against(view, versions, in_force, int(number), str(content)) if content else None
        if chosen is not None and in_force is not None:
            cited = tr(
                "{title} {article} (by its content, of {version})",
                title=title,
                article=article_anchor(int(number)),
                version=chosen.label,
            )
            return _stale_version(view, cited, chosen, in_force, int(number), cited_paragraph)
        if reviewed and in_force is not None:
            dated = _by_list_date(view, instrument, in_force, int(number), str(reviewed), cited_paragraph)
            if dated is not None:
                return dated
    version = version_on(view, instrument, view.date)
    if version is None:
        ended = [v for v in versions if v.get("valid_to") and str(v.get("valid_to")) <= view.date]
        if ended:
            last = max(str(v.get("valid_to")) for v in ended)
            return (
                "repealed",
                None,
                tr(
                    "cites {title} {article}, no longer in force since {date}",
                    title=title,
                    article=article_anchor(int(number)),
                    date=last,
                ),
            )
        starts = sorted(str(v.get("valid_from")) for v in versions if v.get("valid_from"))
        if starts:
            # only a later version is loaded: the law may well have been in force, the store does not know its text
            return (
                "unresolved",
                None,
                tr(
                    "cites {title}, of which no version loaded is in force on {date} (the earliest loaded takes "
                    "effect on {start}): load the version in force then",
                    title=title,
                    date=view.date,
                    start=starts[0],
                ),
            )
        return "unresolved", None, tr("cites {title}, of which no version is loaded", title=title)
    article = _article(view, version, int(number))
    if article is None:
        start = str(version.get("valid_from") or "")
        earlier = [v for v in versions if v.id != version.id and str(v.get("valid_from") or "") < start]
        later = [v for v in versions if str(v.get("valid_from") or "") > start and _article(view, v, int(number))]
        if later:
            first = min(str(v.get("valid_from")) for v in later)
            return (
                "unresolved",
                None,
                tr(
                    "cites {title} {article}, which the version in force ({version}) does not have yet (it comes "
                    "with the version of {start})",
                    title=title,
                    article=article_anchor(int(number)),
                    version=version.label,
                    start=first,
                ),
            )
        removed = [(str(v.get("valid_from") or ""), a) for v in earlier if (a := _article(view, v, int(number)))]
        if removed:
            latest = max(removed, key=lambda pair: pair[0])[1]
            return _removed(view, title, int(number), latest, version, cited_paragraph)
        return (
            "unresolved",
            None,
            tr("cites {title} {article}, which does not exist", title=title, article=article_anchor(int(number))),
        )
    missing_part = _subdivision(view, article, paragraph, item)
    if missing_part is not None:
        return (
            "unresolved",
            None,
            tr("cites {title} {article}, which does not exist", title=title, article=missing_part),
        )
    changed = str(version.get("valid_from"))
    if reviewed and reviewed < changed:
        old_version = version_on(view, instrument, str(reviewed))
        old = _article(view, old_version, int(number)) if old_version else None
        deadline = date.fromisoformat(changed) + timedelta(days=REVIEW_DAYS)
        if (old is None or old.get("text") != article.get("text")) and view.date > deadline.isoformat():
            return (
                "stale",
                article,
                (
                    tr(
                        "cites {title} {article}, changed on {changed}; the power was last reviewed on {reviewed}, "
                        "and the {days} days ran out on {deadline}",
                        title=title,
                        article=article_anchor(int(number)),
                        changed=changed,
                        reviewed=reviewed,
                        days=REVIEW_DAYS,
                        deadline=deadline,
                    )
                ),
            )
    return None, article, tr("cites {title} {article}", title=title, article=article_anchor(int(number)))


def _subjects_overlap(view: AsOf, a: Competence, b: Competence) -> bool:
    if not a.subjects or not b.subjects:
        return True
    return any(view.covers(x, y) or view.covers(y, x) for x in a.subjects for y in b.subjects)


def find_basis_problems(view: AsOf) -> list[Finding]:
    """Basis-coverage findings as of ``view.date``."""
    findings: list[Finding] = []
    carriers: dict[str, list[Competence]] = defaultdict(list)
    # instruments the lists rely on (cited by any power, of any date): their enforcement articles must be carried
    cites_instrument = view.linked("citesInstrument")
    cited = {i for basis in view.g.nodes("Basis") for i in cites_instrument.get(basis.id, ())}
    basis_of = view.linking("basisOf")
    for comp in view.competences:
        if comp.kind != "Power":
            continue
        bases = [basis for i in basis_of.get(comp.id, ()) if (basis := view.node(i)) is not None]
        if not bases:
            message = tr(
                "{organization}: power 「{power}」 has no legal basis", organization=comp.holder.label, power=comp.title
            )
            findings.append(view.finding_about(comp, "basis", "missing", message))
            continue
        resolved: list[tuple[Node, Node]] = []
        for basis in sorted(bases, key=_BY_ID) if len(bases) > 1 else bases:
            variant, article, why = resolve_basis(view, basis, comp.node)
            if article is not None:
                carriers[article.id].append(comp)
            if variant is None:
                if article is not None:
                    resolved.append((basis, article))
                continue
            evidence = [view.evidence_of(basis)]
            if article is not None:
                evidence.append(view.evidence_of(article))
            message = tr(
                "{organization}: power 「{power}」 {why}", organization=comp.holder.label, power=comp.title, why=why
            )
            findings.append(view.finding_about(comp, "basis", variant, message, evidence=evidence, records=[basis.id]))
        if resolved and len(resolved) == len(bases):  # a power with another basis problem is judged by that one
            mismatch = _mismatch(view, comp, [article for _, article in resolved])
            if mismatch is not None:
                evidence = [
                    ev for basis, article in resolved for ev in (view.evidence_of(basis), view.evidence_of(article))
                ]
                message = tr(
                    "{organization}: power 「{power}」 {why}",
                    organization=comp.holder.label,
                    power=comp.title,
                    why=mismatch,
                )
                findings.append(
                    view.finding_about(
                        comp, "basis", "mismatch", message, evidence=evidence, records=[b.id for b, _ in resolved]
                    )
                )
    holding_levels = {str(c.holder.get("level")) for c in view.competences if c.kind == "Power"}
    for article in view.g.nodes("Article"):
        if not article.get("enforcement"):
            continue
        version = view.one(article.id, "inVersion")
        instrument = view.one(version.id, "versionOf") if version is not None else None
        if version is None or instrument is None or instrument.id not in cited:
            continue
        if version_on(view, instrument, view.date) != version:
            continue
        carriage, carrier = carriage_of(view, article, instrument.id, version.id)
        if carriage != "power":
            continue  # it sanctions officials, allocates competence, refers elsewhere: no list's to carry
        powers = carriers.get(article.id, [])
        ev = view.evidence_of(article)
        if not powers and not (_carrier_levels(carrier) & holding_levels):
            continue  # 由省级以上人民政府…部门: no organization of that level is loaded to carry it
        if not powers:
            by = tr(" (its carrier: {carrier})", carrier=carrier) if carrier else ""
            findings.append(
                Finding(
                    kind="basis",
                    variant="uncarried",
                    message=tr(
                        "{source} {anchor} is an enforcement article no power carries{carrier}",
                        source=ev.source,
                        anchor=ev.anchor,
                        carrier=by,
                    ),
                    subjects=[view.label(s) for s in view.g.targets(article.id, "subject")],
                    evidence=[ev],
                    records=[article.id],
                )
            )
            continue
        findings.extend(_carried_twice(view, article, ev, powers))
    return sorted(findings, key=Finding.sort_key)


_LICENCE = re.compile(r"许可|批准|审批|核准|登记|备案|证书|许可证|资质|资格")
_GENERIC_WORDS = re.compile(r"违法行为|违法|行为|安全生产|生产经营单位|生产经营|企业|单位|有关|其他|规定|活动|事项")
_MATTER_SHARE = 0.2
"""Below this share of the words naming its act (character bigrams) in every cited article, a 行政处罚 is
about another matter than the articles it cites."""


def _mismatch(view: AsOf, comp: Competence, articles: list[Node]) -> str | None:
    """Why the articles a power cites do not say what it is, or ``None`` when one of them does.

    Lists rightly cite an obligation article with its penalty article (第四十七条、第七十一条): the power is
    judged across all its articles, never one citation at a time.
    """
    type_id = next(iter(view.g.targets(comp.id, "powerType")), None)
    if type_id not in ("type:penalty", "type:licensing"):
        return None  # an inspection rightly cites the general article (监督检查计划) that covers every trade
    texts = [str(a.get("text") or "") for a in articles]

    def anchors() -> str:  # named only in the sentence of a power found wanting: a few of a hundred thousand
        return "、".join(_cited_anchor(view, a) for a in articles)

    if type_id == "type:penalty" and not any(
        a.get("enforcement") or imposes_penalty(t) for a, t in zip(articles, texts, strict=True)
    ):
        return tr("is a 行政处罚 but cites {articles}, none of which imposes a penalty", articles=anchors())
    if type_id == "type:licensing":
        if any(_LICENCE.search(t) for t in texts):
            return None
        return tr(
            "is a 行政许可 but cites {articles}, none of which requires a licence or approval", articles=anchors()
        )
    specific = _GENERIC_WORDS.sub("", _NAME_NOISE.sub("", _without_subjects(view, comp)))
    words = _bigrams(specific)
    if len(words) < 4 or not any(len(_NOT_CJK.sub("", t)) >= 15 for t in texts):
        return None  # a name of general words (…安全生产违法行为的行政处罚), or articles too short to read
    shares = [len(words & _bigrams(t)) / len(words) for t in texts]
    if max(shares) >= _MATTER_SHARE:
        return None
    return tr(
        "cites {articles}, about another matter: {share}% of the words naming the act it punishes ({words}) are there",
        articles=anchors(),
        share=round(100 * max(shares)),
        words=specific,
    )


_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")


def _without_subjects(view: AsOf, comp: Competence) -> str:
    """The power's name less the labels of its subjects: what it says of the act itself."""
    name = comp.title
    for subject in comp.subjects:
        name = name.replace(view.label(subject), "")
    return name


def _cited_anchor(view: AsOf, article: Node) -> str:
    version = view.one(article.id, "inVersion")
    instrument = view.one(version.id, "versionOf") if version is not None else None
    title = f"《{instrument.label}》" if instrument is not None else ""
    return f"{title}{article_anchor(int(str(article.get('number'))))}"


_LEVELS_FROM = (
    ("国务院", ("national",)),
    ("省级以上", ("national", "province")),
    ("省、自治区、直辖市", ("province",)),
    ("设区的市级以上", ("national", "province", "city")),
    ("县级以上", ("national", "province", "city", "county")),
)
_ALL_LEVELS = frozenset(("national", "province", "city", "county", "township"))


def _carrier_levels(carrier: str | None) -> frozenset[str]:
    """The levels of government a carrier's wording (由省级以上人民政府…部门) allows; every level when it says none."""
    for words, levels in _LEVELS_FROM:
        if carrier and carrier.startswith(words):
            return frozenset(levels)
    return _ALL_LEVELS


def carriage_of(view: AsOf, article: Node, instrument: str, version: str) -> tuple[str, str | None]:
    """How an enforcement article is carried (承接方式) and by whom: a user's ruling, else its text's reading.

    A ruling (``article_rulings.csv``) naming the version wins over one for every version of the
    instrument; an article read from no text (a dataset's) is a power, as its ``enforcement`` says.
    """
    rulings: dict[tuple[str, int], list[tuple[str | None, Node]]] | None = view.memo.get(("basis", "rulings"))
    if rulings is None:
        rulings = view.memo[("basis", "rulings")] = defaultdict(list)
        for ruling in view.g.nodes("ArticleRuling"):
            on = view.one(ruling.id, "rulingOn")
            ruled = view.one(ruling.id, "rulingVersion")
            if on is not None and ruling.get("article") is not None:
                rulings[(on.id, int(ruling.get("article")))].append((ruled.id if ruled else None, ruling))
    number = article.get("number")
    found = rulings.get((instrument, int(number)), []) if number is not None else []
    chosen = next((r for v, r in found if v == version), None) or next((r for v, r in found if v is None), None)
    source = chosen if chosen is not None else article
    carriage = source.get("carriage") or "power"
    carrier = source.get("carrier") or (article.get("carrier") if chosen is not None else None)
    return str(carriage), str(carrier) if carrier else None


def _carried_twice(view: AsOf, article: Node, ev: Evidence, powers: list[Competence]) -> Iterator[Finding]:
    """Pairs of organizations of one region and level whose powers carry the same enforcement article.

    Powers are compared only within their region and level: a national law is cited by every county of a
    province, and comparing each county's powers with every other's would grow with the square of the province.
    """
    by_place: dict[tuple[Any, Any], list[Competence]] = defaultdict(list)
    for comp in powers:
        by_place[(comp.holder.get("region"), comp.holder.get("level"))].append(comp)
    for group in by_place.values():
        seen: set[tuple[str, str]] = set()
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.holder.id == b.holder.id:
                    continue
                first, second = sorted((a.holder.id, b.holder.id))
                if (first, second) in seen or not _subjects_overlap(view, a, b):
                    continue
                seen.add((first, second))
                yield Finding(
                    kind="basis",
                    variant="overlap",
                    message=tr(
                        "{source} {anchor} is carried by powers of both {first} and {second}",
                        source=ev.source,
                        anchor=ev.anchor,
                        first=a.holder.label,
                        second=b.holder.label,
                    ),
                    organizations=[a.holder.label, b.holder.label],
                    subjects=sorted({view.label(s) for s in (*a.subjects, *b.subjects)}),
                    region=str(a.holder.get("region")),
                    evidence=[ev, *a.evidence, *b.evidence],
                    records=[article.id, a.id, b.id],
                )
