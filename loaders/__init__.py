"""Loaders: documents in, validated records out, written to a store all-or-nothing.

``load_paths(store, paths)`` is the one entry point. It takes folders and files of every kind dutygraph
reads — its own dataset format (CSV files named after the record kinds), Turtle (SKOS schemes or a
dutygraph export), law texts, 三定规定 texts and 权责清单 spreadsheets — detects each file's kind (or takes
``kind``), checks everything, and writes it in one transaction.

The readers are imported when first used: a command that only reads the store does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutygraph.exports import lazy_exports

if TYPE_CHECKING:
    from dutygraph.loaders.loading import SHIPPED_SCHEMES, LoadResult, load_path, load_paths, shipped_records
    from dutygraph.loaders.report import FileReport
    from dutygraph.loaders.sanding import OrganizationHint

__all__ = [
    "KINDS",
    "SHIPPED_SCHEMES",
    "FileReport",
    "LoadResult",
    "OrganizationHint",
    "load_path",
    "load_paths",
    "shipped_records",
]

KINDS = ("dataset", "turtle", "law", "sanding", "quanze")
"""The kinds of input a load reads (``--kind``): dutygraph's CSV dataset, Turtle, a law, a 三定规定, a 权责清单."""

lazy_exports(
    __name__,
    {
        "SHIPPED_SCHEMES": "dutygraph.loaders.loading",
        "LoadResult": "dutygraph.loaders.loading",
        "load_path": "dutygraph.loaders.loading",
        "load_paths": "dutygraph.loaders.loading",
        "shipped_records": "dutygraph.loaders.loading",
        "FileReport": "dutygraph.loaders.report",
        "OrganizationHint": "dutygraph.loaders.sanding",
    },
)
