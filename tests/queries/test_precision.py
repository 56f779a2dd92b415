"""Findings as precise as a reviewer: carriers inferred from unit duties, nothing judged from what was not loaded."""

from __future__ import annotations

from pathlib import Path

from dutygraph.loaders import load_paths
from dutygraph.queries import AsOf, audit
from dutygraph.queries.unassigned import carriers
from dutygraph.stores import open_store

WRITTEN = (
    Path(__file__).resolve().parent.parent / "data" / "documents" / "written" / "shiling_yingjiguanliju_sanding.txt"
)


def test_a_three_ding_alone_gives_only_the_duties_no_unit_covers() -> None:
    """No roster loaded: no post, 空编 or unit-without-posts findings, said once in the notes; 第三条（二）
    is carried by the 矿山安全监督管理科 whose duty says the same; the catch-all （五） is no finding."""
    store = open_store("memory:")
    load_paths(store, [WRITTEN])
    result = audit(store, "2020-01-01")
    assert result.notes == ["no roster (posts) loaded for 石岭市应急管理局: no post, holder or 编制 findings for them"]
    assert result.counts() == {"unassigned/no_unit": 3}
    anchors = sorted(f.evidence[0].anchor for f in result.findings)
    assert anchors == ["第三条（一）", "第三条（三）", "第三条（四）"]
    assert result.to_dict()["notes"] == result.notes


def test_an_inferred_carrier_names_the_unit_duty_that_says_so() -> None:
    store = open_store("memory:")
    load_paths(store, [WRITTEN])
    view = AsOf(store, "2020-01-01")
    duty = next(c for c in view.competences if c.node.get("anchor") == "第三条（二）" and c.kind == "Duty")
    found = carriers(view, duty)
    assert [u.label for u in found.units] == ["矿山安全监督管理科"]
    assert [str(d.node.get("anchor")) for d in found.inferred] == ["第四条（二）"]
