"""GraphQL errors with a code a client can act on, and never a stack trace.

``BAD_USER_INPUT`` (an argument or an uploaded dataset is wrong), ``NOT_FOUND``, ``FORBIDDEN`` (roles),
``QUERY_TOO_COMPLEX`` (depth or cost over the limits), ``TIMEOUT``; anything unexpected is
``INTERNAL_SERVER_ERROR`` with a fixed message (the details go to the server's log).
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError

from dutygraph.errors import DutygraphError, LoadError, NotFound, QueryError
from dutygraph.i18n import tr

__all__ = ["CODES", "UserFacingError", "format_error"]

CODES = ("BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "QUERY_TOO_COMPLEX", "TIMEOUT", "INTERNAL_SERVER_ERROR")
log = logging.getLogger("dutygraph.graphql")


class UserFacingError(Exception):
    """An error whose message is meant for the client, with its code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _code_of(error: GraphQLError) -> tuple[str, str]:
    original = error.original_error
    given = (error.extensions or {}).get("code")
    if isinstance(original, UserFacingError):
        return original.code, str(original)
    if isinstance(original, NotFound):
        return "NOT_FOUND", str(original)
    if isinstance(original, LoadError | QueryError | ValueError):
        return "BAD_USER_INPUT", str(original)
    if isinstance(original, DutygraphError):
        return "BAD_USER_INPUT", str(original)
    if given:
        return str(given), error.message
    if original is None:  # a validation error: the query itself is wrong
        return "GRAPHQL_VALIDATION_FAILED", error.message
    log.error(tr("unexpected error in a resolver"), exc_info=original)
    return "INTERNAL_SERVER_ERROR", "internal error (logged on the server)"


def format_error(error: GraphQLError) -> dict[str, Any]:
    """The error as the response carries it: message, locations, path and ``extensions.code`` only."""
    code, message = _code_of(error)
    out: dict[str, Any] = {"message": message, "extensions": {"code": code}}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    return out
