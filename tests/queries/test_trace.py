"""The accountability trace: the right persons on the date, and the leaders above them."""

from __future__ import annotations

import pytest

from dutygraph.errors import NotFound, QueryError
from dutygraph.queries import trace
from dutygraph.stores import Store


def _people(result) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(lk.responsibility, lk.organization, lk.person) for lk in result.links]


def test_2017_trace_names_both_bureaus(gypsum: Store) -> None:
    result = trace(gypsum, incident="inc-2017")
    assert result.date == "2017-06-12"
    assert _people(result) == [
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
    ]


def test_a_holding_that_ended_before_the_date_is_not_in_the_trace(gypsum: Store) -> None:
    # 孙强 held the B post until 2017-03-01; 钱进 from then on
    assert "孙强" not in {lk.person for lk in trace(gypsum, incident="inc-2017").links}
    earlier = trace(gypsum, subject="石膏矿", on="2016-06-01", region="990100", action="安全生产监督管理")
    names = {lk.person for lk in earlier.links}
    assert "孙强" in names and "钱进" not in names


def test_2020_trace_goes_through_the_emergency_bureau(gypsum: Store) -> None:
    result = trace(gypsum, incident="inc-2020")
    assert {lk.organization for lk in result.links} == {"石岭市应急管理局"}
    assert _people(result) == [
        ("direct", "石岭市应急管理局", "赵磊"),
        ("direct", "石岭市应急管理局", None),  # the B post is vacant since 2020-01-01
        ("supervisory", "石岭市应急管理局", "张伟"),
        ("supervisory", "石岭市应急管理局", "李明"),
        ("leadership", "石岭市应急管理局", "刘洋"),
    ]
    vacant = result.links[1]
    assert "vacant on 2020-07-08" in vacant.because
    chief = result.links[-1]
    assert "主要负责人" in chief.because


def test_every_link_says_why_with_evidence(gypsum: Store) -> None:
    for link in trace(gypsum, incident="inc-2017").links:
        assert link.because
        if link.person is not None:
            assert "holds the post since" in link.because
    direct = trace(gypsum, incident="inc-2017").links[0]
    assert direct.evidence[0].anchor == "第三条（一）"
    assert direct.evidence[0].source == "石岭市煤炭工业局主要职责内设机构和人员编制规定"


def test_region_filter_and_all_regions(gypsum: Store) -> None:
    county = trace(gypsum, subject="石膏矿", on="2017-06-12", region="990121")
    assert {lk.organization for lk in county.links} == {"青山县安全生产监督管理局"}
    everywhere = trace(gypsum, subject="石膏矿", on="2017-06-12")
    assert {lk.organization for lk in everywhere.links} == {
        "石岭市煤炭工业局",
        "石岭市安全生产监督管理局",
        "青山县安全生产监督管理局",
    }


def test_bad_questions(gypsum: Store) -> None:
    with pytest.raises(NotFound, match="no Incident 'inc-1999'"):
        trace(gypsum, incident="inc-1999")
    with pytest.raises(NotFound, match="no Subject '月球矿'"):
        trace(gypsum, subject="月球矿", on="2017-01-01")
    with pytest.raises(QueryError, match="not a date"):
        trace(gypsum, subject="石膏矿", on="2017-13-01")
    with pytest.raises(QueryError, match="give an incident id"):
        trace(gypsum, subject="石膏矿")
