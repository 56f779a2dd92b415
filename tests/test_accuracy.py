"""The reading accuracy on the labelled documents (bench/accuracy.py) does not fall below its floor."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "accuracy.py"


def _accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy()


@pytest.mark.parametrize("flat", [False, True], ids=["as published", "run into one paragraph"])
def test_the_readers_meet_the_accuracy_floor(flat: bool) -> None:
    total = accuracy.totals(accuracy.measure(flat=flat))
    assert total["duties"].recall >= 0.97, total["duties"].missed
    assert total["citations"].recall >= 0.95, total["citations"].missed
    assert total["all"].precision >= 0.98, total["all"].wrong
    for category in ("units", "staffing", "divisions", "hosted_offices", "rows", "roles"):
        assert total[category].recall >= 0.95, (category, total[category].missed)
        assert total[category].precision >= 0.98, (category, total[category].wrong)


def test_every_labelled_category_is_measured() -> None:
    total = accuracy.totals({**accuracy.measure(), **accuracy.measure_overlaps()})
    assert all(total[c].expected > 0 for c in accuracy.CATEGORIES), {c: total[c].expected for c in accuracy.CATEGORIES}


def test_overlaps_one_finding_per_labelled_problem_and_no_false_one() -> None:
    """Every true overlap found, of its variant; no false one; never two findings for one problem."""
    for scenario, by_category in accuracy.measure_overlaps().items():
        score = by_category["overlaps"]
        assert score.missed == [] and score.wrong == [], scenario
        assert score.found == score.expected, scenario


def test_a_wrong_answer_counts_against_precision_and_a_missing_one_against_recall() -> None:
    score = accuracy.compare(["第三条（一）", "第三条（二）"], ["第三条（一）", "第三条（九）"])
    assert (score.expected, score.found, score.matched) == (2, 2, 1)
    assert score.missed == ["第三条（二）"] and score.wrong == ["第三条（九）"]
    assert score.precision == score.recall == 0.5


def test_the_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert accuracy.main([]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out
    assert "citations" in out and "liulin_meikuang_zhizeqingdan.csv" in out


def test_audit_orders_by_severity_and_filters_by_it(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.test_cli import run

    scenario = str(Path(__file__).resolve().parent / "data" / "scenarios" / "xiaoyi")
    args = ("audit", scenario, "--as-of", "2020-01-01", "--kind", "overlap", "--format", "json")
    code, out, err = run(capsys, *args, "--include-resolved")
    assert code == 0, err
    severities = [f["severity"] for f in json.loads(out)["findings"]]
    assert severities == ["high", "medium", "low", "info", "info"]
    code, out, err = run(capsys, *args, "--min-severity", "medium")
    assert [f["variant"] for f in json.loads(out)["findings"]] == ["duplicate", "partial"]
    code, out, err = run(capsys, "subjects", scenario, "--unmatched", "--format", "json")
    assert code == 0, err
    assert "水上交通突发事件" in [u["phrase"] for u in json.loads(out)["unmatched"]]


def test_every_finding_kind_is_as_precise_as_a_reviewer_on_the_labelled_audits() -> None:
    """Whole audits with every finding labelled by hand: precision ≥ 0.9 for each kind, no finding unlabelled."""
    by_kind: dict[str, Any] = {}
    for scenario, scores in accuracy.measure_findings().items():
        for kind, score in scores.items():
            assert not [w for w in score.wrong if w.startswith("unlabelled")], (scenario, score.wrong)
            by_kind.setdefault(kind, accuracy.Score()).add(score)
    assert set(by_kind) >= {"basis", "gap", "overlap", "staffing", "unassigned"}
    for kind, total in by_kind.items():
        assert total.precision >= 0.9, (kind, total.wrong)
        assert total.recall >= 0.9, (kind, total.missed)


def test_a_finding_labelled_false_or_not_labelled_counts_against_precision() -> None:
    scenario = {
        "path": "tests/data/documents/written/shiling_yingjiguanliju_sanding.txt",
        "as_of": "2020-01-01",
        "findings": {
            "unassigned/no_unit 石岭市应急管理局 @ 石岭市应急管理局职能配置、内设机构和人员编制规定 第三条（一）": False,
            "unassigned/no_unit 石岭市应急管理局 @ 石岭市应急管理局职能配置、内设机构和人员编制规定 第九条": True,
        },
    }
    [(kind, score)] = accuracy.score_findings(scenario).items()
    assert kind == "unassigned" and (score.expected, score.found, score.matched) == (1, 3, 0)
    assert sum(w.startswith("unlabelled") for w in score.wrong) == 2 and len(score.missed) == 1


def test_the_article_alignment_meets_its_floor_and_beats_the_difflib_baseline() -> None:
    for pair, by_method in accuracy.measure_alignment().items():
        ours, baseline = by_method["alignment"], by_method["alignment (difflib)"]
        assert ours.precision >= 0.9 and ours.recall >= 0.9, (pair, ours.wrong, ours.missed)
        assert ours.matched > baseline.matched, pair
