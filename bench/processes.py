"""What the user waits for: whole dutygraph commands as processes, against the floor of reading the CSVs.

    python bench/processes.py --powers 10000 100000 [--runs 3] [--json bench/processes.json]

For each size it generates a province (bench/generate.py) and times, each as a process of its own (median of
``--runs``, peak RSS of the child from ``wait4``; dutygraph's modules compiled first, as ``pip install`` compiles
them):

- the floor: a Python process reading every CSV file of the province once with the ``csv`` module;
- ``dutygraph load`` of the province into an empty store;
- ``dutygraph audit --as-of`` on that store (JSON to /dev/null);
- ``dutygraph load`` of the gypsum example into (a copy of) that store;
- ``dutygraph trace --subject --region --date`` of one subject at one place;
- ``dutygraph serve`` on the store: the time until its first GraphQL answer, and its RSS then (a server
  started anew each run).

Each figure is printed with its ratio to the floor, beside the targets of issue 18, and written as JSON; with
``--markdown BENCHMARKS.md`` the table of all sizes (and how each figure grows with the size) is written into that
file between its markers. ``--from-json FILE`` writes the table from figures saved before, without measuring.
The audit's JSON is checked against the findings the generator planted.
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
from types import SimpleNamespace
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


def timed(
    command: list[str], env: dict[str, str], before: Callable[[], None] | None = None, out: Path | None = None
) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one process running ``command`` (``before`` runs first, untimed; its output
    goes to ``out`` when given)."""
    if before is not None:
        before()
    sink = out.open("wb") if out is not None else subprocess.DEVNULL
    started = time.perf_counter()
    try:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.PIPE)
    finally:
        if out is not None:
            sink.close()  # type: ignore[union-attr]
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
    runs: int,
    command: list[str],
    env: dict[str, str],
    before: Callable[[], None] | None = None,
    out: Path | None = None,
) -> dict[str, float]:
    measured = [timed(command, env, before, out) for _ in range(runs)]
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
    province, store = work / "province", work / "store"
    # in a process of its own: a child forked from a parent holding the province would report the parent's
    # resident pages as its own peak (Linux keeps ru_maxrss across fork and exec)
    generate = [sys.executable, str(HERE / "generate.py"), "--powers", str(size), "--out", str(province)]
    subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
    env = {**os.environ, "DUTYGRAPH_STORE": str(store), "DUTYGRAPH_LANG": "en"}
    env.pop("DUTYGRAPH_TOKENS", None)
    compiled(env, work / "pycache")
    figures: dict[str, Any] = {"powers": size}
    figures["floor"] = median_of(runs, [sys.executable, "-c", FLOOR, str(province)], env)

    def empty_store() -> None:
        shutil.rmtree(store, ignore_errors=True)

    load_runs = runs if size <= 100_000 else 1
    figures["load"] = median_of(load_runs, [*CLI, "load", str(province)], env, before=empty_store)
    answer = work / "audit.json"
    figures["audit"] = median_of(runs, [*CLI, "audit", "--as-of", ON, "--format", "json"], env, out=answer)
    figures["planted"] = planted_check(province, answer)
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
    answers = [first_answer(store, env, query) for _ in range(runs)]
    figures["serve_first_answer"] = {
        "s": statistics.median(a["s"] for a in answers),
        "rss_mb": max(a["rss_mb"] for a in answers),
    }
    floor = figures["floor"]["s"]
    for name in TARGETS:
        figures[name]["floor_ratio"] = figures[name]["s"] / floor
    return figures


def compiled(env: dict[str, str], cache: Path) -> None:
    """Have the commands start as an installed dutygraph starts: from compiled modules.

    ``pip install .`` compiles every module it installs; an editable install (a checkout, CI) does not, and
    where ``PYTHONDONTWRITEBYTECODE`` is set each command would compile dutygraph's modules anew — a tenth of
    a second no user of the installed tool waits for. The bytecode goes to a cache of the benchmark's own
    (``PYTHONPYCACHEPREFIX``), never into the checkout.
    """
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    import dutygraph
    import dutygraph.loaders
    import dutygraph.queries

    folders = {str(Path(p)) for module in (dutygraph, dutygraph.loaders, dutygraph.queries) for p in module.__path__}
    subprocess.run([sys.executable, "-m", "compileall", "-q", *sorted(folders)], env=env, check=True)


def planted_check(province: Path, answer: Path) -> dict[str, int]:
    """How many of the findings planted in the province the audit command's JSON found, and how many else."""
    from run import planted_and_found

    findings = [SimpleNamespace(**f) for f in json.loads(answer.read_text(encoding="utf-8"))["findings"]]
    expected, found = planted_and_found(province, findings)
    return {"planted": len(expected), "found": len(expected & found), "extra": len(found - expected)}


def report(figures: dict[str, Any]) -> str:
    """The figures of one size as lines of text, each with its ratio to the floor and the target."""
    floor = figures["floor"]
    planted = figures["planted"]
    lines = [
        f"{figures['powers']:>8,} powers: floor (csv reading, as a process) {floor['s']:.2f} s; planted: found "
        f"{planted['found']} of {planted['planted']}, extra {planted['extra']}"
    ]
    for name, (most, rss) in TARGETS.items():
        got = figures[name]
        target = f"≤ {most:g}× floor" + (f", ≤ {rss:,.0f} MB" if rss else "")
        met = got["floor_ratio"] <= most and (rss is None or got["rss_mb"] <= rss)
        lines.append(
            f"{'':>10}{name:<20} {got['s']:7.2f} s  {got['floor_ratio']:6.1f}× floor  peak RSS {got['rss_mb']:7,.0f} MB"
            f"   target {target}: {'met' if met else 'not met'}"
        )
    return "\n".join(lines)


NAMES = {
    "floor": "floor: the CSV files read with `csv`",
    "load": "`dutygraph load` of the province, empty store",
    "audit": "`dutygraph audit --as-of … --format json`",
    "load_more": "`dutygraph load examples/gypsum` into it",
    "trace": "`dutygraph trace --subject … --region …`",
    "serve_first_answer": "`dutygraph serve`: start to first answer",
}
BEGIN, END = "<!-- bench/processes.py: begin -->", "<!-- bench/processes.py: end -->"


def markdown(results: list[dict[str, Any]], judged: int = 100_000) -> str:
    """The table of every size side by side, the targets judged at ``judged`` powers, and the growth exponents."""
    sizes = [r["powers"] for r in results]
    head = "| command | " + " | ".join(f"{n:,} powers" for n in sizes) + " | target (at 100,000) | |"
    lines = [head, "|---|" + "---:|" * len(sizes) + "---|---|"]
    at = next((r for r in results if r["powers"] == judged), None)
    for name, title in NAMES.items():
        cells = []
        for r in results:
            got = r[name]
            ratio = f" ({got['floor_ratio']:.1f}×)" if "floor_ratio" in got else ""
            cells.append(f"{got['s']:.2f} s{ratio}, {got['rss_mb']:,.0f} MB")
        target, verdict = "", ""
        if name in TARGETS:
            most, rss = TARGETS[name]
            target = f"≤ {most:g}× floor" + (f", ≤ {rss:,.0f} MB" if rss else "")
            if at is not None:
                got = at[name]
                met = got["floor_ratio"] <= most and (rss is None or got["rss_mb"] <= rss)
                verdict = "met" if met else "**not met**"
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {target} | {verdict} |")
    planted = " | ".join(
        f"{r['planted']['found']} of {r['planted']['planted']}, extra {r['planted']['extra']}" for r in results
    )
    lines.append(f"| planted findings in the audit's JSON | {planted} | all, nothing else | |")
    if len(sizes) > 1:
        sys.path.insert(0, str(HERE))
        from run import _exponent

        growth = ", ".join(
            f"{name} size^{e:.2f}"
            for name in NAMES
            if name != "floor" and (e := _exponent(sizes, [r[name]["s"] for r in results])) is not None
        )
        lines += [
            "",
            f"Growth of each command's time, {sizes[0]:,} → {sizes[-1]:,} powers (power law fitted): {growth}.",
        ]
    return "\n".join(lines)


def write_markdown(path: Path, results: list[dict[str, Any]]) -> None:
    """Put the table in ``path`` between its two markers (added at the end the first time)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    table = f"{BEGIN}\n{markdown(results)}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + table + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + table + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is kept)")
    parser.add_argument("--json", type=Path, default=HERE / "processes.json")
    parser.add_argument("--markdown", type=Path, default=None, help="write the table into this file (BENCHMARKS.md)")
    parser.add_argument("--from-json", type=Path, default=None, help="only write the table, from figures saved before")
    args = parser.parse_args()
    if args.from_json is not None:
        write_markdown(args.markdown or ROOT / "BENCHMARKS.md", json.loads(args.from_json.read_text(encoding="utf-8")))
        return
    results = []
    for size in args.powers:
        with tempfile.TemporaryDirectory() as tmp:
            figures = measure(size, args.runs, Path(tmp))
        results.append(figures)
        print(report(figures), flush=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.markdown is not None:
        write_markdown(args.markdown, results)


if __name__ == "__main__":
    main()
