"""The accountability trace: the right persons on the date, and the leaders above them."""

from __future__ import annotations

import pytest

from dutygraph.errors import NotFound, QueryError
from dutygraph.loaders import load_path
from dutygraph.queries import trace
from dutygraph.stores import Store
from tests.conftest import DatasetWriter


def _people(result) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(lk.responsibility, lk.organization, lk.person) for lk in result.links]


def test_2017_trace_names_both_bureaus(gypsum: Store) -> None:
    result = trace(gypsum, incident="inc-2017")
    assert result.date == "2017-06-12"
    assert _people(result) == [
        ("principal", "石岭市城郊石膏矿", "宁远"),
        ("direct", "石岭市煤炭工业局", "赵磊"),
        ("direct", "石岭市煤炭工业局", "钱进"),
        ("supervisory", "石岭市煤炭工业局", "张伟"),
        ("supervisory", "石岭市煤炭工业局", "李明"),
        ("leadership", "石岭市煤炭工业局", "王建国"),
        ("direct", "石岭市安全生产监督管理局", "周敏"),
        ("direct", "石岭市安全生产监督管理局", "吴刚"),
        ("supervisory", "石岭市安全生产监督管理局", "杨帆"),
        ("supervisory", "石岭市安全生产监督管理局", "陈静"),
        ("leadership", "石岭市安全生产监督管理局", "刘洋"),
        ("leadership", "石岭市人民政府", "宋杰"),  # 分管 both bureaus
        ("leadership", "石岭市人民政府", "梁山"),
    ]
    # both lead: nobody settled it, and every direct link and the government's leaders say so
    assert [(o["organization"], o["role"]) for o in result.organizations] == [
        ("石岭市煤炭工业局", "lead"),
        ("石岭市安全生产监督管理局", "lead"),
    ]
    [overlap] = result.structural
    assert (overlap.kind, overlap.variant) == ("overlap", "subsumed")
    for link in result.links:
        marked = overlap in link.structural
        assert marked == (link.responsibility == "direct" or link.organization == "石岭市人民政府"), link


def test_a_holding_that_ended_before_the_date_is_not_in_the_trace(gypsum: Store) -> None:
    # 孙强 held the B post until 2017-03-01; 钱进 from then on
    assert "孙强" not in {lk.person for lk in trace(gypsum, incident="inc-2017").links}
    earlier = trace(gypsum, subject="石膏矿", on="2016-06-01", region="990100", action="安全生产监督管理")
    names = {lk.person for lk in earlier.links}
    assert "孙强" in names and "钱进" not in names


def test_2020_trace_goes_through_the_emergency_bureau(gypsum: Store) -> None:
    result = trace(gypsum, incident="inc-2020")
    assert {lk.organization for lk in result.links} == {"石岭市城郊石膏矿", "石岭市应急管理局", "石岭市人民政府"}
    assert _people(result) == [
        ("principal", "石岭市城郊石膏矿", "宁远"),
        ("direct", "石岭市应急管理局", "赵磊"),
        ("direct", "石岭市应急管理局", None),  # the B post is vacant since 2020-01-01
        ("supervisory", "石岭市应急管理局", "张伟"),
        ("supervisory", "石岭市应急管理局", "李明"),
        ("leadership", "石岭市应急管理局", "刘洋"),
        ("leadership", "石岭市人民政府", "宋杰"),
        ("leadership", "石岭市人民政府", "梁山"),
    ]
    vacant = result.links[2]
    assert "vacant on 2020-07-08" in vacant.because
    assert [(f.kind, f.variant) for f in vacant.structural] == [("unassigned", "vacant_post")]
    chief = result.links[5]
    assert "主要负责人" in chief.because


def test_every_link_says_why_with_evidence(gypsum: Store) -> None:
    for link in trace(gypsum, incident="inc-2017").links:
        assert link.because
        if link.person is not None and link.side == "government":
            assert "holds the post since" in link.because
    direct = trace(gypsum, incident="inc-2017").links[1]
    assert direct.evidence[0].anchor == "第三条（一）"
    assert direct.evidence[0].source == "石岭市煤炭工业局主要职责内设机构和人员编制规定"


def test_region_filter_and_all_regions(gypsum: Store) -> None:
    county = trace(gypsum, subject="石膏矿", on="2017-06-12", region="990121")
    assert {lk.organization for lk in county.links} == {"青山县安全生产监督管理局", "青山县人民政府"}
    everywhere = trace(gypsum, subject="石膏矿", on="2017-06-12")
    assert {o["organization"] for o in everywhere.organizations} == {
        "石岭市煤炭工业局",
        "石岭市安全生产监督管理局",
        "青山县安全生产监督管理局",
    }


def test_the_lead_comes_before_the_cooperating_and_the_a_before_the_b(gypsum: Store) -> None:
    # 第五条（一） of the 住建局's 三定: 公路工程施工安全 is led by the 交通运输局, the 住建局 cooperates
    result = trace(gypsum, subject="公路工程", on="2018-04-10", region="990100")
    assert [(o["organization"], o["role"]) for o in result.organizations] == [
        ("石岭市交通运输局", "lead"),
        ("石岭市住房和城乡建设局", "cooperating"),
    ]
    assert result.organizations[0]["evidence"][0]["anchor"] == "第五条（一）"
    direct = [
        (lk.organization, lk.role, lk.post_role, lk.person, lk.answers)
        for lk in result.links
        if lk.responsibility == "direct"
    ]
    assert direct == [
        ("石岭市交通运输局", "lead", "primary", "朱青", True),
        ("石岭市交通运输局", "lead", "backup", "林峰", False),  # answers only when the A角 is away
        # the 住建局's A角 潘莉 is on training from 2018-04-02 (absences.csv): her B角 stands in
        ("石岭市住房和城乡建设局", "cooperating", "primary", "潘莉", False),
        ("石岭市住房和城乡建设局", "cooperating", "backup", "杜文", True),
    ]
    stand_in = next(lk for lk in result.links if lk.person == "杜文")
    assert "standing in for the A角" in stand_in.because and "潘莉 is away from 2018-04-02" in stand_in.because
    # above both bureaus: the government's leader in charge of them, then its chief
    assert _people(result)[-2:] == [("leadership", "石岭市人民政府", "董平"), ("leadership", "石岭市人民政府", "梁山")]
    assert "分管" in result.links[-2].because and "石岭市交通运输局" in result.links[-2].because
    # the overlap is settled by the division: nothing structural
    assert result.structural == []
    # after the training, the A角 answers again
    later = trace(gypsum, subject="公路工程", on="2018-05-10", region="990100")
    assert next(lk for lk in later.links if lk.person == "潘莉").answers


def test_a_failure_in_a_county_reaches_its_government_and_the_enterprise_comes_first(gypsum: Store) -> None:
    result = trace(gypsum, incident="inc-2021-qs")
    assert result.place == "990121"
    assert result.entity is not None and result.entity["licence"] == "C9901212011051120005678"
    first = result.links[0]
    assert (first.side, first.responsibility, first.organization, first.person) == (
        "enterprise",
        "principal",
        "青山县石门石膏矿",
        "邱实",
    )
    assert any("主要负责人" in e.text and "全面负责" in e.text for e in first.evidence)  # 安全生产法 第五条
    # the county's own bureau first (the failure's area), then the city's bureau above it
    assert [o["organization"] for o in result.organizations] == ["青山县安全生产监督管理局", "石岭市应急管理局"]
    people = _people(result)
    assert ("leadership", "青山县人民政府", "秦明") in people  # the county's government
    assert ("leadership", "青山县人民政府", "花荣") in people  # its leader in charge of the county bureau
    assert ("leadership", "石岭市人民政府", "宋杰") in people
    assert people[-1] == ("territorial", "青山县安全生产监督管理局", "徐宁")  # the county 安委办
    county_chief = next(lk for lk in result.links if lk.person == "秦明")
    assert "属地" in county_chief.because
    # the county's A角 has no valid 执法证 on the date, and the city bureau's B post is vacant: both beside the names
    ma = next(lk for lk in result.links if lk.person == "马骏")
    assert [f.variant for f in ma.structural] == ["no_credential"]
    assert {(f.kind, f.variant) for f in result.structural} == {
        ("unassigned", "no_credential"),
        ("unassigned", "vacant_post"),
    }


def test_a_subject_nobody_holds_is_a_gap_on_the_trace(gypsum: Store) -> None:
    # 无主矿山 in the city: the city's bureaus hold 煤矿 and 非煤矿山, not 矿山; only the county's bureau holds 矿山
    result = trace(gypsum, subject="废弃矿山", on="2020-06-01", place="990100")
    assert result.links == [] and result.organizations == []
    [gap] = result.structural
    assert (gap.kind, gap.variant) == ("gap", "subject") and "nobody holds" in gap.message


def test_a_subject_only_cooperators_hold_is_a_gap_too(store: Store, dataset: DatasetWriter) -> None:
    load_path(
        store,
        dataset(
            {
                "organizations.csv": "id,name,level,region\nnr,某市自然资源局,city,990100\n",
                "provisions.csv": "id,organization,title,valid_from\np-nr,nr,某市自然资源局三定,2019-01-01\n",
                "duties.csv": (
                    "id,provision,anchor,text,subjects,actions,role\n"
                    "d-nr,p-nr,第三条（九）,配合有关部门做好尾矿库安全监督管理工作。,尾矿库,安全生产监督管理,participating\n"
                ),
            }
        ),
    )
    result = trace(store, subject="尾矿库", on="2020-06-01", place="990100")
    assert [(o["organization"], o["role"]) for o in result.organizations] == [("某市自然资源局", "cooperating")]
    [gap] = result.structural
    assert "no organization leads" in gap.message and "某市自然资源局" in gap.message
    assert all(gap in lk.structural for lk in result.links if lk.responsibility == "direct")


def test_bad_questions(gypsum: Store) -> None:
    with pytest.raises(NotFound, match="no Incident 'inc-1999'"):
        trace(gypsum, incident="inc-1999")
    with pytest.raises(NotFound, match="no Subject '月球矿'"):
        trace(gypsum, subject="月球矿", on="2017-01-01")
    with pytest.raises(QueryError, match="not a date"):
        trace(gypsum, subject="石膏矿", on="2017-13-01")
    with pytest.raises(QueryError, match="give an incident id"):
        trace(gypsum, subject="石膏矿")


# 天山区 (650102) of 乌鲁木齐市 (650100): its 应急管理局, and a 街道 (650102001) whose 安监站 reports to the 街道.
TIANSHAN = {
    "organizations.csv": """
        id,name,level,region,parent
        city-em,乌鲁木齐市应急管理局,city,650100,
        district-gov,天山区人民政府,county,650102,
        district-em,天山区应急管理局,county,650102,district-gov
        street,天山区某街道办事处,township,650102001,district-gov
        station,天山区某街道安全生产监督管理站,township,650102001,street
    """,
    "provisions.csv": """
        id,organization,title,valid_from
        p-city,city-em,乌鲁木齐市应急管理局三定,2019-01-01
        p-district,district-em,天山区应急管理局三定,2019-01-01
        p-station,station,某街道安监站职责,2019-01-01
    """,
    "duties.csv": """
        id,provision,anchor,text,subjects,actions
        d-city,p-city,第三条（一）,负责全市非煤矿山安全生产监督管理。,非煤矿山,安全生产监督管理
        d-district,p-district,第三条（一）,负责全区非煤矿山安全生产监督管理。,非煤矿山,安全生产监督管理
        d-station,p-station,一,负责辖区非煤矿山安全生产日常巡查。,非煤矿山,安全生产监督管理
    """,
    "posts.csv": """
        id,organization,name,role,reports_to
        street-chief,street,街道办事处主任,chief,
        station-chief,station,安监站站长,chief,street-chief
    """,
    "assignments.csv": """
        id,competence,post,role
        a-station,d-station,station-chief,primary
    """,
    "persons.csv": """
        id,name
        p-ma,马林
        p-niu,牛犇
    """,
    "holdings.csv": """
        id,person,post,valid_from
        h-ma,p-ma,station-chief,2019-01-01
        h-niu,p-niu,street-chief,2019-01-01
    """,
}


def test_a_district_code_reaches_the_town_posts_under_it(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(TIANSHAN))
    result = trace(store, subject="石膏矿", on="2024-05-01", region="650102")
    # the district's bureau and the 街道's 安监站 answer; the city's bureau (above the district) is not under it
    assert {lk.organization for lk in result.links} >= {"天山区应急管理局", "天山区某街道安全生产监督管理站"}
    assert "乌鲁木齐市应急管理局" not in {lk.organization for lk in result.links}
    # the 站长 carries it; the 街道 主任 above is reached by the reporting line and labelled with the 街道, not the 站
    assert ("direct", "天山区某街道安全生产监督管理站", "马林") in _people(result)
    assert ("supervisory", "天山区某街道办事处", "牛犇") in _people(result)
    # the place name works as the code does, and a town's own code keeps only the town
    by_name = trace(store, subject="石膏矿", on="2024-05-01", region="天山区")
    assert {lk.organization for lk in by_name.links} == {lk.organization for lk in result.links}
    town = trace(store, subject="石膏矿", on="2024-05-01", region="650102001")
    assert {lk.organization for lk in town.links} == {"天山区某街道安全生产监督管理站", "天山区某街道办事处"}
    # a city's code reaches its districts by the gazetteer
    city = trace(store, subject="石膏矿", on="2024-05-01", region="650100")
    assert "天山区应急管理局" in {lk.organization for lk in city.links}
