"""三定 texts: the real ones (counts and items checked by hand against the texts) and every numbering variant."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from dutygraph.errors import LoadError
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.sanding import OrganizationHint, read_provision
from dutygraph.loaders.text import read_document
from dutygraph.loaders.understanding import DutyReader
from tests.documents.conftest import SANDING, one, values


def read(path: Path, reader: DutyReader, hint: OrganizationHint | None = None) -> FileReport:
    return read_provision(read_document(path), reader, hint)


def of(report: FileReport, kind: str) -> list:  # type: ignore[type-arg]
    return [r for r in report.records if r.kind == kind and not r.stub]


def test_wulumuqi_emergency_bureau(reader: DutyReader) -> None:
    report = read(SANDING / "wulumuqi_yingjiguanliju.txt", reader)
    [org] = of(report, "Organization")
    assert one(org, "name") == "乌鲁木齐市应急管理局"
    assert (one(org, "level"), one(org, "region"), one(org, "rank")) == ("city", "650100", "正县级")
    assert values(org, "alt_names") == ["市应急管理局"]
    duties = of(report, "Duty")
    assert [one(d, "anchor") for d in duties] == [f"第三条（{n}）" for n in "一二三四五六"]
    first = duties[0]
    assert one(
        first,
        "text",
    ).startswith("负责应急管理工作,指导各区(县)、各部门应对安全生产类、自然灾害类突发事件")
    assert {"subject:accident_disaster", "subject:natural_disaster", "subject:industry_trade"} <= set(
        values(first, "subjects")
    )
    assert "action:safety_supervision" in values(first, "actions")
    # the copy stops in the middle of (六): said, with the line and what was not read
    assert any(
        n.startswith("line 16: the text ends here, early: inside 主要职责 第三条（六）") and "内设机构" in n
        for n in report.notes
    )
    # no 施行 clause: the page's month is the date read (not the year of the reform plan it cites), and said
    [provision] = of(report, "Provision")
    assert (one(provision, "valid_from"), one(provision, "dated")) == ("2024-09-30", "page")
    assert any("in force from 2024-09-30, the date of its page" in n for n in report.notes)


def test_shayibake_traditional_with_units_and_staffing(reader: DutyReader) -> None:
    report = read(SANDING / "wulumuqi_shayibakequ_zhengwufuwuguanliju_COMPLETE.txt", reader)
    [org] = of(report, "Organization")
    assert one(org, "name") == "乌鲁木齐市沙依巴克区政务服务管理局"  # traditional script read as simplified
    assert (one(org, "level"), one(org, "region")) == ("county", "650103")
    duties = of(report, "Duty")
    assert len(duties) == 7
    assert one(duties[6], "text") == "承办区委、区人民政府交办的其他事项。"
    assert [one(u, "name") for u in of(report, "Unit") if not one(u, "serves")] == ["办公室"]
    # （三）承担区公共资源交易管理委会办公室的目常工作 (sic): the office of that body is hosted here
    [office] = [u for u in of(report, "Unit") if one(u, "serves")]
    assert one(office, "name") == "乌鲁木齐市沙依巴克区公共资源交易管理委会办公室"
    assert one(office, "organization") == one(org, "id")
    quotas = {(one(q, "kind"), one(q, "category"), one(q, "count")) for q in of(report, "StaffingQuota")}
    assert quotas == {("establishment", "行政编制", "5"), ("leader_posts", "领导职数", "3")}
    # the 附则-style interpretation clause is neither a staffing figure nor unplaced
    assert not any("解释" in n for n in report.notes)


def test_national_mine_safety_bureau(reader: DutyReader) -> None:
    report = read(SANDING / "central_guojiakuangshananquanjianchaju.txt", reader)
    orgs = {one(o, "name"): o for o in report.records if o.kind == "Organization"}
    bureau = orgs["国家矿山安全监察局"]
    assert (one(bureau, "level"), one(bureau, "region"), one(bureau, "rank")) == ("national", "全国", "副部级")
    assert one(orgs["应急管理部"], "level") == "national"  # 应急管理部管理的国家局: its parent
    assert len(of(report, "Duty")) == 7
    [change] = of(report, "FunctionChange")
    assert one(change, "anchor") == "第四条（八）"
    assert "将煤矿安全生产许可" in (one(change, "text") or "")
    third = of(report, "Duty")[2]
    assert {"subject:mine", "subject:coal_mine"} <= set(values(third, "subjects"))
    assert "action:penalty" in values(third, "actions")


def test_natural_resources_2024_names_itself_in_the_title(reader: DutyReader) -> None:
    report = read(SANDING / "wulumuqi_ziranziyuanju_2024.txt", reader)
    [org] = of(report, "Organization")
    assert one(org, "name") == "乌鲁木齐市自然资源局"
    assert "市自然资源局" in values(org, "alt_names")
    [change] = of(report, "FunctionChange")
    assert (one(change, "anchor"), one(change, "text")) == ("第三条", "将原市城乡规划管理局的职责,划入市自然资源局。")
    assert [one(d, "anchor") for d in of(report, "Duty")] == ["第五条（一）", "第五条（二）", "第五条（三）"]
    # nothing in the copy dates it (〔2024〕37号 is the plan's number): date unknown, said, not invented
    [provision] = of(report, "Provision")
    assert (one(provision, "valid_from"), one(provision, "dated")) == (None, "unknown")
    assert any("no date of effect" in n and "every date" in n for n in report.notes)


def test_forestry_bureau_without_headings(reader: DutyReader) -> None:
    report = read(SANDING / "wulumuqi_linyehecaoyuanju.txt", reader)
    [org] = of(report, "Organization")
    assert (one(org, "name"), one(org, "rank")) == ("乌鲁木齐市林业和草原局", "正县级")
    assert values(org, "alt_names") == ["市园林管理局"]
    duties = of(report, "Duty")
    assert len(duties) == 5
    assert "subject:sandstorm" in values(duties[3], "subjects")
    assert any("no 主要职责 heading" in n for n in report.notes)
    assert any(n.startswith("line 7: not placed") and "更新时间" in n for n in report.notes)


def test_page_chrome_is_reported_not_dropped(reader: DutyReader) -> None:
    report = read(SANDING / "wulumuqi_shengtaihuanjingju.txt", reader)
    unplaced = [n for n in report.notes if "not placed" in n]
    assert [n.split(":")[0] for n in unplaced] == [f"line {n}" for n in range(7, 13)]
    assert any("扫一扫在手机打开当前页" in n for n in unplaced)
    assert len(of(report, "Duty")) == 4


def test_units_of_a_traditional_copy_need_the_organization(reader: DutyReader) -> None:
    path = SANDING / "kunshan_yingjiguanliju_neishejigou_TRAD.txt"
    with pytest.raises(LoadError, match=r"cannot tell which organization this 三定 is about.*--organization"):
        read(path, reader)
    report = read(path, reader, OrganizationHint(name="昆山市应急管理局", level="county"))
    [org] = of(report, "Organization")
    assert (one(org, "level"), one(org, "region")) == ("county", "320583")
    units = [one(u, "name") for u in of(report, "Unit")]
    assert units == [
        "办公室（人事教育科）",
        "应急指挥科（救援协调与预案管理科、救灾与物资保障科）",
        "调查评估与统计科",
    ]  # （四）消防协调… is cut inside its name: not a unit, but a note
    assert "line 11: a unit cut short in this copy, not read: 内设机构（四） 消防协调" in report.notes
    duties = of(report, "Duty")
    assert [one(d, "anchor") for d in duties] == ["内设机构（一）", "内设机构（二）", "内设机构（三）"]
    unit_ids = {one(u, "name"): one(u, "id") for u in of(report, "Unit")}
    assert one(duties[2], "unit") == unit_ids["调查评估与统计科"]
    assert "action:accident_investigation" in values(duties[2], "actions")


FULL = """\
# 石岭市应急管理局职能配置、内设机构和人员编制规定

第一条　根据《石岭市机构改革方案》，制定本规定。

第二条　石岭市应急管理局（以下简称市应急管理局）是市人民政府工作部门，为正县级。

第三条　市应急管理局贯彻落实党中央关于应急管理工作的方针政策和决策部署。主要职责是：

（一）负责全市安全生产综合监督管理和工矿商贸行业安全生产监督管理工作。

（二）负责全市非煤矿山安全生产监督管理工作，依法组织对非煤矿山企业的安全生产监督检查。
1.组织开展非煤矿山安全生产执法检查；
2.依法查处非煤矿山安全生产违法行为。

（三）组织指导协调安全生产类、自然灾害类突发事件应急救援。

（四）职能转变。市应急管理局应加强、优化、统筹应急能力建设。

第四条　市应急管理局设下列内设机构：

（一）办公室。负责机关日常运转工作。

（二）非煤矿山安全监督管理科。承担非煤矿山安全生产监督管理工作，组织开展石膏矿、石灰石矿企业的执法检查。

第五条　市应急管理局机关行政编制12名。设局长1名、副局长3名；正科级领导职数5名。

第六条　有关职责分工。

（一）与市自然资源局的有关职责分工。

1.市自然资源局负责地质灾害监测预警工作，市应急管理局配合。

2.市应急管理局负责地质灾害应急救援工作。

（二）与市林业和草原局的有关职责分工。由市林业和草原局牵头，市应急管理局配合，负责森林火灾监测预警工作。

第七条　本规定由市委机构编制委员会办公室负责解释，自2019年3月1日起施行。
"""


def _check_full(report: FileReport) -> None:
    [org] = of(report, "Organization")
    org_id = one(org, "id")
    assert one(org, "name") == "石岭市应急管理局"
    assert one(of(report, "Provision")[0], "valid_from") == "2019-03-01"
    duties = of(report, "Duty")
    assert [one(d, "anchor") for d in duties] == [
        "第三条（一）",
        "第三条（二）",
        "第三条（三）",
        "第四条（一）",
        "第四条（二）",
    ]
    assert "2.依法查处非煤矿山安全生产违法行为" in (one(duties[1], "text") or "")  # sub-items stay in their duty
    assert [one(c, "anchor") for c in of(report, "FunctionChange")] == ["第三条（四）"]
    units = {one(u, "name"): one(u, "id") for u in of(report, "Unit")}
    assert list(units) == ["办公室", "非煤矿山安全监督管理科"]
    provision_id = one(of(report, "Provision")[0], "id")
    assert all(one(u, "provision") == provision_id for u in of(report, "Unit"))  # listed by the 三定
    assert one(duties[4], "unit") == units["非煤矿山安全监督管理科"]
    assert {"subject:gypsum_mine", "subject:limestone_mine"} <= set(values(duties[4], "subjects"))
    quotas = [
        (one(q, "kind"), one(q, "category"), one(q, "count"), one(q, "anchor")) for q in of(report, "StaffingQuota")
    ]
    assert quotas == [
        ("establishment", "行政编制", "12", "第五条"),
        ("post", "局长", "1", "第五条"),
        ("post", "副局长", "3", "第五条"),
        ("leader_posts", "正科级领导职数", "5", "第五条"),
    ]
    divisions = of(report, "Division")
    stubs = {one(r, "name"): one(r, "id") for r in report.records if r.kind == "Organization" and r.stub}
    natres, forestry = stubs["石岭市自然资源局"], stubs["石岭市林业和草原局"]
    assert [
        (one(d, "lead"), values(d, "cooperating"), values(d, "subjects"), values(d, "actions")) for d in divisions
    ] == [
        (natres, [org_id], ["subject:geological_disaster"], ["action:monitoring"]),
        (org_id, [natres], ["subject:geological_disaster"], ["action:emergency_response"]),
        (forestry, [org_id], ["subject:forest_fire"], ["action:monitoring"]),
    ]
    assert [one(d, "anchor") for d in divisions] == ["第六条（一）", "第六条（一）", "第六条（二）"]
    assert not [n for n in report.notes if "not placed" in n or "ends here" in n]


def test_a_complete_text_in_markdown(reader: DutyReader, tmp_path: Path) -> None:
    path = tmp_path / "sanding.md"
    path.write_text(FULL, encoding="utf-8")
    _check_full(read(path, reader))


def test_the_same_text_as_word_traditional_and_half_width(reader: DutyReader, tmp_path: Path) -> None:
    import opencc

    variant = opencc.OpenCC("s2t").convert(FULL).replace("（", "(").replace("）", ")").replace("：", ":")
    variant = variant.replace("# ", "")
    path = tmp_path / "sanding.docx"
    document = docx.Document()
    for line in variant.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    _check_full(read(path, reader))


def test_unnumbered_sections_and_arabic_items(reader: DutyReader, tmp_path: Path) -> None:
    path = tmp_path / "headings.txt"
    path.write_text(
        "青山县应急管理局职能配置、内设机构和人员编制规定\n"
        "一、机构定位\n青山县应急管理局是县人民政府工作部门，为正科级。\n"
        "二、主要职责\n(一)负责全县非煤矿山安全生产监督管理工作。\n(二)负责全县烟花爆竹经营安全监督管理。\n"
        "三、内设机构\n县应急管理局设内设机构3个：办公室、安全生产监督管理股、应急救援股。\n"
        "四、人员编制\n县应急管理局行政编制8名。设局长1名，副局长2名。\n",
        encoding="utf-8",
    )
    report = read(path, reader)
    [org] = of(report, "Organization")
    assert (one(org, "level"), one(org, "region"), one(org, "rank")) == ("county", "青山县", "正科级")
    assert [one(d, "anchor") for d in of(report, "Duty")] == ["主要职责（一）", "主要职责（二）"]
    assert [one(u, "name") for u in of(report, "Unit")] == ["办公室", "安全生产监督管理股", "应急救援股"]
    assert {(one(q, "category"), one(q, "count")) for q in of(report, "StaffingQuota")} == {
        ("行政编制", "8"),
        ("局长", "1"),
        ("副局长", "2"),
    }
