"""Benchmark of the GraphQL service over loopback: many clients on a mixed workload, and abuse beside health.

    python bench/graphql_bench.py [--powers 10000 100000] [--clients 50] [--seconds 20] [--data DIR]

For each size, a province is generated (``bench/generate.py``) and loaded into an embedded store (or
``--data DIR`` is loaded), then ``dutygraph serve`` is started as a user starts it, with one token per client
(a dashboard's inspectors each have their own). Then:

- **mixed**: CLIENTS concurrent clients for SECONDS, each asking in turn a page of organizations, a page of
  the overlaps of a date, a trace of a subject and a search, each as fast as the server answers but no faster
  than the server's rate per token (20 a second by default): throughput, p50/p95/p99 and errors (any non-200,
  429 included, or a GraphQL error);
- **abuse**: one client sends each attack — 1,000 aliases of ``overlaps { totalCount }``, 100,000 aliases
  of ``__typename``, 300 aliases of ``search``, and one first audit of a new date — while another polls
  ``/healthz`` every 20 ms: how long the attack took to be refused or answered, and the health p95/max.

Targets (issue 25): 50 clients, mixed p95 ≤ 250 ms at 10k powers and ≤ 500 ms at 100k, no errors; health ≤
250 ms during every attack; each attack refused or answered in ≤ 5 s. A benchmark, not a test: the figures
depend on the machine; compare runs made on the same one, in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from dutygraph.graphql.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from dutygraph.cli import main; main()"]
DATE = "2024-06-01"

MIXED = {
    "organizations page": "{ organizations(first: 10) { totalCount nodes { id name region } } }",
    "overlaps page": f'{{ overlaps(asOf: "{DATE}", first: 10) {{ totalCount nodes {{ variant message }} }} }}',
    # a failure happens somewhere: the trace of a subject at a place (the whole province's is 1,000 links)
    "trace": (
        f'{{ trace(subject: "领域1类1", date: "{DATE}", place: "r007") {{ links {{ organization post responsibility }} }} }}'
    ),
    "search": '{ search(text: "第3局", first: 10) { id kind label } }',
}

ATTACKS = {
    "1000 × overlaps totalCount": "{ "
    + " ".join(f'a{i}: overlaps(asOf: "{DATE}") {{ totalCount }}' for i in range(1000))
    + " }",
    "100000 × __typename": "{ " + " ".join(f"t{i}: __typename" for i in range(100_000)) + " }",
    "300 × search": "{ " + " ".join(f's{i}: search(text: "局{i}") {{ id }}' for i in range(300)) + " }",
    "first audit of a new date": '{ gaps(asOf: "2023-03-01") { totalCount } }',
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


async def _client(url: str, token: str, until: float, latencies: list[float], errors: list[str]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    # a client keeps within the server's rate per token (as a dashboard does, and as the 429s ask): once the
    # server answers faster than that, 50 clients asking as fast as they can would measure the rate limiter
    spacing = 1.0 / Settings().rate
    async with httpx.AsyncClient(timeout=60) as client:
        queries = list(MIXED.values())
        turn = hash(token) % len(queries)
        while time.perf_counter() < until:
            query = queries[turn % len(queries)]
            turn += 1
            started = time.perf_counter()
            response = await client.post(url, json={"query": query}, headers=headers)
            took = time.perf_counter() - started
            latencies.append(took)
            if took < spacing:
                await asyncio.sleep(spacing - took)
            if response.status_code != 200 or "errors" in response.json():
                errors.append(f"{response.status_code} {response.text[:160]}")


async def _mixed(url: str, tokens: list[str], seconds: float, quiet: bool = False) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(_client(url, t, started + seconds, latencies, errors) for t in tokens))
    elapsed = time.perf_counter() - started
    if errors and not quiet:
        print("   first errors:", *errors[:3], sep="\n     ")
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": _percentile(latencies, 0.50) * 1000,
        "p95": _percentile(latencies, 0.95) * 1000,
        "p99": _percentile(latencies, 0.99) * 1000,
        "errors": len(errors),
    }


async def _attack(base: str, token: str, query: str) -> dict[str, float | str]:
    health: list[float] = []
    done = asyncio.Event()

    async def poll() -> None:
        async with httpx.AsyncClient(timeout=60) as client:
            while not done.is_set():
                started = time.perf_counter()
                await client.get(f"{base}/healthz")
                health.append(time.perf_counter() - started)
                await asyncio.sleep(0.02)

    async def send() -> tuple[float, str]:
        async with httpx.AsyncClient(timeout=60) as client:
            started = time.perf_counter()
            response = await client.post(
                f"{base}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
            )
            took = time.perf_counter() - started
            body = response.json()
            outcome = body["errors"][0]["extensions"]["code"] if body.get("errors") else "answered"
            return took, f"{response.status_code} {outcome}"

    poller = asyncio.create_task(poll())
    await asyncio.sleep(0.1)
    took, outcome = await send()
    done.set()
    await poller
    return {
        "took": took,
        "outcome": outcome,
        "health_p95": _percentile(health, 0.95) * 1000,
        "health_max": max(health) * 1000,
    }


def _serve(store: Path, tokens: dict[str, str]) -> tuple[subprocess.Popen[bytes], str, Path]:
    folder = Path(tempfile.mkdtemp())
    tokens_file = folder / "tokens.json"
    tokens_file.write_text(json.dumps(tokens), encoding="utf-8")
    env = {**os.environ, "DUTYGRAPH_STORE": str(store)}
    env.pop("DUTYGRAPH_TOKENS", None)
    port = _free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--tokens", str(tokens_file)], env=env, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base, folder


def run_size(data: Path, label: str, clients: int, seconds: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        subprocess.run([*CLI, "--store", str(store), "load", str(data)], check=True, capture_output=True)
        tokens = {f"client-{i}": "inspector" for i in range(clients)} | {"attacker": "inspector"}
        server, base, _ = _serve(store, tokens)
        try:
            names = [t for t in tokens if t != "attacker"]
            # warm up: the first audit of the date, as the first user of a morning pays it
            asyncio.run(_mixed(f"{base}/graphql", names[:2], 1.0, quiet=True))
            figures = asyncio.run(_mixed(f"{base}/graphql", names, seconds))
            print(
                f"{label:>8}  mixed, {clients} clients {seconds:g} s: {figures['requests']:6.0f} requests "
                f"{figures['rps']:7.1f} req/s  p50 {figures['p50']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
                f"p99 {figures['p99']:6.1f} ms  errors {figures['errors']:.0f}"
            )
            for name, query in ATTACKS.items():
                result = asyncio.run(_attack(base, "attacker", query))
                print(
                    f"{label:>8}  attack {name:28s} {result['outcome']:24s} in {float(result['took']):6.2f} s  "
                    f"health p95 {float(result['health_p95']):6.1f} ms  max {float(result['health_max']):6.1f} ms"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, nargs="*", default=[10000])
    parser.add_argument("--data", type=Path, help="a dataset folder instead of generated provinces")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    print(f"loopback, {os.cpu_count()} cores; dutygraph serve with one token per client")
    if args.data:
        run_size(args.data, args.data.name, args.clients, args.seconds)
        return
    for powers in args.powers:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "province"
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "generate.py"), "--powers", str(powers), "--out", str(out)],
                check=True,
                capture_output=True,
            )
            run_size(out, f"{powers // 1000}k", args.clients, args.seconds)


if __name__ == "__main__":
    main()
