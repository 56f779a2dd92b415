"""Benchmark of the GraphQL service over loopback: requests per second and p50/p95 latency.

    python bench/graphql_bench.py [--data examples/gypsum] [--clients 16] [--seconds 10]

Starts ``dutygraph serve`` (uvicorn) on a store holding DATA, then runs CLIENTS concurrent clients for
SECONDS each against two queries — the trace of an incident and the overlaps as of a date — and prints
one line per query. A benchmark, not a test: the figures depend on the machine; compare runs made on the
same one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {
    "trace inc-2017": '{ trace(incident: "inc-2017") { date links { responsibility organization post person } } }',
    "overlaps 2017-06-01": (
        '{ overlaps(asOf: "2017-06-01") { totalCount nodes { variant message evidence { anchor } } } }'
    ),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _client(url: str, query: str, until: float, latencies: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        while time.perf_counter() < until:
            started = time.perf_counter()
            response = await client.post(url, json={"query": query})
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200 or "errors" in response.json():
                errors.append(response.text[:200])


async def _run(url: str, query: str, clients: int, seconds: float) -> tuple[int, float, float, float, int]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(url, query, until, latencies, errors) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    return len(latencies), len(latencies) / elapsed, p50, p95, len(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT / "examples" / "gypsum"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DUTYGRAPH_STORE": str(Path(folder) / "store")}
        env.pop("DUTYGRAPH_TOKENS", None)
        cli = [sys.executable, "-c", "from dutygraph.cli import main; main()"]
        subprocess.run([*cli, "load", args.data], env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/graphql"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            print(f"data {args.data}, {args.clients} concurrent clients, {args.seconds:g} s per query, loopback")
            for name, query in QUERIES.items():
                asyncio.run(_run(url, query, 2, 1.0))  # warm up
                count, rps, p50, p95, errors = asyncio.run(_run(url, query, args.clients, args.seconds))
                print(
                    f"{name:22s} {count:7d} requests  {rps:8.1f} req/s  p50 {p50 * 1000:7.1f} ms  "
                    f"p95 {p95 * 1000:7.1f} ms  errors {errors}"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
