"""The GraphQL service: strawberry on starlette, served by uvicorn (``dutygraph serve``)."""

from dutygraph.graphql.app import create_app
from dutygraph.graphql.settings import ROLES, Settings, read_tokens

__all__ = ["ROLES", "Settings", "create_app", "read_tokens"]
