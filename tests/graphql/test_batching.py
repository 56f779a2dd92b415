"""No N+1: a nested query costs the same number of store calls for 10 organizations as for 100."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dutygraph.graphql import Settings, create_app
from dutygraph.loaders import load_path
from dutygraph.records import Batch, Node
from dutygraph.stores import Store, open_store
from dutygraph.stores.base import LoadSummary
from tests.graphql.conftest import call_app


class CountingStore(Store):
    """A store that counts the calls made on it (one per batched call, however many ids it carries)."""

    def __init__(self, inner: Store) -> None:
        super().__init__(inner.uri)
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def get(self, node_id: str) -> Node | None:
        self.calls["get"] += 1
        return self.inner.get(node_id)

    def nodes(self, kind: str) -> Iterator[Node]:
        self.calls["nodes"] += 1
        return self.inner.nodes(kind)

    def targets(self, node_id: str, edge: str) -> list[str]:
        self.calls["targets"] += 1
        return self.inner.targets(node_id, edge)

    def sources(self, node_id: str, edge: str) -> list[str]:
        self.calls["sources"] += 1
        return self.inner.sources(node_id, edge)

    def get_many(self, node_ids: list[str]) -> list[Node | None]:
        self.calls["get_many"] += 1
        return self.inner.get_many(node_ids)

    def targets_many(self, node_ids: list[str], edge: str) -> list[list[str]]:
        self.calls["targets_many"] += 1
        return self.inner.targets_many(node_ids, edge)

    def sources_many(self, node_ids: list[str], edge: str) -> list[list[str]]:
        self.calls["sources_many"] += 1
        return self.inner.sources_many(node_ids, edge)

    def counts(self) -> dict[str, int]:
        return self.inner.counts()

    def edges(self) -> Iterator[tuple[str, str, str]]:
        return self.inner.edges()

    def write(self, batch: Batch, *, source: str, replace: bool = False) -> LoadSummary:
        return self.inner.write(batch, source=source, replace=replace)


def city(folder: Path, organizations: int) -> Path:
    """A city of ``organizations`` bureaus, each with two units of two posts, each post held."""
    folder.mkdir()
    orgs = ["id,name,level,region"]
    units = ["id,name,organization"]
    posts = ["id,name,organization,unit"]
    persons = ["id,name"]
    holdings = ["id,person,post,valid_from"]
    for o in range(organizations):
        orgs.append(f"o{o},石岭市第{o}局,city,990100")
        for u in range(2):
            units.append(f"o{o}u{u},第{u}科,o{o}")
            for p in range(2):
                post = f"o{o}u{u}p{p}"
                posts.append(f"{post},科员{p},o{o},o{o}u{u}")
                persons.append(f"person-{post},某{post}")
                holdings.append(f"h-{post},person-{post},{post},2020-01-01")
    for name, rows in (
        ("organizations.csv", orgs),
        ("units.csv", units),
        ("posts.csv", posts),
        ("persons.csv", persons),
        ("holdings.csv", holdings),
    ):
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


QUERY = """{ organizations(first: 100) { nodes { id name units { name posts { name holdings { validFrom
  person { name } } } } posts { id } } } }"""


def calls_for(tmp_path: Path, organizations: int) -> tuple[int, dict[str, Any]]:
    inner = open_store("memory:")
    load_path(inner, city(tmp_path / f"city{organizations}", organizations))
    store = CountingStore(inner)
    body = call_app(create_app(store, Settings(max_cost=10**7)), QUERY, token=None)
    assert "errors" not in body, body
    nodes = body["data"]["organizations"]["nodes"]
    assert len(nodes) == organizations
    assert all(len(n["units"]) == 2 and len(n["units"][0]["posts"]) == 2 for n in nodes)
    assert nodes[0]["units"][0]["posts"][0]["holdings"][0]["person"]["name"].startswith("某")
    return sum(store.calls.values()), dict(store.calls)


def test_store_calls_do_not_grow_with_the_organizations(tmp_path: Path) -> None:
    few, few_calls = calls_for(tmp_path, 10)
    many, many_calls = calls_for(tmp_path, 100)
    assert many == few, (few_calls, many_calls)
    assert many_calls.get("get", 0) == many_calls.get("targets", 0) == many_calls.get("sources", 0) == 0
    assert many <= 20  # one organizations scan, then one batched call per level and relationship
