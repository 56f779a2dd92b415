"""``dutygraph trace``: from an incident (or a subject and date) to the persons responsible."""

from __future__ import annotations

from pathlib import Path

import click

from dutygraph.cli.options import format_option, reading_store
from dutygraph.cli.render import print_json, print_route, print_trace
from dutygraph.errors import QueryError
from dutygraph.i18n import tr
from dutygraph.queries.trace import trace

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
@click.option(
    "--place",
    help=(
        "Where the failure happened (行政区划代码 or place name): the organizations of that area and of the areas "
        "above it answer, and the governments of the areas below a department's (属地责任)."
    ),
)
@click.option("--action", help="Kind of action (id or label); default: all actions.")
@click.option(
    "--text",
    help="A complaint in its own words: route it (who must act, who answers, by when) instead of a subject.",
)
@click.option(
    "--received-by",
    help="With --text: the organization that received the complaint (id or name): handle it or forward it.",
)
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
    place: str | None,
    action: str | None,
    text: str | None,
    received_by: str | None,
    paths: tuple[Path, ...],
    fmt: str,
) -> None:
    """Trace responsibility: INCIDENT id, or --subject and --date (with optional --place, --region, --action).

    Lists, as of that date: the enterprise an incident names and its principal (主体责任); the departments
    whose duties and powers cover the subject, the lead before the cooperating, with the posts carrying
    them and the persons holding them (direct; the A角 before the B角), the unit heads and leaders in charge
    (supervisory) and the chief (leadership); the government each works for, its leader in charge and its
    chief (leadership); the governments of the area where it happened (territorial). Each link gives the
    reason, its evidence and any structural cause (an open overlap, a vacant post, no B角 …).

    With --text and --date, a complaint is routed from its own words (--region or --place: where; --received-by:
    who received it): the subjects and actions read and the words they were read from, the candidate
    organizations lead first with their duties, posts and leaders, whether it is an overlap or a gap, whether
    to handle or forward it (转办) and by when (the time limits of the powers, on the working-day calendar).
    """
    if text is not None:
        _route(ctx, text, on, place or region, received_by, incident, subject, action, paths, fmt)
        return
    if received_by is not None:
        raise QueryError(tr("--received-by goes with --text"))
    if incident is None and (subject is None or on is None):
        raise QueryError(tr("give an INCIDENT id, or --subject and --date"))
    if incident is not None and (subject or on or region or place or action):
        raise QueryError(tr("give either an INCIDENT id or --subject/--date/--place/--region/--action, not both"))
    store = reading_store(ctx, paths)
    try:
        result = trace(store, incident=incident, subject=subject, on=on, region=region, action=action, place=place)
    finally:
        store.close()
    if fmt == "json":
        print_json(result.to_dict())
    else:
        print_trace(result)


def _route(
    ctx: click.Context,
    text: str,
    on: str | None,
    where: str | None,
    received_by: str | None,
    incident: str | None,
    subject: str | None,
    action: str | None,
    paths: tuple[Path, ...],
    fmt: str,
) -> None:
    if on is None:
        raise QueryError(tr("--text needs --date (the day the complaint was received)"))
    if incident or subject or action:
        raise QueryError(tr("give either --text or an INCIDENT id / --subject / --action, not both"))
    store = reading_store(ctx, paths)
    try:
        from dutygraph.queries.route import route  # a complaint's reader: only when one is routed

        result = route(store, text, on, region=where, received_by=received_by)
    finally:
        store.close()
    if fmt == "json":
        print_json(result.to_dict())
    else:
        print_route(result)
