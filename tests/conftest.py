"""Shared fixtures: a store of every kind this machine can run, and small datasets written by tests."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from dutygraph.loaders import load_path
from dutygraph.stores import Store, open_store

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "gypsum"

# Every store kind: the suite runs over each and must give the same answers (the conformance suite).
# "neo4j" is the Neo4j store: over a real server when $NEO4J_URI is set, else over the in-process openCypher
# engine behind the driver's API (`pytest -k neo4j` runs that leg alone).
STORE_KINDS = ["memory", "embedded", "neo4j"]

# Hypothesis profiles: "ci" (the default) keeps the suite short; "long" is the run before a release
# (`pytest -m fuzz --hypothesis-profile long`). Tests that set their own number of examples keep it.
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("ci", max_examples=25, **_FUZZ)
settings.register_profile("long", max_examples=1000, **_FUZZ)
settings.load_profile("ci")


def neo4j_store() -> Store:
    """The Neo4j store the suite runs on: $NEO4J_URI's server, emptied, or the openCypher engine."""
    from dutygraph.stores.neo4j_store import open_neo4j
    from dutygraph.stores.opencypher import open_opencypher

    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return open_opencypher("opencypher:")
    store = open_neo4j(uri)
    store._write([("store", "publish_clear", {}), ("store", "drop_staged", {})])
    return store


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The suite's assertions on messages are written in English: every test runs with ``DUTYGRAPH_LANG=en``
    (subprocesses included). The Chinese default is asserted by the tests that remove it (tests/test_i18n.py,
    the golden audits in both languages)."""
    from dutygraph.i18n import set_language

    monkeypatch.setenv("DUTYGRAPH_LANG", "en")
    yield
    set_language(None)


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "neo4j":
        s = neo4j_store()
    else:
        s = open_store("memory:" if request.param == "memory" else str(tmp_path / "store"))
    yield s
    s.close()


DatasetWriter = Callable[[dict[str, str]], Path]


@pytest.fixture
def dataset(tmp_path: Path) -> DatasetWriter:
    """Write CSV files (name → text, dedented) into a fresh folder and return it."""
    counter = [0]

    def write(files: dict[str, str]) -> Path:
        counter[0] += 1
        folder = tmp_path / f"dataset{counter[0]}"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def gypsum(store: Store) -> Store:
    load_path(store, EXAMPLE)
    return store


# A small city: two bureaus of one city (region 100), one county bureau below (region 101).
BASE = {
    "organizations.csv": """
        id,name,level,region,valid_from,valid_to
        a,甲局,city,100,2010-01-01,
        b,乙局,city,100,2010-01-01,
        c,丙县局,county,101,2010-01-01,
    """,
    "provisions.csv": """
        id,organization,title,valid_from,valid_to
        pa,a,甲局三定,2010-01-01,
        pb,b,乙局三定,2010-01-01,
        pc,c,丙县局三定,2010-01-01,
    """,
}
