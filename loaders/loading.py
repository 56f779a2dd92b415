"""Loading: the files of one load read, checked as a whole and written to the store in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from dutygraph.collector import collector_paused
from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.loaders.documents import read_files
from dutygraph.loaders.records import RawRecord, build_batch
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.sanding import OrganizationHint
from dutygraph.loaders.turtle import parse_turtle, records_from_rdf
from dutygraph.records import Node
from dutygraph.stores.backup import is_backup, read_backup
from dutygraph.stores.base import GraphReader, LoadSummary, Store

__all__ = ["SHIPPED_SCHEMES", "LoadResult", "load_path", "load_paths", "shipped_records"]

SHIPPED_SCHEMES = ("subjects.ttl", "actions.ttl", "power_types.ttl")
"""SKOS schemes shipped in ``ontology/``, seeded into every new store."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LoadResult:
    """What a load wrote, and what it read from each document."""

    summary: LoadSummary
    reports: tuple[FileReport, ...]


def shipped_records() -> list[RawRecord]:
    """The shipped taxonomies (subjects, actions, power types) as raw records."""
    base = files("dutygraph.ontology")
    records: list[RawRecord] = []
    for name in SHIPPED_SCHEMES:
        text = base.joinpath(name).read_text(encoding="utf-8")
        records.extend(records_from_rdf(parse_turtle(Path(name), text), f"ontology/{name}"))
    return records


def load_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    replace: bool = False,
    kind: str | None = None,
    hint: OrganizationHint | None = None,
    on_step: Progress | None = None,
    allow_empty: bool = False,
) -> LoadResult:
    """Load folders and files of any kind dutygraph reads into ``store``, all or nothing.

    A file with nothing to load is an error unless ``allow_empty`` (see :func:`read_files`).

    Raises
    ------
    LoadError
        (``DatasetInvalid`` with every problem) when anything is wrong; the store is then unchanged.
    """
    with collector_paused():
        return _load_paths(store, [Path(p) for p in paths], replace, kind, hint, on_step, allow_empty)


def _load_paths(
    store: Store,
    chosen: list[Path],
    replace: bool,
    kind: str | None,
    hint: OrganizationHint | None,
    on_step: Progress | None,
    allow_empty: bool,
) -> LoadResult:
    backups = [p for p in chosen if p.is_file() and is_backup(p)]
    if backups:
        return _restore(store, chosen, backups[0], on_step)
    reader: GraphReader = _EmptyReader() if replace else store
    seed = shipped_records() if replace or store.is_empty() else []
    reading = read_files(chosen, reader, seed=seed, kind=kind, hint=hint, on_step=on_step, allow_empty=allow_empty)
    records = reading.records
    if seed:
        # a dataset may restate a shipped concept (to mark it, say, as requiring supervision): it wins
        given = {r.first("id") for r in records[len(seed) :]}
        records = [r for r in records[: len(seed)] if r.first("id") not in given] + records[len(seed) :]
    if on_step:
        on_step("checking")
    where = str(chosen[0]) if len(chosen) == 1 else ", ".join(str(p) for p in chosen)
    batch = build_batch(records, reader, where)
    # what was read is in the batch now: dropped before writing, whose sorting and SQLite pages come on top
    del records
    reading.records.clear()
    if on_step:
        on_step("writing")
    summary = store.write(batch, source=where, replace=replace)
    return LoadResult(summary, tuple(reading.reports))


def _restore(store: Store, chosen: list[Path], backup: Path, on_step: Progress | None) -> LoadResult:
    """A backup (``dutygraph backup``) loaded: the store's whole content replaced by it, in one transaction."""
    if len(chosen) > 1:
        raise LoadError(backup, tr("a backup is restored on its own: load the other files after it"))
    if on_step:
        on_step("checking")
    batch = read_backup(backup)
    if on_step:
        on_step("writing")
    summary = store.write(batch, source=tr("restored from {path}", path=backup), replace=True)
    report = FileReport(str(backup), tr("backup"))
    report.note(None, tr("the store now holds exactly this backup: what it held before was replaced"))
    return LoadResult(summary, (report,))


def load_path(store: Store, path: str | Path, *, replace: bool = False, on_step: Progress | None = None) -> LoadSummary:
    """Load one folder or file into ``store`` (see :func:`load_paths`)."""
    return load_paths(store, [path], replace=replace, on_step=on_step).summary


class _EmptyReader:
    """What a store looks like to a load that replaces everything in it."""

    def get(self, node_id: str) -> None:
        return None

    def nodes(self, kind: str) -> Iterator[Node]:
        return iter(())

    def targets(self, node_id: str, edge: str) -> list[str]:
        return []

    def sources(self, node_id: str, edge: str) -> list[str]:
        return []
