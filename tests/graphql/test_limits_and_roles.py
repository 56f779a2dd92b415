"""Limits (depth, cost, page size, time) and roles, each refusal with its code and no stack trace."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from pathlib import Path

import httpx
import pytest
from graphql import get_introspection_query

from dutygraph.errors import DutygraphError
from dutygraph.graphql import Settings, create_app, read_tokens
from dutygraph.graphql.settings import SettingsError
from dutygraph.loaders import load_path
from dutygraph.stores import Store, open_store
from tests.conftest import EXAMPLE
from tests.graphql.conftest import TOKENS, Call, call_app, codes


def test_a_25_deep_query_is_refused_and_introspection_still_works(gql: Call) -> None:
    inner = "id"
    for _ in range(12):  # organization → units → organization → … : 25 levels
        inner = f"units {{ organization {{ {inner} }} }}"
    body = gql(f"{{ organizations {{ nodes {{ {inner} }} }} }}")
    assert codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "levels deep" in body["errors"][0]["message"]
    assert body.get("data") is None
    introspection = gql(get_introspection_query(descriptions=True))
    assert "errors" not in introspection
    assert any(t["name"] == "Organization" for t in introspection["data"]["__schema"]["types"])


def test_a_costly_query_is_refused_before_it_runs(gql: Call) -> None:
    body = gql(
        "{ organizations(first: 100) { nodes { posts { holdings { person { name } } } "
        "units { posts { holdings { id reportsTo: post { reportsTo { name } } } } } } } }"
    )
    assert codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "field reads" in body["errors"][0]["message"]
    small = gql("{ organizations(first: 5) { nodes { posts { holdings { person { name } } } } } }")
    assert "errors" not in small


def test_a_query_asked_again_is_refused_again_in_each_callers_language(gql: Call) -> None:
    # the server keeps each query text parsed and checked: the verdict must not leak across languages
    costly = (
        "{ organizations(first: 100) { nodes { posts { holdings { person { name } } } "
        "units { posts { holdings { id reportsTo: post { reportsTo { name } } } } } } } }"
    )
    told = [
        gql(costly, headers={"Accept-Language": lang})["errors"][0]["message"] for lang in ("zh-CN", "en", "zh", "en")
    ]
    assert told[0].startswith("查询可能耗费") and told[2] == told[0]
    assert told[1].startswith("the query could cost") and told[3] == told[1]
    small = "{ organizations(first: 5) { nodes { name } } }"
    assert gql(small) == gql(small) and "errors" not in gql(small)


def test_the_page_size_is_capped(gql: Call) -> None:
    body = gql("{ organizations(first: 101) { totalCount } }")
    assert codes(body) == ["BAD_USER_INPUT"] and "between 0 and 100" in body["errors"][0]["message"]


def test_a_slow_request_times_out(gypsum_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import dutygraph.graphql.schema as schema_module

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(1.0)
        raise AssertionError("unreachable: the request was stopped")

    monkeypatch.setattr(schema_module, "audit", slow)
    app = create_app(gypsum_store, Settings(timeout=0.2))

    async def timed() -> tuple[float, dict[str, object]]:
        started = time.perf_counter()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.post("/graphql", json={"query": "{ overlaps { totalCount } }"})
        return time.perf_counter() - started, response.json()

    # the answer comes when the time is up, while the analysis still runs in its worker thread
    elapsed, body = asyncio.run(timed())
    assert codes(body) == ["TIMEOUT"]
    assert elapsed < 0.9


def test_errors_never_carry_a_stack_trace(gypsum_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import dutygraph.graphql.schema as schema_module

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("secret internals /srv/db password=hunter2")

    monkeypatch.setattr(schema_module, "audit", broken)
    body = call_app(create_app(gypsum_store, Settings()), "{ gaps { totalCount } }", token=None)
    assert codes(body) == ["INTERNAL_SERVER_ERROR"]
    text = str(body)
    assert "hunter2" not in text and "Traceback" not in text and "File " not in text


@pytest.mark.parametrize(
    ("token", "query", "allowed"),
    [
        (None, "{ organizations { totalCount } }", False),
        ("wrong-token", "{ organizations { totalCount } }", False),
        ("reader-token", "{ organizations { totalCount } }", True),
        ("reader-token", '{ overlaps(asOf: "2017-06-01") { totalCount } }', True),
        ("reader-token", '{ trace(incident: "inc-2017") { date } }', False),
        ("reader-token", '{ node(id: "zhao-lei") { id ... on Person { name } } }', False),
        ("inspector-token", '{ trace(incident: "inc-2017") { links { person } } }', True),
        ("inspector-token", '{ node(id: "zhao-lei") { id ... on Person { name } } }', True),
        (
            "inspector-token",
            'mutation { recordIncident(input: {date: "2021-01-01", region: "990100", subject: "石膏矿"}) { id } }',
            False,
        ),
        (
            "loader-token",
            'mutation { recordIncident(input: {date: "2021-01-01", region: "990100", subject: "石膏矿"}) { id } }',
            True,
        ),
    ],
)
def test_roles(gql: Call, token: str | None, query: str, allowed: bool) -> None:
    body = gql(query, token=token)
    if allowed:
        assert "errors" not in body, body
    else:
        assert codes(body) == ["FORBIDDEN"]


def test_persons_are_personal_data_for_readers(gql: Call) -> None:
    body = gql('{ trace(incident: "inc-2017") { date } }', token="reader-token")
    assert "inspector" in body["errors"][0]["message"]
    holdings = gql(
        '{ node(id: "em-chief") { ... on Post { name holdings { validFrom person { name } } } } }', token="reader-token"
    )
    assert codes(holdings) == ["FORBIDDEN"]


def test_open_access_without_tokens(gypsum_store: Store) -> None:
    app = create_app(gypsum_store, Settings())
    body = call_app(app, '{ trace(incident: "inc-2017") { links { person } } }', token=None)
    assert "errors" not in body


def test_tokens_from_a_file_and_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text('{"t1": "reader", "t2": ["inspector", "loader"]}', encoding="utf-8")
    tokens = read_tokens(path, env="t3:loader,t4:inspector+loader")
    assert tokens["t1"] == {"reader"}
    assert tokens["t2"] == tokens["t4"] == {"reader", "inspector", "loader"}
    assert tokens["t3"] == {"reader", "loader"}
    with pytest.raises(SettingsError, match="unknown role 'admin'"):
        read_tokens(None, env="t:admin")
    with pytest.raises(DutygraphError, match="not TOKEN:ROLE"):
        read_tokens(None, env="justatoken")


def test_findings_name_persons_to_inspectors_only(tmp_path: Path) -> None:
    """A reader sees that an enforcement post is held without a 执法证, not by whom (personal data)."""
    data = tmp_path / "gypsum"
    shutil.copytree(EXAMPLE, data)
    with (data / "persons.csv").open("a", encoding="utf-8") as f:
        f.write("sun-xiao,孙晓\n")
    with (data / "holdings.csv").open("a", encoding="utf-8") as f:
        f.write("h-sun-xiao-1,sun-xiao,coal-inspector-b,2017-01-01,2019-03-01\n")
    store = open_store("memory:")
    load_path(store, data)
    app = create_app(store, Settings(tokens=dict(TOKENS)))
    query = (
        '{ unassigned(asOf: "2017-06-01", filter: {variant: "no_credential"}) '
        "{ nodes { message records evidence { source anchor text } } } }"
    )
    seen = {token: call_app(app, query, token=token)["data"]["unassigned"]["nodes"] for token in TOKENS}
    by_inspector = [f for f in seen["inspector-token"] if "sun-xiao" in f["records"]]
    assert len(by_inspector) == 1 and "孙晓" in by_inspector[0]["message"]
    for token in ("reader-token", "loader-token"):
        assert len(seen[token]) == len(seen["inspector-token"])
        shown = json.dumps(seen[token], ensure_ascii=False)
        assert "孙晓" not in shown and "sun-xiao" not in shown and "h-sun-xiao-1" not in shown
        assert any("[a person] holds enforcement post 「煤矿安全监察员（B角）」" in f["message"] for f in seen[token])
        assert all("coal-inspector-b" in f["records"] for f in seen[token] if "（B角）" in f["message"])


def test_a_reader_walking_the_whole_schema_meets_no_personal_data(gql: Call, gypsum_store: Store) -> None:
    """Every record kind through node(id:), every field of its type: a reader gets no person's name, id,
    credential number, holding or absence — on personal kinds the record is refused, elsewhere the fields
    leading to persons are."""
    from dutygraph.schema import NODE_KINDS

    personal_values: set[str] = set()
    for kind in ("Person", "Credential", "Holding", "Absence"):
        for node in gypsum_store.nodes(kind):
            personal_values.add(node.id)
            personal_values.update(str(v) for k, v in node.props.items() if k in ("name", "number", "reason"))
    types = {
        t["name"]: t
        for t in gql(
            "{ __schema { types { name fields { name type { kind name ofType { kind name ofType { kind name "
            "ofType { kind name } } } } } } } }",
            token="reader-token",
        )["data"]["__schema"]["types"]
    }

    def leaf(type_ref: dict) -> bool:  # type: ignore[type-arg]
        while type_ref.get("ofType"):
            type_ref = type_ref["ofType"]
        return type_ref["kind"] in ("SCALAR", "ENUM")

    walked = 0
    for kind in NODE_KINDS.values():
        record = next(iter(gypsum_store.nodes(kind.name)), None)
        if record is None:
            continue
        fields = [f["name"] for f in types[kind.name]["fields"]]
        selection = " ".join(
            f if leaf(next(x for x in types[kind.name]["fields"] if x["name"] == f)["type"]) else f"{f} {{ id }}"
            for f in fields
        )
        body = gql(f'{{ node(id: "{record.id}") {{ ... on {kind.name} {{ {selection} }} }} }}', token="reader-token")
        text = json.dumps(body.get("data"), ensure_ascii=False)
        leaked = sorted(v for v in personal_values if v and len(v) > 1 and f'"{v}"' in text)
        assert not leaked, (kind.name, leaked)
        if kind.personal:
            assert body["data"]["node"] is None and codes(body) == ["FORBIDDEN"], kind.name
        walked += 1
    assert walked >= 25
    # the neighbourhood of a post draws no holding or person for a reader
    drawn = gql('{ neighbourhood(id: "coal-inspector-a") { nodes { id kind } } }', token="reader-token")
    assert {n["kind"] for n in drawn["data"]["neighbourhood"]["nodes"]}.isdisjoint({"Person", "Holding", "Credential"})
    # an inspector reads a credential's number
    credential = next(iter(gypsum_store.nodes("Credential")))
    seen = gql(f'{{ node(id: "{credential.id}") {{ ... on Credential {{ number }} }} }}', token="inspector-token")
    assert seen["data"]["node"]["number"] == credential.get("number")
