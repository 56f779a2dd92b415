"""The report as one self-contained HTML file: inline styles and drawings, no script, opens offline."""

from __future__ import annotations

from html import escape

from dutygraph.report.diagram import overlap_svg
from dutygraph.report.model import Report

__all__ = ["report_html"]

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{border-bottom:2px solid #3572b0;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left}
th{background:#eef3f9}.finding{border:1px solid #ccc;border-radius:6px;padding:.8em;margin:1em 0}
.high{border-left:6px solid #c0392b}.medium{border-left:6px solid #e67e22}.low{border-left:6px solid #7f8c8d}
.info{border-left:6px solid #95a5a6}.badge{font-size:.8em;padding:.1em .5em;border-radius:4px;color:#fff}
.badge.high{background:#c0392b}.badge.medium{background:#e67e22}.badge.low{background:#7f8c8d}
.badge.info{background:#95a5a6}blockquote{margin:.4em 0 .4em 1em;padding:.3em .8em;background:#f7f7f7;
border-left:3px solid #bbb}.suggestion{color:#1e6b30}.matrix td{text-align:center;min-width:3em}
.matrix a{color:#000;text-decoration:none;font-weight:bold}
"""


def _heat(count: int, top: int) -> str:
    if count == 0:
        return "#ffffff"
    share = count / max(top, 1)
    red = 255
    green = int(235 - 150 * share)
    blue = int(225 - 170 * share)
    return f"rgb({red},{green},{blue})"


def report_html(report: Report) -> str:
    """The whole report as an HTML document."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>职责审查报告（截至 {escape(report.as_of)}）</title><style>{_STYLE}</style></head><body>",
        f"<h1>职责审查报告 <small>as of {escape(report.as_of)}</small></h1>",
    ]
    out.append('<h2 id="summary">概要 Summary</h2><table><tr><th>finding</th><th>count</th></tr>')
    out += [f"<tr><td>{escape(k)}</td><td>{n}</td></tr>" for k, n in report.counts.items()]
    out.append("</table><table><tr><th>department</th><th>findings by kind</th></tr>")
    for org, kinds in sorted(report.by_department.items()):
        listed = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        out.append(f"<tr><td>{escape(org)}</td><td>{escape(listed)}</td></tr>")
    out.append("</table><h3>What was loaded</h3><ul>")
    out += [f"<li>{escape(line)}</li>" for line in report.loaded]
    taxonomy = report.taxonomy
    out.append(
        f"</ul><p>Taxonomy: {taxonomy['subjects']} subjects under {escape('、'.join(taxonomy['top']))}; "
        f"{taxonomy['actions']} kinds of action.</p>"
    )
    out.append('<h2 id="matrix">交叉矩阵 Overlaps between departments</h2>')
    if report.departments:
        top = max(len(v) for v in report.matrix.values())
        out.append('<table class="matrix"><tr><th></th>')
        out += [f"<th>{escape(d)}</th>" for d in report.departments]
        out.append("</tr>")
        for row in report.departments:
            out.append(f"<tr><th>{escape(row)}</th>")
            for col in report.departments:
                numbers = report.matrix.get((row, col), [])
                cell = " ".join(f'<a href="#finding-{n}">{n}</a>' for n in numbers)
                out.append(f'<td style="background:{_heat(len(numbers), top)}">{cell}</td>')
            out.append("</tr>")
        out.append("</table><p>Each cell lists the overlaps of the two departments; click one to see it.</p>")
    else:
        out.append("<p>No overlap between departments on this date.</p>")
    if report.changes is not None:
        out.append(f'<h2 id="changes">变化 Changes since {escape(report.previous or "")}</h2>')
        for what, title in (("new", "New"), ("resolved", "Resolved"), ("open", "Still open")):
            items = report.changes[what]
            out.append(f"<h3>{title} ({len(items)})</h3><ul>")
            out += [f"<li>{escape(m)}</li>" for m in items]
            out.append("</ul>")
    out.append('<h2 id="findings">问题清单 Findings</h2>')
    for entry in report.entries:
        f = entry.finding
        out.append(f'<div class="finding {entry.severity}" id="finding-{entry.number}">')
        out.append(
            f'<p><b>{entry.number}.</b> <span class="badge {entry.severity}">{entry.severity}</span> '
            f"<code>{escape(f.kind)}/{escape(f.variant)}</code> {escape(f.message)}</p>"
        )
        for e in f.evidence:
            out.append(f"<blockquote><b>{escape(e.source)} {escape(e.anchor)}</b><br>{escape(e.text)}</blockquote>")
        if f.kind == "overlap":
            out.append(overlap_svg(f, f"-{entry.number}"))
        out.append(f'<p class="suggestion">建议 Suggested: {escape(entry.suggestion)}</p></div>')
    if report.diff is not None:
        d = report.diff
        out.append(f'<h2 id="reorganization">机构改革前后 Reorganization {escape(d.before)} → {escape(d.after)}</h2>')
        out.append(f"<h3>Moved ({len(d.moved)})</h3><ul>")
        out += [f"<li>{escape(c.before or '')} → {escape(c.after or '')}: 「{escape(c.title)}」</li>" for c in d.moved]
        out.append(f"</ul><h3>Held by nobody after ({len(d.dropped)})</h3><ul>")
        out += [
            f"<li>{escape(c.before or '')}: 「{escape(c.title)}」 — lost: {escape('; '.join(c.lost))}</li>"
            for c in d.dropped
        ]
        out.append(f"</ul><h3>Overlaps created ({len(d.doubled)}) and ended ({len(d.resolved)})</h3><ul>")
        out += [f"<li>created: {escape(f.message)}</li>" for f in d.doubled]
        out += [f"<li>ended: {escape(f.message)}</li>" for f in d.resolved]
        out.append("</ul>")
    for evaluation in report.evaluations:
        out.append(f"<h2>评估 Evaluation: {escape(evaluation.organization)}</h2><p>{escape(evaluation.scheme)}</p>")
        out.append("<table><tr><th>group</th><th>item</th><th>weight</th><th>score</th><th>deductions</th></tr>")
        for item in evaluation.items:
            score = "manual" if item.score is None else f"{item.score:g}"
            cut = "<br>".join(f"-{d.points:g} {escape(d.finding.message)}" for d in item.deductions)
            out.append(
                f"<tr><td>{escape(item.item.group)}</td><td>{escape(item.item.name)}</td>"
                f"<td>{item.item.weight:g}</td><td>{score}</td><td>{cut}</td></tr>"
            )
        grade = evaluation.grade or f"{evaluation.grade_range[1]}–{evaluation.grade_range[0]} (manual items not scored)"
        out.append(f"</table><p><b>total {evaluation.total:g}; grade {escape(grade)}</b></p>")
    out.append('<h2 id="wording">表述模糊 Vague wording</h2>')
    if report.vague:
        out.append("<p>Duties whose only verbs are vague (指导, 参与, 协助, 配合 …) and name no lead:</p>")
        for v in report.vague:
            first = v.evidence[0] if v.evidence else None
            quote = (
                f"{escape(first.source)} {escape(first.anchor)}: {escape(first.text)}" if first else escape(v.record)
            )
            out.append(
                f"<blockquote><b>{escape(v.organization)}</b> ({escape('、'.join(v.vague_verbs))}) {quote}</blockquote>"
            )
    else:
        out.append("<p>None.</p>")
    out.append("</body></html>")
    return "\n".join(out)
