"""The Neo4j store: the same graph over Bolt, for a province, the whole country, or many users.

Records are ``:Record`` nodes (``id``, ``_kind``, their properties), relationships ``[:REL {kind}]``; every
statement is a named, parameterised Cypher statement of ``queries/cypher/`` (:mod:`dutygraph.stores.cypher`).
A load is all-or-nothing for readers: its records are written as ``:Staged`` nodes under a load id, in
batches (``UNWIND $rows``), relationships in a second pass, and one final transaction swaps them in for the
records they replace. Readers match ``:Record`` only: a load that stops midway leaves the previous data as it
was and nothing of itself visible (the next load clears what it left). One writer at a time.

Connection: ``neo4j://``, ``neo4j+s://``, ``bolt://``, ``bolt+s://`` URIs; user, password and database from
the URI (``neo4j://user:password@host:7687/database``), the environment (``NEO4J_USER``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE``) or a TOML file named by ``$DUTYGRAPH_NEO4J_CONFIG``. One driver per process; reads and
writes are managed transactions, which the driver retries on transient errors.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from dutygraph.errors import StoreUnavailable
from dutygraph.i18n import tr
from dutygraph.records import Batch, Node
from dutygraph.stores.base import LoadSummary, Store
from dutygraph.stores.cypher import statement
from dutygraph.stores.record_layout import node_from_properties as _node
from dutygraph.stores.record_layout import record_properties

__all__ = ["BATCH_SIZE", "Neo4jStore", "open_neo4j", "schema_statements"]

BATCH_SIZE = 5000
"""Rows per ``UNWIND`` batch of a load (``$DUTYGRAPH_NEO4J_BATCH`` changes it)."""

_DRIVERS: dict[tuple[str, str | None], Any] = {}


def schema_statements() -> list[str]:
    """The Neo4j 5 constraints and indexes ``dutygraph init`` creates (each ``IF NOT EXISTS``)."""
    from dutygraph.stores.cypher import statements

    return list(statements("schema").values())


class Neo4jStore(Store):
    """A store in a Neo4j 5 database, reached through a driver (``neo4j.Driver`` or a stand-in)."""

    def __init__(self, uri: str, driver: Any, database: str | None = None, batch_size: int | None = None) -> None:
        super().__init__(uri)
        self.driver = driver
        self.database = database
        self.batch_size = batch_size or int(os.environ.get("DUTYGRAPH_NEO4J_BATCH", BATCH_SIZE))
        self.on_progress: Callable[[str, int, int], None] | None = None

    # -- running statements ------------------------------------------------------------------------
    def _read(self, file: str, name: str, **params: Any) -> list[dict[str, Any]]:
        query = statement(file, name)

        def work(tx: Any) -> list[dict[str, Any]]:
            return list(tx.run(query, params).data())

        with self.driver.session(database=self.database) as session:
            result: list[dict[str, Any]] = session.execute_read(work)
            return result

    def _write(self, steps: list[tuple[str, str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        """Run ``(file, name, params)`` statements in one managed write transaction."""
        queries = [(statement(file, name), params) for file, name, params in steps]

        def work(tx: Any) -> list[list[dict[str, Any]]]:
            return [list(tx.run(query, params).data()) for query, params in queries]

        with self.driver.session(database=self.database) as session:
            result: list[list[dict[str, Any]]] = session.execute_write(work)
            return result

    # -- reading (GraphReader) -------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        rows = self._read("store", "get_node", id=node_id)
        return _node(rows[0]["props"]) if rows else None

    def get_many(self, node_ids: list[str]) -> list[Node | None]:
        found = {row["id"]: _node(row["props"]) for row in self._read("store", "get_nodes", ids=list(node_ids))}
        return [found.get(i) for i in node_ids]

    def nodes(self, kind: str) -> Iterator[Node]:
        for row in self._read("store", "nodes_of_kind", kind=kind):
            node = _node(row["props"])
            if node is not None:
                yield node

    def targets(self, node_id: str, edge: str) -> list[str]:
        return [str(r["id"]) for r in self._read("store", "targets", id=node_id, edge=edge)]

    def sources(self, node_id: str, edge: str) -> list[str]:
        return [str(r["id"]) for r in self._read("store", "sources", id=node_id, edge=edge)]

    def targets_many(self, node_ids: list[str], edge: str) -> list[list[str]]:
        rows = self._read("store", "targets_many", ids=list(node_ids), edge=edge)
        found = {r["id"]: sorted(str(i) for i in r["ids"] if i is not None) for r in rows}
        return [found.get(i, []) for i in node_ids]

    def sources_many(self, node_ids: list[str], edge: str) -> list[list[str]]:
        rows = self._read("store", "sources_many", ids=list(node_ids), edge=edge)
        found = {r["id"]: sorted(str(i) for i in r["ids"] if i is not None) for r in rows}
        return [found.get(i, []) for i in node_ids]

    def targets_by_source(self, edge: str) -> Mapping[str, Sequence[str]]:
        rows = self._read("store", "targets_by_source", edge=edge)
        return {str(r["id"]): sorted(str(i) for i in r["ids"]) for r in rows}

    def sources_by_target(self, edge: str) -> Mapping[str, Sequence[str]]:
        rows = self._read("store", "sources_by_target", edge=edge)
        return {str(r["id"]): sorted(str(i) for i in r["ids"]) for r in rows}

    def counts(self) -> dict[str, int]:
        return {str(r["kind"]): int(r["count"]) for r in self._read("store", "counts")}

    def edges(self) -> Iterator[tuple[str, str, str]]:
        for r in self._read("store", "edges"):
            yield str(r["src"]), str(r["kind"]), str(r["dst"])

    def ancestor_map(self) -> dict[str, frozenset[str]]:
        """Every subject with every concept broader than it, by one variable-length path query."""
        return {
            str(r["subject"]): frozenset(str(a) for a in r["ancestors"]) for r in self._read("taxonomy", "ancestor_map")
        }

    def competence_facts(self, on: str) -> list[dict[str, Any]]:
        """Every duty and power with its holder's trail as of ``on``: one query, the date a parameter."""
        return self._read("store", "competences_as_of", date=on)

    def reporting_lines(self, posts: list[str], on: str) -> dict[str, list[str]]:
        """The reporting line above each post, through posts in force on ``on`` (variable-length paths)."""
        chains: dict[str, list[str]] = {}
        for row in self._read("store", "reporting_lines", ids=list(posts), date=on):
            chain = [str(c) for c in row["chain"]]
            if len(chain) > len(chains.get(str(row["start"]), [])):
                chains[str(row["start"])] = chain
        return chains

    # -- writing -----------------------------------------------------------------------------------
    def write(self, batch: Batch, *, source: str, replace: bool = False) -> LoadSummary:
        load = uuid.uuid4().hex
        try:
            self._write([("store", "drop_staged", {})])  # what a load that stopped midway left behind
            rows = [{**record_properties(n), "_load": load} for n in batch.nodes]
            self._in_batches("stage_nodes", rows, load, "records")
            edges = [{"src": e.src, "kind": e.kind, "dst": e.dst} for e in batch.edges]
            self._in_batches("stage_edges", edges, load, "relationships")
            steps: list[tuple[str, str, dict[str, Any]]] = []
            if replace:
                steps.append(("store", "publish_clear", {}))
            steps += [
                ("store", "publish_move_incoming", {"load": load}),
                ("store", "publish_drop_replaced", {"load": load}),
                ("store", "publish_show", {"load": load}),
                (
                    "store",
                    "log_load",
                    {
                        "load": load,
                        "at": datetime.now(UTC).isoformat(timespec="seconds"),
                        "source": source,
                        "nodes": len(batch.nodes),
                        "edges": len(batch.edges),
                    },
                ),
            ]
            self._write(steps)  # one transaction: readers see the whole load at once
        except StoreUnavailable:
            raise
        except Exception as exc:  # the driver's errors: the previous data is as it was
            if _is_driver_error(exc):
                raise StoreUnavailable(self.uri, tr("write failed, nothing was changed: {exc}", exc=exc)) from exc
            raise
        return LoadSummary(nodes=dict(Counter(n.kind for n in batch.nodes)), edges=len(batch.edges))

    def _in_batches(self, name: str, rows: list[dict[str, Any]], load: str, what: str) -> None:
        for start in range(0, len(rows), self.batch_size):
            chunk = rows[start : start + self.batch_size]
            self._write([("store", name, {"rows": chunk, "load": load})])
            if self.on_progress is not None:
                self.on_progress(what, start + len(chunk), len(rows))

    def init_schema(self) -> list[str]:
        """Create the constraints and indexes (idempotent); the statements run."""
        run = schema_statements()

        def work(tx: Any) -> None:
            for query in run:
                tx.run(query, {})

        with self.driver.session(database=self.database) as session:
            session.execute_write(work)
        return run

    def close(self) -> None:
        pass  # the driver is shared by the process (one per URI), closed at exit


def _is_driver_error(exc: Exception) -> bool:
    module = type(exc).__module__
    return module.startswith("neo4j") or isinstance(exc, RuntimeError | OSError)


def _settings(uri: str) -> tuple[str, str | None, str | None, str | None]:
    """The connection URI without credentials, and the user, password and database."""
    config: dict[str, Any] = {}
    path = os.environ.get("DUTYGRAPH_NEO4J_CONFIG")
    if path:
        try:
            config = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("neo4j", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise StoreUnavailable(
                uri, tr("cannot read $DUTYGRAPH_NEO4J_CONFIG {path}: {exc}", path=path, exc=exc)
            ) from None
    parts = urlsplit(uri)
    user = unquote(parts.username) if parts.username else os.environ.get("NEO4J_USER", config.get("user"))
    password = unquote(parts.password) if parts.password else os.environ.get("NEO4J_PASSWORD", config.get("password"))
    database = parts.path.strip("/") or os.environ.get("NEO4J_DATABASE", config.get("database")) or None
    host = parts.hostname or "localhost"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return f"{parts.scheme}://{netloc}", user, password, database


def open_neo4j(uri: str, create: bool = True) -> Neo4jStore:
    """A store on the Neo4j server at ``uri`` (one driver per server and user, for the whole process)."""
    try:
        import neo4j
    except ImportError:  # pragma: no cover - neo4j is a dependency
        raise StoreUnavailable(uri, tr("the neo4j driver is not installed (pip install neo4j)")) from None
    address, user, password, database = _settings(uri)
    key = (address, user)
    driver = _DRIVERS.get(key)
    if driver is None:
        auth = (user, password or "") if user else None
        try:
            driver = neo4j.GraphDatabase.driver(address, auth=auth)
        except Exception as exc:
            raise StoreUnavailable(address, tr("cannot use this Neo4j address: {exc}", exc=exc)) from None
        try:
            driver.verify_connectivity()
        except Exception as exc:
            driver.close()
            raise StoreUnavailable(address, tr("cannot reach Neo4j: {exc}", exc=exc)) from None
        _DRIVERS[key] = driver
    return Neo4jStore(address, driver, database)
