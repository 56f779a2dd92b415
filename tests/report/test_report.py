"""The report an office hands its leaders, and the reorganization diff, on the gypsum example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from dutygraph.i18n import use_language
from dutygraph.queries import audit
from dutygraph.queries.diff import reorganization_diff
from dutygraph.report import build_report, report_html
from dutygraph.stores import Store
from tests.conftest import EXAMPLE
from tests.test_cli import run


def test_the_html_report_has_every_finding_with_its_evidence_and_the_diagram(gypsum: Store) -> None:
    """The report as the office reads it: in Chinese, every finding with its evidence, the matrix and the chart."""
    with use_language("zh"):
        report = build_report(gypsum, "2017-06-01")
        page = report_html(report)
        findings = audit(gypsum, "2017-06-01", include_resolved=True).findings
    for finding in findings:
        assert finding.message.replace("'", "&#x27;") in page
        for evidence in finding.evidence:
            assert evidence.text.replace("'", "&#x27;") in page
    assert '<html lang="zh-CN">' in page and "<h1>职责审查报告（截至2017-06-01）</h1>" in page
    for heading in ("概要", "载入材料", "部门间职责交叉", "问题清单", "表述模糊"):
        assert f">{heading}</h" in page, heading
    assert "What was loaded" not in page and "Findings" not in page and "Suggested" not in page
    assert "<b>职责交叉（包含）</b> 石岭市煤炭工业局与石岭市安全生产监督管理局均承担石膏矿" in page
    # the chart of findings by department and kind, drawn inline
    assert 'class="findings-chart"' in page and "各部门问题分类统计" in page
    # the gypsum overlap: its clauses quoted, its diagram drawn with the taxonomy edge, a suggestion made
    assert "负责全市煤矿、石膏矿安全生产监督管理工作，依法组织对煤矿、石膏矿企业的安全生产监督检查。" in page
    assert page.count('class="overlap-diagram"') == 2  # the 石膏矿 overlap and the one a 职责分工 settled
    assert ">石膏矿</text>" in page and ">金属非金属矿山</text>" in page and ">非煤矿山</text>" in page
    assert "明确石膏矿、非煤矿山安全生产监督管理、行政处罚的牵头部门" in page
    # the matrix: the two bureaus, each cell counting their overlaps by severity and naming the subject
    assert report.departments == ["石岭市安全生产监督管理局", "石岭市煤炭工业局"]
    numbers = report.matrix[("石岭市安全生产监督管理局", "石岭市煤炭工业局")]
    for n in numbers:
        assert f'href="#finding-{n}"' in page and f'id="finding-{n}"' in page
    assert '<span class="count">高1</span><span class="subjects">石膏矿</span>' in page
    # vague wording: the 自然资源局's duty that only 配合
    assert [v.organization for v in report.vague] == ["石岭市自然资源局"]
    assert "配合有关部门做好尾矿库和废弃矿山的地质灾害防治工作" in page
    assert "<script" not in page and 'src="http' not in page and 'href="http' not in page  # opens offline


def test_report_command_writes_html_xlsx_and_json_and_the_changes_since(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "2017", tmp_path / "2020"
    code, out, err = run(capsys, "--lang", "zh", "report", str(EXAMPLE), "--as-of", "2017-06-01", "--out", str(first))
    assert code == 0, err
    assert "已写入" in out and (first / "report.html").is_file()
    book = openpyxl.load_workbook(first / "report.xlsx")
    assert tuple(book.sheetnames) == ("概要", "交叉矩阵", "问题清单", "表述模糊", "变化")
    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "严重程度", "问题类型", "类型代码", "问题")
    # headings frozen and filtered, columns wide enough for Chinese text, long cells wrapped
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    assert sheet.column_dimensions["E"].width >= 60 and sheet["E2"].alignment.wrap_text
    saved = json.loads((first / "report.json").read_text(encoding="utf-8"))
    assert len(rows) - 1 == len(saved["findings"])
    overlap_rows = [r for r in rows[1:] if r[3] == "overlap/subsumed"]
    assert len(overlap_rows) == 1 and overlap_rows[0][2] == "职责交叉（包含）" and overlap_rows[0][1] == "高"
    assert "第三条" in str(overlap_rows[0][7]) and "CF-" in str(overlap_rows[0][7])
    matrix = list(book["交叉矩阵"].iter_rows(values_only=True))
    assert matrix[0][1:] == ("石岭市安全生产监督管理局", "石岭市煤炭工业局")
    assert "石膏矿" in str(matrix[1][2]) and "高" in str(matrix[1][2])
    code, out, err = run(
        capsys,
        "--lang",
        "zh",
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
    assert "相比的变化" in page and "仍未解决" in page


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
        "--lang",
        "zh",
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
    assert reform[1][:3] == ("划转", "石岭市煤炭工业局", "石岭市应急管理局")
    evaluation = list(book["评估-石岭市安全生产监督管理局"].iter_rows(values_only=True))
    assert evaluation[-1][:4] == ("总分", None, None, 70)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "机构改革前后（2018-12-01 → 2019-06-01）" in page and "失去：煤矿的规划编制" in page
    assert "机构编制执行情况评估：石岭市安全生产监督管理局" in page


def _east_asian_font(run: object) -> str | None:
    from docx.oxml.ns import qn

    properties = run._element.rPr  # type: ignore[attr-defined]
    fonts = properties.rFonts if properties is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_the_word_report_is_the_document_an_office_circulates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Opened back with python-docx: the title, the three sections, every problem with its evidence and
    suggestion, CJK fonts by family name, page numbers in the footer; the evaluation as a document of its own."""
    import docx

    code, out, err = run(
        capsys, "--lang", "zh", "report", str(EXAMPLE), "--as-of", "2017-06-01", "--out", str(tmp_path)
    )
    assert code == 0, err
    assert f"已写入{tmp_path / 'report.docx'}" in out
    document = docx.Document(str(tmp_path / "report.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "关于石岭市有关部门职责审查情况的报告" and texts[1] == "（截至2017-06-01）"
    sections = [t for t in texts if t[:2] in ("一、", "二、", "三、")]
    assert sections == ["一、基本情况", "二、发现的问题", "三、意见建议"]
    assert "（一）职责交叉（2项）" in texts
    saved = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    problems = [t for t in texts if re.match(r"^\d+\.【", t)]
    assert len(problems) == len(saved["findings"])
    assert problems[0].startswith("1.【职责交叉（包含），高】石岭市煤炭工业局与石岭市安全生产监督管理局均承担石膏矿")
    assert (
        "依据：石岭市煤炭工业局主要职责内设机构和人员编制规定 第三条（一）：“负责全市煤矿、石膏矿安全生产监督管理工作"
        in "\n".join(texts)
    )
    suggestions = texts[texts.index("三、意见建议") + 1 :]
    assert suggestions[0].startswith("1. 在有关职责分工条款中明确石膏矿、非煤矿山") and suggestions[0].endswith(
        "（针对问题1）"
    )
    assert "共发现问题7项，其中" in "\n".join(texts)
    # the summary table, its heading in 黑体
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == ["问题类型", "数量", "严重程度"]
    assert _east_asian_font(table.rows[0].cells[0].paragraphs[0].runs[0]) == "黑体"
    assert _east_asian_font(document.paragraphs[0].runs[0]) == "宋体"
    assert _east_asian_font(document.paragraphs[3].runs[0]) == "仿宋"
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "fldChar" in footer and "PAGE" in footer
    # the evaluation pack as its own document
    code, _, err = run(
        capsys,
        "--lang",
        "zh",
        "evaluate",
        "石岭市安全生产监督管理局",
        str(EXAMPLE),
        "--as-of",
        "2017-06-01",
        "--docx",
        str(tmp_path / "evaluation.docx"),
    )
    assert code == 0, err
    evaluation = docx.Document(str(tmp_path / "evaluation.docx"))
    assert evaluation.paragraphs[0].text == "石岭市安全生产监督管理局机构编制执行情况评估"
    assert [c.text for c in evaluation.tables[0].rows[0].cells] == ["类别", "指标", "分值", "得分", "扣分情况"]
    assert any(p.text.startswith("总分70；等次") for p in evaluation.paragraphs)


def test_the_word_report_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import docx

    code, _, err = run(capsys, "--lang", "en", "report", str(EXAMPLE), "--as-of", "2017-06-01", "--out", str(tmp_path))
    assert code == 0, err
    texts = [p.text for p in docx.Document(str(tmp_path / "report.docx")).paragraphs]
    assert texts[0] == "Report on the review of the duties of the departments of 石岭市"
    assert "1. Overview" in texts and "2. Problems found" in texts and "3. Recommendations" in texts
    assert "(1) overlapping duties (2 problems)" in texts
    assert any(t.startswith("1. [overlap (one contains the other), high] 石岭市煤炭工业局 and") for t in texts)
