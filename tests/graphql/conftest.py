"""A GraphQL service over the gypsum example, called through httpx's ASGI transport."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from dutygraph.graphql import Settings, create_app
from dutygraph.loaders import load_path
from dutygraph.stores import Store, open_store
from tests.conftest import EXAMPLE

TOKENS = {
    "reader-token": frozenset({"reader"}),
    "inspector-token": frozenset({"reader", "inspector"}),
    "loader-token": frozenset({"reader", "loader"}),
}

Call = Callable[..., dict[str, Any]]


def call_app(
    app: Any,
    query: str,
    token: str | None = "inspector-token",
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST a query to ``app`` as a client holding ``token`` (and sending ``headers``); the JSON answer."""

    async def post() -> dict[str, Any]:
        sent = {"Authorization": f"Bearer {token}"} if token else {}
        sent.update(headers or {})
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dutygraph") as client:
            response = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=sent)
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            return body

    return asyncio.run(post())


@pytest.fixture
def gypsum_store() -> Iterator[Store]:
    store = open_store("memory:")
    load_path(store, EXAMPLE)
    yield store
    store.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(tokens=dict(TOKENS))


@pytest.fixture
def gql(gypsum_store: Store, settings: Settings) -> Call:
    """Run a query against the gypsum example: ``gql(query, token=…, variables=…)``."""
    app = create_app(gypsum_store, settings)

    def run(
        query: str,
        token: str | None = "inspector-token",
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        return call_app(app, query, token, variables, headers)

    return run


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]
