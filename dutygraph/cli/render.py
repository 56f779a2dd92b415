"""Rendering of audits and traces for people (rich tables) and for tools (JSON)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from dutygraph.queries import FINDING_KINDS, Audit, Trace

__all__ = ["print_audit", "print_json", "print_trace"]


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _console() -> Console:
    return Console(width=200, soft_wrap=False)


def print_audit(result: Audit) -> None:
    console = _console()
    counts = result.counts()
    console.print(
        f"[bold]Audit as of {result.as_of}[/bold]: {len(result.findings)} findings"
        + (f" ({', '.join(f'{k} {n}' for k, n in counts.items())})" if counts else "")
    )
    for note in result.notes:
        console.print(f"note: {note}")
    for kind in FINDING_KINDS:
        findings = [f for f in result.findings if f.kind == kind]
        if not findings:
            continue
        table = Table(title=kind, title_justify="left", show_lines=True, expand=False)
        table.add_column("variant", no_wrap=True)
        table.add_column("finding", max_width=80)
        table.add_column("evidence", max_width=90)
        for f in findings:
            evidence = "\n".join(f"{e.source} {e.anchor}: {e.text}" for e in f.evidence)
            table.add_row(f.variant, f.message, evidence)
        console.print(table)


def print_trace(result: Trace) -> None:
    console = _console()
    head = f"[bold]Trace as of {result.date}[/bold]: subject {result.subject}"
    if result.action:
        head += f", action {result.action}"
    if result.region:
        head += f", region {result.region}"
    if result.incident:
        head += f" — incident {result.incident['id']}: {result.incident.get('description') or ''}"
    console.print(head)
    if not result.links:
        console.print("no duty or power in force covers this subject: nobody is answerable (a gap)")
        return
    table = Table(show_lines=True)
    for col in ("responsibility", "organization", "unit", "post", "person", "because"):
        table.add_column(col, max_width=70 if col == "because" else 30)
    for link in result.links:
        table.add_row(
            link.responsibility,
            link.organization,
            link.unit or "",
            link.post or "",
            link.person or "(vacant)",
            link.because,
        )
    console.print(table)
