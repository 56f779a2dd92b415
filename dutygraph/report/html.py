"""The report as one self-contained HTML file: inline styles and drawings, no script, opens offline.

Its headings and labels are in the language in use (Chinese by default): the page is the one passed up to a
编委 meeting, not a developer's printout.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from dutygraph.i18n import current_language, ntr, tr
from dutygraph.queries.findings import SEVERITY_ORDER, kind_name, severity_name, variant_name
from dutygraph.report.diagram import findings_chart_svg, overlap_svg
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
border-left:3px solid #bbb}.suggestion{color:#1e6b30}.matrix td{text-align:center;min-width:6em;vertical-align:top}
.matrix a{color:#000;text-decoration:none}.matrix .count{font-weight:bold;display:block}
.matrix .subjects{font-size:.8em;color:#444}details summary{cursor:pointer}
"""


def _heat(count: int, top: int) -> str:
    if count == 0:
        return "#ffffff"
    share = count / max(top, 1)
    red = 255
    green = int(235 - 150 * share)
    blue = int(225 - 170 * share)
    return f"rgb({red},{green},{blue})"


def _matrix(report: Report) -> list[str]:
    """Departments × departments: in each cell the overlaps of the two by severity, the subjects they are on,
    and the list of them (hover for the statements, click a number to go to the finding)."""
    if not report.departments:
        return [_tag("p", tr("No overlap between departments on this date."))]
    by_number = {e.number: e for e in report.entries}
    top = max(len(v) for v in report.matrix.values())
    out = ['<table class="matrix"><tr><th></th>', *[f"<th>{escape(d)}</th>" for d in report.departments], "</tr>"]
    for row in report.departments:
        out.append(f"<tr><th>{escape(row)}</th>")
        for col in report.departments:
            entries = [by_number[n] for n in report.matrix.get((row, col), [])]
            if not entries:
                out.append("<td></td>")
                continue
            severities = Counter(e.severity for e in entries)
            counts = " · ".join(
                tr("{severity} {count}", severity=severity_name(s), count=severities[s])
                for s in sorted(severities, key=SEVERITY_ORDER.__getitem__)
            )
            subjects = "、".join(dict.fromkeys(s for e in entries for s in e.finding.subjects[:1]))
            links = " ".join(
                f'<a href="#finding-{e.number}" title="{escape(e.finding.message)}">{e.number}</a>' for e in entries
            )
            out.append(
                f'<td style="background:{_heat(len(entries), top)}"><span class="count">{escape(counts)}</span>'
                f'<span class="subjects">{escape(subjects)}</span><br>{links}</td>'
            )
        out.append("</tr>")
    note = tr(
        "Each cell counts the overlaps of the two departments by severity and names their subjects; hover a "
        "number for the finding, click it to go there."
    )
    out.append(f"</table><p>{escape(note)}</p>")
    return out


def _tag(name: str, text: str, attributes: str = "") -> str:
    """``<name attributes>text</name>``, the text escaped (and a translation never written inside an f-string,
    where the catalog's extraction cannot see it)."""
    return f"<{name}{attributes}>{escape(text)}</{name}>"


def report_html(report: Report) -> str:
    """The whole report as an HTML document."""
    lang = "zh-CN" if current_language() == "zh" else "en"
    title = tr("Review of duties as of {date}", date=report.as_of)
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    out.append(
        _tag("h2", tr("Summary"), ' id="summary"')
        + "<table><tr>"
        + _tag("th", tr("finding kind"))
        + _tag("th", tr("count"))
        + "</tr>"
    )
    for key, n in report.counts.items():
        kind, variant = key.split("/", 1)
        out.append(f"<tr><td>{escape(variant_name(kind, variant))}</td><td>{n}</td></tr>")
    out.append("</table><table><tr>" + _tag("th", tr("department")) + _tag("th", tr("findings by kind")) + "</tr>")
    for org, kinds in sorted(report.by_department.items()):
        listed = tr(", ").join(tr("{name} {count}", name=kind_name(k), count=n) for k, n in sorted(kinds.items()))
        out.append(f"<tr><td>{escape(org)}</td><td>{escape(listed)}</td></tr>")
    out.append("</table>")
    if report.by_department:
        out.append(findings_chart_svg(report.by_department))
    out.append(_tag("h3", tr("What was loaded")) + "<ul>")
    out += [f"<li>{escape(line)}</li>" for line in report.loaded]
    taxonomy = report.taxonomy
    out.append(
        "</ul><p>"
        + escape(
            tr(
                "Taxonomy: {subjects} subjects under {tops}; {actions} kinds of action.",
                subjects=taxonomy["subjects"],
                tops="、".join(taxonomy["top"]),
                actions=taxonomy["actions"],
            )
        )
        + "</p>"
    )
    out.append(_tag("h2", tr("Overlaps between departments"), ' id="matrix"'))
    out += _matrix(report)
    if report.changes is not None:
        out.append(_tag("h2", tr("Changes since {previous}", previous=report.previous or ""), ' id="changes"'))
        for what, heading in (("new", tr("New")), ("resolved", tr("Resolved")), ("open", tr("Still open"))):
            items = report.changes[what]
            out.append(f"<h3>{escape(heading)} ({len(items)})</h3><ul>")
            out += [f"<li>{escape(m)}</li>" for m in items]
            out.append("</ul>")
    out.append(_tag("h2", tr("Findings"), ' id="findings"'))
    for entry in report.entries:
        f = entry.finding
        out.append(f'<div class="finding {entry.severity}" id="finding-{entry.number}">')
        out.append(
            f'<p><b>{entry.number}.</b> <span class="badge {entry.severity}">'
            f"{escape(severity_name(entry.severity))}</span> "
            f"<b>{escape(variant_name(f.kind, f.variant))}</b> {escape(f.message)}</p>"
        )
        for e in f.evidence:
            out.append(f"<blockquote><b>{escape(e.source)} {escape(e.anchor)}</b><br>{escape(e.text)}</blockquote>")
        if f.kind == "overlap":
            out.append(overlap_svg(f, f"-{entry.number}"))
        suggested = tr("Suggested: {suggestion}", suggestion=entry.suggestion)
        out.append(f'<p class="suggestion">{escape(suggested)}</p></div>')
    if report.diff is not None:
        d = report.diff
        heading = tr("Reorganization {before} → {after}", before=d.before, after=d.after)
        out.append(f'<h2 id="reorganization">{escape(heading)}</h2>')
        out.append(_tag("h3", tr("Moved ({count})", count=len(d.moved))) + "<ul>")
        out += [f"<li>{escape(c.before or '')} → {escape(c.after or '')}: 「{escape(c.title)}」</li>" for c in d.moved]
        out.append("</ul>" + _tag("h3", tr("Held by nobody after ({count})", count=len(d.dropped))) + "<ul>")
        out += [
            f"<li>{escape(c.before or '')}: 「{escape(c.title)}」 — "
            + escape(tr("lost: {what}", what="; ".join(c.lost)))
            + "</li>"
            for c in d.dropped
        ]
        heading = tr("Overlaps created ({created}) and ended ({ended})", created=len(d.doubled), ended=len(d.resolved))
        out.append(f"</ul><h3>{escape(heading)}</h3><ul>")
        out += [_tag("li", tr("created: {finding}", finding=f.message)) for f in d.doubled]
        out += [_tag("li", tr("ended: {finding}", finding=f.message)) for f in d.resolved]
        out.append("</ul>")
    for evaluation in report.evaluations:
        heading = tr("Evaluation: {organization}", organization=evaluation.organization)
        out.append(f"<h2>{escape(heading)}</h2><p>{escape(evaluation.scheme)}</p>")
        heads = (tr("group"), tr("item"), tr("weight"), tr("score"), tr("deductions"))
        out.append("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr>")
        for item in evaluation.items:
            score = tr("manual") if item.score is None else f"{item.score:g}"
            cut = "<br>".join(f"-{d.points:g} {escape(d.finding.message)}" for d in item.deductions)
            out.append(
                f"<tr><td>{escape(item.item.group)}</td><td>{escape(item.item.name)}</td>"
                f"<td>{item.item.weight:g}</td><td>{escape(score)}</td><td>{cut}</td></tr>"
            )
        grade = evaluation.grade or tr(
            "{low}–{high} (manual items not scored)", low=evaluation.grade_range[1], high=evaluation.grade_range[0]
        )
        total = tr("total {total}; grade {grade}", total=f"{evaluation.total:g}", grade=grade)
        out.append(f"</table><p><b>{escape(total)}</b></p>")
    out.append(_tag("h2", tr("Vague wording"), ' id="wording"'))
    if report.vague:
        out.append(_tag("p", tr("Duties whose only verbs are vague (指导, 参与, 协助, 配合 …) and name no lead:")))
        for v in report.vague:
            first = v.evidence[0] if v.evidence else None
            quote = (
                f"{escape(first.source)} {escape(first.anchor)}: {escape(first.text)}" if first else escape(v.record)
            )
            out.append(
                f"<blockquote><b>{escape(v.organization)}</b> ({escape('、'.join(v.vague_verbs))}) {quote}</blockquote>"
            )
    else:
        out.append(_tag("p", tr("None.")))
    out.append(
        "<p><small>"
        + escape(ntr("{count} finding in all.", "{count} findings in all.", len(report.entries)))
        + "</small></p></body></html>"
    )
    return "\n".join(out)
