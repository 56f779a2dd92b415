"""``dutygraph subjects [PATH…]``: the subject taxonomy, or the phrases of the texts it does not cover."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from dutygraph.cli.options import document_options, format_option, reading_store
from dutygraph.cli.render import print_json
from dutygraph.i18n import tr
from dutygraph.queries import find_unmatched, subject_tree

__all__ = ["subjects_command"]


@click.command("subjects")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--unmatched",
    is_flag=True,
    help="List the phrases of duties, powers and complaints that stand where a subject would and match no concept.",
)
@format_option
@document_options("--file-kind")
@click.pass_context
def subjects_command(
    ctx: click.Context, /, paths: tuple[Path, ...], unmatched: bool, fmt: str, **documents: Any
) -> None:
    """Show the subject taxonomy (监管对象), or with --unmatched what the texts name that it lacks.

    Grow the taxonomy with a SKOS file of your own (skos:Concept, skos:prefLabel/altLabel, skos:broader
    naming a shipped concept by its IRI or a concept of the file) loaded beside the documents; reloading
    the documents then reads them against it.
    """
    store = reading_store(ctx, paths, documents)
    try:
        if unmatched:
            found = find_unmatched(store)
            if fmt == "json":
                print_json({"unmatched": [u.to_dict() for u in found]})
                return
            title = tr("{count} phrases no subject matches", count=len(found))
            table = Table(title=title, title_justify="left", show_lines=False)
            for index, column in enumerate((tr("phrase"), tr("count"), tr("seen in"))):
                table.add_column(column, max_width=90 if index == 2 else 30)
            for entry in found:
                seen = "; ".join(f"{e.source} {e.anchor}" for e in entry.seen_in)
                table.add_row(entry.phrase, str(entry.count), seen)
            Console(width=200).print(table)
            return
        rows = subject_tree(store)
        if fmt == "json":
            print_json(
                {"subjects": [{"depth": d, "id": i, "label": label, "alt_labels": alts} for d, i, label, alts in rows]}
            )
            return
        for depth, node_id, label, alts in rows:
            more = f" ({'、'.join(alts)})" if alts else ""
            click.echo(f"{'  ' * depth}{label}{more}  [{node_id}]")
    finally:
        store.close()
