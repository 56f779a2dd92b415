"""Names a package offers that are imported when first used (PEP 562), so that importing it stays cheap.

A command that traces one incident should not pay for importing every reader and analysis: each package
names what it re-exports and the module defining it, and that module is imported on first access.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["lazy_exports"]


class _Package(ModuleType):
    """A package whose re-exported names are imported on first access."""

    _exports: Mapping[str, str]

    def __getattr__(self, name: str) -> Any:
        module = self.__dict__.get("_exports", {}).get(name)
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(self, name, value)  # later accesses are plain lookups
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # importing a submodule binds its name in the package: ``queries.trace`` the module would then hide
        # ``trace`` the function it defines and the package re-exports. The function keeps the name, as it did
        # when the package imported everything eagerly.
        exports = self.__dict__.get("_exports", {})
        if isinstance(value, ModuleType) and exports.get(name) == value.__name__ and hasattr(value, name):
            value = getattr(value, name)
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__.get("_exports", {})})


def lazy_exports(package: str, exports: Mapping[str, str]) -> None:
    """Make ``package`` (call it with ``__name__``) import each name of ``exports`` from its module when first used."""
    module = sys.modules[package]
    module.__class__ = _Package
    module.__dict__["_exports"] = dict(exports)
