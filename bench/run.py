"""Benchmarks at province scale: load, memory, every finding kind, the audit, traces; planted answers checked.

    python bench/run.py --sizes 10000,100000 [--json bench/results.json] [--process-runs 3] [--markdown BENCHMARKS.md]

For each size it generates a province (bench/generate.py), then in a fresh process loads it into a new embedded
store and measures: load time, peak RSS, the time of each finding kind and of the full audit, trace latency
p50/p95 in-process, and — up to 20,000 powers — a naive pairwise overlap check (every duty and power against
every other, as a spreadsheet review would), printing the ratio. It checks that the planted findings were all
found and nothing else (``planted: found X of Y, extra Z``), writes the figures as JSON, and prints how each
figure grows with the size (the exponent of a power law fitted on the sizes run).

Beside these in-process figures it times what the user waits for: each dutygraph command as a whole process
against the floor of reading the CSV files (bench/processes.py, median of ``--process-runs``; 0 skips them),
and with ``--markdown`` writes that table, with its ratios and the issue's targets, into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NAIVE_LIMIT = 20000
ON = "2020-06-01"
CYPHER_LIMIT = 1000
GROWTH_FIGURES = (
    "load_s",
    "peak_rss_mb",
    *(f"{kind}_s" for kind in ("overlap", "gap", "unassigned", "basis", "staffing", "execution", "audit")),
    "trace_p50_ms",
    "trace_p95_ms",
    "http_trace_rps",
    "http_trace_p50_ms",
    "http_trace_p95_ms",
)


REGIONAL = ("gap/subject", "gap/article")  # found once per region: the subject or article, and the region


def _key(kind: str, records: list[str], region: str | None) -> tuple[str, ...]:
    if kind in REGIONAL:
        return (kind, records[0], str(region))
    return (kind, *sorted(records))


def planted_and_found(folder: Path, findings: list[Any]) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """The findings planted in a generated province (its ``planted.json``) and those of an audit, comparably."""
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
    expected = {
        _key(kind, list(records[:1]), records[1]) if kind in REGIONAL else _key(kind, list(records), None)
        for kind, rows in planted.items()
        for records in rows
    }
    return expected, {_key(f"{f.kind}/{f.variant}", list(f.records), f.region) for f in findings}


def child(folder: Path, store_folder: Path, cypher: bool, neo4j: str | None) -> dict[str, Any]:
    """Measure one size (run in its own process, so that its peak RSS is its own)."""
    sys.path.insert(0, str(HERE.parent))
    from dutygraph.collector import collector_paused
    from dutygraph.loaders import load_path
    from dutygraph.queries import AsOf, audit, trace
    from dutygraph.stores import open_store

    on = ON
    figures: dict[str, Any] = {}
    store = open_store(str(store_folder))
    started = time.perf_counter()
    load_path(store, folder)
    figures["load_s"] = time.perf_counter() - started
    figures["records"] = sum(store.counts().values())
    figures["relationships"] = sum(1 for _ in store.edges())
    for kind in ("overlap", "gap", "unassigned", "basis", "staffing", "execution"):
        started = time.perf_counter()
        audit(store, on, kinds=(kind,))  # each on a fresh view, as `audit --kind` runs it
        figures[f"{kind}_s"] = time.perf_counter() - started
    audits = []
    powers = [n for n in store.nodes("Power")]
    for _ in range(5 if len(powers) <= NAIVE_LIMIT else 3):  # a median: one run on a shared machine is noise
        started = time.perf_counter()
        result = audit(store, on)
        audits.append(time.perf_counter() - started)
    figures["audit_s"] = statistics.median(audits)
    expected, found = planted_and_found(folder, result.findings)
    figures["planted"] = len(expected)
    figures["found"] = len(expected & found)
    figures["extra"] = len(found - expected)
    rnd = random.Random(1)
    samples = rnd.sample(powers, min(200, len(powers)))
    latencies = []
    figures["trace_samples"] = []
    for power in samples:
        subject = store.targets(power.id, "subject")[0]
        region = store.get(store.targets(power.id, "powerOf")[0]).get("region")  # type: ignore[union-attr]
        started = time.perf_counter()
        trace(store, subject=subject, on=on, region=str(region))
        latencies.append(time.perf_counter() - started)
        figures["trace_samples"].append([subject, str(region)])
    latencies.sort()
    figures["trace_p50_ms"] = statistics.median(latencies) * 1000
    figures["trace_p95_ms"] = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    if len(powers) <= NAIVE_LIMIT:
        with collector_paused():  # as the audit runs
            figures["naive_overlap_s"] = _naive(AsOf(store, on))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if cypher:  # after the peak RSS is read: the engine's copy of the graph is not the embedded store's memory
        figures.update(_cypher(store, folder, neo4j))
    store.close()
    return figures


def _naive(view: Any) -> float:
    """Every competence against every other: what comparing each duty with each other does."""
    started = time.perf_counter()
    comps = view.competences
    pairs = 0
    for i, a in enumerate(comps):
        for b in comps[i + 1 :]:
            if a.holder.id == b.holder.id or a.holder.get("region") != b.holder.get("region"):
                continue
            if any(
                x[1] == y[1] and (view.covers(x[0], y[0]) or view.covers(y[0], x[0])) for x in a.pairs for y in b.pairs
            ):
                pairs += 1
    return time.perf_counter() - started


def _cypher(store: Any, folder: Path, neo4j: str | None) -> dict[str, Any]:
    """The traversals the Neo4j store does in Cypher — the taxonomy's closure and the competences as of the date,
    with holders after transfers — against the embedded store's Python for the same, on the same data.

    On the openCypher engine ocg (no index: the records are put in by its bulk API, in the store's layout), or on
    the server at ``neo4j`` (loaded the way ``dutygraph load`` does; its database replaced).
    """
    from dutygraph.loaders import load_path
    from dutygraph.queries import AsOf
    from dutygraph.stores.neo4j_store import Neo4jStore, open_neo4j
    from dutygraph.stores.opencypher import OpenCypherDriver

    started = time.perf_counter()
    if neo4j:
        server: Any = open_neo4j(neo4j)
        load_path(server, folder, replace=True)
    else:
        driver = OpenCypherDriver()
        driver.copy_records((n for kind in store.counts() for n in store.nodes(kind)), store.edges())
        server = Neo4jStore("opencypher:", driver)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    view = AsOf(store, ON)
    here = (view._ancestors, [(c.id, c.holder.id, c.subjects, c.actions) for c in view.competences])
    embedded_s = time.perf_counter() - started
    started = time.perf_counter()
    remote = AsOf(server, ON)
    there = (remote._ancestors, [(c.id, c.holder.id, c.subjects, c.actions) for c in remote.competences])
    cypher_s = time.perf_counter() - started
    return {
        "cypher_load_s": load_s,
        "cypher_s": cypher_s,
        "cypher_embedded_s": embedded_s,
        "cypher_same": here == there,
    }


def _http(store_folder: Path, samples: list[list[str]], clients: int, seconds: float) -> dict[str, Any]:
    """Trace requests per second over loopback: ``dutygraph serve`` on the store, CLIENTS clients for SECONDS."""
    import asyncio
    import os

    import httpx

    sys.path.insert(0, str(HERE))
    from graphql_bench import _free_port

    query = "query ($s: String, $r: String, $d: Date) { trace(subject: $s, region: $r, date: $d) { links { post } } }"
    env = {**os.environ, "DUTYGRAPH_STORE": str(store_folder), "PYTHONPATH": str(HERE.parent)}
    env.pop("DUTYGRAPH_TOKENS", None)
    port = _free_port()
    cli = [sys.executable, "-c", "from dutygraph.cli import main; main()"]
    server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/graphql"

    async def client(k: int, until: float, latencies: list[float], errors: list[str]) -> None:
        async with httpx.AsyncClient(timeout=60) as http:
            n = k
            while time.perf_counter() < until:
                subject, region = samples[n % len(samples)]
                n += clients
                started = time.perf_counter()
                response = await http.post(
                    url, json={"query": query, "variables": {"s": subject, "r": region, "d": ON}}
                )
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or "errors" in response.json():
                    errors.append(response.text[:200])

    async def run(n: int, span: float) -> tuple[list[float], list[str], float]:
        latencies: list[float] = []
        errors: list[str] = []
        started = time.perf_counter()
        await asyncio.gather(*(client(k, started + span, latencies, errors) for k in range(n)))
        return latencies, errors, time.perf_counter() - started

    try:
        started = time.perf_counter()
        while True:  # opening the store reads the whole graph
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.perf_counter() - started > 1800:
                    raise RuntimeError("dutygraph serve did not start") from None
                time.sleep(0.5)
        asyncio.run(run(2, 2.0))  # warm up: the first trace builds the view of the graph
        latencies, errors, elapsed = asyncio.run(run(clients, seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    return {
        "http_trace_rps": len(latencies) / elapsed,
        "http_trace_p50_ms": statistics.median(latencies) * 1000,
        "http_trace_p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "http_errors": len(errors),
    }


def _exponent(sizes: list[int], values: list[float]) -> float | None:
    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if v > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    num = sum((x - mean_x) * (y - mean_y) for x, y in points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return num / den if den else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--cypher-limit",
        type=int,
        default=CYPHER_LIMIT,
        help="run the Neo4j store on the openCypher engine ocg up to this many powers (it scans without indexes)",
    )
    parser.add_argument(
        "--neo4j",
        metavar="URI",
        help="run the Neo4j store on this server instead, at every size (its database is REPLACED by each size)",
    )
    parser.add_argument("--growth-from", type=int, default=10000, help="fit growth on the sizes from this one up")
    parser.add_argument("--http-seconds", type=float, default=5.0, help="trace requests over loopback (0: none)")
    parser.add_argument("--http-clients", type=int, default=8)
    parser.add_argument("--process-runs", type=int, default=3, help="runs of each whole command (0: none)")
    parser.add_argument("--markdown", type=Path, default=None, help="write the whole commands' table into this file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cypher", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.store, args.cypher, args.neo4j)))
        return
    sys.path.insert(0, str(HERE))
    import processes
    from generate import generate

    sizes = sorted(int(s) for s in args.sizes.split(","))
    results: list[dict[str, Any]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, store_folder = Path(tmp) / "province", Path(tmp) / "store"
            started = time.perf_counter()
            generate(folder, size)
            generated = time.perf_counter() - started
            command = [sys.executable, __file__, "--child", str(folder), "--store", str(store_folder)]
            run = subprocess.run(
                [
                    *command,
                    *(["--cypher"] if args.neo4j or size <= args.cypher_limit else []),
                    *(["--neo4j", args.neo4j] if args.neo4j else []),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            if args.http_seconds > 0:  # after the child has exited: the server holds the only copy of the graph
                figures.update(_http(store_folder, figures["trace_samples"], args.http_clients, args.http_seconds))
            del figures["trace_samples"]
        figures["powers"] = size
        figures["generate_s"] = generated
        results.append(figures)
        print(
            f"{size:>8} powers: {figures['records']} records, {figures['relationships']} relationships; "
            f"load {figures['load_s']:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MB; audit {figures['audit_s']:.2f} s "
            f"(overlap {figures['overlap_s']:.2f}, gap {figures['gap_s']:.2f}, unassigned {figures['unassigned_s']:.2f}, "
            f"basis {figures['basis_s']:.2f}, staffing {figures['staffing_s']:.2f}, execution {figures['execution_s']:.2f}); "
            f"trace p50 {figures['trace_p50_ms']:.1f} ms, p95 {figures['trace_p95_ms']:.1f} ms"
        )
        if "naive_overlap_s" in figures:
            ratio = figures["naive_overlap_s"] / max(figures["audit_s"], 1e-9)
            print(
                f"{'':>8}         naive pairwise overlap check {figures['naive_overlap_s']:.1f} s: the full audit is {ratio:.0f}× faster"
            )
        if "cypher_s" in figures:
            ratio = figures["cypher_s"] / max(figures["cypher_embedded_s"], 1e-9)
            print(
                f"{'':>8}         Cypher on {args.neo4j or 'the openCypher engine ocg'} (taxonomy closure and competences "
                f"as of the date): {figures['cypher_s']:.1f} s against {figures['cypher_embedded_s']:.2f} s embedded, "
                f"{ratio:.0f}×; same answers: {'yes' if figures['cypher_same'] else 'NO'}"
            )
        if "http_trace_rps" in figures:
            print(
                f"{'':>8}         GraphQL over loopback ({args.http_clients} clients): trace "
                f"{figures['http_trace_rps']:.0f} req/s, p50 {figures['http_trace_p50_ms']:.1f} ms, "
                f"p95 {figures['http_trace_p95_ms']:.1f} ms, errors {figures['http_errors']}"
            )
        print(f"{'':>8}         planted: found {figures['found']} of {figures['planted']}, extra {figures['extra']}")
        if args.process_runs > 0:
            with tempfile.TemporaryDirectory() as tmp:
                figures["processes"] = processes.measure(size, args.process_runs, Path(tmp))
            print(processes.report(figures["processes"]), flush=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")  # each size kept, should a later one fail
    fitted = [r for r in results if r["powers"] >= args.growth_from]
    if len(fitted) > 1:
        print(f"growth over {fitted[0]['powers']:,}–{fitted[-1]['powers']:,} powers (exponent of a fitted power law):")
        for figure in GROWTH_FIGURES:
            exponent = _exponent(
                [r["powers"] for r in fitted if figure in r], [r[figure] for r in fitted if figure in r]
            )
            if exponent is not None:
                print(f"  {figure}: size^{exponent:.2f}")
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"wrote {args.json}")
    commands = [r["processes"] for r in results if "processes" in r]
    if args.markdown is not None and commands:
        processes.write_markdown(args.markdown, commands)
        print(f"wrote the whole commands' table into {args.markdown}")


if __name__ == "__main__":
    main()
