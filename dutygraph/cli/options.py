"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dutygraph.i18n import tr
from dutygraph.loaders import KINDS
from dutygraph.stores import open_store

if TYPE_CHECKING:
    from dutygraph.loaders import FileReport, OrganizationHint
    from dutygraph.stores import Store

__all__ = [
    "as_of_option",
    "document_options",
    "format_option",
    "print_reports",
    "reading_store",
    "store_from",
]

F = TypeVar("F", bound=Callable[..., Any])


def as_of_option(func: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        default=None,
        help="Date the findings are computed for (default: today).",
    )(func)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="Output format; json is a stable contract (README).",
    )(func)


def document_options(*kind_flags: str) -> Callable[[F], F]:
    """--kind, --organization, --region, --level, --valid-from: what a document does not say itself.

    ``kind_flags`` name the option that forces a file kind (``--kind`` where no other option has it).
    """

    def decorate(func: F) -> F:
        for option in reversed(_document_options(kind_flags or ("--kind",))):
            func = option(func)
        return func

    return decorate


def _document_options(kind_flags: tuple[str, ...]) -> list[Callable[[F], F]]:
    return [
        click.option(
            *kind_flags,
            "file_kind",
            type=click.Choice(KINDS),
            default=None,
            help="Read every file as this kind instead of detecting it (sanding = 三定规定, quanze = 权责清单).",
        ),
        click.option(
            "--organization",
            default=None,
            metavar="NAME",
            help="Full name of the organization a document does not name (a 权责清单 saying only 应急管理部门).",
        ),
        click.option("--region", default=None, help="Region of that organization, when its name does not say."),
        click.option(
            "--level",
            type=click.Choice(["national", "province", "city", "county", "township"]),
            default=None,
            help="Level of government of that organization (a 县级市 is county).",
        ),
        click.option(
            "--valid-from",
            "valid_from",
            metavar="YYYY-MM-DD",
            default=None,
            help="Date a 三定 or law text takes effect, or a 权责清单 was reviewed, when the document does not say.",
        ),
        click.option(
            "--allow-empty",
            "allow_empty",
            is_flag=True,
            help="Load files with nothing in them (0 bytes, a list with only its header) instead of refusing them.",
        ),
    ]


def hint_from(params: dict[str, Any]) -> OrganizationHint:
    from dutygraph.loaders import OrganizationHint

    return OrganizationHint(
        name=params.get("organization"),
        region=params.get("region"),
        level=params.get("level"),
        valid_from=params.get("valid_from"),
    )


def print_reports(reports: tuple[FileReport, ...], *, err: bool = False) -> None:
    """What was read from each document, and every note (a text ending early, a line not placed)."""
    for report in reports:
        click.echo(tr("read {path}: {summary}", path=report.path, summary=report.summary()), err=err)
        for note in report.notes:
            click.echo(tr("  note: {note}", note=note), err=err)


def store_from(ctx: click.Context, *, create: bool = True) -> Store:
    """The store chosen by --store, $DUTYGRAPH_STORE or the default."""
    uri: str | None = (ctx.find_root().obj or {}).get("store")
    return open_store(uri, create=create)


def reading_store(ctx: click.Context, paths: tuple[Path, ...], params: dict[str, Any] | None = None) -> Store:
    """A throw-away in-memory store holding ``paths``, or the chosen store (which must exist) without them.

    What was read from each document is reported on stderr.
    """
    if not paths:
        return store_from(ctx, create=False)
    from dutygraph.loaders import load_paths

    params = params or {}
    store = open_store("memory:")
    result = load_paths(
        store,
        paths,
        kind=params.get("file_kind"),
        hint=hint_from(params),
        allow_empty=bool(params.get("allow_empty")),
    )
    print_reports(result.reports, err=True)
    return store
