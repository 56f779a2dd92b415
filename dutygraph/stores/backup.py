"""Backups of a store: one SQLite file holding every record and relationship, loaded back with ``load``.

The file has the embedded store's own layout, whatever store it came from: an embedded store is copied with
SQLite's online backup (a consistent snapshot while others read it), any other store (Neo4j) is read through
the store interface. The file is written beside its target and renamed into place, so an interrupted backup
never leaves half a file under the name asked for. ``dutygraph load FILE`` restores it: the store then holds
exactly what the backup holds, replaced in one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dutygraph.errors import LoadError
from dutygraph.i18n import tr
from dutygraph.records import Batch, Edge, Node
from dutygraph.schema import NODE_KINDS
from dutygraph.stores.base import Store
from dutygraph.stores.embedded import DDL, SCHEMA_VERSION, EmbeddedStore

__all__ = ["BackupSummary", "is_backup", "read_backup", "write_backup"]

_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds."""

    path: Path
    records: int
    relationships: int


def write_backup(store: Store, out: Path) -> BackupSummary:
    """Write every record and relationship of ``store`` to the SQLite file ``out`` (replaced if there)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        target = sqlite3.connect(scratch)
        try:
            if isinstance(store, EmbeddedStore):
                store.backup_into(target)
            else:
                _copy_through_interface(store, target)
            records = target.execute("SELECT count(*) FROM nodes").fetchone()[0]
            relationships = target.execute("SELECT count(*) FROM edges").fetchone()[0]
        finally:
            target.close()
        os.replace(scratch, out)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return BackupSummary(out, records, relationships)


def _copy_through_interface(store: Store, target: sqlite3.Connection) -> None:
    target.executescript(DDL)
    with target:
        target.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        for kind in NODE_KINDS:
            target.executemany(
                "INSERT INTO nodes (id, kind, props) VALUES (?, ?, ?)",
                (
                    (n.id, n.kind, json.dumps(dict(n.props), ensure_ascii=False, sort_keys=True))
                    for n in store.nodes(kind)
                ),
            )
        target.executemany("INSERT OR IGNORE INTO edges (src, kind, dst) VALUES (?, ?, ?)", store.edges())


def is_backup(path: Path) -> bool:
    """Whether ``path`` is a file written by :func:`write_backup` (an SQLite file), whatever its name."""
    try:
        with path.open("rb") as f:
            return path.is_file() and f.read(len(_MAGIC)) == _MAGIC
    except OSError:
        return False


def read_backup(path: Path) -> Batch:
    """The records and relationships of a backup, to be written over a store's whole content."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LoadError(path, tr("not a readable dutygraph backup: {exc}", exc=exc)) from None
    try:
        version = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            raise LoadError(
                path,
                tr(
                    "a backup of store schema {value}; this dutygraph reads {schema_version}",
                    value=version[0] if version else "?",
                    schema_version=SCHEMA_VERSION,
                ),
            )
        nodes = [Node(i, kind, json.loads(props)) for i, kind, props in db.execute("SELECT id, kind, props FROM nodes")]
        edges = [Edge(src, kind, dst) for src, kind, dst in db.execute("SELECT src, kind, dst FROM edges")]
    except sqlite3.Error as exc:
        raise LoadError(path, tr("not a readable dutygraph backup: {exc}", exc=exc)) from None
    except (ValueError, TypeError) as exc:
        raise LoadError(path, tr("a damaged dutygraph backup: {exc}", exc=exc)) from None
    finally:
        db.close()
    unknown = sorted({n.kind for n in nodes} - set(NODE_KINDS))
    if unknown:
        raise LoadError(path, tr("a backup with kinds of record this dutygraph does not know: {kinds}", kinds=unknown))
    return Batch(nodes, edges)
