"""The report an office hands its leaders, and the reorganization diff, on the gypsum example."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from dutygraph.queries import audit
from dutygraph.queries.diff import reorganization_diff
from dutygraph.report import SHEETS, build_report, report_html
from dutygraph.stores import Store
from tests.conftest import EXAMPLE
from tests.test_cli import run


def test_the_html_report_has_every_finding_with_its_evidence_and_the_diagram(gypsum: Store) -> None:
    report = build_report(gypsum, "2017-06-01")
    page = report_html(report)
    for finding in audit(gypsum, "2017-06-01", include_resolved=True).findings:
        assert finding.message.replace("'", "&#x27;") in page
        for evidence in finding.evidence:
            assert evidence.text.replace("'", "&#x27;") in page
    # the gypsum overlap: its clauses quoted, its diagram drawn with the taxonomy edge, a suggestion made
    assert "负责全市煤矿、石膏矿安全生产监督管理工作，依法组织对煤矿、石膏矿企业的安全生产监督检查。" in page
    assert page.count('class="overlap-diagram"') == 2  # the 石膏矿 overlap and the one a 职责分工 settled
    assert ">石膏矿</text>" in page and ">金属非金属矿山</text>" in page and ">非煤矿山</text>" in page
    assert "明确石膏矿、非煤矿山安全生产监督管理、行政处罚的牵头部门" in page
    # the matrix: the two bureaus, each cell linking to their overlaps
    assert report.departments == ["石岭市安全生产监督管理局", "石岭市煤炭工业局"]
    numbers = report.matrix[("石岭市安全生产监督管理局", "石岭市煤炭工业局")]
    for n in numbers:
        assert f'href="#finding-{n}"' in page and f'id="finding-{n}"' in page
    # vague wording: the 自然资源局's duty that only 配合
    assert [v.organization for v in report.vague] == ["石岭市自然资源局"]
    assert "配合有关部门做好尾矿库和废弃矿山的地质灾害防治工作" in page
    assert "<script" not in page and 'src="http' not in page and 'href="http' not in page  # opens offline


def test_report_command_writes_html_xlsx_and_json_and_the_changes_since(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "2017", tmp_path / "2020"
    code, out, err = run(capsys, "report", str(EXAMPLE), "--as-of", "2017-06-01", "--out", str(first))
    assert code == 0, err
    assert "wrote" in out and (first / "report.html").is_file()
    book = openpyxl.load_workbook(first / "report.xlsx")
    assert tuple(book.sheetnames) == SHEETS
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert rows[0][:5] == ("no.", "severity", "kind", "variant", "finding")
    saved = json.loads((first / "report.json").read_text(encoding="utf-8"))
    assert len(rows) - 1 == len(saved["findings"])
    overlap_rows = [r for r in rows[1:] if r[2] == "overlap" and r[3] == "subsumed"]
    assert len(overlap_rows) == 1 and "第三条" in str(overlap_rows[0][7]) and "CF-" in str(overlap_rows[0][7])
    matrix = list(book["交叉矩阵"].iter_rows(values_only=True))
    assert matrix[0][1:] == ("石岭市安全生产监督管理局", "石岭市煤炭工业局")
    code, out, err = run(
        capsys,
        "report",
        str(EXAMPLE),
        "--as-of",
        "2020-06-01",
        "--out",
        str(second),
        "--since",
        str(first / "report.json"),
    )
    assert code == 0, err
    changes = json.loads((second / "report.json").read_text(encoding="utf-8"))["changes"]
    assert any("石膏矿" in m for m in changes["resolved"])  # the reform ended the gypsum overlap
    assert any("无主矿山" in m for m in changes["open"])  # nobody supervises ownerless mines, then or now
    assert changes["new"]
    page = (second / "report.html").read_text(encoding="utf-8")
    assert "Changes since" in page and "Still open" in page


def test_diff_across_the_2019_reform(gypsum: Store, capsys: pytest.CaptureFixture[str]) -> None:
    diff = reorganization_diff(gypsum, "2018-12-01", "2019-06-01")
    assert [(c.record, c.before, c.after) for c in diff.moved] == [
        ("d-coal-1", "石岭市煤炭工业局", "石岭市应急管理局"),
        ("d-safety-2", "石岭市安全生产监督管理局", "石岭市应急管理局"),
    ]
    assert [(c.record, c.lost) for c in diff.dropped] == [
        ("d-coal-2", ["规划编制 of 煤矿"]),
        ("d-safety-1", ["组织协调 of 工矿商贸"]),
    ]
    assert len(diff.resolved) == 1 and diff.doubled == []
    code, out, _ = run(capsys, "diff", str(EXAMPLE), "--from", "2018-12-01", "--to", "2019-06-01")
    assert code == 0
    assert "石岭市煤炭工业局 → 石岭市应急管理局" in out and "lost: 规划编制 of 煤矿" in out


def test_the_report_can_carry_the_reform_and_evaluations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys,
        "report",
        str(EXAMPLE),
        "--as-of",
        "2017-06-01",
        "--out",
        str(tmp_path),
        "--reform",
        "2018-12-01",
        "2019-06-01",
        "--evaluate",
        "石岭市安全生产监督管理局",
    )
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames[-2:] == ["改革前后", "评估-石岭市安全生产监督管理局"]
    reform = list(book["改革前后"].iter_rows(values_only=True))
    assert reform[1][:3] == ("moved", "石岭市煤炭工业局", "石岭市应急管理局")
    evaluation = list(book["评估-石岭市安全生产监督管理局"].iter_rows(values_only=True))
    assert evaluation[-1][:4] == ("total", None, None, 70)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "机构改革前后 Reorganization 2018-12-01 → 2019-06-01" in page and "lost: 规划编制 of 煤矿" in page
    assert "评估 Evaluation: 石岭市安全生产监督管理局" in page
