"""权责清单 spreadsheets: the real lists (rows, citations, stages checked by hand) and the layouts offices use."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dutygraph.loaders.power_list import HEADINGS, read_power_list
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.sanding import OrganizationHint
from dutygraph.loaders.tables import read_tables
from dutygraph.loaders.understanding import DutyReader
from tests.documents.conftest import DOCUMENTS, QUANZE, one, values

TYPES = {
    "行政处罚": "type:penalty",
    "处罚": "type:penalty",
    "行政检查": "type:inspection",
    "行政许可": "type:licensing",
    "其他行政权力": "type:other",
    "其它权力": "type:other",
    "其他权力": "type:other",
    "行政备案": "type:other",
}


def read(
    path: Path, reader: DutyReader, hint: OrganizationHint | None = None, known: set[str] | None = None
) -> tuple[FileReport, list[tuple[int | None, str]]]:
    return read_power_list(
        str(path), read_tables(path), reader, types=TYPES, known_instruments=known or set(), hint=hint
    )


def of(report: FileReport, kind: str) -> list[RawRecord]:
    return [r for r in report.records if r.kind == kind]


def test_turpan_item_page_with_every_heading(reader: DutyReader) -> None:
    report, problems = read(QUANZE / "tulufan_dizhenju_quanzeqingdan_item.csv", reader)
    assert problems == []
    [org] = of(report, "Organization")
    assert (one(org, "name"), one(org, "level"), one(org, "region")) == ("吐鲁番市地震局", "city", "650400")
    [power] = of(report, "Power")
    assert (one(power, "code"), one(power, "name"), one(power, "type")) == (
        "652100401QT00100",
        "地震应急预案备案",
        "type:other",
    )
    assert one(power, "source_location") == "line 4"
    stages = [one(r, "stage") for r in of(report, "ResponsibilityItem")]
    assert stages == ["受理", "审查", "登记备案", "其他"]
    [basis] = of(report, "Basis")
    assert one(basis, "article") == "30"
    assert one(basis, "citation") == "《新疆维吾尔自治区实施〈中华人民共和国防震减灾法〉办法》第三十条"
    assert one(basis, "instrument") is None  # not loaded: kept as text, reported as unresolved by the audit
    [unit] = of(report, "Unit")
    assert one(unit, "name") == "震害防御科"  # 吐鲁番市地震局震害防御科, less the organization's name
    [assignment] = of(report, "Assignment")
    assert (one(assignment, "competence"), one(assignment, "unit")) == (one(power, "id"), one(unit, "id"))
    assert len(of(report, "AccountabilityCondition")) == 1
    assert any("cut short" in n for n in report.notes)


def test_longyan_inspection_plan(reader: DutyReader) -> None:
    report, problems = read(
        QUANZE / "longyan_yingji_xingzhengjiancha_jihua_2025.csv",
        reader,
        OrganizationHint(name="龙岩市应急管理局"),
    )
    assert problems == []
    powers = of(report, "Power")
    assert [one(p, "name") for p in powers] == [
        "重点非煤矿山执法检查",
        "工贸企业安全生产监督检查",
        "危化、化工、医药和烟花爆竹行业企业的监督检查",
    ]
    assert {one(p, "type") for p in powers} == {"type:inspection"}  # a 检查事项 list: every row an inspection
    assert [one(p, "source_location") for p in powers] == ["line 4", "line 13", "line 18"]  # multi-line cells
    assert "subject:non_coal_mine" in values(powers[0], "subjects")
    bases = [(one(b, "citation"), one(b, "article"), one(b, "paragraph")) for b in of(report, "Basis")]
    assert bases == [
        ("《中华人民共和国矿山安全法》第三十四条", "34", None),
        ("《中华人民共和国安全生产法》第六十二条第二款", "62", "2"),
        ("《中华人民共和国安全生产法》第六十二条第二款", "62", "2"),
    ]
    assert sorted(one(u, "name") or "" for u in of(report, "Unit")) == [
        "安全生产基础科",
        "执法监督科",
        "矿山安全监督管理科",
    ]
    assert len(of(report, "Assignment")) == 4


def test_lists_that_name_no_organization_need_one(reader: DutyReader) -> None:
    path = QUANZE / "unknown_city_yingji_quanzeshixiang_mulu.csv"
    report, problems = read(path, reader)
    assert problems == [
        (
            4,
            "no 实施主体 column or cell: pass --organization (full name) "
            "(and 11 more rows: 5, 6, 7, 8, 9, 10, 11, 12 …)",
        )
    ]
    report, problems = read(path, reader, OrganizationHint(name="石岭市应急管理局"))
    assert problems == []
    powers = of(report, "Power")
    assert len(powers) == 12 and {one(p, "type") for p in powers} == {"type:penalty"}
    assert all("action:penalty" in values(p, "actions") for p in powers)
    assert any("no column 实施依据" in n for n in report.notes)


def test_short_names_in_a_county_duty_list(reader: DutyReader) -> None:
    path = QUANZE / "liulin_meikuang_zhizeqingdan.csv"
    _, problems = read(path, reader)
    assert problems and "'县应急局' is a short name: pass --organization (full name) or --region" in problems[0][1]
    report, problems = read(path, reader, OrganizationHint(region="柳林县", level="county"))
    assert problems == []
    assert sorted(one(o, "name") or "" for o in of(report, "Organization")) == ["柳林县应急局", "柳林县能源局"]
    assert len(of(report, "Power")) == 5
    # row 5 cites 《矿山安全法》第八条、第十二条, a 国家能源局 notice's 第六条、第十六条 and a 山西省能源局 notice
    fifth = of(report, "Power")[4]
    cited = [(one(b, "article")) for b in of(report, "Basis") if one(b, "power") == one(fifth, "id")]
    assert cited == ["8", "12", "6", "16", None]


def test_traditional_list_and_penalty_stages(reader: DutyReader) -> None:
    report, problems = read(QUANZE / "xinglongtai_yingji_xingzhengzhifa_shixiang_2022_TRAD.csv", reader)
    assert problems == []
    [org] = of(report, "Organization")
    assert one(org, "name") == "兴隆台区应急管理局"
    [power] = of(report, "Power")
    assert one(power, "type") == "type:penalty"
    [basis] = of(report, "Basis")
    assert (one(basis, "citation"), one(basis, "article")) == ("《安全评价机构管理规定》第三十五条", "35")
    report, _ = read(
        QUANZE / "bdocx_guotuziyuanju_xingzhengchufa_zerenshixiang.csv",
        reader,
        OrganizationHint(name="青山县国土资源局"),
    )
    stages = [one(r, "stage") for r in of(report, "ResponsibilityItem")]
    assert stages == ["立案", "调查取证", "审理", "告知", "决定", "送达"]
    [power] = of(report, "Power")
    assert one(power, "name") == "伪造、变造、转让地质勘查资质证书的处罚"  # the 1、 numbering is not the name


def test_xls_with_merged_cells_and_same_as_above(reader: DutyReader) -> None:
    path = DOCUMENTS / "synthetic" / "shiling_quanliqingdan.xls"
    report, problems = read(path, reader)
    assert problems == []
    powers = of(report, "Power")
    assert [one(p, "code") for p in powers] == ["SL-CF-001", "SL-JC-001"]  # a power over two merged rows is one
    first_bases = [one(b, "citation") for b in of(report, "Basis") if one(b, "power") == one(powers[0], "id")]
    assert first_bases == ["《中华人民共和国安全生产法》第九十九条", "《中华人民共和国矿山安全法》第四十条"]
    second_bases = [one(b, "citation") for b in of(report, "Basis") if one(b, "power") == one(powers[1], "id")]
    assert second_bases == first_bases  # 同上
    assert values(powers[1], "subjects") == ["subject:gypsum_mine"]
    assert one(of(report, "Organization")[0], "name") == "石岭市应急管理局"


def test_xlsx_with_a_two_row_heading(reader: DutyReader, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["序号", "事项名称", "子项名称", "事项类别", "实施主体", None, "实施依据", "责任事项"])
    ws.append([None, None, None, None, "法定实施主体", "行使层级", None, None])
    ws.merge_cells("E1:F1")
    for col in "ABCDGH":
        ws.merge_cells(f"{col}1:{col}2")
    ws.append(
        [
            1,
            "非煤矿山企业安全生产许可",
            "安全生产许可证延期",
            "行政许可",
            "石岭市应急管理局",
            "市级、县级",
            "《安全生产许可证条例》第九条",
            "1.受理责任：公示应当提交的材料。\n2.审查责任：审查申请材料。\n3.决定责任：作出决定。\n4.送达责任：送达。\n5.事后监管责任：监督检查。",
        ]
    )
    ws.append([None, None, None, None, None, None, "《安全生产许可证条例》第十四条", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    report, problems = read(path, reader)
    assert problems == []
    parent, power = of(report, "Power")
    assert one(parent, "name") == "非煤矿山企业安全生产许可"
    assert (one(power, "name"), one(power, "parent")) == (
        "非煤矿山企业安全生产许可（安全生产许可证延期）",
        one(parent, "id"),
    )
    assert values(power, "levels") == ["city", "county"]
    assert [one(b, "article") for b in of(report, "Basis")] == ["9", "14"]  # the row below continues the power
    assert [one(r, "stage") for r in of(report, "ResponsibilityItem")] == ["受理", "审查", "决定", "送达", "事后监管"]


def test_heading_mapping_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for variants in HEADINGS.values():
        for heading in variants:
            assert heading in readme, heading


@pytest.mark.parametrize("name", sorted(p.name for p in QUANZE.glob("*.csv")))
def test_every_real_list_reads_or_says_what_it_needs(reader: DutyReader, name: str) -> None:
    report, problems = read(QUANZE / name, reader)
    if problems:
        assert all("--organization" in p or "--region" in p for _, p in problems)
        report, problems = read(QUANZE / name, reader, OrganizationHint(name="石岭市应急管理局"))
    assert problems == []
    assert of(report, "Power")


def test_a_random_inspection_list_with_a_department_column(reader: DutyReader) -> None:
    """双随机 抽查事项清单: 检查依据 is the basis, 检查部门及实施层级 names a short 省自然资源厅 per row."""
    path = DOCUMENTS / "written" / "sheng_ziranziyuanting_choucha_shixiang.csv"
    _, problems = read(path, reader)
    assert problems and "'省自然资源厅' is a short name" in problems[0][1]
    report, problems = read(path, reader, OrganizationHint(name="河北省自然资源厅"))
    assert problems == []
    (org,) = of(report, "Organization")
    assert (one(org, "name"), one(org, "level"), one(org, "region")) == ("河北省自然资源厅", "province", "130000")
    powers = of(report, "Power")
    assert [one(p, "type") for p in powers] == ["type:inspection"] * 3
    assert [one(p, "role") for p in powers] == ["lead"] * 3
    cited = [(one(b, "citation"), one(b, "article")) for b in of(report, "Basis")]
    assert [article for _, article in cited] == ["24", "21", "24", "33"]
    assert "line 5: the row is cut short (5 of 6 cells): no 检查方式" in report.notes


@pytest.mark.parametrize(
    "heading", ["实施依据", "检查依据", "设定依据", "法律依据", "职权依据", "抽查依据", "执法依据"]
)
def test_every_basis_heading_is_read_as_the_basis(reader: DutyReader, tmp_path: Path, heading: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        f"序号,事项名称,职权类型,{heading},部门\n1,对矿山企业的行政检查,行政检查,《中华人民共和国矿山安全法》第三十四条,石岭市应急管理局\n",
        encoding="utf-8",
    )
    report, problems = read(path, reader)
    assert problems == []
    assert [one(o, "name") for o in of(report, "Organization")] == ["石岭市应急管理局"]  # the 部门 column
    assert [(one(b, "citation"), one(b, "article")) for b in of(report, "Basis")] == [
        ("《中华人民共和国矿山安全法》第三十四条", "34")
    ]


def test_a_generic_implementing_body_is_the_lists_own_department(reader: DutyReader, tmp_path: Path) -> None:
    """实施主体 应急管理部门 is a kind of department: with --organization it is that county bureau, never the
    national ministry 应急管理部; without, the file's name or comment header names the department."""
    source = QUANZE / "lengshuitan_yingji_xingzhengzhifa_shixiang.csv"
    report, problems = read(source, reader, OrganizationHint(name="永州市冷水滩区应急管理局"))
    assert problems == []
    [org] = of(report, "Organization")
    assert (one(org, "name"), one(org, "level"), one(org, "region")) == ("永州市冷水滩区应急管理局", "county", "431103")
    assert any(
        "'应急管理部门' names no particular organization: read as 永州市冷水滩区应急管理局" in n for n in report.notes
    )
    # the same list saved under its department's name
    named = tmp_path / "冷水滩区应急管理局行政执法事项清单.csv"
    named.write_bytes(source.read_bytes())
    report, problems = read(named, reader)
    assert problems == [] and [one(o, "name") for o in of(report, "Organization")] == ["冷水滩区应急管理局"]
    assert any("as the file's name says" in n for n in report.notes)
    # or with a comment header saying whose it is
    headed = tmp_path / "list.csv"
    headed.write_text("# organization: 冷水滩区应急管理局\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    report, problems = read(headed, reader)
    assert problems == [] and [one(o, "name") for o in of(report, "Organization")] == ["冷水滩区应急管理局"]
    assert any("as the file's comment header says" in n for n in report.notes)
    # a category alone names no organization: said, with what to pass
    _, problems = read(source, reader)
    assert problems and "'应急管理部门' names no particular organization: pass --organization" in problems[0][1]


def test_time_limit_columns_are_read_into_the_powers(reader: DutyReader, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "序号,事项名称,职权类型,法定期限,承诺办结时限,部门\n"
        "1,非煤矿山企业安全生产许可,行政许可,45日,二十个工作日,石岭市应急管理局\n"
        "2,对非煤矿山企业的安全生产监督检查,行政检查,无,即办,石岭市应急管理局\n"
        "3,对非煤矿山企业安全生产违法行为的行政处罚,行政处罚,依法办理,,石岭市应急管理局\n",
        encoding="utf-8",
    )
    report, problems = read(path, reader)
    assert problems == []
    limits = [(one(p, "legal_time_limit"), one(p, "promised_time_limit")) for p in of(report, "Power")]
    assert limits == [("45日", "二十个工作日"), (None, "即办"), (None, None)]
    assert "line 4: time limit not understood, left out: 依法办理" in report.notes
