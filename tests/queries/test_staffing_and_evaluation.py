"""Staffing against the establishment, execution checks and the evaluation pack, on hand-built departments."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.loaders import load_path
from dutygraph.queries import AsOf, audit
from dutygraph.queries.evaluation import SchemeInvalid, evaluate, read_scheme
from dutygraph.queries.execution import find_execution_problems
from dutygraph.queries.staffing import find_staffing_problems
from dutygraph.stores import Store
from tests.conftest import BASE, DatasetWriter


def department(persons: int, *, deputies: int = 1, unlisted: bool = False, empty_unit: bool = False) -> dict[str, str]:
    """甲局 (a) with a 三定 approving 行政编制 4, 局长 1, 副局长 1, 领导职数 2 and two listed units."""
    units = ["id,name,organization,provision", "u1,办公室,a,pa", "u2,执法科,a,pa"]
    if unlisted:
        units.append("u9,执法大队,a,")
    if empty_unit:
        units.append("u3,规划科,a,pa")
    posts = ["id,name,organization,unit,role", "chief,局长,a,,chief"]
    posts += [f"deputy{i},副局长（分管{i}）,a,,deputy" for i in range(deputies)]
    staff = max(persons - 1 - deputies, 0)
    posts += [f"staff{i},科员,a,{'u9' if unlisted and i == 0 else 'u1' if i % 2 else 'u2'},staff" for i in range(staff)]
    post_ids = [row.split(",")[0] for row in posts[1:]]
    posts += ["head1,办公室主任,a,u1,unit_head", "head2,执法科科长,a,u2,unit_head"]  # posts no one holds
    holders = ["id,name"] + [f"p{i},某{i}" for i in range(len(post_ids))]
    holdings = ["id,person,post,valid_from"] + [f"h{i},p{i},{post},2015-01-01" for i, post in enumerate(post_ids)]
    return {
        **BASE,
        "units.csv": "\n".join(units) + "\n",
        "posts.csv": "\n".join(posts) + "\n",
        "persons.csv": "\n".join(holders) + "\n",
        "holdings.csv": "\n".join(holdings) + "\n",
        "staffing.csv": (
            "id,organization,provision,kind,category,count,anchor,text\n"
            "q1,a,pa,establishment,行政编制,4,第五条,甲局机关行政编制4名。\n"
            "q2,a,pa,post,局长,1,第五条,设局长1名。\n"
            "q3,a,pa,post,副局长,1,第五条,副局长1名。\n"
            "q4,a,pa,leader_posts,领导职数,2,第五条,领导职数2名。\n"
        ),
    }


def staffing(store: Store, on: str = "2020-01-01") -> list[tuple[str, str]]:
    return [(f.variant, f.message) for f in find_staffing_problems(AsOf(store, on))]


def test_exactly_at_the_establishment_is_not_a_finding(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(department(4)))
    assert staffing(store) == []


def test_one_over_the_establishment_is(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(department(5)))
    [(variant, message)] = staffing(store)
    assert variant == "over_establishment"
    assert message == "甲局: 5 persons hold its posts, 1 over its 行政编制 of 4 (超编)"
    [finding] = find_staffing_problems(AsOf(store, "2020-01-01"))
    assert [e.anchor for e in finding.evidence] == ["第五条", "holdings on 2020-01-01: 5 persons"]
    assert finding.evidence[1].text == "副局长（分管0） ×1；局长 ×1；科员 ×3"  # posts counted, never names
    # before anybody held a post the department was all vacancy
    assert [v for v, _ in staffing(store, "2014-01-01")] == ["vacant_establishment"]


def test_vacancies_against_the_establishment(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(department(3)))
    assert staffing(store) == [
        ("vacant_establishment", "甲局: 3 persons hold its posts, 1 place of its 行政编制 of 4 is empty (空编)")
    ]


def test_leaders_beyond_the_approved_count(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(department(4, deputies=2)))
    found = staffing(store)
    assert ("over_leaders", "甲局: 2 persons hold 副局长 posts, 1 over the 1 its 三定 approves (超职数配备)") in found
    # 局长 + 2 副局长 against 领导职数 2: the total is over too
    assert ("over_leaders", "甲局: 3 persons hold 领导职数 posts, 1 over the 2 its 三定 approves (超职数配备)") in found
    assert len(found) == 2


def test_units_the_provision_does_not_list_and_listed_units_with_no_post(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(department(4, unlisted=True, empty_unit=True)))
    found = dict(staffing(store))
    assert (
        found["unlisted_unit"] == "甲局: 1 person holds posts in 执法大队, a unit its 三定 does not list (自设内设机构)"
    )
    assert found["unit_without_posts"] == "甲局: 规划科, which its 三定 lists, has no post"


def test_no_three_determinations_no_measure(store: Store, dataset: DatasetWriter) -> None:
    data = department(6, unlisted=True)
    data["units.csv"] = data["units.csv"].replace(",pa\n", ",\n")  # the data does not say which units are listed
    data["staffing.csv"] = "id,organization,provision,kind,category,count\n"
    load_path(store, dataset(data))
    assert staffing(store) == []


def test_a_post_doing_what_the_provision_never_gave(store: Store, dataset: DatasetWriter) -> None:
    data = {
        **BASE,
        "duties.csv": "id,provision,anchor,text,subjects,actions\nda,pa,第三条（一）,煤矿安全监管,煤矿,安全生产监督管理\n",
        "powers.csv": (
            "id,organization,name,type,subjects,actions\n"
            "pw1,a,对煤矿的行政处罚,行政处罚,煤矿,行政处罚\n"
            "pw2,a,对餐饮服务的检查,行政检查,餐饮服务,监督检查\n"
        ),
        "units.csv": "id,name,organization\nu1,执法科,a\n",
        "posts.csv": "id,name,organization,unit,role\ns1,执法员,a,u1,staff\n",
        "assignments.csv": "id,competence,post,role\nx1,pw1,s1,primary\nx2,pw2,s1,primary\n",
    }
    load_path(store, dataset(data))
    [finding] = find_execution_problems(AsOf(store, "2020-01-01"))
    assert finding.variant == "beyond_provision"
    assert finding.message == "甲局: 执法员 carry 「对餐饮服务的检查」, which no duty of its 三定 covers (餐饮服务)"


def test_evaluation_of_the_gypsum_safety_bureau(gypsum: Store) -> None:
    result = evaluate(gypsum, "石岭市安全生产监督管理局", "2017-06-01")
    scores = {i.item.id: i.score for i in result.items}
    assert scores == {
        "duties-assigned": 15,
        "no-overlap": 10,  # one overlap with the 煤炭局 on 石膏矿 (its duty and its penalty power: one problem)
        "within-provision": 5,
        "lawful-powers": 10,
        "within-establishment": 15,
        "leader-posts": 5,  # one 副局长 over
        "approved-units": 5,  # the 执法监察大队 it set up itself
        "establishment-used": 5,
        "public-review": None,
    }
    assert result.total == 70 and result.unscored == 15 and result.grade is None
    # 85 with full marks would be 良好, 70 with none 达标; the serious violations lower both one band
    assert result.grade_range == ("达标", "诫勉")
    assert sorted(f.variant for f in result.serious) == ["over_leaders", "unlisted_unit"]
    scored = evaluate(gypsum, "safety", "2017-06-01", manual={"public-review": 15})
    assert (scored.total, scored.grade) == (85, "达标")


def test_the_default_scheme_weighs_like_the_real_one() -> None:
    scheme = read_scheme()
    groups: dict[str, float] = {}
    for item in scheme.items:
        groups[item.group] = groups.get(item.group, 0) + item.weight
    assert groups == {"职责落实和履行": 45, "机构编制管理": 40, "社会评议": 15}
    assert [b.grade for b in scheme.bands] == ["优秀", "良好", "达标", "诫勉"]


def test_a_scheme_whose_weights_do_not_add_up_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scheme.yaml"
    path.write_text(
        "total: 100\ngroups:\n  - name: 职责\n    weight: 60\n    items:\n"
        "      - {id: a, weight: 50, deduct: {overlap: 5}}\n"
        "  - name: 编制\n    weight: 40\n    items:\n      - {id: b, weight: 40, deduct: {staffing: 5}}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        SchemeInvalid, match=r"scheme\.yaml: group 职责: its items weigh 50 in all, but the group weighs 60"
    ):
        read_scheme(path)
    path.write_text(
        "total: 100\ngroups:\n  - name: 职责\n    weight: 90\n    items:\n      - {id: a, weight: 90, deduct: {overlap: 5}}\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemeInvalid, match="the groups weigh 90 in all, but the total is 100"):
        read_scheme(path)
    path.write_text(
        "total: 10\ngroups:\n  - name: 职责\n    weight: 10\n    items:\n      - {id: a, weight: 10, deduct: {overlaps: 5}}\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemeInvalid, match="'overlaps' is not a finding kind"):
        read_scheme(path)


def test_a_csv_scheme(tmp_path: Path, gypsum: Store) -> None:
    path = tmp_path / "scheme.csv"
    path.write_text(
        "group,id,name,weight,deduct,manual,serious\n"
        "职责,overlaps,无交叉,50,overlap=10,,\n"
        "编制,units,不自设机构,30,staffing/unlisted_unit=30,,是\n"
        "评议,review,社会评议,20,,是,\n",
        encoding="utf-8",
    )
    scheme = read_scheme(path)
    assert scheme.total == 100 and scheme.serious == ("staffing/unlisted_unit",)
    result = evaluate(gypsum, "safety", "2017-06-01", scheme=scheme, manual={"review": 20})
    assert {i.item.id: i.score for i in result.items} == {"overlaps": 40, "units": 0, "review": 20}
    assert (result.total, result.grade) == (60, "诫勉")


def test_staffing_findings_are_in_the_audit(gypsum: Store) -> None:
    counts = audit(gypsum, "2017-06-01").counts()
    assert counts["staffing/over_leaders"] == 1 and counts["staffing/unlisted_unit"] == 1
