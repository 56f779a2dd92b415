"""Documents through the CLI, as a user runs it: mixed folders, the real overlaps, basis coverage, the taxonomy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dutygraph.stores import open_store
from tests.documents.conftest import LAW, QUANZE, SANDING, WULUMUQI
from tests.test_cli import run


def overlaps_between(findings: list[dict], a: str, b: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in findings if f["kind"] == "overlap" and set(f["organizations"]) == {a, b}]


def test_audit_of_the_wulumuqi_set_finds_the_real_overlaps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "audit", *map(str, WULUMUQI), "--kind", "overlap", "--format", "json")
    assert code == 0, err
    for path in WULUMUQI:
        assert f"read {path}: 三定规定" in err  # what was read from every file, on stderr
    findings = json.loads(out)["findings"]
    # 林草 organises sandstorm 应急处置; 应急 organises 自然灾害类突发事件应急救援: 沙尘暴 ⊑ 气象灾害 ⊑ 自然灾害
    sand = overlaps_between(findings, "乌鲁木齐市林业和草原局", "乌鲁木齐市应急管理局")
    # one finding for the pair on 沙尘暴, every action and every clause of both sides in it
    [rescue] = sand
    assert rescue["variant"] == "subsumed" and "应急救援" in rescue["actions"]
    assert "沙尘暴 ⊑ 气象灾害 ⊑ 自然灾害" in rescue["message"]
    anchors = {(e["source"], e["anchor"]) for e in rescue["evidence"]}
    assert {
        ("乌鲁木齐市林业和草原局职能配置、内设机构和人员编制规定", "主要职责（四）"),
        ("乌鲁木齐市应急管理局职能配置、内设机构和人员编制规定", "第三条（五）"),
    } <= anchors
    assert rescue["clauses"] == len(rescue["records"]) == 4
    assert any("组织沙尘暴灾害预防预报和应急处置" in e["text"] for e in rescue["evidence"])
    # 生态环境 handles 突发生态环境事件, a kind of 事故灾难 (安全生产类) that 应急 handles
    eco = overlaps_between(findings, "乌鲁木齐市应急管理局", "乌鲁木齐市生态环境局")
    assert any("突发生态环境事件 ⊑ 事故灾难" in f["message"] and "应急救援" in f["actions"] for f in eco)
    # 自然资源 surveys and monitors all natural resources; 林草 monitors forests, grassland, wetland
    natres = overlaps_between(findings, "乌鲁木齐市林业和草原局", "乌鲁木齐市自然资源局")
    assert any("森林 ⊑ 自然资源" in f["message"] and "监测预警" in f["actions"] for f in natres)
    # the district's bureau has the city's wording but another region: not an overlap
    assert not [f for f in findings if any("头屯河区" in o for o in f["organizations"])]


def test_a_list_citing_articles_a_loaded_law_does_not_have(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    power_list = tmp_path / "shiling_list.csv"
    power_list.write_text(
        "职权名称,职权类型,实施主体,实施依据\n"
        "对生产经营单位未建立事故隐患排查治理制度的处罚,行政处罚,石岭市应急管理局,《安全生产法》第一百零二条\n"
        "对非煤矿山企业的监督检查,行政检查,石岭市应急管理局,《中华人民共和国安全生产法》第六十二条第三款\n"
        "对矿山企业的行政处罚,行政处罚,石岭市应急管理局,《安全生产法》第一百二十条\n"
        "对矿山企业安全评价的监督,其他行政权力,石岭市应急管理局,《安全评价机构管理规定》第三十五条\n",
        encoding="utf-8",
    )
    law = LAW / "anquanshengchanfa_2021.txt"
    code, out, err = run(capsys, "audit", str(law), str(power_list), "--kind", "basis", "--format", "json")
    assert code == 0, err
    findings = json.loads(out)["findings"]
    unresolved = {f["message"] for f in findings if f["variant"] == "unresolved"}
    assert unresolved == {
        "石岭市应急管理局: power 「对非煤矿山企业的监督检查」 cites 《中华人民共和国安全生产法》 "
        "第六十二条第三款 (the article has 2), which does not exist",
        "石岭市应急管理局: power 「对矿山企业的行政处罚」 cites 《中华人民共和国安全生产法》 "
        "第一百二十条, which does not exist",
        "石岭市应急管理局: power 「对矿山企业安全评价的监督」 cites 《安全评价机构管理规定》第三十五条, "
        "which names no loaded instrument",
    }
    # the list relies on the law: its penalty articles no power carries are listed, 第一百零二条 is carried
    uncarried = [f for f in findings if f["variant"] == "uncarried"]
    assert uncarried and not any("第一百零二条 is" in f["message"] for f in uncarried)
    assert any("第一百零一条 is an enforcement article no power carries" in f["message"] for f in uncarried)


def test_load_a_mixed_folder_and_report_each_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SANDING / "wulumuqi_yingjiguanliju.txt", folder)
    shutil.copy(LAW / "kuangshananquanfa_2009.txt", folder)
    shutil.copy(QUANZE / "tulufan_dizhenju_quanzeqingdan_item.csv", folder)
    (folder / "incidents.csv").write_text(
        "id,date,region,subject,kind\ninc-1,2024-10-15,乌鲁木齐市,沙尘暴,事故\n", encoding="utf-8"
    )
    store = tmp_path / "store"
    code, out, err = run(capsys, "--store", str(store), "load", str(folder))
    assert code == 0, err
    assert f"read {folder / 'wulumuqi_yingjiguanliju.txt'}: 三定规定 《乌鲁木齐市应急管理局" in out
    assert f"read {folder / 'kuangshananquanfa_2009.txt'}: 法律法规 《中华人民共和国矿山安全法》: 1 Instrument" in out
    assert f"read {folder / 'tulufan_dizhenju_quanzeqingdan_item.csv'}: 权责清单: 1 Organization, 1 Power" in out
    assert "line 16: the text ends here, early" in out
    opened = open_store(str(store), create=False)
    try:
        counts = opened.counts()
        assert (counts["Duty"], counts["Article"], counts["Power"], counts["Incident"]) == (6, 50, 1, 1)
    finally:
        opened.close()
    # the incident traces to the 应急管理局's emergency-rescue duty of 自然灾害 (沙尘暴 ⊑ 自然灾害)
    code, out, err = run(capsys, "--store", str(store), "trace", "inc-1", "--format", "json")
    assert code == 0, err
    assert any(link["organization"] == "乌鲁木齐市应急管理局" for link in json.loads(out)["links"])


def test_a_bad_file_stops_the_whole_load(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run(
        capsys,
        "--store",
        str(store),
        "load",
        str(SANDING / "wulumuqi_yingjiguanliju.txt"),
        str(QUANZE / "unknown_city_yingji_quanzeshixiang_mulu.csv"),
    )
    assert code == 1
    assert "unknown_city_yingji_quanzeshixiang_mulu.csv:4: no 实施主体 column or cell: pass --organization" in err
    assert "nothing was loaded" in err
    opened = open_store(str(store), create=False)
    try:
        assert opened.is_empty()
    finally:
        opened.close()


SANDING_WITH_NEW_WORDS = """\
石岭市应急管理局职能配置、内设机构和人员编制规定
第二条 石岭市应急管理局是市人民政府工作部门，为正县级。
第三条 主要职责是：
（一）负责全市加油站、石膏矿的安全生产监督管理工作。
"""

MY_TAXONOMY = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id:   <https://w3id.org/dutygraph/id/> .
<https://example.org/subjects/gas_station> a skos:Concept ;
    skos:prefLabel "加油站" ;
    skos:broader id:subject:hc_business .
"""


def test_unmatched_phrases_and_a_taxonomy_of_ones_own(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = tmp_path / "sanding.txt"
    text.write_text(SANDING_WITH_NEW_WORDS, encoding="utf-8")
    code, out, err = run(capsys, "subjects", str(text), "--unmatched", "--format", "json")
    assert code == 0, err
    [entry] = json.loads(out)["unmatched"]
    assert (entry["phrase"], entry["count"]) == ("加油站", 1)
    assert entry["seen_in"][0]["anchor"] == "第三条（一）"
    taxonomy = tmp_path / "my_subjects.ttl"
    taxonomy.write_text(MY_TAXONOMY, encoding="utf-8")
    code, out, err = run(capsys, "subjects", str(text), str(taxonomy), "--unmatched", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["unmatched"] == []
    code, out, err = run(capsys, "subjects", str(text), str(taxonomy))
    assert code == 0, err
    lines = out.splitlines()
    at = lines.index("    加油站  [gas_station]")  # under 危险化学品 → 危险化学品经营企业
    assert lines[at - 1].startswith("  危险化学品经营企业")


def test_kind_can_be_forced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text(
        "（一）负责全县非煤矿山安全生产监督管理工作。\n（二）负责全县烟花爆竹安全监管。\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "--store", "memory:", "load", str(text))
    assert code == 1 and "cannot tell what this text is" in err and "--kind" in err
    code, out, err = run(
        capsys, "--store", "memory:", "load", str(text), "--kind", "sanding", "--organization", "青山县应急管理局"
    )
    assert code == 0, err
    assert "2 Duty" in out


def test_organization_option_names_only_the_documents_that_do_not_name_theirs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "audit",
        str(SANDING),
        "--organization",
        "昆山市应急管理局",
        "--level",
        "county",
        "--kind",
        "overlap",
        "--format",
        "json",
    )
    assert code == 0, err
    assert (
        "read " + str(SANDING / "kunshan_yingjiguanliju_neishejigou_TRAD.txt") + ": 三定规定 《昆山市应急管理局" in err
    )
    assert "三定规定 《乌鲁木齐市应急管理局职能配置" in err  # the others keep the names their texts give
    assert any(
        f["organizations"] == ["乌鲁木齐市林业和草原局", "乌鲁木齐市应急管理局"] for f in json.loads(out)["findings"]
    )


def test_an_undated_provision_is_said_once_in_the_audit_and_can_be_dated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    undated = SANDING / "wulumuqi_ziranziyuanju_2024.txt"  # no 施行 clause, notice or page date in the copy
    code, out, err = run(capsys, "audit", str(undated), "--as-of", "2000-01-01", "--format", "json")
    assert code == 0, err
    notes = json.loads(out)["notes"]
    assert any("no known date of effect for 《乌鲁木齐市自然资源局" in n and "every date" in n for n in notes)
    # dated by the user: not in force before, and nothing said about its date
    code, out, err = run(
        capsys, "audit", str(undated), "--valid-from", "2024-03-01", "--as-of", "2024-06-01", "--format", "json"
    )
    assert code == 0, err
    assert not any("date of effect" in n for n in json.loads(out).get("notes", []))


def test_a_folder_of_several_departments_lists_loads_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    # one list names its department by its file name, one by the folder's organizations.csv, one by its 实施主体
    shutil.copy(QUANZE / "lengshuitan_yingji_xingzhengzhifa_shixiang.csv", folder / "冷水滩区应急管理局执法事项.csv")
    shutil.copy(QUANZE / "unknown_city_yingji_quanzeshixiang_mulu.csv", folder / "mulu.csv")
    shutil.copy(QUANZE / "laiyang_gongxinju_shuangsuiji_2023.csv", folder)
    (folder / "organizations.csv").write_text(
        "file,organization,region,level\nmulu.csv,永州市应急管理局,永州市,city\n", encoding="utf-8"
    )
    store = tmp_path / "store"
    code, _out, err = run(capsys, "--store", str(store), "load", str(folder))
    assert code == 0, err
    opened = open_store(str(store), create=False)
    try:
        holders = {}
        for power in opened.nodes("Power"):
            org = opened.get(next(iter(opened.targets(power.id, "powerOf"))))
            assert org is not None
            holders[str(org.get("name"))] = (org.get("level"), org.get("region"))
    finally:
        opened.close()
    assert holders == {
        "冷水滩区应急管理局": ("county", "431103"),
        "永州市应急管理局": ("city", "431100"),
        "莱阳市工业和信息化局": ("county", "370682"),
    }
    # a mapping row naming a file that is not there stops the whole load, and says which row
    (folder / "organizations.csv").write_text(
        "file,organization\nmulu.csv,永州市应急管理局\nmissing.csv,某局\n", encoding="utf-8"
    )
    other = tmp_path / "other"
    code, _out, err = run(capsys, "--store", str(other), "load", str(folder))
    assert code != 0
    assert f"{folder / 'organizations.csv'}:3: no document 'missing.csv'" in err
    assert "nothing was loaded" in err


def test_a_list_left_on_the_old_numbers_is_stale_row_by_row_with_the_article_that_now_applies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """矿产资源法 2009 and 2024 loaded, a list citing 2009 numbers with no version named: after 2025-07-01
    each old row is stale and names its successor; the row citing the 2024 text is not."""
    folder = Path(__file__).resolve().parent.parent / "data" / "scenarios" / "mineral_list"
    code, out, err = run(capsys, "audit", str(folder), "--as-of", "2025-08-01", "--kind", "basis", "--format", "json")
    assert code == 0, err
    stale = {f["evidence"][0]["anchor"]: f["message"] for f in json.loads(out)["findings"] if f["variant"] == "stale"}
    assert set(stale) == {"line 4", "line 5", "line 6", "line 7"}
    assert "第三十九条 (by its content, of 2009-08-27第二次修正)" in stale["line 4"]
    assert "its content is 第六十四条" in stale["line 4"] and "in part 第六十七条" in stale["line 4"]
    assert "its content is 第六十八条" in stale["line 7"]  # 破坏性的开采方法 → 第六十八条（二）
    assert "no article carries its content" in stale["line 6"]  # 买卖矿产资源: gone in 2024
    # before the revision took effect the same rows are right
    code, out, err = run(capsys, "audit", str(folder), "--as-of", "2025-06-01", "--kind", "basis", "--format", "json")
    assert code == 0, err
    assert not [f for f in json.loads(out)["findings"] if f["variant"] == "stale"]


def test_basis_update_writes_the_list_back_with_the_articles_that_now_apply(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    folder = Path(__file__).resolve().parent.parent / "data" / "scenarios" / "mineral_list"
    listed = folder / "青山县自然资源局行政处罚事项清单.csv"
    laws = sorted(folder.glob("*.txt"))
    out = tmp_path / "updated.xlsx"
    code, text, err = run(
        capsys, "--lang", "zh", "basis-update", str(listed), *map(str, laws), "--as-of", "2025-08-01", "--out", str(out)
    )
    assert code == 0, err
    assert f"已写入{out}：修改2行，3行需人工核对" in text
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][-3:] == ("原实施依据", "依据更新说明", "核对")
    by_name = {r[1]: r for r in rows[1:]}
    assert len(by_name) == 5  # every row written back, changed or not
    first = by_name["对未取得采矿许可证擅自采矿的行政处罚"]
    # the 款 the alignment places it in: 未取得采矿权开采 is 第六十四条第一款
    assert first[3] == "《中华人民共和国矿产资源法》第六十四条第一款"
    assert first[5] == "《中华人民共和国矿产资源法》第三十九条"
    assert "部分内容在 第六十七条第一款、第六十八条第二款" in first[6] and first[7] == "需人工核对"  # a split article
    fourth = by_name["对采取破坏性的开采方法开采矿产资源的行政处罚"]
    # 采取破坏性的开采方法 is the second 项 of 第六十八条第一款
    assert fourth[3] == "《中华人民共和国矿产资源法》第六十八条第一款第二项" and fourth[7] is None
    third = by_name["对买卖、出租或者以其他形式转让矿产资源的行政处罚"]
    assert third[3] == "《中华人民共和国矿产资源法》第四十二条" and "已无条款承接其内容" in third[6]
    assert third[7] == "需人工核对"
    assert by_name["对未取得探矿权勘查矿产资源的行政处罚"][5:] == (None, None, None)
    # the same from a store the list and laws were loaded into
    store = tmp_path / "store"
    code, _, err = run(capsys, "--store", str(store), "load", str(folder))
    assert code == 0, err
    again = tmp_path / "again.xlsx"
    code, text, err = run(
        capsys,
        "--lang",
        "zh",
        "--store",
        str(store),
        "basis-update",
        str(listed),
        "--as-of",
        "2025-08-01",
        "--out",
        str(again),
    )
    assert code == 0, err
    assert "修改2行，3行需人工核对" in text
