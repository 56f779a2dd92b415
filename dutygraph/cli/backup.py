"""``dutygraph backup --out FILE``: the whole store in one file, restored with ``dutygraph load FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from dutygraph.cli.options import store_from
from dutygraph.i18n import tr
from dutygraph.stores.backup import write_backup
from dutygraph.stores.embedded import EmbeddedStore

__all__ = ["backup_command"]


@click.command("backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (an SQLite file; replaced if it exists).",
)
@click.pass_context
def backup_command(ctx: click.Context, out: Path) -> None:
    """Back the store up into one file, personal data included: keep it as safe as the store.

    An embedded store is copied with SQLite's online backup while servers and loads go on; another store is
    read through dutygraph. Restore with `dutygraph load FILE`: the store then holds exactly the backup.
    For a Neo4j server, its own full backup is `neo4j-admin database dump neo4j --to-path=DIR` (run on the
    server, the database stopped), restored with `neo4j-admin database load`.
    """
    store = store_from(ctx, create=False)
    try:
        summary = write_backup(store, out)
        server = not isinstance(store, EmbeddedStore)
    finally:
        store.close()
    click.echo(
        tr(
            "backed up {uri} to {path}: {records} records, {edges} relationships (restore: dutygraph load {path})",
            uri=store.uri,
            path=summary.path,
            records=summary.records,
            edges=summary.relationships,
        )
    )
    if server:
        click.echo(
            tr("for the Neo4j server's own backup: neo4j-admin database dump neo4j --to-path=DIR (on the server)"),
            err=True,
        )
