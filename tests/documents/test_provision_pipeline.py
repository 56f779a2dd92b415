"""The 三定 reader as a pipeline: texts as found (one paragraph), hosted offices, divisions anywhere, roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.graphql import Settings, create_app
from dutygraph.loaders import load_paths
from dutygraph.loaders.provision_segments import segment
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.sanding import OrganizationHint, read_provision
from dutygraph.loaders.text import Document, Line, read_document
from dutygraph.loaders.understanding import DutyReader, role_of
from dutygraph.stores import open_store
from tests.documents.conftest import DOCUMENTS, SANDING, one, values
from tests.graphql.conftest import call_app

WRITTEN = DOCUMENTS / "written" / "shiling_yingjiguanliju_sanding.txt"
HINTS = {"kunshan_yingjiguanliju_neishejigou_TRAD.txt": OrganizationHint(name="昆山市应急管理局")}
TEXTS = [*sorted(SANDING.glob("*.txt")), WRITTEN]


def _flattened(doc: Document) -> Document:
    """The same text pasted from a web page: every line run into one paragraph, nothing between them."""
    return Document(doc.path, [Line(1, "".join(line.text for line in doc.lines))], doc.header, doc.traditional)


def _content(report: FileReport) -> list[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    """The records without where they were read (a flattened text has one line)."""
    return [
        (r.kind, tuple(sorted((k, tuple(v)) for k, v in r.values.items() if k not in ("source_location",))))
        for r in report.records
    ]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_a_text_run_into_one_paragraph_reads_the_same(reader: DutyReader, path: Path) -> None:
    doc = read_document(path)
    hint = HINTS.get(path.name)
    as_lines = read_provision(doc, reader, hint)
    as_paragraph = read_provision(_flattened(doc), reader, hint)
    assert _content(as_paragraph) == _content(as_lines)
    assert as_paragraph.title == as_lines.title
    assert any(r.kind == "Duty" for r in as_paragraph.records)


def test_the_title_does_not_swallow_the_first_article() -> None:
    text = (
        "石岭市应急管理局职能配置、内设机构和人员编制规定第一条 根据《方案》，制定本规定。第二条 依照第十条规定办理。"
    )
    clauses = [c.text for c in segment([Line(3, text)])]
    assert clauses == [
        "石岭市应急管理局职能配置、内设机构和人员编制规定",
        "第一条 根据《方案》，制定本规定。",
        "第二条 依照第十条规定办理。",  # a citation of an article is not an article
    ]


def test_an_item_reference_is_not_an_item() -> None:
    clauses = [c.text for c in segment([Line(1, "（一）按照本规定第三条（二）执行。（二）参与调查。")])]
    assert clauses == ["（一）按照本规定第三条（二）执行。", "（二）参与调查。"]


@pytest.fixture(scope="module")
def written(reader: DutyReader) -> FileReport:
    return read_provision(read_document(WRITTEN), reader)


def _named(report: FileReport, kind: str, name: str) -> RawRecord:
    return next(r for r in report.records if r.kind == kind and one(r, "name") == name and not r.stub)


def test_a_hosted_office_is_a_unit_of_its_host_serving_the_coordinating_body(written: FileReport) -> None:
    office = _named(written, "Unit", "石岭市安全生产委员会办公室")
    host = _named(written, "Organization", "石岭市应急管理局")
    body = next(r for r in written.records if r.kind == "Organization" and one(r, "name") == "石岭市安全生产委员会")
    assert one(office, "organization") == one(host, "id")
    assert one(office, "serves") == one(body, "id")
    duty = next(r for r in written.records if r.kind == "Duty" and one(r, "unit") == one(office, "id"))
    assert one(duty, "anchor") == "第六条"
    assert one(duty, "text") == "承担市安全生产委员会日常工作。"
    assert not [n for n in written.notes if "not placed" in n]


def test_a_division_under_other_matters_is_read(written: FileReport) -> None:
    org = {one(r, "id"): one(r, "name") for r in written.records if r.kind == "Organization"}
    divisions = [r for r in written.records if r.kind == "Division"]
    read = {(org[one(d, "lead")], tuple(org[c] for c in values(d, "cooperating")), one(d, "anchor")) for d in divisions}
    assert read == {
        ("石岭市自然资源局", ("石岭市应急管理局",), "第七条"),
        ("石岭市应急管理局", ("石岭市自然资源局",), "第七条"),
    }
    natural_resources = next(d for d in divisions if org[one(d, "lead")] == "石岭市自然资源局")
    assert "subject:mineral_resources" in values(natural_resources, "subjects")


def test_each_duty_carries_the_role_its_verbs_give(written: FileReport) -> None:
    roles = {one(r, "anchor"): one(r, "role") for r in written.records if r.kind == "Duty" and not one(r, "unit")}
    assert roles["第三条（二）"] == "lead"  # 负责非煤矿山安全生产监督管理
    assert roles["第三条（三）"] == "participating"  # 参与森林火灾的调查处理
    assert roles["第三条（四）"] == "mixed"  # 组织或者参与生产安全事故调查处理


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("负责全市安全生产综合监督管理。", "lead"),
        ("主管全市应急管理工作。", "lead"),
        ("牵头建立统一的应急管理信息系统。", "lead"),
        ("配合有关部门做好矿山救援工作。", "participating"),
        ("协助市委、市人民政府指定的负责同志组织重大灾害应急处置工作。", "participating"),
        ("参与编制矿山安全生产应急预案，指导和组织协调煤矿事故应急救援工作。", "mixed"),
        ("依法组织或参与煤矿生产安全事故调查处理。", "mixed"),
    ],
)
def test_role_of_a_duty(text: str, role: str) -> None:
    assert role_of(text) == role


def test_a_division_with_lead_and_cooperating_in_one_sentence(reader: DutyReader, tmp_path: Path) -> None:
    path = tmp_path / "sanding.txt"
    path.write_text(
        "石岭市林业局职能配置、内设机构和人员编制规定\n"
        "第二条 石岭市林业局（以下简称市林业局）是市人民政府工作部门，为正县级。\n"
        "第三条 主要职责是：\n（一）负责森林防火工作。\n"
        "第四条 其他事项。森林火灾扑救由市林业局牵头，市应急管理局予以配合。\n"
        "第五条 与有关部门的职责分工。有关部门之间建立会商机制。\n",
        encoding="utf-8",
    )
    report = read_provision(read_document(path), reader)
    org = {one(r, "id"): one(r, "name") for r in report.records if r.kind == "Organization"}
    (division,) = [r for r in report.records if r.kind == "Division"]
    assert org[one(division, "lead")] == "石岭市林业局"
    assert [org[c] for c in values(division, "cooperating")] == ["石岭市应急管理局"]
    assert any(n.startswith("line 6: 职责分工 clause with no organization named to lead") for n in report.notes)


def test_hosted_offices_and_roles_are_in_the_store_and_graphql(tmp_path: Path) -> None:
    store = open_store("memory:")
    load_paths(store, [WRITTEN])
    app = create_app(store, Settings())
    query = """{ organizations(first: 50) { nodes { name hostedOffices { name organization { name }
      duties { anchor role } } } } }"""
    body = call_app(app, query, token=None)
    assert "errors" not in body, body
    serving = [o for o in body["data"]["organizations"]["nodes"] if o["hostedOffices"]]
    assert [(o["name"], o["hostedOffices"][0]["name"]) for o in serving] == [
        ("石岭市安全生产委员会", "石岭市安全生产委员会办公室")
    ]
    office = serving[0]["hostedOffices"][0]
    assert office["organization"]["name"] == "石岭市应急管理局"
    assert office["duties"] == [{"anchor": "第六条", "role": "lead"}]
