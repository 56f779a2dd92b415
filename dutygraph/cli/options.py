"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from dutygraph.stores import Store, open_store

__all__ = ["as_of_option", "format_option", "store_from"]

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


def store_from(ctx: click.Context) -> Store:
    """The store chosen by --store, $DUTYGRAPH_STORE or the default."""
    uri: str | None = (ctx.find_root().obj or {}).get("store")
    return open_store(uri)
