"""The 机构编制执行情况评估 evidence pack: an indicator scheme filled from one organization's findings.

A scheme (YAML, or CSV of items) weighs groups of items; each item loses points for every finding of the
kinds it names, down to zero; ``manual`` items (社会评议) are scored by hand; the total falls in a grade
band, one band lower when a finding of a ``serious`` kind is present. ``queries/schemes/default.yaml`` is
the default, modelled on a real evaluation (职责落实和履行 45 / 机构编制管理 40 / 社会评议 15).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from dutygraph.errors import DutygraphError
from dutygraph.i18n import tr
from dutygraph.queries.areas import find_organization
from dutygraph.queries.audit import audit
from dutygraph.queries.findings import FINDING_KINDS, Finding
from dutygraph.stores.base import GraphReader

__all__ = ["Band", "Evaluation", "Item", "Scheme", "SchemeInvalid", "evaluate", "read_scheme"]


class SchemeInvalid(DutygraphError):
    """An indicator scheme that cannot be used; the message names the file and the place."""


@dataclass(frozen=True)
class Item:
    """One indicator: its weight and the points each kind of finding deducts (or scored by hand)."""

    id: str
    name: str
    group: str
    weight: float
    deduct: dict[str, float] = field(default_factory=dict)
    manual: bool = False


@dataclass(frozen=True)
class Band:
    grade: str
    min: float


@dataclass(frozen=True)
class Scheme:
    name: str
    total: float
    bands: tuple[Band, ...]
    items: tuple[Item, ...]
    serious: tuple[str, ...] = ()


DEFAULT_BANDS = (Band("优秀", 90), Band("良好", 80), Band("达标", 70), Band("诫勉", 0))


def _matches(key: str, finding: Finding) -> bool:
    return key in (finding.kind, f"{finding.kind}/{finding.variant}")


def _check_keys(where: str, keys: list[str]) -> None:
    for key in keys:
        kind, _, variant = key.partition("/")
        if kind not in FINDING_KINDS or (variant and variant not in FINDING_KINDS[kind]):
            known = ", ".join(f"{k}/{v}" for k, vs in FINDING_KINDS.items() for v in vs)
            raise SchemeInvalid(
                tr(
                    "{where}: {key} is not a finding kind (kind or kind/variant): {known}",
                    where=where,
                    key=repr(key),
                    known=known,
                )
            )


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SchemeInvalid(tr("{where}: {value} is not a number", where=where, value=repr(value)))
    if value < 0:
        raise SchemeInvalid(tr("{where}: {value} is negative", where=where, value=value))
    return float(value)


def _from_yaml(source: str, text: str) -> Scheme:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemeInvalid(tr("{source}: not valid YAML: {exc}", source=source, exc=exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise SchemeInvalid(
            tr("{source}: a scheme needs `groups:`, each with `name`, `weight` and `items`", source=source)
        )
    total = _number(f"{source}: total", data.get("total", 100))
    items: list[Item] = []
    group_sum = 0.0
    for g, group in enumerate(data["groups"], start=1):
        gname = str(group.get("name") or f"group {g}")
        where = f"{source}: group {gname}"
        weight = _number(f"{where}: weight", group.get("weight"))
        group_sum += weight
        entries = group.get("items") or []
        item_sum = 0.0
        for i, entry in enumerate(entries, start=1):
            iid = str(entry.get("id") or f"{gname}-{i}")
            at = f"{where}: item {iid}"
            points = _number(f"{at}: weight", entry.get("weight"))
            item_sum += points
            deduct = {str(k): _number(f"{at}: deduct {k}", v) for k, v in (entry.get("deduct") or {}).items()}
            _check_keys(at, list(deduct))
            manual = bool(entry.get("manual", False))
            if not deduct and not manual:
                raise SchemeInvalid(tr("{at}: give `deduct` (finding kinds and points) or `manual: true`", at=at))
            items.append(Item(iid, str(entry.get("name") or iid), gname, points, deduct, manual))
        if abs(item_sum - weight) > 1e-9:
            raise SchemeInvalid(
                tr(
                    "{where}: its items weigh {item_sum} in all, but the group weighs {weight}",
                    where=where,
                    item_sum=format(item_sum, "g"),
                    weight=format(weight, "g"),
                )
            )
    if abs(group_sum - total) > 1e-9:
        raise SchemeInvalid(
            tr(
                "{source}: the groups weigh {group_sum} in all, but the total is {total}",
                source=source,
                group_sum=format(group_sum, "g"),
                total=format(total, "g"),
            )
        )
    bands = (
        tuple(
            Band(str(b["grade"]), _number(f"{source}: band {b.get('grade')}", b.get("min")))
            for b in data.get("bands") or []
        )
        or DEFAULT_BANDS
    )
    serious = tuple(str(s) for s in data.get("serious") or [])
    _check_keys(f"{source}: serious", list(serious))
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise SchemeInvalid(
            tr("{source}: item ids repeat: {value}", source=source, value=sorted({i for i in ids if ids.count(i) > 1}))
        )
    return Scheme(
        str(data.get("name") or source), total, tuple(sorted(bands, key=lambda b: -b.min)), tuple(items), serious
    )


def _from_csv(source: str, text: str) -> Scheme:
    """Items as rows: ``group,id,name,weight,deduct,manual,serious`` (deduct: ``kind/variant=points; …``)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    groups: dict[str, dict[str, Any]] = {}
    serious: list[str] = []
    for number, row in enumerate(rows, start=2):
        where = f"{source}:{number}"
        try:
            weight = float(row.get("weight") or "")
        except ValueError:
            raise SchemeInvalid(
                tr("{where}: weight {value} is not a number", where=where, value=repr(row.get("weight")))
            ) from None
        deduct: dict[str, float] = {}
        for part in (p.strip() for p in (row.get("deduct") or "").replace("；", ";").split(";") if p.strip()):
            key, _, points = part.partition("=")
            try:
                deduct[key.strip()] = float(points)
            except ValueError:
                raise SchemeInvalid(
                    tr("{where}: deduct {part} is not KIND/VARIANT=POINTS", where=where, part=repr(part))
                ) from None
        if (row.get("serious") or "").strip() in ("是", "yes", "true", "1"):
            serious.extend(deduct)
        group = groups.setdefault(row.get("group") or "", {"name": row.get("group"), "weight": 0.0, "items": []})
        group["weight"] += weight
        group["items"].append(
            {
                "id": row.get("id"),
                "name": row.get("name"),
                "weight": weight,
                "deduct": deduct,
                "manual": (row.get("manual") or "").strip() in ("是", "yes", "true", "1"),
            }
        )
    total = sum(float(g["weight"]) for g in groups.values())
    return _from_yaml(
        source,
        yaml.safe_dump(
            {"name": Path(source).stem, "total": total, "groups": list(groups.values()), "serious": serious},
            allow_unicode=True,
        ),
    )


def read_scheme(path: str | Path | None = None) -> Scheme:
    """A scheme from a YAML or CSV file, or the default one.

    Raises
    ------
    SchemeInvalid
        naming the file and the group or item that is wrong (weights that do not add up, unknown kinds).
    """
    if path is None:
        text = files("dutygraph.queries").joinpath("schemes/default.yaml").read_text(encoding="utf-8")
        return _from_yaml("default scheme", text)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SchemeInvalid(tr("{path}: cannot read: {value}", path=path, value=exc.strerror or exc)) from None
    if path.suffix.lower() == ".csv":
        return _from_csv(str(path), text)
    return _from_yaml(str(path), text)


@dataclass
class Deduction:
    points: float
    finding: Finding

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "finding": self.finding.to_dict()}


@dataclass
class ItemScore:
    item: Item
    score: float | None  # None: left for manual scoring
    deductions: list[Deduction]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "name": self.item.name,
            "group": self.item.group,
            "weight": self.item.weight,
            "score": self.score,
            "manual": self.item.manual,
            "deductions": [d.to_dict() for d in self.deductions],
        }


@dataclass
class Evaluation:
    """A filled scheme: item scores with their deductions, the total and the grade."""

    organization: str
    as_of: str
    scheme: str
    items: list[ItemScore]
    total: float
    unscored: float
    grade: str | None
    grade_range: tuple[str, str]
    serious: list[Finding]
    bands: tuple[Band, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "as_of": self.as_of,
            "scheme": self.scheme,
            "items": [i.to_dict() for i in self.items],
            "total": self.total,
            "unscored_manual_points": self.unscored,
            "grade": self.grade,
            "grade_range": list(self.grade_range),
            "serious": [f.to_dict() for f in self.serious],
            "bands": [{"grade": b.grade, "min": b.min} for b in self.bands],
        }


def _grade(bands: tuple[Band, ...], total: float, lowered: bool) -> str:
    index = next((i for i, b in enumerate(bands) if total >= b.min), len(bands) - 1)
    if lowered:
        index = min(index + 1, len(bands) - 1)
    return bands[index].grade


def evaluate(
    g: GraphReader,
    organization: str,
    on: date | str | None = None,
    *,
    scheme: Scheme | None = None,
    manual: dict[str, float] | None = None,
) -> Evaluation:
    """Fill ``scheme`` (default: the shipped one) for ``organization`` (id or name) as of ``on``."""
    scheme = scheme or read_scheme()
    manual = dict(manual or {})
    org = find_organization(g, organization)
    result = audit(g, on)
    mine = [f for f in result.findings if org.label in f.organizations]
    unknown = set(manual) - {i.id for i in scheme.items if i.manual}
    if unknown:
        raise SchemeInvalid(
            tr("--manual names no manual item of the scheme: {value}", value=", ".join(sorted(unknown)))
        )
    scores: list[ItemScore] = []
    for item in scheme.items:
        if item.manual:
            given = manual.get(item.id)
            if given is not None and not 0 <= given <= item.weight:
                raise SchemeInvalid(
                    tr(
                        "--manual {id}={given}: the item weighs {weight}",
                        id=item.id,
                        given=format(given, "g"),
                        weight=format(item.weight, "g"),
                    )
                )
            scores.append(ItemScore(item, given, []))
            continue
        deductions = [Deduction(points, f) for f in mine for key, points in item.deduct.items() if _matches(key, f)]
        scores.append(ItemScore(item, max(0.0, item.weight - sum(d.points for d in deductions)), deductions))
    total = sum(s.score or 0.0 for s in scores)
    unscored = sum(s.item.weight for s in scores if s.score is None)
    serious = [f for f in mine if any(_matches(k, f) for k in scheme.serious)]
    low = _grade(scheme.bands, total, bool(serious))
    high = _grade(scheme.bands, total + unscored, bool(serious))
    return Evaluation(
        organization=org.label,
        as_of=result.as_of,
        scheme=scheme.name,
        items=scores,
        total=total,
        unscored=unscored,
        grade=low if unscored == 0 else None,
        grade_range=(high, low),
        serious=serious,
        bands=scheme.bands,
    )
