"""Shared fixtures: a store of every kind this machine can run, and small datasets written by tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dutygraph.loaders import load_path
from dutygraph.stores import Store, open_store

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "gypsum"

# Every store of the registry that can run here; the Neo4j store joins this list in its own issue.
STORE_KINDS = ["memory", "embedded"]


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    uri = "memory:" if request.param == "memory" else str(tmp_path / "store")
    s = open_store(uri)
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
