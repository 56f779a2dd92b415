"""dutygraph: government duties as a graph.

Load 三定规定, 权责清单, laws, posts and rosters into a graph under an ontology, and ask, as of a date:
which duties two departments both hold, which nobody holds, which reach no post, which rest on no valid
law — and, from a failure, who was responsible.

>>> import dutygraph
>>> store = dutygraph.open_store("memory:")
>>> store.is_empty()
True
>>> dutygraph.audit(store, "2017-06-01").findings
[]
"""

from __future__ import annotations

from pathlib import Path as _Path
from typing import TYPE_CHECKING

# In a source checkout loaders/, queries/ and ontology/ sit beside this package and are installed
# inside it (pyproject's package-dir); let `dutygraph.loaders` resolve there too when not installed.
_root = _Path(__file__).resolve().parent.parent
if (_root / "pyproject.toml").is_file() and (_root / "loaders" / "records.py").is_file():
    __path__.append(str(_root))

from dutygraph.errors import (  # noqa: E402
    DatasetInvalid,
    DutygraphError,
    LoadError,
    NotFound,
    QueryError,
    RowError,
    StoreError,
    StoreUnavailable,
    UnknownStore,
)
from dutygraph.exports import lazy_exports  # noqa: E402

if TYPE_CHECKING:
    from dutygraph.loaders import OrganizationHint, load_path, load_paths
    from dutygraph.queries import AsOf, Audit, Finding, Trace, audit, trace
    from dutygraph.stores import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AsOf",
    "Audit",
    "DatasetInvalid",
    "DutygraphError",
    "Finding",
    "LoadError",
    "NotFound",
    "OrganizationHint",
    "QueryError",
    "RowError",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Trace",
    "UnknownStore",
    "audit",
    "load_path",
    "load_paths",
    "open_store",
    "trace",
]

# the loaders, analyses and stores are imported when first used: `dutygraph trace` does not pay for the readers
lazy_exports(
    __name__,
    {
        "OrganizationHint": "dutygraph.loaders",
        "load_path": "dutygraph.loaders",
        "load_paths": "dutygraph.loaders",
        "AsOf": "dutygraph.queries",
        "Audit": "dutygraph.queries",
        "Finding": "dutygraph.queries",
        "Trace": "dutygraph.queries",
        "audit": "dutygraph.queries",
        "trace": "dutygraph.queries",
        "Store": "dutygraph.stores",
        "open_store": "dutygraph.stores",
    },
)
