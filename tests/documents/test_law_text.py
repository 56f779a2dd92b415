"""Law texts: the real 安全生产法 (2021) and 矿山安全法 (2009), checked by hand, and versions side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.errors import LoadError
from dutygraph.loaders import load_paths
from dutygraph.loaders.law_text import instrument_id, read_law
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.text import read_document
from dutygraph.loaders.understanding import DutyReader
from dutygraph.queries import AsOf
from dutygraph.queries.basis import resolve_basis
from dutygraph.stores import Store
from tests.documents.conftest import LAW, one


def read(path: Path, reader: DutyReader) -> FileReport:
    return read_law(read_document(path), reader)


def by_kind(report: FileReport, kind: str) -> list:  # type: ignore[type-arg]
    return [r for r in report.records if r.kind == kind]


def test_work_safety_law_2021(reader: DutyReader) -> None:
    report = read(LAW / "anquanshengchanfa_2021.txt", reader)
    [instrument] = by_kind(report, "Instrument")
    assert one(instrument, "title") == "中华人民共和国安全生产法"
    assert one(instrument, "short_title") == "安全生产法"
    assert (one(instrument, "kind"), one(instrument, "issuer")) == ("法律", "全国人民代表大会常务委员会")
    [version] = by_kind(report, "InstrumentVersion")
    assert one(version, "label") == "2021-06-10第三次修正"
    # adopted 2021-06-10, in force from 2021-09-01 (the amending decision's date, as the copy's header says);
    # the final article's 2002-11-01 is the original law's
    assert (one(version, "issued"), one(version, "valid_from")) == ("2021-06-10", "2021-09-01")
    assert any(
        "no 施行 date in the text for this version: in force from 2021-09-01, as the copy's header" in n
        for n in report.notes
    )
    articles = {int(one(a, "number") or 0): a for a in by_kind(report, "Article")}
    assert sorted(articles) == list(range(1, 120))  # 第一条 … 第一百一十九条
    tenth = articles[10]
    assert "综合监督管理" in (one(tenth, "text") or "") and one(tenth, "chapter") == "第一章 总则"
    assert "权力和责任清单" in (one(articles[17], "text") or "")
    paragraphs = [p for p in by_kind(report, "Paragraph") if one(p, "article") == one(tenth, "id")]
    assert len(paragraphs) == 3
    assert (one(paragraphs[2], "text") or "").startswith(
        "应急管理部门和对有关行业、领域的安全生产工作实施监督管理的部门"
    )
    # 法律责任 articles that impose a penalty are enforcement articles; 总则 ones are not
    assert one(articles[10], "enforcement") is None
    assert one(articles[95], "enforcement") == "true"


def test_items_belong_to_the_paragraph_that_introduces_them(reader: DutyReader) -> None:
    report = read(LAW / "kuangshananquanfa_2009.txt", reader)
    articles = {int(one(a, "number") or 0): a for a in by_kind(report, "Article")}
    assert len(articles) == 50
    article_34 = one(articles[34], "id")
    [paragraph] = [p for p in by_kind(report, "Paragraph") if one(p, "article") == article_34]
    items = [i for i in by_kind(report, "Item") if one(i, "paragraph") == one(paragraph, "id")]
    assert [one(i, "number") for i in items] == ["1", "2", "3", "4", "5", "6"]
    assert one(items[5], "text") == "法律、行政法规规定的其他管理职责。"
    assert one(items[0], "text") == "检查矿山企业贯彻执行矿山安全法律、法规的情况；"


def test_a_regulation_with_its_history(reader: DutyReader) -> None:
    report = read(LAW / "anquanshengchan_xukezheng_tiaoli_2014.txt", reader)
    [instrument] = by_kind(report, "Instrument")
    assert (one(instrument, "kind"), one(instrument, "issuer")) == ("行政法规", "国务院")
    assert one(instrument, "short_title") is None
    [version] = by_kind(report, "InstrumentVersion")
    # the text's history stops at 2013; its copy's header (and file) is the 2014年7月29日 修订: that version
    assert (one(version, "label"), one(version, "valid_from")) == ("2014-07-29修订", "2014-07-29")
    assert any("header names a later version (2014-07-29 修订)" in n for n in report.notes)
    assert len(by_kind(report, "Article")) == 24


def test_short_and_full_titles_name_one_instrument() -> None:
    assert instrument_id("安全生产法") == instrument_id("中华人民共和国安全生产法")
    assert instrument_id("北京市实施〈中华人民共和国矿山安全法〉办法") == instrument_id(
        "北京市实施《中华人民共和国矿山安全法》办法"
    )


OLD = """\
# 中华人民共和国矿山安全法

1992年11月7日 第七届全国人民代表大会常务委员会第二十八次会议通过

1993年5月1日 施行

第一条 为了保障矿山生产安全，防止矿山事故，保护矿山职工人身安全，促进采矿业的发展，制定本法。

第二条 在中华人民共和国领域和中华人民共和国管辖的其他海域从事矿产资源开采活动，必须遵守本法。

第三条 矿山企业必须具有保障安全生产的设施。

第五十一条 本法自1993年5月1日起施行。
"""


def test_versions_side_by_side(store: Store, tmp_path: Path) -> None:
    old = tmp_path / "kuangshananquanfa_1992.md"
    old.write_text(OLD, encoding="utf-8")
    result = load_paths(store, [old, LAW / "kuangshananquanfa_2009.txt"])
    assert result.summary.nodes["InstrumentVersion"] == 2 and result.summary.nodes["Instrument"] == 1
    versions = sorted(store.nodes("InstrumentVersion"), key=lambda v: str(v.get("valid_from")))
    assert [v.get("valid_from") for v in versions] == ["1993-05-01", "2009-08-27"]
    # 第五十一条 exists only in 1992; 第五十条 only from 2009: a basis citing each resolves by date
    power_list = tmp_path / "list.csv"
    power_list.write_text(
        "职权名称,职权类型,实施主体,实施依据\n"
        "对矿山企业的行政处罚,行政处罚,石岭市应急管理局,《矿山安全法》第五十一条\n"
        "对矿山企业的行政检查,行政检查,石岭市应急管理局,《矿山安全法》第五十条\n",
        encoding="utf-8",
    )
    load_paths(store, [power_list])
    bases = {str(b.get("article")): b for b in store.nodes("Basis")}
    assert resolve_basis(AsOf(store, "2000-01-01"), bases["51"])[0] is None
    variant, _, why = resolve_basis(AsOf(store, "2020-01-01"), bases["51"])
    # the 2009 text has no 第五十一条: its content (the date of effect) is 第五十条 now, as the alignment says
    assert variant == "stale" and "第五十一条, a number the version in force" in why
    assert "its content is 第五十条" in why
    assert resolve_basis(AsOf(store, "2000-01-01"), bases["50"])[0] == "unresolved"
    assert resolve_basis(AsOf(store, "2020-01-01"), bases["50"])[0] is None


def test_a_text_without_title_or_articles_is_refused(reader: DutyReader, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("第一条 没有标题。\n第二条 还是没有。\n", encoding="utf-8")
    with pytest.raises(LoadError, match="no title line"):
        read(path, reader)
    path.write_text("# 某某条例\n\n2020年1月1日 公布\n\n没有条文。\n", encoding="utf-8")
    with pytest.raises(LoadError, match="no articles"):
        read(path, reader)


# 安全生产法 (2021) 第六章 法律责任, read by hand: who each article sanctions, and whether a department's power
# carries it. 第九十条/第九十一条/第一百一十一条 sanction officials, departments and governments (监察, 任免机关);
# 第一百条 sends the penalty to the laws on dangerous goods; 第一百零七条 is the enterprise's own discipline and
# criminal liability; 第一百一十五条 allocates the competence for all the others.
HAND_CARRIAGE = {
    90: "officials",
    91: "officials",
    100: "referral",
    107: "liability",
    111: "officials",
    115: "allocation",
}
HAND_POWERS = {*range(92, 100), *range(101, 107), 108, 109, 110, 112, 113, 114}


def test_each_penalty_article_of_the_work_safety_law_says_whether_a_power_can_carry_it(reader: DutyReader) -> None:
    report = read(LAW / "anquanshengchanfa_2021.txt", reader)
    read_as = {
        int(one(a, "number") or 0): (one(a, "carriage"), one(a, "carrier"))
        for a in by_kind(report, "Article")
        if one(a, "carriage")
    }
    assert {n: c for n, (c, _) in read_as.items() if c != "power"} == HAND_CARRIAGE
    assert {n for n, (c, _) in read_as.items() if c == "power"} == HAND_POWERS
    # the carrier: as the article names it, else as 第一百一十五条 allocates
    assert read_as[95][1] == "应急管理部门"  # 由应急管理部门依照下列规定处以罚款
    assert read_as[112][1] == "负有安全生产监督管理职责的部门"  # …部门可以…按日连续处罚
    assert read_as[94][1] == "应急管理部门和其他负有安全生产监督管理职责的部门（依第一百一十五条）"
    assert read_as[115] == ("allocation", "应急管理部门和其他负有安全生产监督管理职责的部门")
