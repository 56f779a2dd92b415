"""``dutygraph load PATH…``: load datasets or Turtle files into the store, each all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from dutygraph.cli.options import store_from
from dutygraph.loaders import load_path

__all__ = ["load_command"]


def _steps(path: Path) -> int:
    if path.is_dir():
        return len(list(path.glob("*.csv"))) + len(list(path.glob("*.ttl"))) + 2
    return 3


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Empty the store first (in the same transaction as the load).")
@click.pass_context
def load_command(ctx: click.Context, paths: tuple[Path, ...], replace: bool) -> None:
    """Load dataset folders (CSV files) or Turtle files into the store.

    Each PATH is checked as a whole and written in one transaction: on any problem nothing of it is
    written and every problem is listed with its file, row and column.
    """
    store = store_from(ctx)
    err = Console(stderr=True)
    try:
        for i, path in enumerate(paths):
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task(f"loading {path}", total=_steps(path))

                def step(name: str, task: TaskID = task, path: Path = path) -> None:
                    progress.update(task, advance=1, description=f"{path}: {name}")

                summary = load_path(store, path, replace=replace and i == 0, on_step=step)
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(summary.nodes.items()))
            click.echo(f"loaded {path}: {summary.total_nodes} records, {summary.edges} relationships ({kinds})")
        click.echo(f"store {store.uri}: {sum(store.counts().values())} records")
    finally:
        store.close()
