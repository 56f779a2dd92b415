"""dutygraph as a user runs it: its commands and its server, each in a process of its own."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dutygraph.stores.embedded import DB_FILE

CLI = [sys.executable, "-c", "from dutygraph.cli import main; main()"]


def cli_env(store: Path) -> dict[str, str]:
    """The environment of a command run on ``store``, with open access (no tokens)."""
    env = {**os.environ, "DUTYGRAPH_STORE": str(store)}
    env.pop("DUTYGRAPH_TOKENS", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(store: Path, *options: str) -> Iterator[str]:
    """``dutygraph serve`` on ``store`` in its own process; its base URL once ``/healthz`` answers."""
    port = free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), *options],
        env=cli_env(store),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            process.kill()
            raise AssertionError(f"the server did not start: {process.communicate()[1]}")
        yield url
    finally:
        process.terminate()
        process.communicate(timeout=10)  # and close its pipes


def ask(url: str, query: str) -> dict[str, Any]:
    """One GraphQL request; its ``data``."""
    request = urllib.request.Request(
        f"{url}/graphql", data=json.dumps({"query": query}).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        body: dict[str, Any] = json.load(answer)
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


def health(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:
        body: dict[str, Any] = json.load(answer)
        return body


def store_digest(folder: Path) -> str:
    """A digest of every record, relationship and load an embedded store's file holds, read on its own."""
    db = sqlite3.connect(f"file:{folder / DB_FILE}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for query in (
            "SELECT id, kind, props FROM nodes ORDER BY id",
            "SELECT src, kind, dst FROM edges ORDER BY 1, 2, 3",
            "SELECT id, source, nodes, edges FROM loads ORDER BY id",
        ):
            for row in db.execute(query):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        db.close()
