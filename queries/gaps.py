"""Gaps (空缺/管理真空): what some organization must do and none does.

Definition (design guide, finding 2), three variants:

``article``
    an article in force that makes departments of some levels responsible for a subject and action
    (an article with ``levels``, ``subjects`` and ``actions``), where no organization of a region of such
    a level holds a duty or power covering it;
``subject``
    a subject marked ``requires_supervision`` that no organization of a region covers with any duty or
    power;
``missing_items``
    a power missing the responsibility items (责任事项) its type requires, for an organization some of
    whose powers have 责任事项 loaded (a list published without its 责任清单 is not judged: the audit says so).

A subject is *covered* when a competence's subject is it or broader, or when every narrower subject is
covered; a gap names the uncovered subjects found below it (矿山 → 无主矿山).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from dutygraph.i18n import tr
from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Finding, level_name
from dutygraph.records import Node

__all__ = ["find_gaps", "has_items", "uncovered"]

_STAGE_NOISE = re.compile(r"^[\s\d０-９一二三四五六七八九十、.．()（）]+|责任$")


def uncovered(view: AsOf, subject: str, held: set[str]) -> list[str]:
    """The subjects at or below ``subject`` that no subject in ``held`` covers (topmost first)."""
    return _uncovered(view, subject, held, _reach(view, held))


def _reach(view: AsOf, held: set[str]) -> set[str]:
    """``held`` and every subject broader than one of them: the subjects some of ``held`` is at or below."""
    reach = set(held)
    for subject in held:
        reach |= view.ancestors(subject)
    return reach


def _uncovered(view: AsOf, subject: str, held: set[str], reach: set[str]) -> list[str]:
    # covered: it or a broader subject is held (its ancestors, not every held subject, are looked at)
    if subject in held or not held.isdisjoint(view.ancestors(subject)):
        return []
    children = view.children.get(subject, [])
    if not children or subject not in reach:  # nothing held below it: it is missing whole
        return [subject]
    missing: list[str] = []
    for child in sorted(children):
        for m in _uncovered(view, child, held, reach):
            if m not in missing:
                missing.append(m)
    return missing


def _held(view: AsOf, comps: list[Competence], action: str | None) -> set[str]:
    if action is None:
        return {s for c in comps for s in c.subjects}
    return {s for c in comps for s, a in c.pairs if a == action}


class _Holdings:
    """What the competences of each place hold, worked out once per place and action: every article and every
    subject that must be supervised asks again."""

    def __init__(self, view: AsOf, by_place: dict[tuple[str, ...], list[Competence]]) -> None:
        self._view, self._by_place = view, by_place
        self._known: dict[tuple[tuple[str, ...], str | None], tuple[set[str], set[str]]] = {}

    def missing(self, place: tuple[str, ...], action: str | None, subject: str) -> list[str]:
        """Subjects at or below ``subject`` that no competence of ``place`` holds (for ``action``, if given)."""
        known = self._known.get((place, action))
        if known is None:
            held = _held(self._view, self._by_place.get(place, []), action)
            known = self._known[(place, action)] = (held, _reach(self._view, held))
        return _uncovered(self._view, subject, *known)


def _article_gaps(
    view: AsOf, by_place: dict[tuple[str, ...], list[Competence]], places: set[tuple[str, str]]
) -> list[Finding]:
    findings = []
    holdings = _Holdings(view, by_place)
    for article in view.g.nodes("Article"):
        version = view.one(article.id, "inVersion")
        levels = article.get("levels") or []
        if not levels or not view.valid(version):
            continue
        subjects = view.g.targets(article.id, "subject")
        actions = view.g.targets(article.id, "action")
        for region, level in sorted(places):
            if level not in levels:
                continue
            for action in actions:
                missing = [m for s in subjects for m in holdings.missing((region, level), action, s)]
                if not missing:
                    continue
                labels = [view.label(m) for m in missing]
                findings.append(
                    Finding(
                        kind="gap",
                        variant="article",
                        message=tr(
                            "{source} {anchor} makes {level} departments responsible for {action} of {subjects}; "
                            "in region {region} no organization holds it for {missing}",
                            source=view.evidence_of(article).source,
                            anchor=view.evidence_of(article).anchor,
                            level=level_name(level),
                            action=view.label(action),
                            subjects="、".join(view.label(s) for s in subjects),
                            region=region,
                            missing="、".join(labels),
                        ),
                        subjects=labels,
                        actions=[view.label(action)],
                        region=region,
                        evidence=[view.evidence_of(article)],
                        records=[article.id, *missing],
                        details={"level": level},
                    )
                )
    return findings


def _subject_gaps(view: AsOf, by_region: dict[tuple[str, ...], list[Competence]], regions: set[str]) -> list[Finding]:
    findings = []
    holdings = _Holdings(view, by_region)
    for subject in view.g.nodes("Subject"):
        if not subject.get("requires_supervision"):
            continue
        for region in sorted(regions):
            missing = holdings.missing((region,), None, subject.id)
            if not missing:
                continue
            labels = [view.label(m) for m in missing]
            findings.append(
                Finding(
                    kind="gap",
                    variant="subject",
                    message=tr(
                        "{subject} must be supervised; no organization of region {region} holds a duty or power "
                        "for {missing}",
                        subject=subject.label,
                        region=region,
                        missing="、".join(labels),
                    ),
                    subjects=labels,
                    region=region,
                    evidence=[view.evidence_of(subject)],
                    records=[subject.id, *missing],
                )
            )
    return findings


@functools.lru_cache(maxsize=4096)  # a province writes the same few stage names a hundred thousand times
def _normal_stage(label: str) -> str:
    return _STAGE_NOISE.sub("", label.strip())


def has_items(view: AsOf, org: Node) -> bool:
    """Whether any power of ``org`` has a 责任事项 loaded: a 权力清单 published without its 责任清单 says
    nothing about them, so none of its powers is judged *missing_items*."""
    listed: set[str] | None = view.memo.get(("items", "orgs"))
    if listed is None:
        items = view.linking("itemOf")
        listed = {c.holder.id for c in view.competences if c.kind == "Power" and items.get(c.id)}
        view.memo[("items", "orgs")] = listed
    return org.id in listed


def _missing_items(view: AsOf) -> list[Finding]:
    findings = []
    get = view.node
    power_types, items = view.linked("powerType"), view.linking("itemOf")
    stage_of = view.values_for_some("ResponsibilityItem", "stage")  # 200,000 items at 100,000 powers: one column
    checked: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for comp in view.competences:
        if comp.kind != "Power" or not has_items(view, comp.holder):
            continue
        type_ids = power_types.get(comp.id)
        power_type = get(type_ids[0]) if type_ids else None
        required = power_type.props.get("required_stages") if power_type is not None else None
        if power_type is None or not required:
            continue
        stages = tuple(_normal_stage(str(stage_of[i] or "")) for i in items.get(comp.id, ()) if i in stage_of)
        key = (power_type.id, stages)  # powers of a type mostly list the same stages: compared once
        missing = checked.get(key)
        if missing is None:
            missing = checked[key] = [r for r in required if not any(s == r or r in s for s in stages)]
        if not missing:
            continue
        findings.append(
            view.finding_about(
                comp,
                "gap",
                "missing_items",
                tr(
                    "{organization}: {power_type} 「{power}」 lacks the 责任事项 {missing}",
                    organization=comp.holder.label,
                    power_type=power_type.label,
                    power=comp.title,
                    missing="、".join(missing),
                ),
                details={"missing_items": missing, "power_type": power_type.label},
            )
        )
    return findings


def find_gaps(view: AsOf) -> list[Finding]:
    """Article, subject and responsibility-item gaps as of ``view.date``."""
    by_place: dict[tuple[str, ...], list[Competence]] = defaultdict(list)
    by_region: dict[tuple[str, ...], list[Competence]] = defaultdict(list)
    for comp in view.competences:
        region = str(comp.holder.get("region"))
        by_place[(region, str(comp.holder.get("level")))].append(comp)
        by_region[(region,)].append(comp)
    orgs = list(view.organizations())
    places = {(str(o.get("region")), str(o.get("level"))) for o in orgs}
    regions = {str(o.get("region")) for o in orgs}
    articles = _article_gaps(view, by_place, places)
    subjects = _fold_subject_gaps(articles, _subject_gaps(view, by_region, regions))
    return sorted(articles + subjects + _missing_items(view), key=Finding.sort_key)


def _fold_subject_gaps(articles: list[Finding], subjects: list[Finding]) -> list[Finding]:
    """One problem, one finding: a subject that must be supervised and that an article gap of its region
    already names (第四条 … no organization holds it for 无主矿山) adds its evidence to that finding."""
    kept = []
    for gap in subjects:
        same = [a for a in articles if a.region == gap.region and set(gap.subjects) <= set(a.subjects)]
        if not same:
            kept.append(gap)
            continue
        for article in same:
            article.evidence.extend(e for e in gap.evidence if e not in article.evidence)
            article.message += tr(" ({subjects} must be supervised)", subjects="、".join(gap.subjects))
            article.records.extend(r for r in gap.records if r not in article.records)
    return kept
