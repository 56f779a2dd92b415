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
@click.pass_context
def export_command(ctx: click.Context, out: Path | None) -> None:
    """Export the store as Turtle (load it back with `dutygraph load FILE.ttl`)."""
    store = store_from(ctx, create=False)
    try:
        text = export_turtle(store, out)
    finally:
        store.close()
    if out is None:
        click.echo(text, nl=False)
    else:
        click.echo(tr("wrote {path}", path=out), err=True)
