"""The schema as SDL: ``python -m dutygraph.graphql.sdl`` writes ``dutygraph/graphql/schema.graphql``.

The committed file is what clients code against; ``tests/graphql/test_schema.py`` fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dutygraph.graphql.schema import build_schema
from dutygraph.graphql.settings import Settings

__all__ = ["SDL_FILE", "sdl"]

SDL_FILE = Path(__file__).with_name("schema.graphql")


def sdl() -> str:
    """The schema's SDL (limits do not change it)."""
    return str(build_schema(Settings())) + "\n"


def main() -> None:
    SDL_FILE.write_text(sdl(), encoding="utf-8")
    print(f"wrote {SDL_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
