"""The HTTP service: ``/`` (the explorer), ``/graphql`` (POST and GET; GraphiQL for a browser), ``/healthz``.

GraphiQL is served from files vendored in the package (``static/vendor``): the page works on a machine
with no internet. Each request gets a fresh :class:`~dutygraph.graphql.context.Context` (its roles from
the bearer token), runs under the per-request timeout, and its errors are reduced to a message and a code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from dutygraph.graphql.cache import ResultCache
from dutygraph.graphql.context import Context
from dutygraph.graphql.errors import format_error
from dutygraph.graphql.explorer import explorer_page
from dutygraph.graphql.fairness import Fairness
from dutygraph.graphql.following import Following
from dutygraph.graphql.schema import build_schema
from dutygraph.graphql.settings import Settings
from dutygraph.i18n import LANGUAGES, tr, use_language
from dutygraph.stores import Store

__all__ = ["create_app"]

_STATIC = files("dutygraph.graphql").joinpath("static")


def graphiql_page() -> str:
    """Strawberry's GraphiQL page with its scripts served from this service instead of a CDN."""
    from strawberry.http.ides import get_graphql_ide_html

    page = get_graphql_ide_html(graphql_ide="graphiql")
    cdn = "https://unpkg.com/"
    replacements = {
        "react@18.2.0/umd/react.production.min.js": "react.production.min.js",
        "react-dom@18.2.0/umd/react-dom.production.min.js": "react-dom.production.min.js",
        "js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
        "graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
        "graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
        "@graphiql/plugin-explorer@1.0.2/dist/style.css": "graphiql-plugin-explorer.css",
        "@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": "graphiql-plugin-explorer.umd.js",
    }
    for remote, local in replacements.items():
        page = page.replace(cdn + remote, "/static/vendor/" + local)
    # the subresource-integrity hashes name the CDN's files; the same files served here need none
    import re

    page = re.sub(r'\s+integrity="[^"]*"', "", page)
    page = re.sub(r'\s+crossorigin="[^"]*"', "", page)
    if "unpkg.com" in page or "jsdelivr" in page:  # pragma: no cover - a new strawberry page: re-vendor
        raise RuntimeError("the GraphiQL page asks for a CDN: run scripts/vendor_graphiql.sh and update graphiql_page")
    return page


def accepted_language(header: str | None) -> str | None:
    """The first language of an ``Accept-Language`` header that dutygraph speaks (``zh-CN,zh;q=0.9`` is zh)."""
    for part in (header or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return None


class _GraphQLView(GraphQL[Context, None]):
    def __init__(self, following: Following, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql", multipart_uploads_enabled=True)
        self.following = following
        self.settings = settings
        self._page = graphiql_page()
        self.cache = ResultCache()
        self.pool = ThreadPoolExecutor(settings.workers, thread_name_prefix="dutygraph-work")
        self.fairness = Fairness(settings.rate, settings.burst, settings.concurrent)

    async def get_context(self, request: Any, response: Any) -> Context:
        roles = self.settings.roles_of(request.headers.get("authorization"))
        return Context(
            store=self.following.current,  # kept by the request to its end, whatever another process loads
            settings=self.settings,
            roles=roles,
            language=accepted_language(request.headers.get("accept-language")),
            cache=self.cache,
            pool=self.pool,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self._page)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [format_error(e) for e in result.errors]
        return data

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        # the whole answer in the caller's language: its errors and refusals too, not only the findings
        language = accepted_language(request.headers.get("accept-language")) if isinstance(request, Request) else None
        with use_language(language):
            return await self._run(request, context, root_value)

    async def _run(self, request: Any, context: Any, root_value: Any) -> Any:
        caller: str | None = None
        try:
            if isinstance(request, Request):
                too_large = await self._too_large(request)
                if too_large is not None:
                    return too_large
                if not self.settings.open_access:
                    authorization = request.headers.get("authorization")
                    # a known token is one caller; anything else counts against the host it comes from (a
                    # client spraying made-up tokens gets one bucket, not one each)
                    host = request.client.host if request.client else ""
                    if authorization is not None and self.settings.roles_of(authorization):
                        caller = authorization
                    else:
                        caller = f"host:{host}"
                    refusal = self.fairness.admit(caller)
                    if refusal is not None:
                        caller = None
                        return _error(429, "RATE_LIMITED", refusal.reason, {"Retry-After": str(refusal.retry_after)})
            return await asyncio.wait_for(super().run(request, context, root_value), timeout=self.settings.timeout)
        except TimeoutError:
            return self._timeout()
        finally:
            if caller is not None:
                self.fairness.done(caller)
            if isinstance(request, Request):
                await request.close()  # the files of an upload, even one a role check refused

    async def _too_large(self, request: Request) -> Response | None:
        """A query text over the limit, refused before it is parsed (uploads are limited by their own rules)."""
        if request.method != "POST" or "multipart/" in request.headers.get("content-type", ""):
            return None
        limit = self.settings.max_query_bytes
        declared = request.headers.get("content-length")
        size = int(declared) if declared and declared.isdigit() else len(await request.body())
        if size <= limit:
            return None
        message = tr("the request has {size} bytes; at most {limit} are accepted", size=size, limit=limit)
        return _error(413, "QUERY_TOO_LARGE", message)

    def _timeout(self) -> Response:
        message = tr("the request took longer than {seconds} s and was stopped", seconds=f"{self.settings.timeout:g}")
        body = {"data": None, "errors": [{"message": message, "extensions": {"code": "TIMEOUT"}}]}
        return Response(json.dumps(body, ensure_ascii=False), media_type="application/json", status_code=200)


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(
        json.dumps(body, ensure_ascii=False), media_type="application/json", status_code=status, headers=headers
    )


def create_app(store: Store, settings: Settings | None = None) -> Starlette:
    """The ASGI application serving ``store``."""
    settings = settings or Settings()
    following = Following(store, interval=settings.follow_interval)
    view = _GraphQLView(following, settings)

    async def healthz(request: Request) -> JSONResponse:
        current = following.current
        try:
            records = sum(current.counts().values())
        except Exception:
            return JSONResponse({"status": "unavailable", "store": current.uri}, status_code=503)
        return JSONResponse({"status": "ok", "store": current.uri, "records": records, "switches": following.switches})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        following.start()
        try:
            yield
        finally:
            following.stop()

    explorer = _STATIC.joinpath("explorer.html").read_text(encoding="utf-8")

    async def home(request: Request) -> HTMLResponse:
        asked = request.query_params.get("lang")
        lang = asked if asked in LANGUAGES else accepted_language(request.headers.get("accept-language"))
        return HTMLResponse(explorer_page(explorer, lang))

    return Starlette(
        lifespan=lifespan,
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/graphql", view, methods=["GET", "POST"]),
            Mount("/static", StaticFiles(directory=str(_STATIC)), name="static"),
        ],
    )
