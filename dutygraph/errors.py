"""The exceptions dutygraph raises, all under :class:`DutygraphError`.

::

    DutygraphError
    ├── LoadError                 a document or dataset could not be loaded (names the file)
    │   ├── RowError              one problem at a file's row/line and column
    │   └── DatasetInvalid        every problem found in a dataset, reported at once
    ├── OntologyError             the ontology or shapes are inconsistent
    ├── StoreError                a store could not do what was asked
    │   ├── StoreUnavailable      the store cannot be opened or reached (names the URI and cause)
    │   ├── StoreBusy             another load is writing to the store (says who, since when)
    │   └── UnknownStore          no store is registered under that name (lists the known ones)
    ├── NotFound                  a node, incident or organization asked for does not exist
    └── QueryError                a query's arguments are invalid (bad date, unknown subject …)

Third-party errors (sqlite3, rdflib, pyshacl) are translated at the boundary with ``raise … from exc``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "DatasetInvalid",
    "DutygraphError",
    "LoadError",
    "NotFound",
    "OntologyError",
    "QueryError",
    "RowError",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "UnknownStore",
]


class DutygraphError(Exception):
    """Base of every error dutygraph raises on purpose."""

    hint: str | None = None


class LoadError(DutygraphError):
    """A document or dataset could not be loaded; nothing was written."""

    def __init__(self, path: str | Path, problem: str, hint: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class RowError(LoadError):
    """One problem at a row (CSV: 1-based line number of the file, header is line 1) and column."""

    def __init__(
        self,
        path: str | Path,
        row: int | None,
        problem: str,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.row = row
        self.column = column
        super().__init__(path, problem, hint)

    def __str__(self) -> str:
        from dutygraph.i18n import tr  # the catalog's module itself raises DutygraphError

        where = self.path if self.row is None else f"{self.path}:{self.row}"
        col = tr(" column {column}:", column=repr(self.column)) if self.column else ""
        return f"{where}:{col} {self.problem}"


class DatasetInvalid(LoadError):
    """All problems found while checking a dataset; the store was not changed."""

    def __init__(self, path: str | Path, errors: Sequence[RowError]) -> None:
        from dutygraph.i18n import ntr

        self.errors = list(errors)
        n = len(self.errors)
        super().__init__(
            path, ntr("{count} problem found; nothing was loaded", "{count} problems found; nothing was loaded", n)
        )

    def __str__(self) -> str:
        lines = [f"{self.path}: {self.problem}"]
        lines.extend(f"  {e}" for e in self.errors)
        return "\n".join(lines)


class OntologyError(DutygraphError):
    """The ontology or the shapes are inconsistent with each other or with the code."""


class StoreError(DutygraphError):
    """A store could not do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached."""

    def __init__(self, uri: str, cause: str) -> None:
        self.uri = uri
        self.cause = cause
        super().__init__(f"store {uri!r} is unavailable: {cause}")


class StoreBusy(StoreError):
    """Another load holds the store's load lock (a load that was asked not to wait)."""

    def __init__(self, uri: str, message: str) -> None:
        self.uri = uri
        super().__init__(message)


class UnknownStore(StoreError):
    """No store is registered under the name of a store URI."""

    def __init__(self, uri: str, known: Sequence[str]) -> None:
        self.uri = uri
        self.known = list(known)
        super().__init__(f"no store for {uri!r}; known stores: {', '.join(self.known)}")


class NotFound(DutygraphError):
    """A record asked for by id does not exist in the store."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        from dutygraph.i18n import tr
        from dutygraph.schema import kind_label

        super().__init__(tr("no {kind} {key} in the store", kind=kind_label(kind), key=repr(key)))


class QueryError(DutygraphError):
    """A query's arguments are invalid."""
