"""Overlaps (职责交叉/重复监管): two organizations holding the same duty on the same or nested subjects.

Definition (design guide, finding 1): two duties or powers, held by two different organizations of the
same region and level, whose action kinds match and whose subjects are equal (*duplicate*) or one
broader than the other in the taxonomy (*subsumed*: 石膏矿 ⊑ 非煤矿山), with no Division naming one of
them as lead for that subject. A pair settled by a Division is *resolved*, listed only when asked for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dutygraph.queries.context import AsOf, Competence
from dutygraph.queries.findings import Evidence, Finding

__all__ = ["find_overlaps"]


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


def find_overlaps(view: AsOf, *, include_resolved: bool = False) -> list[Finding]:
    """Overlapping duties and powers as of ``view.date``.

    Competences are grouped by the region and level of the organization holding them, then indexed by
    (action, subject); each subject is compared with itself and its ancestors only, so the work grows
    with the number of competences times the depth of the taxonomy, not with their square.
    """
    index: dict[tuple[str, str, str, str], list[Competence]] = defaultdict(list)
    for comp in view.competences:
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
    leads = _divisions_by_lead(view)
    findings: list[Finding] = []
    for pair in pairs.values():
        orgs = {pair.a.holder.id, pair.b.holder.id}
        open_shared = []
        settled: list[Evidence] = []
        for low, high, action in sorted(pair.shared):
            division = _division_for(view, leads, orgs, low, action)
            if division is None:
                open_shared.append((low, high, action))
            elif division not in settled:
                settled.append(division)
        if open_shared:
            variant = "duplicate" if any(n == b for n, b, _ in open_shared) else "subsumed"
            shared = open_shared
        elif include_resolved:
            variant, shared = "resolved", sorted(pair.shared)
        else:
            continue
        subjects: list[str] = []
        paths = []
        for low, high, _ in shared:
            for s in (low, high):
                if view.label(s) not in subjects:
                    subjects.append(view.label(s))
            if low != high and view.path(low, high) not in paths:
                paths.append(view.path(low, high))
        actions = sorted({view.label(a) for _, _, a in shared})
        names = [pair.a.holder.label, pair.b.holder.label]
        relation = "；".join(" ⊑ ".join(p) for p in paths) if paths else "、".join(subjects)
        message = f"{names[0]} and {names[1]} both hold {'/'.join(actions)} of {relation}"
        if variant == "resolved":
            message += " — settled by a 职责分工 clause"
        findings.append(
            Finding(
                kind="overlap",
                variant=variant,
                message=message,
                organizations=names,
                subjects=subjects,
                actions=actions,
                evidence=[*pair.a.evidence, *pair.b.evidence, *settled],
                records=[pair.a.id, pair.b.id],
                region=str(pair.a.holder.get("region")),
                details={"taxonomy_paths": paths, "level": pair.a.holder.get("level")},
            )
        )
    return sorted(findings, key=Finding.sort_key)
