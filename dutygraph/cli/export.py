"""``dutygraph export``: the whole store as Turtle, in the ontology's terms."""

from __future__ import annotations

from pathlib import Path

import click

from dutygraph.cli.options import store_from
from dutygraph.i18n import tr
from dutygraph.rdf import export_turtle

__all__ = ["export_command"]


@click.command("export")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--with-personal-data",
    "personal",
    is_flag=True,
    help="Also export personal data (persons, 执法证, 任职, 请假), left out by default.",
)
@click.pass_context
def export_command(ctx: click.Context, out: Path | None, personal: bool) -> None:
    """Export the store as Turtle (load it back with `dutygraph load FILE.ttl`).

    Personal data (persons' names, 执法证 numbers, who held which post when, absences) is left out unless
    --with-personal-data is given; the file's first line says what was left out.
    """
    store = store_from(ctx, create=False)
    try:
        text = export_turtle(store, out, personal=personal)
    finally:
        store.close()
    if out is None:
        click.echo(text, nl=False)
    else:
        click.echo(tr("wrote {path}", path=out), err=True)
