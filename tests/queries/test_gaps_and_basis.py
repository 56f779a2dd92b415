"""Gaps, unassigned duties and basis coverage on small hand-built graphs."""

from __future__ import annotations

from dutygraph.loaders import load_path
from dutygraph.queries import AsOf, audit, find_basis_problems, find_gaps, find_unassigned
from dutygraph.stores import Store
from tests.conftest import BASE, DatasetWriter

LAW = {
    "instruments.csv": "id,title,kind\nlaw,某某安全法,法律\n",
    "versions.csv": """
        id,instrument,label,valid_from,valid_to
        v1,law,2010年,2010-01-01,2020-01-01
        v2,law,2020年修正,2020-01-01,
    """,
    "articles.csv": """
        id,version,number,text,enforcement,subjects,actions,levels
        v1-10,v1,10,旧第十条,true,矿山,行政处罚,
        v1-11,v1,11,第十一条,true,矿山,监督检查,
        v2-10,v2,10,新第十条（已修改）,true,矿山,行政处罚,
        v2-4,v2,4,县级以上人民政府负责矿山安全生产监督管理,false,矿山,安全生产监督管理,city;county
    """,
}


def _variants(findings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.variant, f.message) for f in findings]


def test_article_gap_names_the_uncovered_subjects(store: Store, dataset: DatasetWriter) -> None:
    duties = (
        "id,provision,anchor,text,subjects,actions\nda,pa,第三条,煤矿安全,煤矿,安全生产监督管理\n"
        "db,pb,第三条,非煤矿山安全,非煤矿山,安全生产监督管理\ndc,pc,第三条,全县矿山安全,矿山,安全生产监督管理\n"
    )
    load_path(store, dataset({**BASE, **LAW, "duties.csv": duties}))
    gaps = [f for f in find_gaps(AsOf(store, "2021-01-01")) if f.variant == "article"]
    # the city has 煤矿 and 非煤矿山 but nobody for 无主矿山; the county bureau holds all of 矿山
    assert [(f.region, f.subjects) for f in gaps] == [("100", ["无主矿山"])]
    # before v2 the article did not exist
    assert [f for f in find_gaps(AsOf(store, "2019-01-01")) if f.variant == "article"] == []


def test_subject_requiring_supervision(store: Store, dataset: DatasetWriter) -> None:
    subjects = "id,label,broader,requires_supervision\nsubject:tailings_pond,尾矿库,非煤矿山,true\n"
    duties = "id,provision,anchor,text,subjects,actions\ndc,pc,第三条,全县矿山安全,矿山,安全生产监督管理\n"
    load_path(store, dataset({**BASE, "subjects.csv": subjects, "duties.csv": duties}))
    gaps = [f for f in find_gaps(AsOf(store, "2021-01-01")) if f.variant == "subject"]
    assert [(f.region, f.subjects) for f in gaps] == [("100", ["尾矿库"])]  # not the county: 矿山 covers it


def test_power_missing_responsibility_items(store: Store, dataset: DatasetWriter) -> None:
    powers = "id,organization,name,type\npw,a,某许可,行政许可\n"
    items = "id,power,stage\ni1,pw,1.受理责任\ni2,pw,审查责任\ni3,pw,决定\ni4,pw,事后监管责任\n"
    load_path(store, dataset({**BASE, "powers.csv": powers, "responsibility_items.csv": items}))
    gaps = [f for f in find_gaps(AsOf(store, "2021-01-01")) if f.variant == "missing_items"]
    assert [f.details["missing_items"] for f in gaps] == [["送达"]]


def test_a_list_loaded_without_its_responsibility_items_is_not_judged_on_them(
    store: Store, dataset: DatasetWriter
) -> None:
    """乙局's 权力清单 came without its 责任清单: no missing_items finding for it, said once; 甲局's are judged."""
    powers = "id,organization,name,type\npw,a,某许可,行政许可\npb1,b,某处罚,行政处罚\npb2,b,某检查,行政检查\n"
    items = "id,power,stage\ni1,pw,受理\n"
    load_path(store, dataset({**BASE, "powers.csv": powers, "responsibility_items.csv": items}))
    result = audit(store, "2021-01-01", kinds=("gap",))
    assert [f.organizations for f in result.findings if f.variant == "missing_items"] == [["甲局"]]
    assert "no 责任事项 loaded for the powers of 乙局: missing 责任事项 not judged" in result.notes


def test_unassigned_variants(store: Store, dataset: DatasetWriter) -> None:
    files = {
        **BASE,
        "duties.csv": "id,provision,anchor,text\n"
        "d1,pa,第三条（一）,甲\nd2,pa,第三条（二）,乙\nd3,pa,第三条（三）,丙\nd4,pa,第三条（四）,丁\n",
        "units.csv": "id,name,organization\nu,一科,a\nuc,县一股,c\n",
        "posts.csv": "id,organization,unit,name,enforcement\n"
        "pa1,a,u,A岗,true\npb1,a,u,B岗,false\npc1,c,uc,县岗,false\n",
        "persons.csv": "id,name\nx,张三\ny,李四\n",
        "holdings.csv": "id,person,post,valid_from,valid_to\nh1,x,pa1,2015-01-01,\nh2,y,pb1,2015-01-01,2020-06-01\n",
        "credentials.csv": "id,person,number,valid_from,valid_to\nc1,x,001,2015-01-01,2020-01-01\n",
        "assignments.csv": "id,competence,unit,post,role\n"
        "a1,d1,u,,\n"  # unit only: no post
        "a2,d2,,pa1,A角\n"  # primary only: no backup
        "a3,d3,,pa1,primary\na4,d3,,pb1,backup\n"
        "a5,d4,uc,,\n",  # a unit of another organization does not count
    }
    load_path(store, dataset(files))
    found = sorted((f.variant, f.records[0]) for f in find_unassigned(AsOf(store, "2021-01-01")))
    assert found == [
        ("no_backup", "d2"),
        ("no_credential", "pa1"),
        ("no_post", "d1"),
        ("no_unit", "d4"),
        ("vacant_post", "pb1"),
        ("vacant_post", "pc1"),
    ]
    # on 2019-06-01 the credential was valid and 李四 still held B岗
    earlier = sorted((f.variant, f.records[0]) for f in find_unassigned(AsOf(store, "2019-06-01")))
    assert ("no_credential", "pa1") not in earlier and ("vacant_post", "pb1") not in earlier


def test_basis_variants(store: Store, dataset: DatasetWriter) -> None:
    files = {
        **BASE,
        **LAW,
        "instruments.csv": LAW["instruments.csv"] + "gone,已废止办法,地方政府规章\n",
        "versions.csv": LAW["versions.csv"] + "        g1,gone,2012年,2012-01-01,2018-01-01\n",
        "powers.csv": """
            id,organization,name,type,last_reviewed
            p-none,a,无依据处罚,行政处罚,2019-01-01
            p-ghost,a,依据不存在,行政处罚,2021-01-01
            p-gone,a,依据已废止,行政处罚,2021-01-01
            p-stale,a,依据已修改,行政处罚,2019-06-01
            p-ok,b,依据有效,行政处罚,2020-06-01
            p-county,c,县局同一依据,行政处罚,2020-06-01
        """,
        "bases.csv": """
            id,power,instrument,article,citation
            b1,p-ghost,law,99,《某某安全法》第九十九条
            b2,p-gone,gone,3,《已废止办法》第三条
            b3,p-stale,law,10,《某某安全法》第十条
            b4,p-ok,law,10,《某某安全法》第十条
            b5,p-ghost,,,《不存在法》第一条
            b6,p-county,law,10,《某某安全法》第十条
        """,
    }
    load_path(store, dataset(files))
    found = sorted((f.variant, f.records[0]) for f in find_basis_problems(AsOf(store, "2021-01-01")))
    assert found == [
        ("missing", "p-none"),
        ("overlap", "v2-10"),  # 第十条 carried by 甲局 and 乙局 of the same city, not by the county's 丙县局
        ("repealed", "p-gone"),
        ("stale", "p-stale"),  # changed 2020-01-01, reviewed 2019-06-01, 30 days long gone
        ("unresolved", "p-ghost"),  # 第九十九条 does not exist
        ("unresolved", "p-ghost"),  # 《不存在法》 is not loaded
    ]
    # within 30 days of the change the stale basis is not yet a finding
    assert ("stale", "p-stale") not in {
        (f.variant, f.records[0]) for f in find_basis_problems(AsOf(store, "2020-01-20"))
    }
    # 第十一条 exists only in v1: an enforcement article nobody carries while v1 is in force
    assert ("uncarried", "v1-11") in {(f.variant, f.records[0]) for f in find_basis_problems(AsOf(store, "2015-01-01"))}


def test_a_citation_before_the_first_loaded_version_says_no_version_is_in_force(
    store: Store, dataset: DatasetWriter
) -> None:
    files = {
        **BASE,
        **LAW,
        "versions.csv": "id,instrument,label,valid_from,valid_to\nv1,law,2015年,2015-01-01,\n",
        "articles.csv": "id,version,number,text,enforcement,subjects,actions\nv1-10,v1,10,第十条,true,矿山,行政处罚\n",
        "powers.csv": "id,organization,name,type\np-early,a,早于所载版本,行政处罚\n",
        "bases.csv": "id,power,instrument,article,citation\nb1,p-early,law,10,《某某安全法》第十条\n",
    }
    load_path(store, dataset(files))
    [finding] = [f for f in find_basis_problems(AsOf(store, "2012-06-01")) if f.records[0] == "p-early"]
    # the law may well have been in force in 2012: only its 2015 text is loaded, and the finding says so
    assert finding.variant == "unresolved"
    assert "no version loaded is in force on 2012-06-01" in finding.message
    assert "takes effect on 2015-01-01" in finding.message


def test_only_articles_a_department_can_carry_are_uncarried_and_a_ruling_overrides(
    store: Store, dataset: DatasetWriter
) -> None:
    files = {
        **BASE,
        **LAW,
        "articles.csv": LAW["articles.csv"]
        + "        v2-20,v2,20,负有监督管理职责的部门的工作人员…给予处分,true,矿山,,,officials,\n"
        + "        v2-21,v2,21,本法规定的行政处罚，由应急管理部门决定,true,矿山,,,allocation,应急管理部门\n"
        + "        v2-22,v2,22,生产经营单位…的，责令停产整顿,true,矿山,行政处罚,,power,\n"
        + "        v2-23,v2,23,生产经营单位…的，处罚款,true,矿山,行政处罚,,power,应急管理部门\n",
        "powers.csv": "id,organization,name,type\np-ok,a,依据有效,行政处罚\n",
        "bases.csv": "id,power,instrument,article,citation\nb1,p-ok,law,10,《某某安全法》第十条\n",
    }
    files["articles.csv"] = files["articles.csv"].replace(
        "enforcement,subjects,actions,levels", "enforcement,subjects,actions,levels,carriage,carrier"
    )
    load_path(store, dataset(files))
    uncarried = {
        f.records[0]: f.message for f in find_basis_problems(AsOf(store, "2021-01-01")) if f.variant == "uncarried"
    }
    # 第二十条 sanctions officials and 第二十一条 allocates competence: not a list's to carry
    assert set(uncarried) == {"v2-22", "v2-23"}
    assert "(its carrier: 应急管理部门)" in uncarried["v2-23"]
    # the legal office rules 第二十二条 is carried by the 公安机关 under another law: it is no finding any more
    load_path(
        store,
        dataset(
            {
                "article_rulings.csv": """
                    id,instrument,article,carriage,reason
                    r1,某某安全法,22,referral,由公安机关依照治安管理处罚法处罚
                """
            }
        ),
    )
    after = {f.records[0] for f in find_basis_problems(AsOf(store, "2021-01-01")) if f.variant == "uncarried"}
    assert after == {"v2-23"}


def test_a_citation_naming_its_version_resolves_to_it(store: Store, dataset: DatasetWriter) -> None:
    files = {
        **BASE,
        **LAW,
        "powers.csv": "id,organization,name,type\np-old,a,引用旧版,行政处罚\np-new,b,引用新版,行政处罚\np-gone,c,引用未载版本,行政处罚\n",
        "bases.csv": """
            id,power,instrument,article,citation,version
            b1,p-old,law,10,《某某安全法》（2010年）第十条,2010年
            b2,p-new,law,10,《某某安全法》（2020年修正）第十条,2020年修正
            b3,p-gone,law,10,《某某安全法》（2015年修正）第十条,2015年修正
        """,
    }
    load_path(store, dataset(files))
    found = {f.records[0]: (f.variant, f.message) for f in find_basis_problems(AsOf(store, "2021-01-01"))}
    # the 2010 version was replaced on 2020-01-01: its citation is stale, whatever the article number
    assert found["p-old"][0] == "stale"
    # and says where its content is in the version in force (the dataset's 第十条, aligned at load)
    assert "in 2020年修正 (from 2020-01-01) its content is 第十条" in found["p-old"][1]
    assert "p-new" not in found  # the version in force, named
    assert found["p-gone"] == (
        "unresolved",
        "丙县局: power 「引用未载版本」 cites 《某某安全法》（2015年修正）第十条, a version not loaded",
    )


def test_a_number_the_version_in_force_no_longer_has_names_where_its_content_went(
    store: Store, dataset: DatasetWriter
) -> None:
    """v2 has no 第十一条: its content moved to 第十条 (a legal office's 条文对照 given as successions), while
    v1 第十二条 was deleted outright."""
    files = {
        **BASE,
        **LAW,
        "articles.csv": LAW["articles.csv"] + "        v1-12,v1,12,第十二条,true,矿山,行政处罚,\n",
        "article_successions.csv": """
            id,predecessor,successor,share,score
            s1,v1-11,v2-10,whole,81
            s2,v1-12,,deleted,0
            s3,v1-10,v2-10,whole,90
        """,
        "powers.csv": "id,organization,name,type\np-moved,a,依据已移,行政处罚\np-deleted,b,依据已删,行政处罚\n",
        "bases.csv": """
            id,power,instrument,article,citation
            b1,p-moved,law,11,《某某安全法》第十一条
            b2,p-deleted,law,12,《某某安全法》第十二条
        """,
    }
    load_path(store, dataset(files))
    found = {f.records[0]: f for f in find_basis_problems(AsOf(store, "2021-01-01")) if f.kind == "basis"}
    assert found["p-moved"].variant == "stale"
    assert "no longer has: its content is 第十条 (score 81)" in found["p-moved"].message
    assert found["p-deleted"].variant == "repealed"
    assert "no article carries its content" in found["p-deleted"].message
    # while v1 is in force both citations are valid
    assert not {"p-moved", "p-deleted"} & {f.records[0] for f in find_basis_problems(AsOf(store, "2015-01-01"))}


def test_a_licence_citing_no_article_that_requires_one_is_a_mismatch(store: Store, dataset: DatasetWriter) -> None:
    files = {
        **BASE,
        **LAW,
        "articles.csv": LAW["articles.csv"]
        + "        v2-5,v2,5,开办矿山企业，应当经县级以上人民政府批准，取得安全生产许可证,false,矿山,行政许可,\n",
        "powers.csv": "id,organization,name,type\np-wrong,a,矿山企业开办审批,行政许可\np-right,a,矿山企业开办许可,行政许可\n",
        "bases.csv": """
            id,power,instrument,article,citation
            b1,p-wrong,law,4,《某某安全法》第四条
            b2,p-right,law,5,《某某安全法》第五条
        """,
    }
    load_path(store, dataset(files))
    found = [f for f in find_basis_problems(AsOf(store, "2021-01-01")) if f.variant == "mismatch"]
    assert [f.records for f in found] == [["p-wrong", "b1"]]  # the power, then the citations judged
    assert "is a 行政许可 but cites 《某某安全法》第四条, none of which requires a licence" in found[0].message
