"""Loaders: documents in, validated records out, written to a store all-or-nothing.

``load_path(store, path)`` is the one entry point: a folder of the dataset format (CSV files, plus
any ``*.ttl`` SKOS or dutygraph Turtle beside them), or a single ``.ttl`` file (a dutygraph export or
a SKOS taxonomy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path

from dutygraph.errors import LoadError
from dutygraph.loaders.csv_dataset import read_folder
from dutygraph.loaders.records import RawRecord, build_batch
from dutygraph.loaders.turtle import parse_turtle, records_from_rdf
from dutygraph.records import Node
from dutygraph.stores.base import GraphReader, LoadSummary, Store

__all__ = ["SHIPPED_SCHEMES", "load_path", "read_path", "shipped_records"]

SHIPPED_SCHEMES = ("subjects.ttl", "actions.ttl", "power_types.ttl")
"""SKOS schemes shipped in ``ontology/``, seeded into every new store."""

Progress = Callable[[str], None]


def shipped_records() -> list[RawRecord]:
    """The shipped taxonomies (subjects, actions, power types) as raw records."""
    base = files("dutygraph.ontology")
    records: list[RawRecord] = []
    for name in SHIPPED_SCHEMES:
        text = base.joinpath(name).read_text(encoding="utf-8")
        records.extend(records_from_rdf(parse_turtle(Path(name), text), f"ontology/{name}"))
    return records


def read_path(path: Path, on_step: Progress | None = None) -> list[RawRecord]:
    """Raw records of a dataset folder or a Turtle file."""
    if path.is_dir():
        if not any(path.glob("*.csv")) and not any(path.glob("*.ttl")):
            raise LoadError(path, "no dataset files here (organizations.csv, duties.csv … or *.ttl)")
        records = read_folder(path, on_step)
        for ttl in sorted(path.glob("*.ttl")):
            if on_step:
                on_step(ttl.name)
            records.extend(records_from_rdf(parse_turtle(ttl), str(ttl)))
        return records
    if path.suffix.lower() in (".ttl", ".turtle"):
        if on_step:
            on_step(path.name)
        return records_from_rdf(parse_turtle(path), str(path))
    if not path.exists():
        raise LoadError(path, "no such file or folder")
    raise LoadError(path, "not a dataset folder or a Turtle (.ttl) file")


def load_path(store: Store, path: str | Path, *, replace: bool = False, on_step: Progress | None = None) -> LoadSummary:
    """Load a dataset folder or Turtle file into ``store``, all or nothing.

    Raises
    ------
    LoadError
        (``DatasetInvalid`` with every problem) when anything is wrong; the store is then unchanged.
    """
    path = Path(path)
    records = read_path(path, on_step)
    reader: GraphReader = store
    if replace or store.is_empty():
        given = {r.values.get("id", [""])[0] for r in records}
        # a dataset may restate a shipped concept (to mark it, say, as requiring supervision): it wins
        records = [r for r in shipped_records() if r.values["id"][0] not in given] + records
        if replace:
            reader = _EmptyReader()
    if on_step:
        on_step("checking")
    batch = build_batch(records, reader, str(path))
    if on_step:
        on_step("writing")
    return store.write(batch, source=str(path), replace=replace)


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
