"""``dutygraph trace``: from an incident (or a subject and date) to the persons responsible."""

from __future__ import annotations

from pathlib import Path

import click

from dutygraph.cli.options import format_option, reading_store
from dutygraph.cli.render import print_json, print_trace
from dutygraph.errors import QueryError
from dutygraph.i18n import tr
from dutygraph.queries import trace

__all__ = ["trace_command"]


@click.command("trace")
@click.argument("incident", required=False)
@click.option("--subject", help="Subject (id or label, e.g. 石膏矿) when no incident is given.")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Date of the failure when no incident is given.")
@click.option(
    "--region",
    help=(
        "Region (行政区划代码 or place name): its organizations and those of every area under it "
        "(districts, towns); default: all regions."
    ),
)
@click.option("--action", help="Kind of action (id or label); default: all actions.")
@click.option(
    "--data",
    "paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Dataset folder or Turtle file to trace in (repeatable) instead of the store.",
)
@format_option
@click.pass_context
def trace_command(
    ctx: click.Context,
    incident: str | None,
    subject: str | None,
    on: str | None,
    region: str | None,
    action: str | None,
    paths: tuple[Path, ...],
    fmt: str,
) -> None:
    """Trace responsibility: INCIDENT id, or --subject and --date (with optional --region and --action).

    Lists the duties and powers covering the subject on that date, the posts carrying them and the
    persons holding those posts (direct), the unit heads and leaders in charge (supervisory) and the
    chief (leadership), each with the reason and its evidence.
    """
    if incident is None and (subject is None or on is None):
        raise QueryError(tr("give an INCIDENT id, or --subject and --date"))
    if incident is not None and (subject or on or region or action):
        raise QueryError(tr("give either an INCIDENT id or --subject/--date/--region/--action, not both"))
    store = reading_store(ctx, paths)
    try:
        result = trace(store, incident=incident, subject=subject, on=on, region=region, action=action)
    finally:
        store.close()
    if fmt == "json":
        print_json(result.to_dict())
    else:
        print_trace(result)
