"""The small picture of an overlap: two departments, their clauses, and the taxonomy edge that joins them.

Drawn as inline SVG (no script, no external file): the report opens offline and prints as it shows.
"""

from __future__ import annotations

from html import escape

from dutygraph.queries import Finding

__all__ = ["overlap_svg"]

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
            parts.append(_text(x + step - 30, 170, "⊑ 属于", size=11))
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
