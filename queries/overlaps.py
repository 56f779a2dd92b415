"""Overlaps (职责交叉/重复监管): two organizations holding the same duty on the same or nested subjects.

Definition (design guide, finding 1): two duties or powers, held by two different organizations of the
same region and level, whose action kinds match and whose subjects are equal (*duplicate*) or one
broader than the other in the taxonomy (*subsumed*: 石膏矿 ⊑ 非煤矿山), both held as lead, with no
Division naming one of them as lead for that subject.

One finding is one problem: a pair of organizations on one subject (the broadest of the subjects they
meet on that contain the others), with every clause or row of each side as its evidence. A pair settled by
a Division is *resolved*; one where a side only takes part (参与/配合/协助: its role is *participating*) is a
*cooperation*; both are listed only when asked for. Where one side holds the field's comprehensive
supervision (综合监督管理) and the other a sector's (行业监管), the overlap is the split the law designs
(安全生产法 第十条): *comprehensive_sector*, low. Findings come most pressing first, then by how many
duties and powers they touch.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dutygraph.i18n import tr
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import SEVERITY_ORDER, Evidence, Finding

__all__ = ["find_overlaps", "qualified_of"]

_COMPREHENSIVE = re.compile(r"综合监督管理|综合监管|综合协调|综合管理")
_SECTOR = re.compile(r"行业|领域")


@dataclass
class _Pair:
    a: Competence
    b: Competence
    # (narrower-or-equal subject, broader-or-equal subject, action) the two hold in common
    shared: set[tuple[str, str, str]] = field(default_factory=set)


@dataclass(frozen=True)
class _Division:
    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    evidence: Evidence


def _divisions_by_lead(view: AsOf) -> dict[str, list[_Division]]:
    """Divisions (职责分工) in force, by the organization they name lead."""
    found: dict[str, list[_Division]] = defaultdict(list)
    for division in view.g.nodes("Division"):
        lead = view.one(division.id, "lead")
        if lead is not None and view.valid(division):
            found[lead.id].append(
                _Division(
                    tuple(view.g.targets(division.id, "subject")),
                    tuple(view.g.targets(division.id, "action")),
                    view.evidence_of(division),
                )
            )
    return found


def _division_for(
    view: AsOf, divisions: dict[str, list[_Division]], orgs: set[str], subject: str, action: str
) -> Evidence | None:
    """Evidence of a Division naming one of ``orgs`` lead for ``subject`` (or broader) and ``action``."""
    for org in sorted(orgs):
        for division in divisions.get(org, ()):
            if division.actions and action not in division.actions:
                continue
            if any(view.covers(s, subject) for s in division.subjects):
                return division.evidence
    return None


def find_overlaps(
    view: AsOf, *, include_resolved: bool = False, among: Iterable[Competence] | None = None
) -> list[Finding]:
    """Overlapping duties and powers as of ``view.date``, one finding per pair of organizations and subject.

    Competences are grouped by the region and level of the organization holding them, then indexed by
    (action, subject); each subject is compared with itself and its ancestors only, so the work grows
    with the number of competences times the depth of the taxonomy, not with their square.
    ``include_resolved`` also lists the pairs settled by a Division and the cooperations; ``among`` keeps
    the comparison to those competences (a trace asks about the few that cover its subject).
    """
    leads = _divisions_by_lead(view)
    problems: dict[tuple[str, str], list[_Item]] = defaultdict(list)
    for pair in _competence_pairs(view, view.competences if among is None else among).values():
        orgs = tuple(sorted((pair.a.holder.id, pair.b.holder.id)))
        for low, high, action in sorted(pair.shared):
            settled = _division_for(view, leads, set(orgs), low, action)
            problems[(orgs[0], orgs[1])].append(_Item(pair, low, high, action, settled))
    findings = []
    for items in problems.values():
        for group in _by_subject(view, items):
            finding = _finding(view, group, include_resolved)
            if finding is not None:
                findings.append(finding)
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], -len(f.records), f.sort_key()))


@dataclass(frozen=True)
class _Item:
    """One subject and action a pair of competences shares, and the Division settling it, if any."""

    pair: _Pair
    low: str
    high: str
    action: str
    settled: Evidence | None

    @property
    def cooperative(self) -> bool:
        """Whether one side only takes part (参与/配合/协助) in what it holds."""
        return "participating" in (_role(self.pair.a), _role(self.pair.b))


def _role(comp: Competence) -> str:
    return str(comp.node.get("role") or "lead")


def _competence_pairs(view: AsOf, comps: Iterable[Competence]) -> dict[tuple[str, str], _Pair]:
    index: dict[tuple[str, str, str, str], list[Competence]] = defaultdict(list)
    for comp in comps:
        key = (str(comp.holder.get("region")), str(comp.holder.get("level")))
        for subject, action in comp.pairs:
            index[(*key, action, subject)].append(comp)
    pairs: dict[tuple[str, str], _Pair] = {}
    for (region, level, action, subject), holders in index.items():
        for general in (subject, *view.ancestors(subject)):  # pairs are deduplicated and sorted after
            for broad in index.get((region, level, action, general), ()):
                for narrow in holders:
                    if narrow.holder.id == broad.holder.id or narrow.id == broad.id:
                        continue
                    if general == subject and narrow.id > broad.id:
                        continue  # an equal-subject pair is seen from both sides; keep one
                    key = (min(narrow.id, broad.id), max(narrow.id, broad.id))
                    first, second = sorted((narrow, broad), key=lambda c: c.id)
                    pair = pairs.setdefault(key, _Pair(first, second))
                    pair.shared.add((subject, general, action))
    return pairs


def _by_subject(view: AsOf, items: list[_Item]) -> list[list[_Item]]:
    """The items of one pair of organizations, one group per problem: items meeting under one subject.

    The broader subject of each item (the one the wider clause names) decides its group; a group whose
    subject lies inside another's joins it, so the 煤炭局's 煤矿 and 石膏矿 against the 应急局's 矿山 are one
    problem, and 冶金 and 建材 against 工矿商贸 are one.
    """
    highs = {item.high for item in items}
    tops = sorted(high for high in highs if not any(o != high and view.covers(o, high) for o in highs))
    groups: dict[str, list[_Item]] = {top: [] for top in tops}
    for item in items:
        top = next(t for t in tops if t == item.high or view.covers(t, item.high))
        groups[top].append(item)
    return list(groups.values())


def _finding(view: AsOf, items: list[_Item], include_resolved: bool) -> Finding | None:
    open_items = [i for i in items if i.settled is None and not i.cooperative]
    extra: list[Evidence] = []
    compounds: list[tuple[str, str]] = []
    if open_items:
        shared = open_items
        split = _designed_split(shared)
        if split is not None:
            variant = "comprehensive_sector"
            extra = _article_10(view)
        elif compounds := _compounds(view, shared):
            variant = "partial"
        else:
            variant = "duplicate" if any(i.low == i.high for i in shared) else "subsumed"
    elif not include_resolved:
        return None
    elif any(i.settled is not None for i in items):
        variant, shared = "resolved", [i for i in items if i.settled is not None]
        extra = list(dict.fromkeys(i.settled for i in shared if i.settled is not None))
    else:
        variant, shared = "cooperation", items
    comps = list({c.id: c for i in shared for c in (i.pair.a, i.pair.b)}.values())
    first = shared[0].pair
    names = [first.a.holder.label, first.b.holder.label]
    subjects: list[str] = []
    paths: list[list[str]] = []
    for item in shared:
        for s in (item.low, item.high):
            if view.label(s) not in subjects:
                subjects.append(view.label(s))
        if item.low != item.high and view.path(item.low, item.high) not in paths:
            paths.append(view.path(item.low, item.high))
    actions = sorted({view.label(i.action) for i in shared})
    relation = "；".join(" ⊑ ".join(p) for p in paths) if paths else "、".join(subjects)
    message = tr(
        "{first} and {second} both hold {actions} of {subjects}",
        first=names[0],
        second=names[1],
        actions="/".join(actions),
        subjects=relation,
    )
    if variant == "resolved":
        message += tr(" — settled by a 职责分工 clause")
    if variant == "comprehensive_sector":
        message += tr(" — comprehensive (综合监管) and sector (行业监管) supervision: the split the law designs")
    if variant == "partial":
        written = "、".join(sorted({c for _, c in compounds}))
        message += tr(" — as written, {written} is narrower than the subject it was read as", written=written)
    if variant == "cooperation":
        joiners = sorted({c.holder.label for c in comps if _role(c) == "participating"})
        message += tr(" — {joiners} only takes part (参与/配合)", joiners="、".join(joiners))
    evidence = list(dict.fromkeys(e for c in comps for e in c.evidence))
    return Finding(
        kind="overlap",
        variant=variant,
        message=message,
        organizations=names,
        subjects=subjects,
        actions=actions,
        evidence=[*evidence, *extra],
        records=sorted(c.id for c in comps),
        region=str(first.a.holder.get("region")),
        details={
            "taxonomy_paths": paths,
            "level": first.a.holder.get("level"),
            "clauses": len(comps),
            **({"compounds": sorted({c for _, c in compounds})} if compounds else {}),
        },
    )


def qualified_of(view: AsOf, comp: Competence) -> tuple[tuple[str, str], ...]:
    """(subject, compound) where the competence's text is narrower than a subject it was read as
    (水上交通突发事件 read as 突发事件): read once per view and competence."""
    key = ("qualified", comp.id)
    found: tuple[tuple[str, str], ...] | None = view.memo.get(key)
    if found is None:
        reader = view.memo.get(("duty_reader", ""))
        if reader is None:
            # the readers imported only when a text is read: a trace of a subject seldom reads one
            from dutygraph.loaders.concepts import duty_reader

            reader = duty_reader([], view.g)
            view.memo[("duty_reader", "")] = reader
        text = str(comp.node.get("text") if comp.node.kind == "Duty" else comp.node.get("name") or "")
        found = reader.read(text).qualified
        view.memo[key] = found
    return found


def _compounds(view: AsOf, items: list[_Item]) -> list[tuple[str, str]]:
    """(subject, compound) where a side's text is narrower than the shared subject it was read as.

    水上交通突发事件 is read as 突发事件, the nearest concept the taxonomy has; the overlap it makes with
    another bureau's 突发事件 may not be one, so it is *partial* until the taxonomy grows.
    """
    found: list[tuple[str, str]] = []
    for item in items:
        for comp in (item.pair.a, item.pair.b):
            for subject, compound in qualified_of(view, comp):
                if subject in (item.low, item.high) and (subject, compound) not in found:
                    found.append((subject, compound))
    return found


def _designed_split(items: list[_Item]) -> str | None:
    """The organization holding comprehensive supervision where the other holds a sector's, if so."""
    sides: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for comp in (item.pair.a, item.pair.b):
            sides[comp.holder.id].append(" ".join(e.text for e in comp.evidence))
    comprehensive = [org for org, texts in sides.items() if all(_COMPREHENSIVE.search(t) for t in texts)]
    if len(comprehensive) != 1:
        return None
    others = [t for org, texts in sides.items() if org != comprehensive[0] for t in texts]
    return comprehensive[0] if not any(_COMPREHENSIVE.search(t) for t in others) else None


def _article_10(view: AsOf) -> list[Evidence]:
    """安全生产法 第十条 (综合监督管理 and 行业、领域 supervision), as loaded and in force, if it is."""
    for instrument in view.g.nodes("Instrument"):
        if not str(instrument.get("title", "")).endswith("安全生产法"):
            continue
        for version in view.pointing(instrument.id, "versionOf"):
            if not view.valid(version):
                continue
            for article in view.pointing(version.id, "inVersion"):
                if str(article.get("number")) == "10":
                    return [view.evidence_of(article)]
    return []
