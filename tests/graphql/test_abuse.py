"""One careless script or many clients: cost that matches the work, aliases and repeats limited, answers
computed once and shared, a 429 for a token asking too much."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from dutygraph.graphql import Settings, create_app
from dutygraph.graphql.cache import ResultCache
from dutygraph.graphql.fairness import Fairness
from dutygraph.stores import Store
from tests.graphql.conftest import TOKENS, Call, codes


def _post(app: Any, query: str, token: str = "reader-token", times: int = 1) -> list[httpx.Response]:
    """POST ``query`` ``times`` times at once as ``token``: the raw responses (status, headers)."""

    async def send() -> list[httpx.Response]:
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dutygraph") as client:
            return list(
                await asyncio.gather(
                    *(client.post("/graphql", json={"query": query}, headers=headers) for _ in range(times))
                )
            )

    return asyncio.run(send())


def test_a_thousand_aliases_of_an_analysis_are_refused_before_anything_runs(gql: Call, gypsum_store: Store) -> None:
    query = "{ " + " ".join(f'a{i}: overlaps(asOf: "2017-06-01") {{ totalCount }}' for i in range(1000)) + " }"
    body = gql(query, token="reader-token")
    assert codes(body) == ["QUERY_TOO_COMPLEX"] and body["data"] is None
    assert "1000 aliases; at most 20" in body["errors"][0]["message"]
    # 100,000 aliases of __typename: too large to be parsed at all
    flood = "{ " + " ".join(f"t{i}: __typename" for i in range(100_000)) + " }"
    [response] = _post(create_app(gypsum_store, Settings(tokens=dict(TOKENS))), flood)
    assert response.status_code == 413 and "at most 100000" in response.json()["errors"][0]["message"]


def test_one_field_asked_again_and_again_is_refused_by_name(gql: Call) -> None:
    query = "{ " + " ".join(f'a{i}: gaps(asOf: "2017-06-01") {{ totalCount }}' for i in range(4)) + " }"
    body = gql(query, token="reader-token")
    assert codes(body) == ["QUERY_TOO_COMPLEX"]
    assert (
        'the field `gaps(asOf: "2017-06-01")` is asked 4 times side by side; at most 3' in body["errors"][0]["message"]
    )
    # three different dates are three questions
    fine = "{ " + " ".join(f'a{i}: gaps(asOf: "201{i}-06-01") {{ totalCount }}' for i in range(7, 10)) + " }"
    assert "errors" not in gql(fine, token="reader-token")


def test_a_count_of_an_analysis_costs_the_analysis(gypsum_store: Store) -> None:
    app = create_app(gypsum_store, Settings(tokens=dict(TOKENS), max_cost=1500))
    [response] = _post(app, '{ overlaps(asOf: "2017-06-01") { totalCount } gaps(asOf: "2017-06-01") { totalCount } }')
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "alone costs 1000: it runs an analysis" in body["errors"][0]["message"]
    [one] = _post(app, '{ overlaps(asOf: "2017-06-01") { totalCount } }')
    assert one.json() == {"data": {"overlaps": {"totalCount": 1}}}


def test_a_query_text_over_the_limit_is_refused_unparsed(gypsum_store: Store) -> None:
    app = create_app(gypsum_store, Settings(tokens=dict(TOKENS), max_query_bytes=1000))
    [response] = _post(app, "{ organizations { totalCount } }" + " " * 2000)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_a_token_asking_too_fast_gets_429_with_retry_after_and_others_do_not(gypsum_store: Store) -> None:
    app = create_app(gypsum_store, Settings(tokens=dict(TOKENS), rate=0.5, burst=2))
    answers = [r for _ in range(3) for r in _post(app, "{ organizations { totalCount } }")]
    assert [r.status_code for r in answers] == [200, 200, 429]
    refused = answers[2]
    assert refused.headers["Retry-After"] == "2"
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    # another token is not starved by the first
    [other] = _post(app, "{ organizations { totalCount } }", token="inspector-token")
    assert other.status_code == 200


def test_a_token_may_run_only_so_many_requests_at_once() -> None:
    fair = Fairness(rate=100, burst=100, concurrent=2)
    assert fair.admit("a") is None and fair.admit("a") is None
    refusal = fair.admit("a")
    assert refusal is not None and refusal.retry_after == 1 and "2 requests" in refusal.reason
    assert fair.admit("b") is None  # one caller's load is its own
    fair.done("a")
    assert fair.admit("a") is None


class _Counted:
    """A store-like object that counts its writes, as the stores do (``generation``)."""

    generation = 0


def test_an_answer_is_computed_once_per_store_state_and_shared() -> None:
    cache, store, calls = ResultCache(), _Counted(), []

    def work() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get(store, ("audit", "2017-06-01"), work) == 1
    assert cache.get(store, ("audit", "2017-06-01"), work) == 1  # shared
    store.generation += 1  # a load committed
    assert cache.get(store, ("audit", "2017-06-01"), work) == 2
    # two threads asking the same new question at once compute it once
    started, results = threading.Event(), []

    def slow() -> str:
        started.wait(1)
        calls.append(1)
        return "answer"

    threads = [threading.Thread(target=lambda: results.append(cache.get(store, ("q",), slow))) for _ in range(4)]
    for t in threads:
        t.start()
    started.set()
    for t in threads:
        t.join()
    assert results == ["answer"] * 4 and len(calls) == 3


def test_the_service_computes_an_audit_once_for_every_request_until_a_load(
    gql: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dutygraph.graphql.schema as schema

    calls: list[str] = []
    real = schema.audit

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(schema, "audit", counted)
    query = (
        '{ a: unassigned(asOf: "2021-06-01") { totalCount } b: unassigned(asOf: "2021-06-01") { nodes { message } } }'
    )
    first = gql(query, token="loader-token")["data"]
    again = gql(query, token="reader-token")["data"]
    assert first["a"] == again["a"] and calls == ["2021-06-01"]  # two aliases, two requests: one audit
    body = gql(
        'mutation { recordIncident(input: {date: "2021-01-01", region: "990100", subject: "石膏矿"}) { id } }',
        token="loader-token",
    )
    assert "errors" not in body
    gql(query, token="reader-token")
    assert calls == ["2021-06-01", "2021-06-01"]  # the store moved: computed again


@pytest.mark.parametrize("field", ['search(text: "石膏矿") { id }', 'neighbourhood(id: "coal") { nodes { id } }'])
def test_search_and_neighbourhood_answer_off_the_loop(gql: Call, field: str) -> None:
    body = gql("{ " + field + " }", token="reader-token")
    assert "errors" not in body, body
