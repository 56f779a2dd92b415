"""The small picture of an overlap: two departments, their clauses, and the taxonomy edge that joins them.

Drawn as inline SVG (no script, no external file): the report opens offline and prints as it shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from html import escape

from dutygraph.i18n import tr
from dutygraph.queries import FINDING_KINDS, Finding
from dutygraph.queries.findings import kind_name

__all__ = ["findings_chart_svg", "overlap_svg"]

_KIND_COLOURS = {
    "overlap": "#c0392b",
    "gap": "#8e44ad",
    "unassigned": "#e67e22",
    "basis": "#2980b9",
    "staffing": "#16a085",
    "execution": "#7f8c8d",
    "complaint": "#b7950b",
}

_WIDTH = 960


def _text(x: float, y: float, text: str, *, size: int = 13, anchor: str = "middle", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}">'
        f"{escape(text)}</text>"
    )


def _box(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" fill="{fill}" stroke="#555"/>'


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def overlap_svg(finding: Finding, uid: str = "") -> str:
    """An SVG drawing of an overlap finding (``uid`` keeps its ids apart from other drawings of the page)."""
    orgs = finding.organizations[:2] + [""] * (2 - len(finding.organizations[:2]))
    evidence = finding.evidence[:2]
    paths: list[list[str]] = [list(p) for p in (finding.details or {}).get("taxonomy_paths", [])]
    if not paths:
        paths = [[s] for s in finding.subjects[:1]]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="overlap-diagram" width="{_WIDTH}" height="250" '
        f'viewBox="0 0 {_WIDTH} 250" role="img" aria-label="{escape(finding.message)}">',
        f'<defs><marker id="arrow{uid}" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">'
        '<path d="M0,0 L10,4 L0,8 z" fill="#555"/></marker></defs>',
    ]
    for i, org in enumerate(orgs):
        x = 20 + i * (_WIDTH / 2)
        parts.append(_box(x, 10, _WIDTH / 2 - 40, 30, "#dbe8f6"))
        parts.append(_text(x + (_WIDTH / 2 - 40) / 2, 30, org, weight="bold"))
        if i < len(evidence):
            e = evidence[i]
            parts.append(_text(x + 4, 60, _clip(f"{e.source} {e.anchor}", 40), size=11, anchor="start"))
            parts.append(_text(x + 4, 78, _clip(e.text, 40), size=11, anchor="start"))
            parts.append(_text(x + 4, 94, _clip(e.text[40:], 40), size=11, anchor="start") if len(e.text) > 40 else "")
    path = paths[0]
    step = (_WIDTH - 80) / max(len(path), 1)
    for j, label in enumerate(path):
        x = 40 + j * step
        parts.append(_box(x, 160, step - 60, 34, "#fde9c8" if j in (0, len(path) - 1) else "#f4f4f4"))
        parts.append(_text(x + (step - 60) / 2, 182, label, weight="bold"))
        if j + 1 < len(path):
            parts.append(
                f'<line x1="{x + step - 60:.0f}" y1="177" x2="{x + step:.0f}" y2="177" stroke="#555" '
                f'marker-end="url(#arrow{uid})"/>'
            )
            parts.append(_text(x + step - 30, 170, tr("⊑ is a kind of"), size=11))
    # each department's clause to the subject it names: the narrower one and the broader one
    left_x = 40 + (step - 60) / 2
    right_x = 40 + (len(path) - 1) * step + (step - 60) / 2
    parts.append(f'<line x1="{_WIDTH / 4:.0f}" y1="100" x2="{left_x:.0f}" y2="160" stroke="#3572b0" stroke-width="2"/>')
    parts.append(
        f'<line x1="{3 * _WIDTH / 4:.0f}" y1="100" x2="{right_x:.0f}" y2="160" stroke="#3572b0" stroke-width="2"/>'
    )
    parts.append(_text(_WIDTH / 2, 230, "、".join(finding.actions), size=12))
    parts.append("</svg>")
    return "".join(parts)


def findings_chart_svg(by_department: Mapping[str, Counter[str]]) -> str:
    """A bar per department, its findings stacked by kind, with a legend: who has what to fix, at a glance."""
    departments = sorted(by_department, key=lambda d: (-sum(by_department[d].values()), d))
    kinds = [k for k in FINDING_KINDS if any(by_department[d].get(k) for d in departments)]
    top = max((sum(by_department[d].values()) for d in departments), default=1)
    label_width, bar_width, row = 300, _WIDTH - 360, 26
    height = 40 + row * len(departments) + 30
    title = tr("Findings by department and kind")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="findings-chart" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{escape(title)}">',
        _text(10, 20, title, size=14, anchor="start", weight="bold"),
    ]
    for i, department in enumerate(departments):
        y = 34 + i * row
        parts.append(_text(label_width - 8, y + 15, _clip(department, 22), anchor="end"))
        x = float(label_width)
        for kind in kinds:
            count = by_department[department].get(kind, 0)
            if not count:
                continue
            w = bar_width * count / top
            parts.append(
                f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{row - 6}" fill="{_KIND_COLOURS[kind]}">'
                f"<title>{escape(department)}: {escape(kind_name(kind))} {count}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.0f}" y="{y + 15:.0f}" font-size="12" text-anchor="middle" fill="#fff">'
                    f"{count}</text>"
                )
            x += w
    legend_y = 34 + row * len(departments) + 14
    x = float(label_width)
    for kind in kinds:
        parts.append(f'<rect x="{x:.0f}" y="{legend_y - 10}" width="12" height="12" fill="{_KIND_COLOURS[kind]}"/>')
        parts.append(_text(x + 16, legend_y, kind_name(kind), size=12, anchor="start"))
        x += 30 + 14 * len(kind_name(kind))
    parts.append("</svg>")
    return "".join(parts)
