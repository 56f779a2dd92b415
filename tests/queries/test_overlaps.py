"""Overlaps on small graphs whose answers are written out by hand."""

from __future__ import annotations

from pathlib import Path

from dutygraph.loaders import load_path
from dutygraph.queries import AsOf, find_overlaps
from dutygraph.stores import Store, open_store
from tests.conftest import BASE, DatasetWriter

DUTIES = """
    id,provision,anchor,text,subjects,actions
    da,pa,第三条（一）,负责煤矿、石膏矿安全生产监督管理,煤矿;石膏矿,安全生产监督管理
    db,pb,第三条（二）,负责非煤矿山安全生产监督管理,非煤矿山,安全生产监督管理
    dc,pc,第三条（一）,负责全县非煤矿山安全生产监督管理,非煤矿山,安全生产监督管理
"""


def _overlaps(store: Store, on: str = "2020-01-01", **kw: bool) -> list[tuple[str, list[str], list[str]]]:
    return [(f.variant, f.organizations, f.subjects) for f in find_overlaps(AsOf(store, on), **kw)]


def test_gypsum_is_subsumed_by_non_coal_mines(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset({**BASE, "duties.csv": DUTIES}))
    # the county bureau holds the same duty as 乙局, but at another level: not an overlap
    assert _overlaps(store) == [("subsumed", ["甲局", "乙局"], ["石膏矿", "非煤矿山"])]
    finding = find_overlaps(AsOf(store, "2020-01-01"))[0]
    assert [e.text for e in finding.evidence] == ["负责煤矿、石膏矿安全生产监督管理", "负责非煤矿山安全生产监督管理"]
    assert finding.details["taxonomy_paths"] == [["石膏矿", "金属非金属矿山", "非煤矿山"]]


def test_equal_subjects_are_a_duplicate(store: Store, dataset: DatasetWriter) -> None:
    duties = DUTIES.replace("煤矿;石膏矿,安全生产监督管理", "非煤矿山,安全生产监督管理")
    load_path(store, dataset({**BASE, "duties.csv": duties}))
    assert _overlaps(store) == [("duplicate", ["甲局", "乙局"], ["非煤矿山"])]


def test_different_actions_do_not_overlap(store: Store, dataset: DatasetWriter) -> None:
    duties = DUTIES.replace("非煤矿山,安全生产监督管理\n    dc", "非煤矿山,行政许可\n    dc")
    load_path(store, dataset({**BASE, "duties.csv": duties}))
    assert _overlaps(store) == []


def test_a_division_naming_a_lead_removes_the_overlap(store: Store, dataset: DatasetWriter) -> None:
    divisions = """
        id,lead,cooperating,subjects,actions,anchor,text,valid_from
        dv,b,a,非煤矿山,安全生产监督管理,第五条,非煤矿山安全监管由乙局牵头，甲局配合。,2015-01-01
    """
    load_path(store, dataset({**BASE, "duties.csv": DUTIES, "divisions.csv": divisions}))
    assert _overlaps(store) == []
    resolved = find_overlaps(AsOf(store, "2020-01-01"), include_resolved=True)
    assert [(f.variant, f.evidence[-1].text) for f in resolved] == [
        ("resolved", "非煤矿山安全监管由乙局牵头，甲局配合。")
    ]
    # before the division came into force, the overlap stands
    assert _overlaps(store, "2014-06-01") == [("subsumed", ["甲局", "乙局"], ["石膏矿", "非煤矿山"])]


def test_a_division_on_another_subject_does_not(store: Store, dataset: DatasetWriter) -> None:
    divisions = "id,lead,subjects\ndv,b,煤矿\n"
    load_path(store, dataset({**BASE, "duties.csv": DUTIES, "divisions.csv": divisions}))
    assert _overlaps(store) == [("subsumed", ["甲局", "乙局"], ["石膏矿", "非煤矿山"])]


def test_only_provisions_in_force_count(store: Store, dataset: DatasetWriter) -> None:
    base = dict(BASE)
    base["provisions.csv"] = BASE["provisions.csv"].replace(
        "pb,b,乙局三定,2010-01-01,", "pb,b,乙局三定,2010-01-01,2019-03-01"
    )
    load_path(store, dataset({**base, "duties.csv": DUTIES}))
    assert _overlaps(store, "2019-02-28") != []
    assert _overlaps(store, "2019-03-01") == []


def test_a_transfer_moves_the_duty_and_ends_the_overlap(store: Store, dataset: DatasetWriter) -> None:
    transfers = "id,competence,from_organization,to_organization,date\nt,da,a,b,2019-03-01\n"
    load_path(store, dataset({**BASE, "duties.csv": DUTIES, "transfers.csv": transfers}))
    assert _overlaps(store, "2019-02-28") == [("subsumed", ["甲局", "乙局"], ["石膏矿", "非煤矿山"])]
    assert _overlaps(store, "2019-03-01") == []  # both now held by 乙局
    held = {c.id: c.holder.id for c in AsOf(store, "2019-03-01").competences}
    assert held["da"] == "b"


def test_the_scenario_gives_the_same_findings_on_every_store(store: Store) -> None:
    """One finding per problem, of its variant and severity, in the same order on every store."""
    from dutygraph.loaders import load_paths
    from dutygraph.queries import audit

    scenario = Path(__file__).resolve().parent.parent / "data" / "scenarios" / "xiaoyi"
    load_paths(store, [scenario])
    found = [
        (f.variant, f.severity, tuple(f.organizations), tuple(f.records))
        for f in audit(store, "2020-01-01", kinds=("overlap",), include_resolved=True).findings
    ]
    reference = open_store("memory:")
    load_paths(reference, [scenario])
    expected = [
        (f.variant, f.severity, tuple(f.organizations), tuple(f.records))
        for f in audit(reference, "2020-01-01", kinds=("overlap",), include_resolved=True).findings
    ]
    assert found == expected
    assert [v for v, *_ in found] == ["duplicate", "partial", "comprehensive_sector", "cooperation", "resolved"]


def test_a_designed_split_cites_the_article_that_designs_it() -> None:
    """综合监管 (应急) against 行业监管 (工信) is low, with 安全生产法 第十条 as evidence once the law is loaded."""
    from dutygraph.loaders import load_paths
    from dutygraph.queries import audit

    data = Path(__file__).resolve().parent.parent / "data"
    store = open_store("memory:")
    load_paths(store, [data / "scenarios" / "xiaoyi", data / "documents" / "law" / "anquanshengchanfa_2021.txt"])
    [split] = [f for f in audit(store, "2022-01-01", kinds=("overlap",)).findings if f.severity == "low"]
    assert split.variant == "comprehensive_sector"
    assert split.organizations == ["孝义市应急管理局", "孝义市工业和信息化局"]
    article = split.evidence[-1]
    assert article.anchor == "第十条" and "综合监督管理" in article.text
