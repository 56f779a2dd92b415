"""The embedded store (the default): a SQLite file for durability, networkx in memory for traversal.

SQLite gives what a load needs: one transaction per write, so a crash or an error mid-load leaves the
previous state as it was. On open the whole graph is read into a ``networkx.MultiDiGraph`` whose edge
keys are the relationship kinds; reads never touch the file again.

Several processes may use one store: the file is in WAL mode, so a server reading it is never blocked by a
load writing it, and the graph read on open is one snapshot (one read transaction), never half of a load.
:meth:`EmbeddedStore.changed_elsewhere` says when another process has committed since; loads take turns
through a lock file beside the database (:meth:`EmbeddedStore.exclusive`).
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx

from dutygraph.collector import collector_paused, release_long_lived, settle_long_lived
from dutygraph.errors import StoreBusy, StoreUnavailable
from dutygraph.i18n import tr
from dutygraph.records import Batch, Node
from dutygraph.stores.base import LoadSummary, Store

__all__ = ["DB_FILE", "EmbeddedStore"]

_GENERATIONS = itertools.count()

DB_FILE = "graph.sqlite3"
LOCK_FILE = "load.lock"
SCHEMA_VERSION = "1"

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, kind TEXT NOT NULL, props TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL, kind TEXT NOT NULL, dst TEXT NOT NULL,
    PRIMARY KEY (src, kind, dst)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS loads (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, source TEXT NOT NULL, nodes INTEGER NOT NULL, edges INTEGER NOT NULL
);
"""


class EmbeddedStore(Store):
    """A store in a folder (``.dutygraph/`` by default), or only in memory when ``folder`` is ``None``."""

    def __init__(self, folder: str | Path | None, uri: str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        super().__init__(uri or (str(self.folder) if self.folder else "memory:"))
        self.persistent = self.folder is not None
        try:
            if self.folder is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.folder / DB_FILE, isolation_level=None, check_same_thread=False)
                # readers (a server) and a writer (a load) in other processes never wait for each other
                self._db.execute("PRAGMA journal_mode=WAL")
            else:
                self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            self._db.executescript(DDL)
            version = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if version is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif version[0] != SCHEMA_VERSION:
                raise StoreUnavailable(
                    self.uri,
                    tr(
                        "store schema {value}, this dutygraph reads {schema_version}",
                        value=version[0],
                        schema_version=SCHEMA_VERSION,
                    ),
                )
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(self.uri, str(exc)) from exc
        self._graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        # records of each kind in the order they were written: a kind read whole is walked in memory order
        self._by_kind: dict[str, dict[str, Node]] = defaultdict(dict)
        # a server reads and writes from several threads: writes (and the listing of a kind) take turns
        self._lock = threading.RLock()
        # moves on every write: views and answers kept between queries are dropped when it moves. Drawn from one
        # process-wide count, so that a store opened anew (a server following another process's load) never
        # repeats a generation of the one it replaces, whatever id the new object gets
        self.generation = next(_GENERATIONS)
        self._read_all()

    def _read_all(self) -> None:
        with collector_paused():
            # one read transaction: the records and relationships of one committed state, whatever commits meanwhile
            self._db.execute("BEGIN")
            try:
                self._index_all()
                self._version = self._data_version()
            finally:
                self._db.execute("COMMIT")
        settle_long_lived()

    def _data_version(self) -> int:
        row = self._db.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def changed_elsewhere(self) -> bool:
        """Whether another process committed a write to the file since this store read it."""
        with self._lock:
            try:
                return self._data_version() != self._version
            except sqlite3.Error:
                return False

    def refresh(self) -> bool:
        """Read the file again if another process changed it (for a command about to write); whether it did."""
        with self._lock:
            if not self.changed_elsewhere():
                return False
            self._read_all()
            self.generation = next(_GENERATIONS)
            return True

    def exclusive(
        self, on_wait: Callable[[str], None] | None = None, *, wait: bool = True
    ) -> AbstractContextManager[None]:
        """Hold the store's load lock (a lock file beside the database) for a whole load: read, check, write.

        Another holder (a load in another process) is waited for, after ``on_wait`` is told who holds it; with
        ``wait=False`` a held lock is a :class:`StoreBusy` error instead.
        """
        if self.folder is None:
            return nullcontext()
        return _load_lock(self.folder / LOCK_FILE, self.uri, on_wait, wait)

    def _index_all(self) -> None:
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        by_kind: dict[str, dict[str, Node]] = defaultdict(dict)
        nodes: dict[str, Node] = {}
        for node_id, kind, props in self._db.execute("SELECT id, kind, props FROM nodes ORDER BY rowid"):
            node = nodes[node_id] = by_kind[kind][node_id] = Node(node_id, kind, json.loads(props))
            graph.add_node(node_id, node=node)
        edges = [
            (_same_id(nodes, src), kind, _same_id(nodes, dst))
            for src, kind, dst in self._db.execute("SELECT src, kind, dst FROM edges ORDER BY src, kind, dst")
        ]
        graph.add_edges_from((src, dst, kind) for src, kind, dst in edges)
        out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for src, kind, dst in edges:
            out[kind][src].append(dst)
            into[kind][dst].append(src)
        for by_node in into.values():
            for sources in by_node.values():
                sources.sort()
        self._graph, self._by_kind = graph, by_kind
        # records by id, beside the graph: the analyses look records up millions of times
        self._nodes: dict[str, Node] = nodes
        # plain dicts from here on: a reader's lookup of a missing key must not add it
        self._out: dict[str, dict[str, list[str]]] = {kind: dict(by_node) for kind, by_node in out.items()}
        self._in: dict[str, dict[str, list[str]]] = {kind: dict(by_node) for kind, by_node in into.items()}

    # -- reading ---------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        return self._nodes.get(node_id)

    @property
    def node_index(self) -> Mapping[str, Node]:
        """Records by id (read-only by contract): an analysis looks records up millions of times."""
        return self._nodes

    def nodes(self, kind: str) -> Iterator[Node]:
        with self._lock:
            found = list(self._by_kind.get(kind, {}).values())
        yield from found

    # relationships are indexed by kind, then node, kept sorted: a node many records point at (a power type, a
    # law) answers for one kind without walking all its neighbours, and an analysis takes a whole kind at once
    def targets(self, node_id: str, edge: str) -> list[str]:
        found = self._out.get(edge)
        return list(found.get(node_id, ())) if found else []

    def sources(self, node_id: str, edge: str) -> list[str]:
        found = self._in.get(edge)
        return list(found.get(node_id, ())) if found else []

    def targets_by_source(self, edge: str) -> Mapping[str, Sequence[str]]:
        # the index itself, not a copy: read-only by contract, and replaced (not emptied) by a replacing write
        return self._out.get(edge) or {}

    def sources_by_target(self, edge: str) -> Mapping[str, Sequence[str]]:
        return self._in.get(edge) or {}

    def counts(self) -> dict[str, int]:
        return {kind: len(ids) for kind, ids in sorted(self._by_kind.items()) if ids}

    def edges(self) -> Iterator[tuple[str, str, str]]:
        # from the indexes, not networkx's edge view: that view points back at the graph, a reference cycle
        for kind, by_source in list(self._out.items()):
            for src, targets in list(by_source.items()):
                for dst in targets:
                    yield src, kind, dst

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The networkx graph (read-only by convention): node attribute ``node`` holds the :class:`Node`."""
        return self._graph

    def backup_into(self, target: sqlite3.Connection) -> None:
        """Copy the store's database into ``target`` with SQLite's online backup (one consistent state)."""
        with self._lock:
            self._db.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one file on its own, readable without its -wal beside it

    def loads(self) -> list[dict[str, object]]:
        """The history of writes, oldest first."""
        rows = self._db.execute("SELECT id, at, source, nodes, edges FROM loads ORDER BY id")
        return [dict(zip(("id", "at", "source", "nodes", "edges"), row, strict=True)) for row in rows]

    # -- writing ---------------------------------------------------------------------------------
    def write(self, batch: Batch, *, source: str, replace: bool = False) -> LoadSummary:
        with self._lock:
            return self._write(batch, source, replace)

    def _write(self, batch: Batch, source: str, replace: bool) -> LoadSummary:
        ids = [n.id for n in batch.nodes]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if replace:
                    self._db.execute("DELETE FROM nodes")
                    self._db.execute("DELETE FROM edges")
                else:
                    self._db.executemany("DELETE FROM edges WHERE src = ?", ((i,) for i in ids))
                self._db.executemany(
                    "INSERT OR REPLACE INTO nodes (id, kind, props) VALUES (?, ?, ?)",
                    (
                        (n.id, n.kind, json.dumps(dict(n.props), ensure_ascii=False, sort_keys=True))
                        for n in batch.nodes
                    ),
                )
                self._db.executemany(
                    "INSERT OR IGNORE INTO edges (src, kind, dst) VALUES (?, ?, ?)",
                    ((e.src, e.kind, e.dst) for e in batch.edges),
                )
                self._db.execute(
                    "INSERT INTO loads (at, source, nodes, edges) VALUES (?, ?, ?, ?)",
                    (
                        datetime.now(UTC).isoformat(timespec="seconds"),
                        source,
                        len(batch.nodes),
                        len(batch.edges),
                    ),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreUnavailable(self.uri, tr("write failed, nothing was changed: {exc}", exc=exc)) from exc
        with collector_paused():
            self._apply(batch, replace)
        settle_long_lived()
        self.generation = next(_GENERATIONS)
        return LoadSummary(nodes=dict(Counter(n.kind for n in batch.nodes)), edges=len(batch.edges))

    def _apply(self, batch: Batch, replace: bool) -> None:
        """Bring the in-memory graph in line with a committed write."""
        if replace:
            # its attributes dropped first: a view networkx keeps on a graph (``graph.edges``) points back at it,
            # and a graph in such a cycle would be settled out of the collector's reach below, records and all
            vars(self._graph).clear()
            self._graph = nx.MultiDiGraph()
            self._nodes = {}
            self._by_kind = defaultdict(dict)
            self._out = {}
            self._in = {}
        graph = self._graph
        for node in batch.nodes:
            old = graph.nodes.get(node.id)
            if old is not None:
                self._by_kind[old["node"].kind].pop(node.id, None)
                for kind, by_source in self._out.items():
                    for target in by_source.pop(node.id, ()):
                        graph.remove_edge(node.id, target, kind)
                        sources = self._in[kind][target]
                        at = bisect.bisect_left(sources, node.id)
                        if at < len(sources) and sources[at] == node.id:
                            del sources[at]
                        if not sources:  # a kind read whole lists only the nodes it links
                            del self._in[kind][target]
            graph.add_node(node.id, node=node)
            self._nodes[node.id] = node
            self._by_kind[node.kind][node.id] = node
        nodes = self._nodes
        for edge in batch.edges:
            src, dst = _same_id(nodes, edge.src), _same_id(nodes, edge.dst)
            if not graph.has_edge(src, dst, edge.kind):
                graph.add_edge(src, dst, edge.kind)
                bisect.insort(self._out.setdefault(edge.kind, {}).setdefault(src, []), dst)
                bisect.insort(self._in.setdefault(edge.kind, {}).setdefault(dst, []), src)

    def close(self) -> None:
        self._db.close()
        release_long_lived()  # the store may be dropped next: should its graph be in a cycle, it can be collected


@contextmanager
def _load_lock(path: Path, uri: str, on_wait: Callable[[str], None] | None, wait: bool) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking still keeps writes whole
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "?"
            message = tr("another load is writing to {uri} ({holder})", uri=uri, holder=holder)
            if not wait:
                raise StoreBusy(uri, message) from None
            if on_wait is not None:
                on_wait(tr("{message}; waiting for it to finish…", message=message))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        stamp = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        os.pwrite(fd, tr("process {pid}, since {time}", pid=os.getpid(), time=stamp).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _same_id(nodes: Mapping[str, Node], node_id: str) -> str:
    """The stored record's own id string for ``node_id``: every index then holds one string per record (not one
    per mention), and a lookup by a record's id finds its key by identity, without comparing characters."""
    node = nodes.get(node_id)
    return node.id if node is not None else node_id
