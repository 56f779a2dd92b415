"""Routing a complaint from its own words: who must act, who answers, whether it is an overlap or a gap, by when."""

from __future__ import annotations

from datetime import date

import pytest

from dutygraph.errors import DatasetInvalid, NotFound, QueryError
from dutygraph.loaders import load_path
from dutygraph.queries import audit
from dutygraph.queries.complaint_reading import complaint_reader
from dutygraph.queries.deadlines import TimeLimit, WorkCalendar, due_date
from dutygraph.queries.route import route
from dutygraph.stores import Store
from tests.conftest import DatasetWriter

GYPSUM = "群众反映城郊一处石膏矿违规开采，井下作业没有安全防护，多次反映无人处理"


def _candidates(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(c.organization.label, c.role) for c in result.candidates]


def test_a_gypsum_complaint_in_2017_names_both_bureaus_and_their_overlap(gypsum: Store) -> None:
    result = route(gypsum, GYPSUM, "2017-06-05", region="990100", received_by="石岭市市场监督管理局")
    assert [m.label for m in result.reading.subjects] == ["石膏矿"]
    assert ("行政处罚", "违规开采") in [(m.label, m.words) for m in result.reading.actions]
    assert ("监督检查", "没有安全防护") in [(m.label, m.words) for m in result.reading.actions]
    assert _candidates(result) == [("石岭市煤炭工业局", "lead"), ("石岭市安全生产监督管理局", "lead")]
    assert result.overlap and not result.gap
    assert {f.variant for f in result.overlaps} == {"subsumed"}
    assert set(result.overlaps[0].organizations) == {"石岭市煤炭工业局", "石岭市安全生产监督管理局"}
    # the market bureau received it and leads nothing here: forward it to both, the first handling it
    assert result.decision is not None and result.decision.action == "forward"
    assert result.decision.to == ("石岭市煤炭工业局", "石岭市安全生产监督管理局")
    coal = result.candidates[0]
    assert [(lk.post, lk.person) for lk in coal.posts] == [
        ("煤矿安全监察员（A角）", "赵磊"),
        ("煤矿安全监察员（B角）", "钱进"),
    ]
    assert ("副市长（分管安全生产）", "宋杰") in [(lk.post, lk.person) for lk in coal.leaders]
    assert {e["id"] for e in coal.evidence} == {"d-coal-1", "pw-coal-penalty"}
    # 行政处罚 90日 from 2017-06-05 ends on Sunday 09-03: the next working day (民法典 第二百零三条)
    assert result.deadline is not None and result.deadline.deadline.due == date(2017, 9, 4)


def test_the_same_complaint_in_2020_names_the_emergency_bureau_alone(gypsum: Store) -> None:
    result = route(gypsum, GYPSUM, "2020-06-10", region="990100", received_by="emergency")
    assert _candidates(result) == [("石岭市应急管理局", "lead")]
    assert not result.overlap and not result.gap
    assert result.decision is not None and result.decision.action == "handle"
    # its promise on the inspection (10个工作日) is the nearest deadline: 06-10 + 10 working days, 端午 06-25…27
    assert result.deadline is not None
    assert (result.deadline.power, result.deadline.kind) == ("pw-em-inspect", "promised")
    assert result.deadline.deadline.due == date(2020, 6, 24)


def test_a_road_works_complaint_names_the_transport_bureau_first_by_its_division(gypsum: Store) -> None:
    result = route(
        gypsum, "城郊修路工地没有安全防护，工人冒险作业", "2018-04-10", region="990100", received_by="housing"
    )
    assert [(m.label, m.words, m.how) for m in result.reading.subjects] == [("公路工程", "修路工地", "everyday")]
    assert _candidates(result) == [("石岭市交通运输局", "lead"), ("石岭市住房和城乡建设局", "cooperating")]
    assert "第五条（一）" in result.candidates[0].because
    assert result.decision is not None and (result.decision.action, result.decision.to) == (
        "forward",
        ("石岭市交通运输局",),
    )


def test_an_abandoned_mine_nobody_owns_is_a_gap_referred_to_the_government(gypsum: Store) -> None:
    result = route(gypsum, "有人在城郊废弃矿山私挖滥采，矿主早就跑了，没人管", "2020-06-01", region="990100")
    assert [m.label for m in result.reading.subjects] == ["无主矿山"]
    assert result.gap and not result.candidates and not result.overlap
    assert result.gaps[0].variant == "subject"
    # the nearest holders: those holding the mines beside it under 矿山
    assert [n["organization"] for n in result.nearest] == ["石岭市应急管理局", "石岭市自然资源局"]
    assert result.decision is not None and result.decision.action == "refer"
    assert result.decision.to == ("石岭市人民政府",)


def test_a_broken_street_lamp_matches_nothing_and_guesses_no_department(gypsum: Store) -> None:
    result = route(gypsum, "小区门口的路灯坏了一个多月，晚上出行很不方便", "2020-06-01", region="990100")
    assert not result.matched and not result.candidates
    assert result.reading.unmatched == ["路灯"]
    assert result.decision is not None and result.decision.action == "none"
    assert result.to_dict()["nothing_matched"] is True


def test_words_apart_name_a_subject_and_the_most_specific_wins(gypsum: Store) -> None:
    reader = complaint_reader(gypsum)
    reading = reader.read("石岭市一家超市销售过期变质的食品")
    assert [(m.label, m.words, m.how) for m in reading.subjects] == [("食品经营", "销售…食品", "activity")]
    assert [m.label for m in reading.actions] == ["监督管理", "行政处罚"]
    # 街道 holds 道路 but is no road
    assert reader.read("街道上的垃圾站臭气熏天").subjects == []
    # traditional script reads the same
    assert [m.label for m in reader.read("城郊一處石膏礦違規開採").subjects] == ["石膏矿"]


def test_a_county_complaint_names_the_county_bureau_first(gypsum: Store) -> None:
    result = route(gypsum, "青山县一处石膏矿无证开采，还在扩大开采范围", "2020-06-01", region="990121")
    assert _candidates(result) == [("青山县安全生产监督管理局", "lead"), ("石岭市应急管理局", "lead")]
    assert not result.overlap  # two levels (分级), not two bureaus of one level


def test_route_refuses_an_empty_text_and_an_unknown_receiver(gypsum: Store) -> None:
    with pytest.raises(QueryError):
        route(gypsum, "  ", "2020-06-01")
    with pytest.raises(NotFound):
        route(gypsum, GYPSUM, "2020-06-01", received_by="石岭市不存在局")


def test_working_days_skip_holidays_and_count_the_make_up_days() -> None:
    cal = WorkCalendar.shipped()
    assert cal.covers(date(2026, 10, 1)) and not cal.is_working(date(2026, 10, 1))
    assert cal.is_working(date(2017, 9, 30))  # a Saturday worked for 国庆
    # 2020-09-28 + 10 working days: 10-01…10-08 off, 10-10 (Saturday) worked
    assert due_date(date(2020, 9, 28), TimeLimit(10, "working_days", "10个工作日"), cal).due == date(2020, 10, 19)
    beyond = due_date(date(2031, 1, 6), TimeLimit(5, "working_days", "5个工作日"), cal)
    assert beyond.estimated and beyond.due == date(2031, 1, 13)


def test_a_replaced_holiday_calendar_is_used_and_a_bad_one_is_refused(
    tmp_path, monkeypatch: pytest.MonkeyPatch, gypsum: Store
) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "holidays.csv"
    own.write_text("date,kind,name\n2020-06-11,holiday,本地假日\n", encoding="utf-8")
    monkeypatch.setenv("DUTYGRAPH_HOLIDAYS", str(own))
    result = route(gypsum, GYPSUM, "2020-06-10", region="990100", received_by="emergency")
    # 06-11 is off and 端午 (06-25) is not in this calendar: 06-12 … 06-25 are the ten working days
    assert result.deadline is not None and result.deadline.deadline.due == date(2020, 6, 25)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n2020-13-01,holiday\n", encoding="utf-8")
    monkeypatch.setenv("DUTYGRAPH_HOLIDAYS", str(bad))
    with pytest.raises(DatasetInvalid) as caught:
        route(gypsum, GYPSUM, "2020-06-10", region="990100", received_by="emergency")
    assert "bad.csv:2" in str(caught.value.errors[0])


def test_the_audit_finds_late_and_misrouted_complaints(gypsum: Store) -> None:
    findings = audit(gypsum, "2020-12-31", kinds=("complaint",)).findings
    assert sorted((f.variant, f.details["complaint"]) for f in findings) == [
        ("late", "cp-2017-gypsum"),  # closed 07-20, ten working days ended 06-19
        ("late", "cp-2020-gypsum"),  # closed 12-15, ten working days ended 10-19
        ("misrouted", "cp-2018-roadworks"),  # 住建局 handled what the division gives 交通运输局
    ]
    late = next(f for f in findings if f.details["complaint"] == "cp-2017-gypsum")
    assert late.details["due"] == "2017-06-19" and late.evidence[1].text == "对非煤矿山企业的安全生产监督检查"
    # a complaint received after the audit's date is not judged yet
    assert {f.details["complaint"] for f in audit(gypsum, "2018-01-01", kinds=("complaint",)).findings} == {
        "cp-2017-gypsum"
    }


def test_a_complaint_closed_before_it_came_in_is_refused_with_its_row(store: Store, dataset: DatasetWriter) -> None:
    path = dataset(
        {
            "organizations.csv": "id,name,level,region\norg,某市某局,city,990100\n",
            "complaints.csv": "id,text,date,handled_by,closed_on\ncp,有人反映煤矿违规开采,2020-06-10,org,2020-06-01\n",
        }
    )
    with pytest.raises(DatasetInvalid) as caught:
        load_path(store, path)
    assert "complaints.csv:2" in str(caught.value.errors[0]) and "closed_on" in str(caught.value.errors[0])
    assert not list(store.nodes("Complaint"))
