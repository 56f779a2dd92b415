"""``dutygraph basis-update LIST [PATH…] --as-of DATE --out FILE.xlsx``: the list with its stale citations replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dutygraph.cli.options import as_of_option, document_options, reading_store
from dutygraph.errors import LoadError
from dutygraph.i18n import N_, tr
from dutygraph.loaders.power_list import basis_column
from dutygraph.loaders.tables import read_tables
from dutygraph.queries.basis_update import RowUpdate, basis_updates
from dutygraph.queries.context import as_iso_date

__all__ = ["basis_update_command"]

_ADDED = (N_("original basis (原实施依据)"), N_("basis update (依据更新说明)"), N_("check (核对)"))


@click.command("basis-update")
@click.argument("listed", metavar="LIST", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@as_of_option
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The workbook to write."
)
@document_options("--file-kind")
@click.pass_context
def basis_update_command(
    ctx: click.Context, /, listed: Path, paths: tuple[Path, ...], as_of: str | None, out: Path, **documents: Any
) -> None:
    """Write LIST back with each stale 实施依据 replaced by the article that now carries it.

    With PATHs (the law texts, folders) LIST and they are loaded into a throw-away store; without, LIST
    must be loaded in the chosen store already. Beside each changed row: the citation as it was
    (原实施依据), what changed and the alignment's score (依据更新说明), and 需人工核对 where a person
    must decide (no successor, a split article, a weak match, another basis problem).
    """
    store = reading_store(ctx, (listed, *paths) if paths else (), documents)
    try:
        updates = basis_updates(store, as_of or as_iso_date(None), listed.name)
    finally:
        store.close()
    changed, checks = _write(listed, updates, out)
    click.echo(
        tr(
            "wrote {path}: {changed} rows changed, {checks} to check by hand (需人工核对)",
            path=out,
            changed=changed,
            checks=checks,
        )
    )


def _write(listed: Path, updates: dict[int, RowUpdate], out: Path) -> tuple[int, int]:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    changed = checks = 0
    for sheet in read_tables(listed):
        ws = book.create_sheet(sheet.name[:31])
        where = basis_column(sheet)
        for index, (number, cells) in enumerate(sheet.rows):
            row = list(cells)
            if where is not None and index == where[0]:
                row += [tr(heading) for heading in _ADDED]
            elif where is not None and number in updates:
                update, column = updates[number], where[1]
                before = row[column] if column < len(row) else ""
                after = before
                for change in update.changes:
                    written = change.cited.split("》")[-1] if "》" in change.cited else change.anchor
                    if change.replacement and written and written in after:
                        after = after.replace(written, change.replacement, 1)
                if column < len(row):
                    row[column] = after
                notes = "；".join(c.note for c in update.changes)
                row += [before, notes, tr("check by hand (需人工核对)") if update.check else ""]
                changed += after != before
                checks += update.check
            ws.append(row)
    if not book.worksheets:
        raise LoadError(listed, tr("no table to write back"))
    book.save(out)
    return changed, checks
