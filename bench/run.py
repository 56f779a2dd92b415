"""Benchmarks at province scale: load, memory, every finding kind, the audit, traces; planted answers checked.

    python bench/run.py --sizes 10000,100000 [--json bench/results.json]

For each size it generates a province (bench/generate.py), then in a fresh process loads it into a new embedded
store and measures: load time, peak RSS, the time of each finding kind and of the full audit, trace latency
p50/p95 in-process, and — up to 20,000 powers — a naive pairwise overlap check (every duty and power against
every other, as a spreadsheet review would), printing the ratio. It checks that the planted findings were all
found and nothing else (``planted: found X of Y, extra Z``), writes the figures as JSON, and prints how each
figure grows with the size (the exponent of a power law fitted on the sizes run).
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


def _key(kind: str, records: list[str], region: str | None) -> tuple[str, ...]:
    if kind == "gap/subject":
        return (kind, records[0], str(region))
    return (kind, *sorted(records))


def child(folder: Path) -> dict[str, Any]:
    """Measure one size (run in its own process, so that its peak RSS is its own)."""
    sys.path.insert(0, str(HERE.parent))
    from dutygraph.loaders import load_path
    from dutygraph.queries import AsOf, audit, trace
    from dutygraph.queries.basis import find_basis_problems
    from dutygraph.queries.execution import find_execution_problems
    from dutygraph.queries.gaps import find_gaps
    from dutygraph.queries.overlaps import find_overlaps
    from dutygraph.queries.staffing import find_staffing_problems
    from dutygraph.queries.unassigned import find_unassigned
    from dutygraph.stores import open_store

    on = "2020-06-01"
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "store"))
        started = time.perf_counter()
        load_path(store, folder)
        figures["load_s"] = time.perf_counter() - started
        figures["records"] = sum(store.counts().values())
        figures["relationships"] = sum(1 for _ in store.edges())
        for name, run in (
            ("overlap", find_overlaps),
            ("gap", find_gaps),
            ("unassigned", find_unassigned),
            ("basis", find_basis_problems),
            ("staffing", find_staffing_problems),
            ("execution", find_execution_problems),
        ):
            started = time.perf_counter()
            run(AsOf(store, on))  # each on a fresh view, as `audit --kind` runs it
            figures[f"{name}_s"] = time.perf_counter() - started
        started = time.perf_counter()
        result = audit(store, on)
        figures["audit_s"] = time.perf_counter() - started
        planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["planted"]
        expected = {
            _key(kind, list(records[:1]), records[1]) if kind == "gap/subject" else _key(kind, list(records), None)
            for kind, rows in planted.items()
            for records in rows
        }
        found = {_key(f"{f.kind}/{f.variant}", list(f.records), f.region) for f in result.findings}
        figures["planted"] = len(expected)
        figures["found"] = len(expected & found)
        figures["extra"] = len(found - expected)
        rnd = random.Random(1)
        powers = [n for n in store.nodes("Power")]
        samples = rnd.sample(powers, min(200, len(powers)))
        latencies = []
        for power in samples:
            subject = store.targets(power.id, "subject")[0]
            region = store.get(store.targets(power.id, "powerOf")[0]).get("region")  # type: ignore[union-attr]
            started = time.perf_counter()
            trace(store, subject=subject, on=on, region=str(region))
            latencies.append(time.perf_counter() - started)
        latencies.sort()
        figures["trace_p50_ms"] = statistics.median(latencies) * 1000
        figures["trace_p95_ms"] = latencies[int(0.95 * (len(latencies) - 1))] * 1000
        if len(powers) <= NAIVE_LIMIT:
            figures["naive_overlap_s"] = _naive(AsOf(store, on))
        store.close()
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    sys.path.insert(0, str(HERE))
    from generate import generate

    sizes = [int(s) for s in args.sizes.split(",")]
    results: list[dict[str, Any]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "province"
            started = time.perf_counter()
            generate(folder, size)
            generated = time.perf_counter() - started
            run = subprocess.run(
                [sys.executable, __file__, "--child", str(folder)], capture_output=True, text=True, check=True
            )
            figures = json.loads(run.stdout.strip().splitlines()[-1])
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
        print(f"{'':>8}         planted: found {figures['found']} of {figures['planted']}, extra {figures['extra']}")
    if len(results) > 1:
        for figure in ("load_s", "peak_rss_mb", "audit_s", "overlap_s", "trace_p95_ms"):
            exponent = _exponent([r["powers"] for r in results], [r[figure] for r in results])
            if exponent is not None:
                print(f"growth of {figure}: size^{exponent:.2f}")
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
