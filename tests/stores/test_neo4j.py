"""The Neo4j store: loads all-or-nothing for readers, Cypher only with parameters, schema, connection settings.

The conformance suite (every store-parametrised test, `pytest -k neo4j`) runs the analyses on it; these tests
cover what is its own. They run on the openCypher engine behind the driver's API, or on $NEO4J_URI's server.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dutygraph.errors import StoreUnavailable
from dutygraph.loaders import load_path
from dutygraph.queries import AsOf, audit
from dutygraph.stores import open_store
from dutygraph.stores.cypher import statements
from dutygraph.stores.neo4j_store import Neo4jStore, _settings, schema_statements
from dutygraph.stores.opencypher import OpenCypherDriver
from tests.conftest import EXAMPLE, neo4j_store

ROOT = Path(__file__).resolve().parents[2]
CYPHER_WORDS = ("MATCH", "MERGE", "CREATE", "RETURN", "UNWIND", "DELETE", "SET ", "WHERE")


class Killed(Exception):
    """The process dying midway through a load."""


def test_a_load_killed_midway_leaves_the_previous_data_and_nothing_of_itself(tmp_path: Path) -> None:
    statements_seen: list[str] = []

    def hook(query: str) -> None:
        statements_seen.append(query)
        if armed and "CREATE (a)-[:REL" in query:  # midway: records staged, relationships half written
            raise Killed

    armed = False
    store = Neo4jStore("opencypher:", OpenCypherDriver(hook=hook), batch_size=100)
    load_path(store, EXAMPLE)
    before = (store.counts(), sorted(store.edges()), audit(store, "2017-06-01").to_dict())
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "organizations.csv").write_text(
        "id,name,level,region,parent\ncoal,改名后的煤炭局,city,990100,city-gov\nnew-org,新局,city,990100,city-gov\n",
        encoding="utf-8",
    )
    (changed / "units.csv").write_text("id,name,organization\nnew-unit,新局办公室,new-org\n", encoding="utf-8")
    armed = True
    with pytest.raises(Killed):
        load_path(store, changed)
    # readers see the store as it was: no renamed bureau, no new one, nothing half-loaded
    assert (store.counts(), sorted(store.edges()), audit(store, "2017-06-01").to_dict()) == before
    assert store.get("new-org") is None and store.get("new-unit") is None
    assert store.get("coal").get("name") == "石岭市煤炭工业局"  # type: ignore[union-attr]
    # the next load clears what the killed one left, and goes through
    armed = False
    load_path(store, changed)
    assert store.get("coal").get("name") == "改名后的煤炭局"  # type: ignore[union-attr]
    assert store.sources("coal", "provisionOf") == ["p-coal"]  # relationships into a replaced record follow it
    assert store.counts()["Organization"] == before[0]["Organization"] + 1
    assert store.targets("coal", "subOrganizationOf") == ["city-gov"] and store.sources("new-org", "unitOf") == [
        "new-unit"
    ]


def test_the_taxonomy_is_walked_by_a_variable_length_path() -> None:
    store = neo4j_store()
    embedded = open_store("memory:")
    load_path(store, EXAMPLE)
    load_path(embedded, EXAMPLE)
    native = store.ancestor_map()  # type: ignore[attr-defined]
    assert native["subject:gypsum_mine"] == {"subject:metal_nonmetal_mine", "subject:non_coal_mine", "subject:mine"}
    walked = AsOf(embedded).ancestors
    assert all(native.get(s, frozenset()) == walked(s) for s in (n.id for n in embedded.nodes("Subject")))


def _formats_cypher(node: ast.AST) -> bool:
    """Whether ``node`` builds a string with Cypher in it by formatting (f-string, .format, %, +)."""

    def literal(n: ast.AST) -> str:
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            return n.value
        if isinstance(n, ast.JoinedStr):
            return "".join(literal(v) for v in n.values)
        return ""

    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        return any(word in literal(node) for word in CYPHER_WORDS)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return any(word in literal(node.func.value) for word in CYPHER_WORDS)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return any(word in literal(node.left) + literal(node.right) for word in CYPHER_WORDS)
    return False


def test_no_cypher_is_built_from_strings() -> None:
    sources = [
        *ROOT.joinpath("dutygraph", "stores").glob("*.py"),
        *ROOT.joinpath("queries").glob("*.py"),
        *ROOT.joinpath("dutygraph", "graphql").glob("*.py"),
    ]
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"  # type: ignore[attr-defined]
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _formats_cypher(node)
    ]
    assert offenders == []
    # and every statement run comes from a file under queries/cypher, with parameters for every value
    for file in ("store", "taxonomy", "schema"):
        for name, text in statements(file).items():
            assert "{" not in text or "$" in text or name.startswith(("constraint", "index")), (file, name)
    assert "'" not in statements("store")["targets"] and "$edge" in statements("store")["targets"]


def test_schema_statements_are_idempotent_and_run_by_init(capsys: pytest.CaptureFixture[str]) -> None:
    assert all("IF NOT EXISTS" in s for s in schema_statements())
    assert any("REQUIRE n.id IS UNIQUE" in s for s in schema_statements())
    from tests.test_cli import run

    code, out, err = run(capsys, "--store", "opencypher:", "init")
    assert code == 0, err
    assert "CREATE CONSTRAINT record_id IF NOT EXISTS" in out


def test_connection_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    assert _settings("neo4j://alice:s%40cret@db.example:7687/duties") == (
        "neo4j://db.example:7687",
        "alice",
        "s@cret",
        "duties",
    )
    monkeypatch.setenv("NEO4J_USER", "bob")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    assert _settings("bolt://db.example") == ("bolt://db.example", "bob", "pw", None)
    config = tmp_path / "neo4j.toml"
    config.write_text('[neo4j]\nuser = "carol"\npassword = "x"\ndatabase = "province"\n', encoding="utf-8")
    monkeypatch.delenv("NEO4J_USER")
    monkeypatch.setenv("DUTYGRAPH_NEO4J_CONFIG", str(config))
    assert _settings("neo4j+s://cluster.example") == ("neo4j+s://cluster.example", "carol", "pw", "province")


def test_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreUnavailable, match="cannot reach Neo4j"):
        open_store("neo4j://127.0.0.1:1")


def test_the_store_modules_import_one_another_without_a_circle() -> None:
    """The Neo4j store and the openCypher stand-in share the record layout and do not import each other both ways
    (a circle, even inside functions, makes which module is half-initialised depend on who imports first)."""
    import networkx as nx

    folder = ROOT / "dutygraph" / "stores"
    graph: nx.DiGraph[str] = nx.DiGraph()
    for path in folder.glob("*.py"):
        graph.add_node(path.stem)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dutygraph.stores."):
                graph.add_edge(path.stem, str(node.module).removeprefix("dutygraph.stores.").split(".")[0])
    assert graph.has_edge("opencypher", "neo4j_store")  # the stand-in serves the store …
    assert list(nx.simple_cycles(graph)) == []  # … and nothing leads back
