"""Roles: which caller may read what. A refusal is a GraphQL error with ``extensions.code = FORBIDDEN``."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

__all__ = ["CanLoad", "CanRead", "CanSeePersons"]


class _Role(BasePermission):
    role = "reader"
    message = "forbidden"
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 - strawberry reads it from the class

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return self.role in info.context.roles


class CanRead(_Role):
    """Organizations, duties, powers, findings: the ``reader`` role."""

    role = "reader"
    message = "forbidden: this needs the reader role (a bearer token)"


class CanSeePersons(_Role):
    """Persons' names and traces (personal data): the ``inspector`` role."""

    role = "inspector"
    message = "forbidden: persons and traces need the inspector role"


class CanLoad(_Role):
    """Changing the graph: the ``loader`` role."""

    role = "loader"
    message = "forbidden: changing the graph needs the loader role"
