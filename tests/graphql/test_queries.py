"""Every query on the gypsum example gives what the library (and so the CLI) gives."""

from __future__ import annotations

import pytest

from dutygraph.queries import audit, trace
from dutygraph.stores import Store
from tests.graphql.conftest import Call, codes

FINDING = "variant message organizations subjects actions region records evidence { source anchor text }"


@pytest.mark.parametrize(
    ("field", "kind", "date"),
    [
        ("overlaps", "overlap", "2017-06-01"),
        ("gaps", "gap", "2020-06-01"),
        ("unassigned", "unassigned", "2020-06-01"),
        ("basisCoverage", "basis", "2020-06-01"),
        ("basisCoverage", "basis", "2017-06-01"),
    ],
)
def test_findings_equal_the_audit(gql: Call, gypsum_store: Store, field: str, kind: str, date: str) -> None:
    body = gql(
        f'{{ {field}(asOf: "{date}", first: 100) {{ totalCount nodes {{ {FINDING} }} }} }}', token="reader-token"
    )
    assert "errors" not in body, body
    answer = body["data"][field]
    expected = audit(gypsum_store, date, kinds=(kind,)).findings
    assert answer["totalCount"] == len(expected) > 0
    assert [(n["variant"], n["message"]) for n in answer["nodes"]] == [(f.variant, f.message) for f in expected]
    first = answer["nodes"][0]
    assert first["evidence"] == [e.to_dict() for e in expected[0].evidence]
    assert first["records"] == expected[0].records


def test_the_gypsum_overlap_with_its_taxonomy_path_and_records(gql: Call) -> None:
    body = gql(
        '{ overlaps(asOf: "2017-06-01", filter: {subject: "非煤矿山"}) { nodes { variant taxonomyPaths '
        "about { id ... on Duty { anchor provision { title organization { name } } } ... on Power { name } } } } }",
        token="reader-token",
    )
    duty_overlap = body["data"]["overlaps"]["nodes"][0]
    assert duty_overlap["variant"] == "subsumed"
    assert duty_overlap["taxonomyPaths"] == [["石膏矿", "金属非金属矿山", "非煤矿山"]]
    # one finding for the problem: both bureaus' duties and their penalty powers on 石膏矿
    owners = [d["provision"]["organization"]["name"] for d in duty_overlap["about"] if "provision" in d]
    assert owners == ["石岭市煤炭工业局", "石岭市安全生产监督管理局"]
    assert sorted(d["id"] for d in duty_overlap["about"] if "name" in d) == ["pw-coal-penalty", "pw-safety-penalty"]
    # after the 2019 reform both duties moved to one bureau: no overlap any more
    later = gql('{ overlaps(asOf: "2020-06-01") { totalCount } }', token="reader-token")
    assert later["data"]["overlaps"]["totalCount"] == 0
    resolved = gql(
        '{ overlaps(asOf: "2017-06-01", includeResolved: true) { nodes { variant } } }', token="reader-token"
    )
    assert "resolved" in [n["variant"] for n in resolved["data"]["overlaps"]["nodes"]]


def test_finding_filters(gql: Call) -> None:
    def variants(filter_: str, field: str = "unassigned") -> list[str]:
        body = gql(f'{{ {field}(asOf: "2020-06-01", filter: {filter_}) {{ nodes {{ variant organizations }} }} }}')
        assert "errors" not in body, body
        return sorted(n["variant"] for n in body["data"][field]["nodes"])

    assert variants('{variant: "vacant_post"}') == ["vacant_post"]
    assert variants('{organization: "石岭市应急管理局", variant: "no_unit"}') == ["no_unit"]
    assert variants('{organization: "emergency", variant: "no_unit"}') == ["no_unit"]  # by id too
    assert variants('{region: "990121"}') == []
    assert variants('{powerType: "行政许可"}', "gaps") == ["missing_items"]


def test_organizations_pages_and_filters(gql: Call) -> None:
    query = "query($after: String) { organizations(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }"
    seen: list[str] = []
    after = None
    while True:
        page = gql(query, token="reader-token", variables={"after": after})["data"]["organizations"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == len(seen) == 10  # in force today: the two bureaus merged in 2019 are gone
    assert "emergency" in seen and "coal" not in seen

    def ids(args: str) -> list[str]:
        body = gql(f"{{ organizations({args}) {{ nodes {{ id }} }} }}", token="reader-token")
        assert "errors" not in body, body
        return [n["id"] for n in body["data"]["organizations"]["nodes"]]

    # a subject filter includes narrower subjects: 非煤矿山 finds the 煤炭局 that held 石膏矿
    assert ids('asOf: "2017-06-01", filter: {subject: "非煤矿山"}') == ["coal", "natres", "safety"]  # 尾矿库 too
    assert ids('asOf: "2017-06-01", filter: {subject: "石膏矿"}') == ["coal"]
    assert ids('filter: {level: "county"}') == ["county-committee", "county-gov", "county-safety"]
    assert ids('filter: {powerType: "行政许可"}') == ["emergency"]
    assert ids('filter: {nameContains: "自然资源"}') == ["natres"]


def test_nested_records_both_ways(gql: Call) -> None:
    body = gql(
        '{ node(id: "emergency") { id ... on Organization { name units { name } provisions { title duties { anchor } } '
        "children { id } parent { name } } } }"
    )
    org = body["data"]["node"]
    assert org["name"] == "石岭市应急管理局" and org["parent"]["name"] == "石岭市人民政府"
    assert "石岭市应急管理局矿山安全监督管理科" in [u["name"] for u in org["units"]]
    assert [d["anchor"] for d in org["provisions"][0]["duties"]] == [
        "第三条（一）",
        "第三条（二）",
        "第三条（三）",
        "第五条（二）",
    ]


def test_subject_tree(gql: Call) -> None:
    body = gql(
        '{ subjects { label narrower { label } } mines: subjects(broader: "非煤矿山") { label } }', token="reader-token"
    )
    tops = {s["label"]: [n["label"] for n in s["narrower"]] for s in body["data"]["subjects"]}
    assert set(tops["矿山"]) == {"煤矿", "非煤矿山", "无主矿山"}
    assert "金属非金属矿山" in [s["label"] for s in body["data"]["mines"]]
    missing = gql('{ subjects(broader: "火星矿") { label } }', token="reader-token")
    assert codes(missing) == ["BAD_USER_INPUT"]


def test_trace_gives_the_persons_of_the_day(gql: Call, gypsum_store: Store) -> None:
    body = gql(
        '{ trace(incident: "inc-2017") { date subject links { responsibility organization post person because } } }'
    )
    answer = body["data"]["trace"]
    expected = trace(gypsum_store, incident="inc-2017")
    assert answer["date"] == "2017-06-12" and answer["subject"] == expected.subject
    assert [(lk["organization"], lk["post"], lk["person"], lk["responsibility"]) for lk in answer["links"]] == [
        (lk.organization, lk.post, lk.person, lk.responsibility) for lk in expected.links
    ]
    assert "赵磊" in [lk["person"] for lk in answer["links"]]
    by_subject = gql(
        '{ trace(subject: "石膏矿", date: "2020-07-08", region: "990100") { links { organization person } } }'
    )
    # the city's region takes in the county under it (青山县人民政府 is under 石岭市人民政府), and each
    # bureau's government answers above it
    assert {lk["organization"] for lk in by_subject["data"]["trace"]["links"]} == {
        "石岭市应急管理局",
        "石岭市人民政府",
        "青山县安全生产监督管理局",
        "青山县人民政府",
    }


def test_trace_ranks_lead_and_a_and_carries_the_structural_causes(gql: Call, gypsum_store: Store) -> None:
    body = gql(
        '{ trace(subject: "公路工程", date: "2018-04-10", region: "990100", lang: ZH) { organizations '
        "links { organization role roleName postRole postRoleName answers responsibility person } } }"
    )
    assert "errors" not in body, body
    answer = body["data"]["trace"]
    assert [o["role"] for o in answer["organizations"]] == ["lead", "cooperating"]
    direct = [lk for lk in answer["links"] if lk["responsibility"] == "direct"]
    assert [(lk["organization"], lk["roleName"], lk["postRoleName"], lk["answers"]) for lk in direct] == [
        ("石岭市交通运输局", "牵头", "A角", True),
        ("石岭市交通运输局", "牵头", "B角", False),
        ("石岭市住房和城乡建设局", "配合", "A角", False),  # 潘莉 is away: her B角 stands in
        ("石岭市住房和城乡建设局", "配合", "B角", True),
    ]
    body = gql(
        '{ trace(incident: "inc-2017") { entity structural { kind variant } '
        "links { side responsibility organization structural { variant message } } } }"
    )
    answer = body["data"]["trace"]
    assert answer["entity"]["name"] == "石岭市城郊石膏矿"
    assert answer["structural"] == [{"kind": "overlap", "variant": "subsumed"}]
    assert answer["links"][0]["side"] == "enterprise" and answer["links"][0]["responsibility"] == "principal"
    assert [lk["structural"][0]["variant"] for lk in answer["links"] if lk["responsibility"] == "direct"] == [
        "subsumed"
    ] * 4
    county = gql('{ trace(incident: "inc-2021-qs") { place links { responsibility organization } } }')
    assert county["data"]["trace"]["place"] == "990121"
    assert {"responsibility": "territorial", "organization": "青山县安全生产监督管理局"} in county["data"]["trace"][
        "links"
    ]


def test_not_found_and_bad_input(gql: Call) -> None:
    assert codes(gql('{ node(id: "no-such-record") { id } }')) == ["NOT_FOUND"]
    assert codes(gql('{ trace(incident: "no-such-incident") { date } }')) == ["NOT_FOUND"]
    assert codes(gql("{ trace { date } }")) == ["BAD_USER_INPUT"]
    assert codes(gql('{ overlaps(after: "not-a-cursor") { totalCount } }')) == ["BAD_USER_INPUT"]
    assert codes(gql('{ organizations(filter: {subject: "火星矿"}) { totalCount } }')) == ["BAD_USER_INPUT"]


def test_staffing_and_evaluation(gql: Call, gypsum_store: Store) -> None:
    body = gql(
        '{ staffing(organization: "石岭市安全生产监督管理局", asOf: "2017-06-01") { variant message evidence { anchor } } }',
        token="reader-token",
    )
    assert "errors" not in body, body
    assert [f["variant"] for f in body["data"]["staffing"]] == ["over_leaders", "unlisted_unit"]
    body = gql(
        '{ evaluation(organization: "safety", asOf: "2017-06-01", manual: [{item: "public-review", score: 15}]) '
        "{ total grade items { id score deductions { points finding { variant } } } serious { variant } } }",
        token="reader-token",
    )
    answer = body["data"]["evaluation"]
    assert (answer["total"], answer["grade"]) == (85, "达标")  # serious violations lower the band
    leaders = next(i for i in answer["items"] if i["id"] == "leader-posts")
    assert leaders == {
        "id": "leader-posts",
        "score": 5.0,
        "deductions": [{"points": 5.0, "finding": {"variant": "over_leaders"}}],
    }
    bad = gql(
        '{ evaluation(organization: "safety", scheme: "total: 10\\ngroups: []") { total } }', token="reader-token"
    )
    assert (
        codes(bad) == ["BAD_USER_INPUT"]
        and "the groups weigh 0 in all, but the total is 10" in bad["errors"][0]["message"]
    )
    assert codes(gql('{ staffing(organization: "no such bureau") { variant } }', token="reader-token")) == ["NOT_FOUND"]


def test_search_and_neighbourhood_for_the_explorer(gql: Call) -> None:
    hits = gql('{ search(text: "石膏") { id kind label } }', token="reader-token")["data"]["search"]
    assert hits == [{"id": "subject:gypsum_mine", "kind": "Subject", "label": "石膏矿"}]
    # persons are found, and named, for inspectors only
    assert gql('{ search(text: "赵磊") { id } }', token="reader-token")["data"]["search"] == []
    assert gql('{ search(text: "赵磊") { id } }')["data"]["search"] == [{"id": "zhao-lei"}]
    around = gql(
        '{ neighbourhood(id: "em-mine-head") { nodes { id kind label } edges { source target kind } } }',
        token="reader-token",
    )
    graph = around["data"]["neighbourhood"]
    assert {"source": "em-mine-head", "target": "u-em-mine", "kind": "postIn"} in graph["edges"]
    assert {"source": "em-mine-a", "target": "em-mine-head", "kind": "reportsTo"} in graph["edges"]
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    assert labels["em-mine-head"] == "矿山安全监督管理科科长"
    assert all(n["label"] == "（人员）" for n in graph["nodes"] if n["kind"] == "Person") is True
    assert codes(gql('{ neighbourhood(id: "nope") { nodes { id } } }')) == ["NOT_FOUND"]
    assert codes(gql('{ search(text: " ") { id } }')) == ["BAD_USER_INPUT"]


def test_text_follows_lang_then_accept_language_then_the_server_default_chinese(
    gql: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = '{{ overlaps(asOf: "2017-06-01"{lang}) {{ nodes {{ variant name message }} }} }}'
    zh = gql(query.format(lang=", lang: ZH"), token="reader-token")["data"]["overlaps"]["nodes"][0]
    assert zh["variant"] == "subsumed"  # the code is the same in every language
    assert zh["name"] == "职责交叉（包含）"
    assert zh["message"].startswith("石岭市煤炭工业局与石岭市安全生产监督管理局均承担石膏矿")
    en = gql(query.format(lang=", lang: EN"), token="reader-token")["data"]["overlaps"]["nodes"][0]
    assert en["name"] == "overlap (one contains the other)" and " both hold " in en["message"]
    header = gql(query.format(lang=""), token="reader-token", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert header["data"]["overlaps"]["nodes"][0]["name"] == "职责交叉（包含）"
    monkeypatch.delenv("DUTYGRAPH_LANG")
    default = gql(query.format(lang=""), token="reader-token")["data"]["overlaps"]["nodes"][0]
    assert default["name"] == "职责交叉（包含）"
    trace_zh = gql('{ trace(incident: "inc-2017", lang: ZH) { links { responsibility responsibilityName because } } }')
    first, link = trace_zh["data"]["trace"]["links"][:2]
    assert (first["responsibility"], first["responsibilityName"]) == ("principal", "主体责任")
    assert (link["responsibility"], link["responsibilityName"]) == ("direct", "直接责任")
    assert link["because"].startswith("以A角承担「")
    bad = gql("{ overlaps(lang: FR) { totalCount } }", token="reader-token")
    assert "errors" in bad


def test_route_answers_a_complaint_and_keeps_persons_for_inspectors(gql: Call) -> None:
    query = (
        '{ route(text: "群众反映城郊一处石膏矿违规开采，井下作业没有安全防护", date: "2017-06-05", region: "990100", '
        'receivedBy: "石岭市市场监督管理局", lang: ZH) { nothingMatched overlap gap '
        "matched { subjects { label words how } actions { label words } } "
        "candidates { organization role roleName posts { post %s } leaders { post } timeLimits { kind limit due } } "
        "overlaps { kind variant name organizations } decision { action to reason } deadline { power limit due } } }"
    )
    body = gql(query % "person", token="inspector-token")
    assert "errors" not in body, body
    answer = body["data"]["route"]
    assert not answer["nothingMatched"] and answer["overlap"] and not answer["gap"]
    assert answer["matched"]["subjects"] == [{"label": "石膏矿", "words": "石膏矿", "how": "label"}]
    assert [(c["organization"], c["roleName"]) for c in answer["candidates"]] == [
        ("石岭市煤炭工业局", "牵头"),
        ("石岭市安全生产监督管理局", "牵头"),
    ]
    assert answer["candidates"][0]["posts"][0] == {"post": "煤矿安全监察员（A角）", "person": "赵磊"}
    assert answer["overlaps"][0]["name"] == "职责交叉（包含）"
    assert answer["decision"]["action"] == "forward" and "职责交叉" in answer["decision"]["reason"]
    assert answer["deadline"] == {"power": "pw-coal-penalty", "limit": "90日", "due": "2017-09-04"}
    # a reader (a hotline desk) routes it too, and sees the posts but not who holds them
    assert "errors" not in gql(query % "", token="reader-token")
    assert set(codes(gql(query % "person", token="reader-token"))) == {"FORBIDDEN"}


def test_route_says_when_nothing_matched(gql: Call) -> None:
    body = gql(
        '{ route(text: "小区门口的路灯坏了", date: "2020-06-01") { nothingMatched candidates { id } '
        "matched { unmatched } decision { action } } }"
    )
    assert body["data"]["route"] == {
        "nothingMatched": True,
        "candidates": [],
        "matched": {"unmatched": ["路灯"]},
        "decision": {"action": "none"},
    }
