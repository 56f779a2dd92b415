"""``dutygraph audit [PATH…]``: every finding as of a date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dutygraph.cli.options import as_of_option, document_options, format_option, reading_store
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
@click.option(
    "--include-resolved",
    is_flag=True,
    help="Also list overlaps settled by a 职责分工 clause, and cooperations (one side only 参与/配合).",
)
@click.option(
    "--in-region",
    "in_region",
    metavar="CODE",
    help="Only the findings of this region (行政区划代码 or place name, e.g. 141125 or 柳林县).",
)
@click.option(
    "--min-severity",
    type=click.Choice(["high", "medium", "low", "info"]),
    help="Only findings at least this pressing (overlaps: duplicate/subsumed high, 综合 vs 行业 low).",
)
@click.option(
    "--with-subregions", is_flag=True, help="With --in-region: also the regions within it (a city's counties)."
)
@document_options("--file-kind")
@click.pass_context
def audit_command(
    ctx: click.Context,
    /,
    paths: tuple[Path, ...],
    as_of: str | None,
    fmt: str,
    kinds: tuple[str, ...],
    include_resolved: bool,
    in_region: str | None,
    with_subregions: bool,
    min_severity: str | None,
    **documents: Any,
) -> None:
    """Report overlaps, gaps, unassigned duties and basis problems as of a date.

    With PATHs (folders or files: datasets, Turtle, 三定 and law texts, 权责清单 spreadsheets) they are
    loaded into a throw-away store, and what was read from each document is printed on stderr; without,
    the chosen store is read.
    """
    store = reading_store(ctx, paths, documents)
    try:
        result = audit(
            store,
            as_of,
            kinds=kinds or None,
            include_resolved=include_resolved,
            region=in_region,
            with_subregions=with_subregions,
            min_severity=min_severity,
        )
    finally:
        store.close()
    if fmt == "json":
        print_json(result.to_dict())
    else:
        print_audit(result)
