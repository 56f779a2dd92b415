"""The generated province of the benchmarks: its planted findings are what an audit finds, and nothing else."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from dutygraph.loaders import load_path
from dutygraph.queries import audit
from dutygraph.stores import open_store

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_generated_province_gives_its_planted_findings_and_no_other(tmp_path: Path) -> None:
    generate, run = _module("generate"), _module("run")
    summary = generate.generate(tmp_path / "province", 8000)  # eight regions: every kind is planted
    planted = summary["planted"]
    assert all(planted[kind] for kind in planted), planted
    store = open_store("memory:")
    load_path(store, tmp_path / "province")
    expected, found = run.planted_and_found(tmp_path / "province", audit(store, run.ON).findings)
    assert found == expected


def test_the_same_seed_and_size_give_the_same_files(tmp_path: Path) -> None:
    generate = _module("generate")
    generate.generate(tmp_path / "a", 2000)
    generate.generate(tmp_path / "b", 2000)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
