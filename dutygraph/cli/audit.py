"""``dutygraph audit [PATH…]``: every finding as of a date."""

from __future__ import annotations

from pathlib import Path

import click

from dutygraph.cli.options import as_of_option, format_option, reading_store
from dutygraph.cli.render import print_audit, print_json
from dutygraph.queries import FINDING_KINDS, audit

__all__ = ["audit_command"]


@click.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@as_of_option
@format_option
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(sorted(FINDING_KINDS)),
    help="Only these finding kinds (repeatable). Default: all.",
)
@click.option("--include-resolved", is_flag=True, help="Also list overlaps settled by a 职责分工 clause.")
@click.pass_context
def audit_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    as_of: str | None,
    fmt: str,
    kinds: tuple[str, ...],
    include_resolved: bool,
) -> None:
    """Report overlaps, gaps, unassigned duties and basis problems as of a date.

    With PATHs (dataset folders or Turtle files) they are loaded into a throw-away store; without, the
    chosen store is read.
    """
    store = reading_store(ctx, paths)
    try:
        result = audit(store, as_of, kinds=kinds or None, include_resolved=include_resolved)
    finally:
        store.close()
    if fmt == "json":
        print_json(result.to_dict())
    else:
        print_audit(result)
