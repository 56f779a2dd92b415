"""``dutygraph boundaries [PATH…]``: the 职责边界清单 of a date, as the spreadsheet an office publishes."""

from __future__ import annotations

from pathlib import Path

import click

from dutygraph.cli.options import as_of_option, reading_store
from dutygraph.i18n import tr
from dutygraph.queries.context import as_iso_date
from dutygraph.report.boundaries import boundary_rows, write_boundaries

__all__ = ["boundaries_command"]


@click.command("boundaries")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@as_of_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("boundaries.xlsx"),
    show_default=True,
    help="Spreadsheet to write.",
)
@click.pass_context
def boundaries_command(ctx: click.Context, /, paths: tuple[Path, ...], as_of: str | None, out: Path) -> None:
    """Write the 职责边界清单 (sheet 职责边界清单): one row per shared duty, settled (已明确, from a 职责分工 in
    force: lead, cooperating, each side's part, the clause) or to be settled (待明确, each open overlap: the
    departments involved, their clauses, the suggestion).

    Fill in the 牵头部门 of a 待明确 row and load the file back (dutygraph load boundaries.xlsx): the row
    becomes a 职责分工 and the next audit no longer reports that overlap.
    """
    store = reading_store(ctx, paths)
    try:
        rows = boundary_rows(store, as_iso_date(as_of))
    finally:
        store.close()
    write_boundaries(rows, out)
    settled = sum(1 for r in rows if r.settled)
    click.echo(
        tr(
            "wrote {path}: {settled} settled, {open} to be settled",
            path=out,
            settled=settled,
            open=len(rows) - settled,
        )
    )
