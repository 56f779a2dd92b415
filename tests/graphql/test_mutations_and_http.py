"""Mutations (all or nothing, as on the CLI), and the HTTP surface: GET, GraphiQL offline, /healthz."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from dutygraph.graphql import Settings, create_app
from dutygraph.stores import Store, open_store
from tests.conftest import EXAMPLE
from tests.graphql.conftest import TOKENS, Call, call_app, codes


def test_record_an_incident_then_trace_it(gql: Call, gypsum_store: Store) -> None:
    created = gql(
        'mutation { recordIncident(input: {id: "inc-2021", date: "2021-03-02", region: "990100", subject: "石膏矿", '
        'kind: "事故", description: "石膏矿冒顶"}) { id date kind subject { label } } }',
        token="loader-token",
    )
    assert "errors" not in created, created
    assert created["data"]["recordIncident"] == {
        "id": "inc-2021",
        "date": "2021-03-02",
        "kind": "accident",
        "subject": {"label": "石膏矿"},
    }
    assert gypsum_store.get("inc-2021") is not None
    traced = gql('{ trace(incident: "inc-2021") { links { organization person } } }')
    assert {lk["organization"] for lk in traced["data"]["trace"]["links"]} == {"石岭市应急管理局", "石岭市人民政府"}


def test_a_bad_incident_is_refused_and_nothing_is_written(gql: Call, gypsum_store: Store) -> None:
    before = gypsum_store.counts()
    body = gql(
        'mutation { recordIncident(input: {date: "2021-03-02", region: "990100", subject: "火星矿"}) { id } }',
        token="loader-token",
    )
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "unknown Subject '火星矿'" in body["errors"][0]["message"]
    assert gypsum_store.counts() == before


def _zip_of(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")
    return buffer.getvalue()


def _upload(app: Any, data: bytes, token: str = "loader-token") -> dict[str, Any]:
    """A dataset sent as the GraphQL multipart request spec says (operations, map, file)."""
    operations = {
        "query": "mutation($file: Upload!) { loadDataset(upload: $file) { records relationships counts files notes } }",
        "variables": {"file": None},
    }

    async def post() -> dict[str, Any]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.post(
                "/graphql",
                data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
                files={"0": ("dataset.zip", data, "application/zip")},
                headers={"Authorization": f"Bearer {token}"},
            )
            result: dict[str, Any] = response.json()
            return result

    return asyncio.run(post())


def test_load_an_uploaded_zip(tmp_path: Path) -> None:
    store = open_store("memory:")
    app = create_app(store, Settings(tokens=dict(TOKENS)))
    body = _upload(app, _zip_of(EXAMPLE))
    assert "errors" not in body, body
    report = body["data"]["loadDataset"]
    assert report["counts"]["Organization"] == 12 and report["records"] == sum(store.counts().values())
    assert codes(_upload(app, _zip_of(EXAMPLE), token="reader-token")) == ["FORBIDDEN"]
    assert codes(_upload(app, b"not a zip")) == ["BAD_USER_INPUT"]


def test_a_bad_upload_changes_nothing(tmp_path: Path) -> None:
    store = open_store("memory:")
    app = create_app(store, Settings(tokens=dict(TOKENS)))
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name,level,region\nx,某局,galaxy,100\n", encoding="utf-8")
    body = _upload(app, _zip_of(folder))
    assert codes(body) == ["BAD_USER_INPUT"]
    message = body["errors"][0]["message"]
    assert message.startswith("nothing was loaded:") and "'galaxy' is not one of" in message
    assert store.is_empty()


def test_load_from_an_allowed_server_path_only(tmp_path: Path) -> None:
    store = open_store("memory:")
    app = create_app(store, Settings(tokens=dict(TOKENS), load_roots=(EXAMPLE.parent,)))
    query = 'mutation { loadDataset(path: "%s") { records files } }'
    assert "errors" not in call_app(app, query % EXAMPLE, token="loader-token")
    assert store.get("coal") is not None
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    body = call_app(app, query % outside, token="loader-token")
    assert codes(body) == ["FORBIDDEN"]
    body = call_app(app, query % (EXAMPLE / ".." / ".." / "tests"), token="loader-token")
    assert codes(body) == ["FORBIDDEN"]


def test_a_load_through_the_server_does_not_wait_for_another_load(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    app = create_app(store, Settings(tokens=dict(TOKENS), load_roots=(EXAMPLE.parent,)))
    query = f'mutation {{ loadDataset(path: "{EXAMPLE}") {{ records }} }}'
    with open_store(str(tmp_path / "store")) as other, other.exclusive():  # "dutygraph load" elsewhere
        body = call_app(app, query, token="loader-token")
    assert codes(body) == ["BUSY"]
    assert "another load is writing to" in body["errors"][0]["message"]
    assert store.is_empty()
    assert "errors" not in call_app(app, query, token="loader-token")  # once it is done
    assert store.get("coal") is not None
    store.close()


def _get(app: Any, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            return await client.get(url, headers=headers or {})

    return asyncio.run(get())


def test_get_graphiql_offline_and_health(gypsum_store: Store) -> None:
    app = create_app(gypsum_store, Settings())
    answer = _get(app, "/graphql?query=" + "{ organizations { totalCount } }")
    assert answer.status_code == 200 and answer.json()["data"]["organizations"]["totalCount"] == 10
    page = _get(app, "/graphql", {"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert "unpkg.com" not in page.text and "jsdelivr" not in page.text and "https://" not in page.text
    for script in ("/static/vendor/graphiql.min.js", "/static/vendor/react.production.min.js"):
        assert script in page.text
        served = _get(app, script)
        assert served.status_code == 200 and len(served.content) > 1000
    health = _get(app, "/healthz")
    assert health.json() == {
        "status": "ok",
        "store": "memory:",
        "records": sum(gypsum_store.counts().values()),
        "switches": 0,  # times it switched to a state another process loaded
    }


def test_serve_refuses_to_listen_beyond_localhost_without_tokens(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.test_cli import run

    store = tmp_path / "store"
    assert run(capsys, "--store", str(store), "load", str(EXAMPLE))[0] == 0
    code, _, err = run(capsys, "--store", str(store), "serve", "--host", "0.0.0.0")
    assert code == 1
    assert "no API tokens are configured, so the server may listen on localhost only, not 0.0.0.0" in err
    tokens = tmp_path / "tokens.json"
    tokens.write_text('{"t": "superuser"}', encoding="utf-8")
    code, _, err = run(capsys, "--store", str(store), "serve", "--tokens", str(tokens))
    assert code == 1 and "unknown role 'superuser'" in err
