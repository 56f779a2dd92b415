"""A stand-in for the Neo4j driver over an in-process openCypher engine (``ocg``), for tests and trials.

Neo4j cannot be installed everywhere dutygraph is tested; this adapter gives :class:`Neo4jStore` the part of
the official driver's API it uses — ``driver.session(database=…)``, ``session.execute_read/execute_write(fn)``,
``tx.run(query, parameters)``, ``result.data()`` — over `ocg <https://pypi.org/project/ocg/>`_, so that the
store's code and its Cypher run unchanged. The engine has no transactions: a unit of work runs statement by
statement (the staging design of the store keeps readers safe from a load that stops midway anyway).
Schema statements (constraints, indexes) are Neo4j's own dialect and are skipped here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from dutygraph.records import Node
from dutygraph.stores.neo4j_store import Neo4jStore
from dutygraph.stores.record_layout import record_properties

__all__ = ["OpenCypherDriver", "open_opencypher"]

T = TypeVar("T")


class _Result:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows

    def data(self) -> list[dict[str, Any]]:
        return list(self._rows)


class _Transaction:
    def __init__(self, graph: Any, hook: Callable[[str], None] | None) -> None:
        self.graph = graph
        self.hook = hook

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> _Result:
        if self.hook is not None:
            self.hook(query)
        if query.lstrip().upper().startswith(("CREATE CONSTRAINT", "CREATE INDEX", "DROP CONSTRAINT", "DROP INDEX")):
            return _Result([])
        rows = self.graph.execute(query, {**(parameters or {}), **kwargs})
        return _Result(rows if isinstance(rows, list) else [])


class _Session:
    def __init__(self, driver: OpenCypherDriver) -> None:
        self.driver = driver

    def execute_read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return work(_Transaction(self.driver.graph, self.driver.hook), *args, **kwargs)

    def execute_write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return work(_Transaction(self.driver.graph, self.driver.hook), *args, **kwargs)

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> _Result:
        return _Transaction(self.driver.graph, self.driver.hook).run(query, parameters, **kwargs)

    def close(self) -> None:
        pass

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OpenCypherDriver:
    """What :class:`~dutygraph.stores.neo4j_store.Neo4jStore` needs of ``neo4j.Driver``, over ``ocg``.

    ``hook`` sees every statement before it runs (tests use it to stop a load midway).
    """

    def __init__(self, hook: Callable[[str], None] | None = None) -> None:
        import ocg

        self.graph = ocg.Graph()
        self.hook = hook

    def copy_records(self, nodes: Iterable[Node], edges: Iterable[tuple[str, str, str]]) -> None:
        """Put records and ``(src, kind, dst)`` relationships straight into the engine, in the store's layout.

        For benchmarks of the store's reading queries: the engine has no index, so the staged load's lookups
        by id take about a minute per thousand relationships.
        """
        listed = list(nodes)
        internal = dict(
            zip(
                (n.id for n in listed),
                self.graph.bulk_create_nodes([(["Record"], record_properties(n)) for n in listed]),
                strict=True,
            )
        )
        self.graph.bulk_create_relationships(
            [(internal[src], internal[dst], "REL", {"kind": kind}) for src, kind, dst in edges]
        )

    def session(self, database: str | None = None, **kwargs: Any) -> _Session:
        return _Session(self)

    def verify_connectivity(self) -> None:
        pass

    def close(self) -> None:
        pass


def open_opencypher(uri: str, create: bool = True) -> Neo4jStore:
    """``opencypher:`` — the Neo4j store over the in-process openCypher engine (nothing kept), for trials."""
    return Neo4jStore("opencypher:", OpenCypherDriver())
