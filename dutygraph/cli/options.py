"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from dutygraph.loaders import load_path
from dutygraph.stores import Store, open_store

__all__ = ["as_of_option", "format_option", "reading_store", "store_from"]

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


def store_from(ctx: click.Context, *, create: bool = True) -> Store:
    """The store chosen by --store, $DUTYGRAPH_STORE or the default."""
    uri: str | None = (ctx.find_root().obj or {}).get("store")
    return open_store(uri, create=create)


def reading_store(ctx: click.Context, paths: tuple[Path, ...]) -> Store:
    """A throw-away in-memory store holding ``paths``, or the chosen store (which must exist) without them."""
    if not paths:
        return store_from(ctx, create=False)
    store = open_store("memory:")
    for path in paths:
        load_path(store, path)
    return store
