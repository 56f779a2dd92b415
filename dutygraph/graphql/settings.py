"""The service's settings: limits, tokens and where datasets may be loaded from."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dutygraph.errors import DutygraphError

__all__ = ["ROLES", "Settings", "read_tokens"]

ROLES = ("reader", "inspector", "loader")
"""``reader`` sees organizations, duties and findings; ``inspector`` also persons and traces; ``loader``
may change the graph (record incidents, load datasets)."""

# what each role brings with it
_IMPLIES = {"reader": {"reader"}, "inspector": {"reader", "inspector"}, "loader": {"reader", "loader"}}


class SettingsError(DutygraphError):
    """The service cannot start with these settings."""


@dataclass(frozen=True)
class Settings:
    """Limits and access of one running service."""

    tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    max_depth: int = 15
    max_cost: int = 50000
    max_page: int = 100
    default_page: int = 20
    timeout: float = 30.0
    follow_interval: float = 1.0
    """Seconds between looks at the store for a load committed by another process (then switched to)."""
    load_roots: tuple[Path, ...] = ()
    max_aliases: int = 20
    """Most aliased fields in one query (1,000 aliases of one analysis are one careless script)."""
    max_repeats: int = 3
    """Most times one field with the same arguments may be asked side by side (aliases or not)."""
    max_query_bytes: int = 100_000
    """Largest query text accepted, before it is parsed."""
    rate: float = 20.0
    """Requests per second a token may make, on average (a token bucket of ``burst``)."""
    burst: int = 40
    concurrent: int = 4
    """Requests a token may have running at once."""
    workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 2))
    """Threads running analyses off the event loop."""

    @property
    def open_access(self) -> bool:
        """No tokens: every caller has every role (the server then binds to localhost only)."""
        return not self.tokens

    def roles_of(self, authorization: str | None) -> frozenset[str]:
        if self.open_access:
            return frozenset(ROLES)
        if not authorization or not authorization.lower().startswith("bearer "):
            return frozenset()
        return self.tokens.get(authorization[7:].strip(), frozenset())


def _roles(names: str, where: str) -> frozenset[str]:
    roles: set[str] = set()
    for name in (n.strip() for n in names.replace("+", ",").split(",") if n.strip()):
        if name not in _IMPLIES:
            raise SettingsError(f"{where}: unknown role {name!r}; roles are {', '.join(ROLES)}")
        roles |= _IMPLIES[name]
    return frozenset(roles)


def read_tokens(path: Path | None = None, env: str | None = None) -> dict[str, frozenset[str]]:
    """API tokens and their roles, from a JSON file (``{"TOKEN": "inspector"}``) and/or
    ``$DUTYGRAPH_TOKENS`` (``TOKEN:reader,TOKEN2:inspector+loader``)."""
    tokens: dict[str, frozenset[str]] = {}
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{path}: cannot read the tokens file: {exc}") from None
        if not isinstance(data, dict):
            raise SettingsError(f'{path}: the tokens file must be a JSON object {{"TOKEN": "role"}}')
        for token, roles in data.items():
            tokens[str(token)] = _roles(roles if isinstance(roles, str) else ",".join(roles), str(path))
    text = env if env is not None else os.environ.get("DUTYGRAPH_TOKENS", "")
    for entry in (e.strip() for e in text.split(",") if e.strip()):
        token, _, roles = entry.rpartition(":")
        if not token:
            raise SettingsError(f"$DUTYGRAPH_TOKENS: {entry!r} is not TOKEN:ROLE")
        tokens[token] = tokens.get(token, frozenset()) | _roles(roles, "$DUTYGRAPH_TOKENS")
    return tokens
