"""The embedded store (the default): a SQLite file for durability, networkx in memory for traversal.

SQLite gives what a load needs: one transaction per write, so a crash or an error mid-load leaves the
previous state as it was. On open the records and relationships are read into indexes by kind (records by
id, relationships by kind then node, kept sorted); reads never touch the file again. A
``networkx.MultiDiGraph`` of the whole store is built only when asked for (:attr:`EmbeddedStore.graph`):
no analysis walks the whole graph through networkx, and building one cost a third of opening a province.

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
from typing import TYPE_CHECKING

from dutygraph.collector import collector_paused, release_long_lived, settle_long_lived
from dutygraph.errors import StoreBusy, StoreUnavailable
from dutygraph.i18n import tr
from dutygraph.records import Batch, Node
from dutygraph.stores.base import LoadSummary, Store

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DB_FILE", "EmbeddedStore"]

_GENERATIONS = itertools.count()
_PROPS = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # one encoder for every record written

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
                # readers (a server) and a writer (a load) in other processes never wait for each other; in WAL
                # mode NORMAL still keeps every commit whole through a crash (a power cut may undo the last one)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
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
        self._graph: nx.MultiDiGraph[str] | None = None  # built when first asked for
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
        by_kind: dict[str, dict[str, Node]] = defaultdict(dict)
        nodes: dict[str, Node] = {}
        loads = json.loads
        for node_id, kind, props in self._db.execute("SELECT id, kind, props FROM nodes ORDER BY rowid"):
            nodes[node_id] = by_kind[kind][node_id] = Node(node_id, kind, loads(props))
        out: dict[str, dict[str, list[str]]] = {}
        into: dict[str, dict[str, list[str]]] = {}
        get = nodes.get
        # in (src, kind, dst) order: each source's targets come sorted; the sources of each target are sorted after
        for src, kind, dst in self._db.execute("SELECT src, kind, dst FROM edges ORDER BY src, kind, dst"):
            # the stored record's own id string: one string per record in every index, not one per mention
            node = get(src)
            src = node.id if node is not None else src
            node = get(dst)
            dst = node.id if node is not None else dst
            by_source = out.get(kind)
            if by_source is None:
                by_source = out[kind] = {}
                into[kind] = {}
            targets = by_source.get(src)
            if targets is None:
                by_source[src] = [dst]
            else:
                targets.append(dst)
            by_target = into[kind]
            sources = by_target.get(dst)
            if sources is None:
                by_target[dst] = [src]
            else:
                sources.append(src)
        for by_target in into.values():
            for sources in by_target.values():
                if len(sources) > 1:
                    sources.sort()
        self._graph, self._by_kind = None, by_kind
        # records by id, beside the indexes: the analyses look records up millions of times
        self._nodes: dict[str, Node] = nodes
        # plain dicts: a reader's lookup of a missing key must not add it
        self._out: dict[str, dict[str, list[str]]] = out
        self._in: dict[str, dict[str, list[str]]] = into

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
        """The whole store as a networkx graph (read-only by convention; built on first use, after each write
        anew): node attribute ``node`` holds the :class:`Node`, edge keys are the relationship kinds."""
        with self._lock:
            if self._graph is None:
                import networkx as nx

                graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
                graph.add_nodes_from((node_id, {"node": node}) for node_id, node in self._nodes.items())
                for src, kind, dst in self.edges():
                    graph.add_edge(src, dst, kind)  # the relationship's kind is its key
                self._graph = graph
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
        # only records already stored can have relationships to drop: a load into a new store deletes nothing
        stored = [] if replace else [n.id for n in batch.nodes if n.id in self._nodes]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if replace:
                    self._db.execute("DELETE FROM nodes")
                    self._db.execute("DELETE FROM edges")
                else:
                    self._db.executemany("DELETE FROM edges WHERE src = ?", ((i,) for i in stored))
                encode = _PROPS.encode
                self._db.executemany(
                    "INSERT OR REPLACE INTO nodes (id, kind, props) VALUES (?, ?, ?)",
                    ((n.id, n.kind, encode(n.props if type(n.props) is dict else dict(n.props))) for n in batch.nodes),
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
        """Bring the in-memory indexes in line with a committed write."""
        if self._graph is not None:
            # its attributes dropped first: a view networkx keeps on a graph (``graph.edges``) points back at it,
            # and a graph in such a cycle would be settled out of the collector's reach below, records and all
            vars(self._graph).clear()
            self._graph = None
        if replace:
            self._nodes = {}
            self._by_kind = defaultdict(dict)
            self._out = {}
            self._in = {}
        nodes = self._nodes
        for node in batch.nodes:
            old = nodes.get(node.id)
            if old is not None:
                self._by_kind[old.kind].pop(node.id, None)
                for kind, by_source in self._out.items():
                    for target in by_source.pop(node.id, ()):
                        sources = self._in[kind][target]
                        at = bisect.bisect_left(sources, node.id)
                        if at < len(sources) and sources[at] == node.id:
                            del sources[at]
                        if not sources:  # a kind read whole lists only the nodes it links
                            del self._in[kind][target]
            nodes[node.id] = node
            self._by_kind[node.kind][node.id] = node
        by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for edge in batch.edges:
            by_kind[edge.kind].append((edge.src, edge.dst))
        for kind, pairs in by_kind.items():
            _link(self._out.setdefault(kind, {}), self._in.setdefault(kind, {}), pairs, nodes)

    def close(self) -> None:
        self._db.close()
        release_long_lived()  # the store may be dropped next: should its graph be in a cycle, it can be collected


def _link(
    out: dict[str, list[str]], into: dict[str, list[str]], pairs: list[tuple[str, str]], nodes: Mapping[str, Node]
) -> None:
    """Add relationships ``(src, dst)`` of one kind to its two indexes, each list left sorted without repeats.

    A list made by this batch with one entry is sorted as it is; only lists that grew are sorted, once, after
    the batch (a load of a province adds millions of relationships: sorting each one in would cost seconds).
    """
    grown_out: set[str] = set()
    grown_in: set[str] = set()
    for src, dst in pairs:
        # the stored record's own id string: every index then holds one string per record, not one per mention
        node = nodes.get(src)
        src = node.id if node is not None else src
        node = nodes.get(dst)
        dst = node.id if node is not None else dst
        targets = out.get(src)
        if targets is None:
            out[src] = [dst]
        else:
            targets.append(dst)
            grown_out.add(src)
        sources = into.get(dst)
        if sources is None:
            into[dst] = [src]
        else:
            sources.append(src)
            grown_in.add(dst)
    for src in grown_out:
        out[src] = sorted(set(out[src]))
    for dst in grown_in:
        into[dst] = sorted(set(into[dst]))


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
