"""The embedded store: durable across restarts, a write is all or nothing, stores chosen by URI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dutygraph.errors import StoreBusy, StoreUnavailable, UnknownStore
from dutygraph.loaders import load_path
from dutygraph.queries import audit
from dutygraph.records import Batch, Edge, Node
from dutygraph.stores import open_store, resolve_store_uri
from dutygraph.stores.base import Store
from dutygraph.stores.embedded import EmbeddedStore
from tests.conftest import EXAMPLE


def test_durable_across_restarts(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(str(folder)) as first:
        load_path(first, EXAMPLE)
        expected = audit(first, "2017-06-01").to_dict()
        counts = first.counts()
    with open_store(str(folder)) as again:
        assert again.counts() == counts
        assert audit(again, "2017-06-01").to_dict() == expected


class _Boom(Exception):
    pass


def test_a_crash_mid_write_leaves_the_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "store"
    store = open_store(str(folder))
    load_path(store, EXAMPLE)
    before = (store.counts(), sorted(store.edges()))
    assert isinstance(store, EmbeddedStore)
    real = store._db

    class Crashing:
        """A connection that dies while inserting relationships, after the nodes went in."""

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def executemany(self, sql: str, rows: object) -> object:
            if "INTO edges" in sql:
                raise _Boom("power cut")
            return real.executemany(sql, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_db", Crashing())
    batch = Batch(
        [Node("new-org", "Organization", {"name": "新局", "level": "city", "region": "1"})],
        [Edge("new-org", "subOrganizationOf", "coal")],
    )
    with pytest.raises(_Boom):
        store.write(batch, source="test", replace=True)
    monkeypatch.undo()
    assert (store.counts(), sorted(store.edges())) == before
    store.close()
    with open_store(str(folder)) as reopened:
        assert (reopened.counts(), sorted(reopened.edges())) == before
        assert reopened.get("new-org") is None


def test_a_first_write_failing_midway_leaves_a_new_store_empty_and_in_wal_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    store = open_store(str(folder))
    assert isinstance(store, EmbeddedStore)
    real = store._db
    modes: list[str] = []

    class Crashing:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def executemany(self, sql: str, rows: object) -> object:
            if "INTO edges" in sql:
                modes.append(real.execute("PRAGMA journal_mode").fetchone()[0])
                raise _Boom("power cut")
            return real.executemany(sql, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_db", Crashing())
    batch = Batch([Node("org", "Organization", {"name": "局"})], [Edge("org", "subOrganizationOf", "org")])
    with pytest.raises(_Boom):
        store.write(batch, source="test")
    monkeypatch.undo()
    assert modes == ["delete"]  # written with a rollback journal: a new file has nothing to keep
    assert store.counts() == {} and store.get("org") is None
    assert real.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.write(batch, source="test")
    assert store.counts() == {"Organization": 1}
    store._end_reading()
    real.execute("PRAGMA journal_mode = DELETE")  # as if the switch back had found the file shared
    store.write(Batch([Node("org2", "Organization", {"name": "局二"})]), source="test")
    assert real.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # the next write goes through the WAL
    store.close()
    with open_store(str(folder)) as reopened:
        assert reopened.counts() == {"Organization": 2}


def test_opening_a_store_while_its_first_load_commits_says_so(tmp_path: Path) -> None:
    """A new store's first load holds the file alone while it commits (a rollback journal, not the WAL): a
    command opening it then is told a load is writing, by whom, and to try again — not SQLite's lock error."""
    folder = tmp_path / "store"
    open_store(str(folder)).close()
    (folder / "load.lock").write_text("process 4242, since 2026-12-07T08:00:00+08:00", encoding="utf-8")
    writer = sqlite3.connect(folder / "graph.sqlite3", isolation_level=None)
    assert writer.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    writer.execute("BEGIN EXCLUSIVE")  # what the first load holds while it commits
    try:
        with pytest.raises(StoreBusy) as raised:
            open_store(str(folder))
        assert "writing the first records" in str(raised.value) and "process 4242" in str(raised.value)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with open_store(str(folder)) as store:
        assert store.counts() == {}


def test_replace_empties_the_store_in_the_same_write(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s")) as store:
        load_path(store, EXAMPLE)
        store.write(Batch([Node("only", "Person", {"name": "甲"})]), source="t", replace=True)
        assert store.counts() == {"Person": 1}


def test_unknown_store_lists_the_known_ones() -> None:
    with pytest.raises(UnknownStore) as err:
        open_store("cassandra://db:9042")
    assert "known stores: bolt, bolt+s, bolt+ssc, embedded, memory, neo4j, neo4j+s, neo4j+ssc, opencypher, PATH" in str(
        err.value
    )


def test_unreadable_store_names_the_uri(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "graph.sqlite3").write_bytes(b"this is no database" * 100)
    with pytest.raises(StoreUnavailable) as err:
        open_store(str(folder))
    assert str(folder) in str(err.value)


def test_store_uri_from_option_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYGRAPH_STORE", raising=False)
    assert resolve_store_uri(None) == ".dutygraph"
    monkeypatch.setenv("DUTYGRAPH_STORE", "/data/dg")
    assert resolve_store_uri(None) == "/data/dg"
    assert resolve_store_uri("memory:") == "memory:"


def test_sqlite_file_is_a_real_database(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s")) as store:
        load_path(store, EXAMPLE)
    rows = sqlite3.connect(tmp_path / "s" / "graph.sqlite3").execute("SELECT count(*) FROM nodes").fetchone()
    assert rows[0] > 300


def test_a_relationship_kind_read_whole_matches_reading_node_by_node(store: Store) -> None:
    """What the analyses read a kind at a time is what a trace reads node by node, after writes that replace."""
    load_path(store, EXAMPLE)
    store.write(
        Batch(
            nodes=[Node("post-x", "Post", {"name": "X"}), Node("post-y", "Post", {"name": "Y"})],
            edges=[Edge("post-x", "reportsTo", "post-y")],
        ),
        source="test",
    )
    store.write(Batch(nodes=[Node("post-x", "Post", {"name": "X2"})]), source="test")  # its relationships go
    edges = list(store.edges())
    for kind in sorted({k for _, k, _ in edges}):
        by_source = store.targets_by_source(kind)
        by_target = store.sources_by_target(kind)
        sources = {s for s, k, _ in edges if k == kind}
        targets = {d for _, k, d in edges if k == kind}
        assert {s: list(by_source[s]) for s in sources} == {s: store.targets(s, kind) for s in sources}
        assert {d: list(by_target[d]) for d in targets} == {d: store.sources(d, kind) for d in targets}
        assert all(list(ids) == sorted(ids) and ids for ids in by_source.values())
        assert all(not ids for s, ids in by_source.items() if s not in sources)
    assert "post-x" not in store.targets_by_source("reportsTo")
    assert "post-y" not in store.sources_by_target("reportsTo")


def test_one_property_of_a_whole_kind_is_what_each_record_says(store: Store) -> None:
    """What an audit reads as one column (the role of every 职责分解 row) is each record's own value, typed as
    written — a list, a flag, a number, text — and ``None`` where a record has none; before and after the kind
    is read whole."""
    load_path(store, EXAMPLE)
    store.write(
        Batch(
            nodes=[
                Node("post-x", "Post", {"name": "X", "enforcement": True, "quota": 3, "tags": ["甲", "乙"]}),
                Node("post-y", "Post", {"name": "Y"}),
            ]
        ),
        source="test",
    )
    for _ in range(2):
        for key in ("name", "enforcement", "quota", "tags", "role"):
            column = store.values("Post", key)
            assert column == {node.id: node.props.get(key) for node in store.nodes("Post")}
    assert store.values("Post", "tags")["post-x"] == ["甲", "乙"] and store.values("Post", "tags")["post-y"] is None
    assert store.values("Post", "enforcement")["post-x"] is True and store.values("Post", "quota")["post-x"] == 3
    roles = store.values("Assignment", "role")
    assert roles and set(roles.values()) <= {"primary", "backup", None} and "primary" in roles.values()


def test_a_stores_graph_is_out_of_the_collectors_reach_and_a_replaced_one_is_freed(tmp_path: Path) -> None:
    """Full collections do not walk the records of a built graph (at 400,000 powers each took 9 s, paid by
    whichever query came then); a graph dropped by a replacing load is still freed, cycles included."""
    import gc
    import weakref

    store = EmbeddedStore(tmp_path / "s")
    load_path(store, EXAMPLE)
    records = sum(store.counts().values())
    assert gc.get_freeze_count() > records  # each record, its properties, its relationships
    old_graph = weakref.ref(store.graph)
    list(store.graph.edges)  # a view networkx keeps on the graph points back at it: a reference cycle
    load_path(store, EXAMPLE, replace=True)
    assert old_graph() is None  # freed at once, without waiting for a collection
    assert gc.get_freeze_count() > records  # the new graph is settled in turn
    store.close()
    assert gc.get_freeze_count() == 0
