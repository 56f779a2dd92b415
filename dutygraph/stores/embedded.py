"""The embedded store (the default): a SQLite file, read into memory only as far as a command needs it.

SQLite gives what a load needs: one transaction per write, so a crash or an error mid-load leaves the
previous state as it was, and indexes that let a command read only what it asks for. Opening a store reads
nothing: a record is read when first asked for (and kept), a kind of records or of relationships is read
whole when an analysis takes it whole (``nodes``, ``targets_by_source``) — or once it has been asked for
node by node often enough that one query for all of it is cheaper. A trace of one incident on a province
reads its neighbourhood; an audit reads the kinds it analyses, and never the persons or credentials.

Several processes may use one store: the file is in WAL mode, so a server reading it is never blocked by a
load writing it — except by the first load into a new file that nobody else has open, which is written with a
rollback journal (a new file has nothing to keep: no page is written twice) and holds the file alone while it
commits; a command opening it then is told so (:class:`~dutygraph.errors.StoreBusy`). A store reads one
committed state from open to its next write (one read transaction held open), never half of a load, whatever
other processes commit meanwhile; :meth:`EmbeddedStore.changed_elsewhere` says when one has, and loads take
turns through a lock file beside the database (:meth:`EmbeddedStore.exclusive`). A ``networkx.MultiDiGraph``
of the whole store is built only when asked for (:attr:`EmbeddedStore.graph`): no analysis walks the whole
graph through networkx.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from dutygraph.collector import collector_paused, release_long_lived, settle_long_lived
from dutygraph.errors import StoreBusy, StoreUnavailable
from dutygraph.i18n import tr
from dutygraph.records import Batch, Node
from dutygraph.stores.base import LoadSummary, Store

if TYPE_CHECKING:
    import networkx as nx

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

# what reads a kind whole: records of a kind, relationships of a kind by target (and, read in that order, by source).
# A store written by an older dutygraph gains them when next opened; a load into an empty store builds them after
# inserting, which is faster than keeping them up to date row by row
WRITE_CHUNK = 50_000
"""Rows given to SQLite at a time in a write (all in its one transaction): the progress is told after each."""

INDEXES = (
    ("CREATE INDEX IF NOT EXISTS nodes_by_kind ON nodes (kind)", "DROP INDEX IF EXISTS nodes_by_kind"),
    ("CREATE INDEX IF NOT EXISTS edges_by_target ON edges (kind, dst, src)", "DROP INDEX IF EXISTS edges_by_target"),
)

_TARGETS = "SELECT dst FROM edges WHERE src = ? AND kind = ? ORDER BY dst"  # by the primary key
_SOURCES = "SELECT src FROM edges WHERE dst = ? AND kind = ? ORDER BY src"  # by edges_by_target

WHOLE_AFTER = 2000
"""Lookups of one kind of record or relationship, one by one, after which the kind is read whole (one query instead
of thousands more: an analysis that visits the items of every power reads them all anyway)."""


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
                # a new file only (a file's page size is fixed once written): pages of 16 KiB instead of 4 make a
                # province's B-trees a quarter as many pages (measured: its write 7.7 s → 6.7 s)
                self._db.execute("PRAGMA page_size = 16384")
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
            try:
                for create, _ in INDEXES:
                    self._db.execute(create)
            except sqlite3.OperationalError:
                # a store file this process may only read, written by an older dutygraph: read it without them
                # (a kind is then found by scanning) rather than refuse it
                pass
        except (sqlite3.Error, OSError) as exc:
            raise self._unavailable(exc) from exc
        self._watch: sqlite3.Connection | None = None  # reads what other processes committed (changed_elsewhere)
        # the connection is shared by a server's threads: each query (and the reading of a kind) takes turns
        self._lock = threading.RLock()
        # moves on every write: views and answers kept between queries are dropped when it moves. Drawn from one
        # process-wide count, so that a store opened anew (a server following another process's load) never
        # repeats a generation of the one it replaces, whatever id the new object gets
        self.generation = next(_GENERATIONS)
        try:
            self._begin_reading()
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: BaseException) -> StoreUnavailable | StoreBusy:
        """Why the file cannot be opened. A new store's first load holds it alone for its commit (see
        :meth:`_rollback_journal_for`): that is said as such, with who holds it, rather than as SQLite's lock."""
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc) and self.folder is not None:
            try:
                holder = (self.folder / LOCK_FILE).read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                holder = ""
            if holder:
                message = tr(
                    "a load is writing the first records of {uri} ({holder}); try again when it has finished",
                    uri=self.uri,
                    holder=holder,
                )
                return StoreBusy(self.uri, message)
        return StoreUnavailable(self.uri, str(exc))

    # -- one committed state: a read transaction from open (or the last write) to the next write ---------------
    def _begin_reading(self) -> None:
        """Start reading one committed state, with nothing of it read yet."""
        self._db.execute("BEGIN")
        row = self._db.execute("SELECT max(id) FROM loads").fetchone()  # (this also fixes the state read)
        self._state = int(row[0] or 0)  # the last write this state includes
        self._forget()
        # a load into a new store asks for every one of its ids: none is there, and no query needs to say so
        self._nothing = self._db.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is None

    def _end_reading(self) -> None:
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    def _forget(self) -> None:
        """Drop everything read so far: the next reads come from the state now read."""
        old = getattr(self, "_graph", None)
        if old is not None:
            # its attributes dropped first: a view networkx keeps on a graph (``graph.edges``) points back at it,
            # and a graph in such a cycle, settled out of the collector's reach, would stay with its records
            vars(old).clear()
        self._graph: nx.MultiDiGraph[str] | None = None  # built when first asked for
        # every record read so far, by id; ids asked for that are not there
        self._nodes: dict[str, Node] = {}
        self._absent: set[str] = set()
        # kinds read whole: records in the order they were written; relationships by source and by target, sorted
        self._kinds: dict[str, dict[str, Node]] = {}
        self._out: dict[str, dict[str, list[str]]] = {}
        self._in: dict[str, dict[str, list[str]]] = {}
        self._values: dict[tuple[str, str], dict[str, object]] = {}  # columns read (values), by kind and key
        self._asked: Counter[str] = Counter()  # lookups one by one per kind (of record or relationship) not read whole
        self._counts: dict[str, int] | None = None

    def changed_elsewhere(self) -> bool:
        """Whether another process committed a write to the file since this store began reading its state."""
        if self.folder is None:
            return False
        with self._lock:
            try:
                if self._watch is None:
                    self._watch = sqlite3.connect(self.folder / DB_FILE, isolation_level=None, check_same_thread=False)
                row = self._watch.execute("SELECT max(id) FROM loads").fetchone()
            except sqlite3.Error:
                return False
            return int(row[0] or 0) != self._state

    def refresh(self) -> bool:
        """Read the file's latest state if another process changed it (for a command about to write)."""
        with self._lock:
            if not self.changed_elsewhere():
                return False
            self._end_reading()
            self._begin_reading()
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

    # -- reading ---------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        node = self._nodes.get(node_id)
        if node is not None or self._nothing or node_id in self._absent:
            return node
        with self._lock:
            row = self._db.execute("SELECT kind, props FROM nodes WHERE id = ?", (node_id,)).fetchone()
        if row is None:
            self._absent.add(node_id)
            return None
        kind = row[0]
        self._asked[kind] += 1
        if self._asked[kind] > WHOLE_AFTER:
            return self._read_kind(kind)[node_id]
        return self._nodes.setdefault(node_id, Node(node_id, kind, orjson.loads(row[1])))

    def get_many(self, node_ids: list[str]) -> list[Node | None]:
        wanted = [i for i in dict.fromkeys(node_ids) if i not in self._nodes and i not in self._absent]
        if wanted:
            with self._lock:  # the ids as one parameter (a JSON array), whatever their number
                rows = self._db.execute(
                    "SELECT id, kind, props FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(wanted),),
                ).fetchall()
            for node_id, kind, props in rows:
                self._nodes.setdefault(node_id, Node(node_id, kind, orjson.loads(props)))
            self._absent.update(i for i in wanted if i not in self._nodes)
        return [self._nodes.get(i) for i in node_ids]

    def nodes(self, kind: str) -> Iterator[Node]:
        found = self._kinds.get(kind)
        if found is None:
            found = self._read_kind(kind)
        # a kind once read is never changed (a write starts over with new dicts): it may be walked as it is
        yield from found.values()

    def _read_kind(self, kind: str) -> dict[str, Node]:
        with self._lock:
            found = self._kinds.get(kind)
            if found is not None:
                return found
            found = {}
            nodes, loads = self._nodes, orjson.loads
            with collector_paused():
                rows = self._db.execute("SELECT id, props FROM nodes WHERE kind = ? ORDER BY rowid", (kind,))
                for node_id, props in rows:
                    node = nodes.get(node_id)  # one object per record, whether read alone before or now
                    if node is None:
                        node = nodes[node_id] = Node(node_id, kind, loads(props))
                    found[node_id] = node
                self._kinds[kind] = found
            settle_long_lived()
            return found

    # relationships are indexed by kind, then node, kept sorted: a node many records point at (a power type, a
    # law) answers for one kind without walking all its neighbours, and an analysis takes a whole kind at once
    def targets(self, node_id: str, edge: str) -> list[str]:
        return self._related(node_id, edge, outgoing=True)

    def sources(self, node_id: str, edge: str) -> list[str]:
        return self._related(node_id, edge, outgoing=False)

    def _related(self, node_id: str, edge: str, *, outgoing: bool) -> list[str]:
        """The targets (``outgoing``) or sources of ``node_id`` by ``edge``: from the kind's index once it is read
        whole, else from SQLite — until the kind has been asked for one by one often enough to read it whole."""
        found = (self._out if outgoing else self._in).get(edge)
        if found is None:
            if self._asked[edge] < WHOLE_AFTER:
                self._asked[edge] += 1
                with self._lock:
                    rows = self._db.execute(_TARGETS if outgoing else _SOURCES, (node_id, edge)).fetchall()
                return [row[0] for row in rows]
            found = self._read_edges(edge, outgoing)
        return list(found.get(node_id, ()))

    def targets_by_source(self, edge: str) -> Mapping[str, Sequence[str]]:
        # the index itself, not a copy: read-only by contract, and replaced (not changed) by a write
        found = self._out.get(edge)
        return found if found is not None else self._read_edges(edge, True)

    def sources_by_target(self, edge: str) -> Mapping[str, Sequence[str]]:
        found = self._in.get(edge)
        return found if found is not None else self._read_edges(edge, False)

    def _read_edges(self, edge: str, outgoing: bool) -> dict[str, list[str]]:
        """Every relationship of kind ``edge`` by source (``outgoing``) or by target, each list sorted.

        One direction at a time: an analysis mostly takes a kind one way only (the 260,000 职责分解 rows by the
        duty they carry out, never by themselves), and building the other way would be half the work for nothing.
        """
        with self._lock:
            index = self._out if outgoing else self._in
            found = index.get(edge)
            if found is not None:
                return found
            found = {}
            with collector_paused():
                # in (dst, src) order, the index's: each target's sources come sorted, and so do each source's
                # targets. A target's id string is kept once for all its rows
                rows = self._db.execute("SELECT src, dst FROM edges WHERE kind = ? ORDER BY dst, src", (edge,))
                if outgoing:
                    last = ""
                    for src, dst in rows:
                        if dst != last:
                            last = dst
                        targets = found.get(src)
                        if targets is None:
                            found[src] = [last]
                        else:
                            targets.append(last)
                else:
                    last, sources = "", None
                    for src, dst in rows:
                        if dst != last or sources is None:
                            last = dst
                            sources = found[dst] = []
                        sources.append(src)
                index[edge] = found
            settle_long_lived()
            return found

    def values(self, kind: str, key: str) -> Mapping[str, object]:
        whole = self._kinds.get(kind)
        if whole is not None:
            return {node_id: node.props.get(key) for node_id, node in whole.items()}
        known = self._values.get((kind, key))
        if known is not None:
            return known
        # SQLite takes the one value out of each record's JSON: no record is built (a third of the time of reading
        # the kind whole, and none of its memory); each distinct value's JSON text is parsed once
        parsed: dict[str, object] = {}
        found: dict[str, object] = {}
        with self._lock, collector_paused():
            rows = self._db.execute(
                "SELECT id, props -> ? FROM nodes WHERE kind = ? ORDER BY rowid", ("$." + json.dumps(key), kind)
            )
            for node_id, text in rows:
                if text is None:
                    found[node_id] = None
                    continue
                value = parsed.get(text, parsed)
                if value is parsed:
                    value = parsed[text] = orjson.loads(text)
                found[node_id] = value
            self._values[(kind, key)] = found
        settle_long_lived()
        return found

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            with self._lock:
                rows = self._db.execute("SELECT kind, count(*) FROM nodes GROUP BY kind").fetchall()
            self._counts = {str(kind): int(n) for kind, n in sorted(rows) if n}
        return dict(self._counts)

    def is_empty(self) -> bool:
        return self._nothing

    def edges(self) -> Iterator[tuple[str, str, str]]:
        with self._lock:
            cursor = self._db.execute("SELECT src, kind, dst FROM edges ORDER BY src, kind, dst")
            rows = cursor.fetchmany(10_000)
        while rows:
            yield from rows
            with self._lock:
                rows = cursor.fetchmany(10_000)

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The whole store as a networkx graph (read-only by convention; built on first use, after each write
        anew): node attribute ``node`` holds the :class:`Node`, edge keys are the relationship kinds."""
        with self._lock:
            if self._graph is None:
                import networkx as nx

                graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
                kinds = [str(row[0]) for row in self._db.execute("SELECT DISTINCT kind FROM nodes").fetchall()]
                for kind in kinds:
                    graph.add_nodes_from((node.id, {"node": node}) for node in self.nodes(kind))
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
        with self._lock:
            rows = self._db.execute("SELECT id, at, source, nodes, edges FROM loads ORDER BY id").fetchall()
        return [dict(zip(("id", "at", "source", "nodes", "edges"), row, strict=True)) for row in rows]

    # -- writing ---------------------------------------------------------------------------------
    def write(self, batch: Batch, *, source: str, replace: bool = False) -> LoadSummary:
        with self._lock:
            # the state read so far ends here: the write goes on the file as it is (a load holds the load lock,
            # and has caught up with other processes' writes before checking its files: see exclusive/refresh)
            self._end_reading()
            try:
                self._write(batch, source, replace)
            finally:
                # what was read is dropped, written or not: the next reads come from the state now committed
                self._begin_reading()
                self.generation = next(_GENERATIONS)
        return LoadSummary(nodes=dict(Counter(n.kind for n in batch.nodes)), edges=len(batch.edges))

    def _write(self, batch: Batch, source: str, replace: bool) -> None:
        db = self._db
        journal = False
        try:
            journal = self._rollback_journal_for(replace)
            # a province's rows fill SQLite's default 2 MB of page cache many times over: a larger cache for the
            # write keeps the B-trees being built in memory (measured: the records' inserts 2.4 s → 1.6 s)
            db.execute("PRAGMA cache_size = -131072")
            db.execute("BEGIN IMMEDIATE")
            try:
                if replace:
                    db.execute("DELETE FROM nodes")
                    db.execute("DELETE FROM edges")
                # into an empty store: no old relationships to drop, and the indexes built once, after the rows
                empty = replace or db.execute("SELECT 1 FROM nodes LIMIT 1").fetchone() is None
                if empty:
                    for _, drop in INDEXES:
                        db.execute(drop)
                else:
                    # a record written again takes the relationships of its new version only
                    db.executemany("DELETE FROM edges WHERE src = ?", ((n.id,) for n in batch.nodes))
                nodes = batch.nodes
                for start in range(0, len(nodes), WRITE_CHUNK):
                    db.executemany(
                        "INSERT OR REPLACE INTO nodes (id, kind, props) VALUES (?, ?, ?)",
                        [(n.id, n.kind, _encoded(n.props)) for n in nodes[start : start + WRITE_CHUNK]],
                    )
                    self._progress("records", start, WRITE_CHUNK, len(nodes))
                # in key order: SQLite appends to its B-tree instead of inserting all over it
                rows = sorted(batch.edges)  # (src, kind, dst) tuples; repeats: INSERT OR IGNORE
                for start in range(0, len(rows), WRITE_CHUNK):
                    chunk = rows[start : start + WRITE_CHUNK]
                    db.executemany("INSERT OR IGNORE INTO edges (src, kind, dst) VALUES (?, ?, ?)", chunk)
                    self._progress("relationships", start, WRITE_CHUNK, len(rows))
                del rows
                if empty:
                    for create, _ in INDEXES:
                        db.execute(create)
                db.execute(
                    "INSERT INTO loads (at, source, nodes, edges) VALUES (?, ?, ?, ?)",
                    (datetime.now(UTC).isoformat(timespec="seconds"), source, len(batch.nodes), len(batch.edges)),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreUnavailable(self.uri, tr("write failed, nothing was changed: {exc}", exc=exc)) from exc
        finally:
            db.execute("PRAGMA cache_size = -2000")  # SQLite's default again: the cached pages are given back
            if journal:
                self._back_to_wal()

    def _rollback_journal_for(self, replace: bool) -> bool:
        """Whether this write goes through a rollback journal instead of the WAL (the journal is set for it here):
        the first load into a new store does; every other write goes through the WAL.

        Through the WAL every page is written twice (into the log, then into the file at the commit's
        checkpoint); a rollback journal keeps only the pages a write changes, and a file with no record has
        none to keep: a province's write 6.7 s → 5.0 s, its commit 1.3 s → 0.4 s. Only into a file that has
        never held a record (a failure or a crash leaves it as empty as it was: there is nothing to lose), never
        for a load that replaces, and only when no other process has the file open (the switch needs it alone:
        a server already following the store keeps the WAL, and this load goes through it).
        """
        if self.folder is None:
            return False
        if replace or not self._nothing or self._ever_written():
            # a first load's switch back may have found the file shared: this write goes through the WAL again
            if str(self._db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                self._back_to_wal()
            return False
        if self._watch is not None:  # this process's own second connection would keep the file shared
            self._watch.close()
            self._watch = None
        try:
            mode = self._db.execute("PRAGMA journal_mode = DELETE").fetchone()
        except sqlite3.OperationalError:
            return False
        if mode is None or str(mode[0]).lower() != "delete":
            return False
        self._db.execute("PRAGMA synchronous = FULL")  # a commit in rollback mode is whole through a power cut
        return True

    def _ever_written(self) -> bool:
        return self._db.execute("SELECT 1 FROM loads LIMIT 1").fetchone() is not None

    def _back_to_wal(self) -> None:
        """The file in WAL mode again (readers never blocked by a writer); should another process have opened it
        meanwhile, this store's next write or the next store to open it (every one sets WAL) switches it."""
        try:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass

    def _progress(self, what: str, start: int, chunk: int, total: int) -> None:
        if self.on_progress is not None:
            self.on_progress(what, min(start + chunk, total), total)

    def close(self) -> None:
        with self._lock:
            self._db.close()
            if self._watch is not None:
                self._watch.close()
        release_long_lived()  # the store may be dropped next: should its graph be in a cycle, it can be collected


def _encoded(props: Mapping[str, object]) -> str:
    """A record's properties as the JSON text stored (keys sorted: one record, one text)."""
    return orjson.dumps(props if type(props) is dict else dict(props), option=orjson.OPT_SORT_KEYS).decode()


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
