"""The clause stage of the 三定 reader: each clause placed as the kind a reader would call it."""

from __future__ import annotations

from dutygraph.loaders.provision_clauses import place_clauses
from dutygraph.loaders.provision_segments import segment
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.text import Line


def _placed(*lines: str) -> tuple[list[tuple[str, str]], FileReport]:
    report = FileReport("t.txt", "三定规定")
    found = place_clauses(segment([Line(n, t) for n, t in enumerate(lines, 1)]), report, named=False)
    return [(c.kind, c.anchor) for c in found.items], report


def test_duties_changes_units_and_divisions_by_article() -> None:
    placed, _ = _placed(
        "第二条 某市应急管理局是市人民政府工作部门，为正县级。",
        "第三条 主要职责是：（一）负责安全生产综合监督管理。（二）职能转变。深化放管服改革。",
        "第四条 设下列内设机构：（一）办公室。负责机关日常运转。",
        "第五条 其他事项。与市水利局的有关职责分工。市应急管理局负责…；市水利局负责…。",
    )
    assert placed == [
        ("Duty", "第三条（一）"),
        ("FunctionChange", "第三条（二）"),
        ("Unit", "第四条（一）"),
        ("Division", "第五条"),
    ]


def test_a_hosted_office_outside_the_duties_is_its_own_clause() -> None:
    placed, report = _placed(
        "第二条 某市水利局是市人民政府工作部门。",
        "第六条 市防汛抗旱指挥部办公室设在市水利局，承担指挥部日常工作。",
    )
    assert placed == [("HostedOffice", "第六条")]
    assert not [n for n in report.notes if "not placed" in n]


def test_a_lead_and_cooperate_sentence_is_a_division_under_any_article() -> None:
    placed, _ = _placed(
        "第二条 某市林业局是市人民政府工作部门。",
        "第七条 森林火灾扑救由市林业局牵头，市应急管理局予以配合。",
    )
    assert placed == [("Division", "第七条")]


def test_a_unit_cut_inside_its_name_is_a_note_not_a_unit() -> None:
    placed, report = _placed(
        "市应急管理局设下列内设机构：", "(一)办公室。负责机关日常运转。", "(二)消防协调", "[...truncated]"
    )
    assert placed == [("Unit", "内设机构（一）")]
    assert report.notes == ["line 3: a unit cut short in this copy, not read: 内设机构（二） 消防协调"]
