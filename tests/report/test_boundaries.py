"""The 职责边界清单: written from the Divisions and open overlaps of a date, filled in by a clerk, loaded back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dutygraph.errors import DatasetInvalid
from dutygraph.i18n import use_language
from dutygraph.loaders import load_path, load_paths
from dutygraph.queries import audit
from dutygraph.report.boundaries import boundary_rows, write_boundaries
from dutygraph.stores import Store
from tests.conftest import EXAMPLE
from tests.test_cli import run


def _rows(path: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["职责边界清单"]
    return list(book["职责边界清单"].iter_rows(values_only=True))


def test_the_report_writes_the_settled_division_and_the_open_overlap(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "--lang", "zh", "report", str(EXAMPLE), "--as-of", "2017-06-01", "--out", str(tmp_path)
    )
    assert code == 0, err
    assert f"已写入{tmp_path / 'boundaries.xlsx'}" in out
    rows = _rows(tmp_path / "boundaries.xlsx")
    assert rows[0] == (
        "序号",
        "职责事项",
        "监管对象",
        "职责类别",
        "牵头部门",
        "配合部门",
        "涉及部门",
        "职责分工",
        "依据",
        "状态",
        "建议",
        "生效日期",
        "记录编号",
    )
    settled, open_ = rows[1], rows[2]
    assert settled[1:6] == (
        "公路工程安全生产监督管理",
        "公路工程",
        "安全生产监督管理",
        "石岭市交通运输局",
        "石岭市住房和城乡建设局",
    )
    assert settled[7] == "公路工程施工安全生产监督管理由市交通运输局牵头负责，市住房和城乡建设局配合。"
    assert settled[8] == "石岭市住房和城乡建设局主要职责内设机构和人员编制规定 第五条（一）" and settled[9] == "已明确"
    assert open_[2] == "石膏矿" and open_[4] is None and open_[9] == "待明确"
    assert open_[6] == "石岭市煤炭工业局、石岭市安全生产监督管理局"
    assert "第三条（一）" in str(open_[8]) and str(open_[10]).startswith("在有关职责分工条款中明确石膏矿")
    assert len(rows) == 3
    # the same alone, with the boundaries command
    code, out, err = run(capsys, "boundaries", str(EXAMPLE), "--as-of", "2017-06-01", "--out", str(tmp_path / "b.xlsx"))
    assert code == 0, err
    assert "1 settled, 1 to be settled" in out


def _filled(tmp_path: Path, lead: str = "石岭市煤炭工业局", lang: str = "zh") -> Path:
    """The list as a clerk returns it: the 石膏矿 row given its lead, its partner and each side's part."""
    store_path = tmp_path / "written.xlsx"
    from dutygraph.stores import open_store

    store = open_store("memory:")
    load_path(store, EXAMPLE)
    with use_language(lang):
        write_boundaries(boundary_rows(store, "2017-06-01"), store_path)
    book = openpyxl.load_workbook(store_path)
    sheet = book.active
    assert sheet is not None
    sheet["E3"] = lead
    sheet["F3"] = "石岭市安全生产监督管理局"
    sheet["H3"] = "石膏矿安全生产监督管理由市煤炭工业局牵头，市安全生产监督管理局配合。"
    sheet["J3"] = "已明确" if lang == "zh" else "settled"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    return filled


def test_a_filled_in_list_loaded_back_settles_the_overlap_on_every_store(store: Store, tmp_path: Path) -> None:
    load_path(store, EXAMPLE)
    before = {f.variant for f in audit(store, "2017-06-01").findings if f.kind == "overlap"}
    assert "subsumed" in before
    loaded = load_paths(store, [_filled(tmp_path)])
    assert loaded.summary.nodes == {"Division": 1}  # the 公路工程 row is the division already loaded
    findings = [f for f in audit(store, "2017-06-01", include_resolved=True).findings if f.kind == "overlap"]
    gypsum = [f for f in findings if "石膏矿" in f.subjects]
    assert [f.variant for f in gypsum] == ["resolved"]
    assert any("石膏矿安全生产监督管理由市煤炭工业局牵头" in e.text for e in gypsum[0].evidence)


def test_the_list_comes_back_in_english_headings_too(tmp_path: Path) -> None:
    from dutygraph.stores import open_store

    store = open_store("memory:")
    load_path(store, EXAMPLE)
    load_paths(store, [_filled(tmp_path, lang="en")])
    assert not [f for f in audit(store, "2017-06-01").findings if f.kind == "overlap" and "石膏矿" in f.subjects]


def test_a_lead_that_is_no_organization_is_an_error_naming_the_row_and_nothing_is_stored(tmp_path: Path) -> None:
    from dutygraph.stores import open_store

    store = open_store("memory:")
    load_path(store, EXAMPLE)
    before = store.counts()
    with pytest.raises(DatasetInvalid) as raised:
        load_paths(store, [_filled(tmp_path, lead="石岭市煤炭局")])
    [problem] = raised.value.errors
    assert problem.row == 3 and "'石岭市煤炭局' is no organization loaded" in str(problem)
    assert store.counts() == before
