"""Cypher statements, kept as files under ``queries/cypher/`` and looked up by name.

Each file holds statements introduced by ``// name: NAME``. The store code runs them with parameters only:
nothing of a user's input (nor any other string) is ever formatted into a statement
(``tests/stores/test_cypher_text.py`` checks the code for it).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

__all__ = ["statement", "statements"]

_NAME = re.compile(r"^//\s*name:\s*(\w+)\s*$")


@cache
def statements(file: str) -> dict[str, str]:
    """The named statements of ``queries/cypher/FILE.cypher``."""
    text = files("dutygraph.queries").joinpath("cypher", f"{file}.cypher").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        match = _NAME.match(line.strip())
        if match:
            current = found.setdefault(match[1], [])
        elif current is not None and line.strip() and not line.strip().startswith("//"):
            current.append(line)
    return {name: "\n".join(lines).strip().rstrip(";") for name, lines in found.items()}


def statement(file: str, name: str) -> str:
    """One named statement of ``queries/cypher/FILE.cypher``."""
    return statements(file)[name]
