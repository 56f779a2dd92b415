"""What the user waits for: whole dutygraph commands as processes, against the floor of reading the CSVs.

    python bench/processes.py --powers 10000 100000 [--runs 3] [--json bench/processes.json]

For each size it generates a province (bench/generate.py) and times, each as a process of its own (median of
``--runs``, peak RSS of the child from ``wait4``):

- the floor: a Python process reading every CSV file of the province once with the ``csv`` module;
- ``dutygraph load`` of the province into an empty store;
- ``dutygraph audit --as-of`` on that store (JSON to /dev/null);
- ``dutygraph load`` of the gypsum example into (a copy of) that store;
- ``dutygraph trace --subject --region --date`` of one subject at one place;
- ``dutygraph serve`` on the store: the time until its first GraphQL answer, and its RSS then.

Each figure is printed with its ratio to the floor, beside the targets of issue 18, and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "gypsum"
ON = "2020-06-01"
CLI = [sys.executable, "-c", "from dutygraph.cli import main; main()"]
FLOOR = (
    "import csv, sys, pathlib\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).glob('*.csv')):\n"
    "    with f.open(encoding='utf-8', newline='') as h:\n"
    "        for row in csv.reader(h):\n"
    "            pass\n"
)
# figure → (most times the floor, most MB of peak RSS): issue 18's targets at 100,000 powers
TARGETS: dict[str, tuple[float, float | None]] = {
    "load": (15.0, 1536.0),
    "audit": (5.0, 1024.0),
    "load_more": (3.0, None),
    "trace": (1.0, None),
    "serve_first_answer": (5.0, 1024.0),
}


def timed(command: list[str], env: dict[str, str], before: Callable[[], None] | None = None) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one process running ``command`` (``before`` runs first, untimed)."""
    if before is not None:
        before()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[3:])} failed ({process.returncode}): {stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # Linux: kilobytes


def median_of(
    runs: int, command: list[str], env: dict[str, str], before: Callable[[], None] | None = None
) -> dict[str, float]:
    measured = [timed(command, env, before) for _ in range(runs)]
    return {"s": statistics.median(m[0] for m in measured), "rss_mb": max(m[1] for m in measured)}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def first_answer(store: Path, env: dict[str, str], query: str) -> dict[str, float]:
    """Seconds from starting ``dutygraph serve`` to its first answer of ``query``, and its RSS (MB) then."""
    port = _free_port()
    started = time.perf_counter()
    server = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    body = json.dumps({"query": query}).encode()
    try:
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/graphql", data=body, headers={"content-type": "application/json"}
                )
                with urllib.request.urlopen(request, timeout=60) as answer:
                    answered = json.load(answer)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 1800:
                    raise RuntimeError("dutygraph serve did not start") from None
                time.sleep(0.05)
        elapsed = time.perf_counter() - started
        if answered.get("errors"):
            raise RuntimeError(f"the first query failed: {answered['errors']}")
        rss = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"s": elapsed, "rss_mb": rss}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _a_subject_at_a_place(province: Path) -> tuple[str, str]:
    """The subject of the province's first power and the region of its organization: one trace's question."""
    import csv

    with (province / "powers.csv").open(encoding="utf-8", newline="") as f:
        power = next(csv.DictReader(f))
    with (province / "organizations.csv").open(encoding="utf-8", newline="") as f:
        regions = {row["id"]: row["region"] for row in csv.DictReader(f)}
    return power["subjects"].split(";")[0], regions[power["organization"]]


def measure(size: int, runs: int, work: Path) -> dict[str, Any]:
    """Every figure for a province of ``size`` powers, generated under ``work``."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    province, store = work / "province", work / "store"
    generate(province, size)
    env = {**os.environ, "DUTYGRAPH_STORE": str(store), "DUTYGRAPH_LANG": "en"}
    env.pop("DUTYGRAPH_TOKENS", None)
    figures: dict[str, Any] = {"powers": size}
    figures["floor"] = median_of(runs, [sys.executable, "-c", FLOOR, str(province)], env)

    def empty_store() -> None:
        shutil.rmtree(store, ignore_errors=True)

    load_runs = runs if size <= 100_000 else 1
    figures["load"] = median_of(load_runs, [*CLI, "load", str(province)], env, before=empty_store)
    figures["audit"] = median_of(runs, [*CLI, "audit", "--as-of", ON, "--format", "json"], env)
    pristine = work / "pristine"
    shutil.copytree(store, pristine)

    def fresh_copy() -> None:
        shutil.rmtree(store)
        shutil.copytree(pristine, store)

    figures["load_more"] = median_of(runs, [*CLI, "load", str(EXAMPLE)], env, before=fresh_copy)
    fresh_copy()
    subject, region = _a_subject_at_a_place(province)
    trace = [*CLI, "trace", "--subject", subject, "--date", ON, "--region", region]
    figures["trace"] = median_of(runs, trace, env)
    query = "{ overlaps(first: 20) { totalCount nodes { name } } }"
    figures["serve_first_answer"] = first_answer(store, env, query)
    floor = figures["floor"]["s"]
    for name in TARGETS:
        figures[name]["floor_ratio"] = figures[name]["s"] / floor
    return figures


def report(figures: dict[str, Any]) -> str:
    """The figures of one size as lines of text, each with its ratio to the floor and the target."""
    floor = figures["floor"]
    lines = [f"{figures['powers']:>8,} powers: floor (csv reading, as a process) {floor['s']:.2f} s"]
    for name, (most, rss) in TARGETS.items():
        got = figures[name]
        target = f"≤ {most:g}× floor" + (f", ≤ {rss:,.0f} MB" if rss else "")
        met = got["floor_ratio"] <= most and (rss is None or got["rss_mb"] <= rss)
        lines.append(
            f"{'':>10}{name:<20} {got['s']:7.2f} s  {got['floor_ratio']:6.1f}× floor  peak RSS {got['rss_mb']:7,.0f} MB"
            f"   target {target}: {'met' if met else 'not met'}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is kept)")
    parser.add_argument("--json", type=Path, default=HERE / "processes.json")
    args = parser.parse_args()
    results = []
    for size in args.powers:
        with tempfile.TemporaryDirectory() as tmp:
            figures = measure(size, args.runs, Path(tmp))
        results.append(figures)
        print(report(figures), flush=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
