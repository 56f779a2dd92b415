"""``dutygraph init``: prepare the store — for Neo4j, its constraints and indexes (idempotent)."""

from __future__ import annotations

import click

from dutygraph.cli.options import store_from
from dutygraph.i18n import tr

__all__ = ["init_command"]


@click.command("init")
@click.pass_context
def init_command(ctx: click.Context, /) -> None:
    """Create the store: the embedded store's folder, or the Neo4j database's constraints and indexes
    (each IF NOT EXISTS: running it again changes nothing)."""
    store = store_from(ctx)
    try:
        init_schema = getattr(store, "init_schema", None)
        if init_schema is not None:
            for query in init_schema():
                click.echo(query)
        click.echo(tr("store {uri} is ready: {records} records", uri=store.uri, records=sum(store.counts().values())))
    finally:
        store.close()
