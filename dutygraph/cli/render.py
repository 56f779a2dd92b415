"""Rendering of audits and traces for people (rich tables) and for tools (JSON).

What a person reads is in the language in use (:mod:`dutygraph.i18n`); JSON keeps its keys and codes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from dutygraph.i18n import N_, ntr, tr
from dutygraph.queries.findings import FINDING_KINDS, kind_name, variant_name
from dutygraph.queries.roles import post_role_name, role_name
from dutygraph.queries.trace import responsibility_name

if TYPE_CHECKING:
    from dutygraph.queries.audit import Audit
    from dutygraph.queries.route import Route
    from dutygraph.queries.trace import Trace

__all__ = ["print_audit", "print_json", "print_route", "print_trace"]


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _console() -> Console:
    return Console(width=200, soft_wrap=False)


def print_audit(result: Audit) -> None:
    console = _console()
    counts = result.counts()
    head = ntr(
        "[bold]Audit as of {date}[/bold]: {count} finding",
        "[bold]Audit as of {date}[/bold]: {count} findings",
        len(result.findings),
        date=result.as_of,
    )
    if counts:
        named = tr(", ").join(
            tr("{name} {count}", name=variant_name(*key.split("/", 1)), count=n) for key, n in counts.items()
        )
        head += tr(" ({counts})", counts=named)
    console.print(head)
    for note in result.notes:
        console.print(tr("note: {note}", note=note))
    for kind in FINDING_KINDS:
        findings = [f for f in result.findings if f.kind == kind]
        if not findings:
            continue
        table = Table(title=kind_name(kind), title_justify="left", show_lines=True, expand=False)
        table.add_column(tr("finding kind"), no_wrap=True)
        table.add_column(tr("finding"), max_width=80, overflow="fold")  # CJK text has no spaces to wrap at
        table.add_column(tr("evidence"), max_width=90)
        for f in findings:
            evidence = "\n".join(
                tr("{source} {anchor}: {text}", source=e.source, anchor=e.anchor, text=e.text) for e in f.evidence
            )
            table.add_row(variant_name(f.kind, f.variant), f.message, evidence)
        console.print(table)


def print_trace(result: Trace) -> None:
    console = _console()
    head = tr("[bold]Trace as of {date}[/bold]: subject {subject}", date=result.date, subject=result.subject)
    if result.action:
        head += tr(", action {action}", action=result.action)
    if result.place and not result.incident:
        head += tr(", place {place}", place=result.place)
    if result.region:
        head += tr(", region {region}", region=result.region)
    if result.incident:
        head += tr(
            " — incident {id}: {description}",
            id=result.incident["id"],
            description=result.incident.get("description") or "",
        )
    console.print(head)
    if result.entity:
        console.print(
            tr(
                "enterprise: {name} (licence {licence}, owner {owner})",
                name=result.entity["name"],
                licence=result.entity.get("licence") or "—",
                owner=result.entity.get("owner") or "—",
            )
        )
    for rank, org in enumerate(result.organizations, start=1):
        console.print(
            tr(
                "{rank}. {organization} — {role}: {because}",
                rank=rank,
                organization=org["organization"],
                role=role_name(org["role"]),
                because=org["because"],
            )
        )
    for finding in result.structural:
        console.print(
            tr(
                "[bold]structural cause[/bold] {name}: {message}",
                name=variant_name(finding.kind, finding.variant),
                message=finding.message,
            )
        )
    if not result.links:
        console.print(tr("no duty or power in force covers this subject: nobody is answerable (a gap)"))
        return
    table = Table(show_lines=True)
    columns = (
        tr("responsibility"),
        tr("role"),
        tr("organization"),
        tr("unit"),
        tr("post"),
        tr("person"),
        tr("because"),
    )
    for index, col in enumerate(columns):
        last = index == len(columns) - 1
        table.add_column(col, max_width=70 if last else 30, overflow="fold" if last else "ellipsis")
    for link in result.links:
        post = link.post or ""
        if link.post_role:
            post += "\n" + post_role_name(link.post_role)
        person = link.person or tr("(vacant)")
        if not link.answers and link.responsibility == "direct":
            person += "\n" + tr("(not answering on the date)")
        because = link.because
        for finding in link.structural:
            because += "\n" + tr(
                "⚠ {name}: {message}", name=variant_name(finding.kind, finding.variant), message=finding.message
            )
        table.add_row(
            responsibility_name(link.responsibility),
            role_name(link.role),
            link.organization,
            link.unit or "",
            post,
            person,
            because,
        )
    console.print(table)


_DECISIONS = {
    "handle": N_("handle it"),
    "forward": N_("forward it (转办)"),
    "refer": N_("refer it"),
    "none": N_("none"),
}
_LIMIT_KINDS = {"legal": N_("statutory limit"), "promised": N_("promised limit")}


def print_route(result: Route) -> None:
    """A routed complaint: what was read, overlap or gap, what to do, by when, and the candidates."""
    console = _console()
    console.print(tr("[bold]Complaint routed as of {date}[/bold]: {text}", date=result.date, text=result.text))
    reading = result.reading
    if not reading.matched:
        console.print(tr("nothing in the taxonomy matched; no department is guessed"))
        if reading.unmatched:
            console.print(tr("words that looked like subjects: {words}", words="、".join(reading.unmatched)))
        console.print(tr("(add them to the taxonomy: see `dutygraph subjects --unmatched`)"))
        return
    subjects = "、".join(tr("{label} (“{words}”)", label=m.label, words=m.words) for m in reading.subjects)
    console.print(tr("subjects: {subjects}", subjects=subjects))
    if reading.actions:
        actions = "、".join(tr("{label} (“{words}”)", label=m.label, words=m.words) for m in reading.actions)
        console.print(tr("actions: {actions}", actions=actions))
    if result.widened:
        console.print(tr("no duty names those actions: every duty on the subjects answers"))
    for finding in (*result.overlaps, *result.gaps):
        console.print(
            tr("⚠ {name}: {message}", name=variant_name(finding.kind, finding.variant), message=finding.message)
        )
    for near in result.nearest:
        console.print(
            tr(
                "nearest holder: {organization} ({subjects}, under {under})",
                organization=near["organization"],
                subjects="、".join(near["subjects"]),
                under="、".join(near["under"]),
            )
        )
    if result.decision is not None:
        to = "、".join(result.decision.to)
        console.print(
            tr(
                "[bold]decision[/bold]: {action}{to} — {reason}",
                action=tr(_DECISIONS[result.decision.action]),
                to=f" → {to}" if to else "",
                reason=result.decision.reason,
            )
        )
    if result.deadline is not None:
        deadline = result.deadline.deadline
        console.print(
            tr(
                "[bold]deadline[/bold]: {due} ({limit}, {kind} of {power}, counted from {start})",
                due=deadline.due.isoformat(),
                limit=deadline.limit.text,
                kind=tr(_LIMIT_KINDS[result.deadline.kind]),
                power=result.deadline.name,
                start=deadline.start.isoformat(),
            )
            + (tr(" — estimated: past the holiday calendar's years") if deadline.estimated else "")
        )
    elif result.candidates:
        console.print(tr("deadline: the data states no time limit for the handler's powers"))
    if not result.candidates:
        return
    table = Table(show_lines=True)
    for col, width in (
        (tr("organization"), 24),
        (tr("role"), 8),
        (tr("matched"), 30),
        (tr("duties and powers"), 50),
        (tr("posts"), 30),
        (tr("leaders above"), 40),
    ):
        table.add_column(col, max_width=width, overflow="fold")
    for candidate in result.candidates:
        matched = "\n".join(f"{m['subject']}/{m['action']}" if m["action"] else m["subject"] for m in candidate.matched)
        evidence = "\n".join(c["title"] for c in candidate.evidence)
        vacant = tr("(vacant)")
        posts = "\n".join(f"{link.post or ''}: {link.person or vacant}" for link in candidate.posts)
        leaders = "\n".join(f"{link.post or ''}: {link.person or vacant}" for link in candidate.leaders)
        table.add_row(candidate.organization.label, role_name(candidate.role), matched, evidence, posts, leaders)
    console.print(table)
