"""Areas and the governments over them (属地): which place lies inside which, and who governs it.

A trace goes past a department's chief to the 人民政府 it works for, and — where the failure happened in
an area below the department's (a county inside the city) — to that area's government and the offices of
its coordinating bodies (安委会办公室): the 属地责任 of 安全生产法 第八条 (2014) / 第九条 (2021).
"""

from __future__ import annotations

import re

from dutygraph.errors import NotFound
from dutygraph.loaders.gazetteer import gazetteer
from dutygraph.queries.context import AsOf
from dutygraph.queries.findings import Evidence
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader

__all__ = [
    "area_governments",
    "find_organization",
    "government_of",
    "hosted_offices",
    "is_government",
    "region_within",
    "statute_article",
]

_GOVERNMENT = re.compile(r"(?:人民政府|街道办事处|办事处)$")
"""What a government is called: a 人民政府 at every level, and a 街道办事处 (the district's 派出机关) below."""


def region_within(code: str, region: str) -> bool:
    """Whether the place ``code`` is ``region`` or lies inside it.

    By the 行政区划代码's own structure (a city's 990100 holds the county 990121, a county's 650102 its towns
    650102001) and, for codes the gazetteer knows, by the gazetteer.

    >>> region_within("990121", "990100"), region_within("990100", "990121"), region_within("650102001", "650102")
    (True, False, True)
    """
    if code == region:
        return True
    if not (code.isdigit() and region.isdigit()):
        return False
    if len(code) > len(region) and code.startswith(region):
        return True
    if len(region) == 6:
        stem = region
        while stem.endswith("00") and len(stem) > 2:
            stem = stem[:-2]
        if len(stem) < 6 and code.startswith(stem):
            return True
    places = gazetteer()
    top, below = places.by_code.get(region), places.by_code.get(code[:6])
    return top is not None and below is not None and (below.code == top.code or top.contains(below))


def is_government(org: Node) -> bool:
    """Whether an organization is a government (人民政府, 街道办事处) rather than one of its departments."""
    return bool(_GOVERNMENT.search(org.label))


def government_of(view: AsOf, org: Node) -> Node | None:
    """The government a department works for: the nearest government above it, in force on the date."""
    seen = {org.id}
    parent = view.one(org.id, "subOrganizationOf")
    while parent is not None and parent.id not in seen:
        if is_government(parent) and view.valid(parent):
            return parent
        seen.add(parent.id)
        parent = view.one(parent.id, "subOrganizationOf")
    return None


def _governments(view: AsOf) -> list[Node]:
    known: list[Node] | None = view.memo.get(("areas", "governments"))
    if known is None:
        known = [o for o in view.g.nodes("Organization") if is_government(o) and view.valid(o)]
        view.memo[("areas", "governments")] = known
    return known


def area_governments(view: AsOf, place: str, above: str) -> list[Node]:
    """The governments of the areas holding ``place`` that lie below ``above`` (a department's region), the
    largest first: for a failure in a town of 青山县 and a city bureau, the county's government, then the town's."""
    found = [
        gov
        for gov in _governments(view)
        if (code := str(gov.get("region"))) != above and region_within(place, code) and region_within(code, above)
    ]
    return sorted(found, key=lambda gov: (len(str(gov.get("region")).rstrip("0")), gov.id))


def hosted_offices(view: AsOf, government: Node) -> list[tuple[Node, Node, Node]]:
    """``(office, body, host)``: the offices of the coordinating bodies (议事协调机构) of a government's area
    (安全生产委员会办公室 …), in force, each with the body it serves and the department hosting it."""
    serving = view.linking("serves")
    region = str(government.get("region"))
    found = []
    for body in view.g.nodes("Organization"):
        if body.id not in serving or not view.valid(body):
            continue
        parent = view.one(body.id, "subOrganizationOf")
        if str(body.get("region")) != region and (parent is None or parent.id != government.id):
            continue
        for unit_id in serving[body.id]:
            unit = view.node(unit_id)
            host = view.one(unit_id, "unitOf") if unit is not None else None
            if unit is not None and host is not None and view.valid(unit):
                found.append((unit, body, host))
    return sorted(found, key=lambda ubh: ubh[0].id)


def statute_article(view: AsOf, title: str, pattern: str) -> Evidence | None:
    """The article of the law ``title`` (安全生产法) in force on the date whose text matches ``pattern``.

    Found by content, not number: the 2014 and 2021 versions number the same provision differently.
    """
    wanted = re.compile(pattern)
    for instrument in view.g.nodes("Instrument"):
        if not str(instrument.get("title", "")).endswith(title):
            continue
        for version in view.pointing(instrument.id, "versionOf"):
            if not view.valid(version):
                continue
            articles = sorted(view.pointing(version.id, "inVersion"), key=lambda a: int(a.get("number") or 0))
            for article in articles:
                if wanted.search(str(article.get("text") or "")):
                    return view.evidence_of(article)
    return None


def find_organization(g: GraphReader, key: str) -> Node:
    """An organization by id or by (full or alternative) name."""
    node = g.get(key)
    if node is not None and node.kind == "Organization":
        return node
    for org in g.nodes("Organization"):
        if key == org.get("name") or key in org.get("alt_names", []):
            return org
    raise NotFound("Organization", key)
