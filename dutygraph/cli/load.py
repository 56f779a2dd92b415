"""``dutygraph load PATH…``: load folders and files of every kind into the store, all-or-nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dutygraph.cli.options import document_options, hint_from, print_reports, store_from
from dutygraph.i18n import N_, tr
from dutygraph.loaders import LoadResult, load_paths
from dutygraph.schema import counted
from dutygraph.stores import Store

__all__ = ["load_command"]


_PHASES = (N_("checking"), N_("writing"))
"""The steps of a load besides reading each file (named by :func:`~dutygraph.loaders.load_paths`)."""
_WRITTEN = (N_("records"), N_("relationships"))
"""What a store tells it has written (``Store.on_progress``)."""


def _steps(paths: tuple[Path, ...]) -> int:
    count = sum(len([p for p in path.iterdir() if p.is_file()]) if path.is_dir() else 1 for path in paths)
    return count + 2  # checking, writing


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Empty the store first (in the same transaction as the load).")
@document_options("--kind", "--file-kind")
@click.pass_context
def load_command(ctx: click.Context, /, paths: tuple[Path, ...], replace: bool, **documents: Any) -> None:
    """Load folders and files into the store: dataset CSVs, Turtle, 三定 and law texts (.txt, .md, .docx)
    and 权责清单 spreadsheets (.xlsx, .xls, .csv).

    Each file's kind is detected (or given by --kind). All PATHs are checked together and written in one
    transaction: on any problem nothing is written and every problem is listed with its file, line or row,
    and column. What was read from each document is printed, with every line that could not be placed.
    """
    store = store_from(ctx)
    err = Console(stderr=True)
    try:
        # another load of the same store runs to its end first; what it wrote is then read before checking ours
        with store.exclusive(on_wait=lambda message: err.print(message, markup=False, highlight=False)):
            store.refresh()
            result = _load(store, paths, replace, documents, err)
        print_reports(result.reports)
        summary = result.summary
        kinds = counted(sorted(summary.nodes.items()))
        where = ", ".join(str(p) for p in paths)
        click.echo(
            tr(
                "loaded {where}: {records} records, {edges} relationships ({kinds})",
                where=where,
                records=summary.total_nodes,
                edges=summary.edges,
                kinds=kinds,
            )
        )
        click.echo(tr("store {uri}: {records} records", uri=store.uri, records=sum(store.counts().values())))
    finally:
        store.close()


def _load(store: Store, paths: tuple[Path, ...], replace: bool, documents: dict[str, Any], err: Console) -> LoadResult:
    """Read, check and write ``paths``, with a progress bar on stderr."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(tr("loading"), total=_steps(paths))
        # each part of the write (records, then relationships) is timed from where the previous one ended
        since = {"": time.perf_counter()}

        def step(name: str) -> None:
            since[""] = time.perf_counter()
            progress.update(task, advance=1, description=tr(name) if name in _PHASES else name)

        def rows(what: str, done: int, total: int) -> None:
            started = since.setdefault(what, since[""])
            rate = done / max(time.perf_counter() - started, 1e-9)
            if done == total:
                since[""] = time.perf_counter()
            description = tr(
                "writing {what}: {done}/{total} ({rate} per second)",
                what=tr(what) if what in _WRITTEN else what,
                done=f"{done:,}",
                total=f"{total:,}",
                rate=f"{rate:,.0f}",
            )
            if what == "relationships" and done == total:  # written last: the store's indexes and commit follow
                description = tr("writing: indexing and committing {total} relationships", total=f"{total:,}")
            progress.update(task, description=description)

        store.on_progress = rows
        try:
            result = load_paths(
                store,
                paths,
                replace=replace,
                kind=documents.get("file_kind"),
                hint=hint_from(documents),
                on_step=step,
                allow_empty=bool(documents.get("allow_empty")),
            )
        finally:
            store.on_progress = None
    return result
