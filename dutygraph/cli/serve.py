"""``dutygraph serve``: the GraphQL service over HTTP (uvicorn)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from dutygraph.cli.options import store_from
from dutygraph.errors import DutygraphError
from dutygraph.i18n import tr

__all__ = ["serve_command"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--tokens",
    "tokens_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='API tokens: a JSON file {"TOKEN": "reader"|"inspector"|"loader"} (also $DUTYGRAPH_TOKENS, '
    "TOKEN:ROLE,…). Without any, every caller has every role and only localhost may connect.",
)
@click.option(
    "--allow-load-from",
    "load_roots",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder the loadDataset mutation may read server-side paths from (repeatable).",
)
@click.option("--max-depth", default=15, show_default=True, help="Deepest query accepted.")
@click.option("--max-cost", default=50000, show_default=True, help="Most field reads a query may cost.")
@click.option("--max-page", default=100, show_default=True, help="Largest page (`first`) of a connection.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a request may take.")
@click.option("--max-aliases", default=20, show_default=True, help="Most aliased fields in one query.")
@click.option("--rate", default=20.0, show_default=True, help="Requests per second one token may make on average.")
@click.option("--burst", default=40, show_default=True, help="Requests one token may make at once above its rate.")
@click.option("--concurrent", default=4, show_default=True, help="Requests one token may have running at once.")
@click.option("--workers", type=int, help="Threads running analyses off the event loop (default: the cores, ≥ 2).")
@click.pass_context
def serve_command(
    ctx: click.Context,
    /,
    host: str,
    port: int,
    tokens_file: Path | None,
    load_roots: tuple[Path, ...],
    max_depth: int,
    max_cost: int,
    max_page: int,
    timeout: float,
    max_aliases: int,
    rate: float,
    burst: int,
    concurrent: int,
    workers: int | None,
) -> None:
    """Serve the store over GraphQL at http://HOST:PORT/graphql (GraphiQL in a browser), /healthz too."""
    import uvicorn

    from dutygraph.graphql import Settings, create_app, read_tokens

    tokens = read_tokens(tokens_file)
    if not tokens and not _loopback(host):
        raise DutygraphError(
            tr(
                "no API tokens are configured, so the server may listen on localhost only, not {host}: "
                "give --tokens FILE or $DUTYGRAPH_TOKENS",
                host=host,
            )
        )
    settings = Settings(
        tokens=tokens,
        max_depth=max_depth,
        max_cost=max_cost,
        max_page=max_page,
        timeout=timeout,
        load_roots=tuple(p.resolve() for p in load_roots),
        max_aliases=max_aliases,
        rate=rate,
        burst=burst,
        concurrent=concurrent,
        **({"workers": workers} if workers else {}),
    )
    store = store_from(ctx, create=False)
    if settings.open_access:
        click.echo(
            tr(
                "no API tokens configured: every caller has every role, and only this machine ({host}) can connect",
                host=host,
            ),
            err=True,
        )
    click.echo(tr("serving {uri} at {url}", uri=store.uri, url=f"http://{host}:{port}/graphql"), err=True)
    try:
        uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")
    finally:
        store.close()
