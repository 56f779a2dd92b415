"""No input text makes a document loader crash: it reads something, or says clearly what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutygraph.errors import LoadError
from dutygraph.loaders.citations import parse_citations
from dutygraph.loaders.law_text import read_law
from dutygraph.loaders.power_list import read_power_list
from dutygraph.loaders.sanding import OrganizationHint, read_provision
from dutygraph.loaders.tables import ReadLimits, read_tables
from dutygraph.loaders.text import read_document
from dutygraph.loaders.understanding import DutyReader

# Pieces of real documents, so that generated texts reach deep into the readers, and noise around them.
PIECES = [
    "第一条",
    "第三条　",
    "第十二条 ",
    "第一百零二条",
    "（一）",
    "(二)",
    "（十）",
    "1.",
    "2、",
    "一、",
    "主要职责",
    "主要职责是：",
    "内设机构",
    "设下列内设机构：",
    "人员编制",
    "行政编制12名",
    "局长1名、副局长3名",
    "领导职数",
    "有关职责分工",
    "与市自然资源局的有关职责分工。",
    "市应急管理局负责",
    "牵头",
    "配合",
    "职能转变",
    "石岭市应急管理局",
    "（以下简称市应急管理局）",
    "是市人民政府工作部门，为正县级。",
    "除煤矿外",
    "负责煤矿、石膏矿安全生产监督管理工作",
    "《中华人民共和国安全生产法》",
    "《安全生产法》第六十二条第二款第三项",
    "第十条至第十二条",
    "同上",
    "2021年6月10日 第三次修正",
    "2007年6月1日 施行",
    "# ",
    "## 第一章 总则",
    "法律责任",
    "处罚款",
    "\n",
    "\n\n",
    "。",
    "；",
    "、",
    "：",
    "[... TRUNCATED IN SOURCE COPY ...]",
    "source: x",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=texts)
def test_provision_reader_never_crashes(reader: DutyReader, tmp_path: Path, text: str) -> None:
    path = tmp_path / "sanding.txt"
    path.write_text(text, encoding="utf-8")
    try:
        report = read_provision(read_document(path), reader, OrganizationHint(name="石岭市应急管理局"))
    except LoadError as exc:
        assert str(exc).startswith(str(path))
        return
    assert all(
        r.kind in ("Organization", "Provision", "Duty", "FunctionChange", "Unit", "Division", "StaffingQuota")
        for r in report.records
    )


@SETTINGS
@given(text=texts)
def test_law_reader_never_crashes(reader: DutyReader, tmp_path: Path, text: str) -> None:
    path = tmp_path / "law.md"
    path.write_text(text, encoding="utf-8")
    try:
        read_law(read_document(path), reader)
    except LoadError as exc:
        assert str(exc).startswith(str(path))


@SETTINGS
@given(text=texts, previous=texts)
def test_citation_parser_never_crashes(text: str, previous: str) -> None:
    for citation in parse_citations(text, parse_citations(previous)):
        assert citation.article is None or citation.article >= 0


@SETTINGS
@given(rows=st.lists(st.lists(texts, min_size=1, max_size=6), max_size=6))
def test_power_list_reader_never_crashes(reader: DutyReader, tmp_path: Path, rows: list[list[str]]) -> None:
    import csv

    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["职权名称", "职权类型", "实施主体", "实施依据", "责任事项", "承办机构"])
        writer.writerows(rows)
    try:
        _, problems = read_power_list(
            str(path), read_tables(path), reader, types={"行政处罚": "type:penalty"}, known_instruments=set()
        )
    except LoadError as exc:
        assert str(exc).startswith(str(path))
        return
    assert all(isinstance(row, int | None) and text for row, text in problems)


@SETTINGS
@given(text=texts)
def test_duty_reader_finds_only_known_concepts(reader: DutyReader, text: str) -> None:
    reading = reader.read(text)
    assert all(s.startswith("subject:") for s in reading.subjects)
    assert all(a.startswith("action:") for a in reading.actions)
    assert set(reading.pairs) <= {(s, a) for s in reading.subjects for a in reading.actions}


def _each_an_error_naming_its_file(tmp_path: Path, cases: dict[str, bytes], read: Callable[[Path], object]) -> None:
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(LoadError) as caught:
            read(tmp_path / name)
        assert name in str(caught.value), name


def test_broken_spreadsheets_are_errors_naming_the_file(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["事项名称", "职权类型"])
    book.active.append(["对矿山企业的行政检查", "行政检查"])
    book.save(tmp_path / "list.xlsx")
    whole = (tmp_path / "list.xlsx").read_bytes()
    cases = {
        "cut.xlsx": whole[: len(whole) // 2],  # a download cut short
        "text.xlsx": "事项名称,职权类型\n".encode(),  # a CSV renamed .xlsx
        "ole.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,  # an OLE header and garbage
        "binary.csv": b"a,b\n1,\x002\n",  # NUL bytes
        "bytes.csv": bytes(range(128, 256)) * 4,  # no known encoding
    }
    _each_an_error_naming_its_file(tmp_path, cases, read_tables)
    # the limits hold, and say which setting raises them
    with pytest.raises(LoadError, match="DUTYGRAPH_MAX_CELLS"):
        read_tables(tmp_path / "list.xlsx", ReadLimits(cells=3))
    with pytest.raises(LoadError, match="DUTYGRAPH_MAX_CELL_CHARS"):
        read_tables(tmp_path / "list.xlsx", ReadLimits(cell_chars=5))
    with pytest.raises(LoadError, match="DUTYGRAPH_MAX_UNZIPPED_MB"):
        read_tables(tmp_path / "list.xlsx", ReadLimits(unzipped_bytes=100))
    # Excel's UTF-16 "Unicode text" CSV reads
    (tmp_path / "utf16.csv").write_bytes("事项名称,职权类型\n检查,行政检查\n".encode("utf-16"))
    assert read_tables(tmp_path / "utf16.csv")[0].rows[1][1] == ["检查", "行政检查"]


def test_broken_texts_are_errors_naming_the_file(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("石岭市应急管理局主要职责内设机构和人员编制规定")
    document.save(tmp_path / "sanding.docx")
    whole = (tmp_path / "sanding.docx").read_bytes()
    cases = {
        "cut.docx": whole[: len(whole) // 2],  # a download cut short
        "text.docx": "第一条 为了……".encode(),  # a text renamed .docx
        "binary.txt": b"\x7fELF\x02\x01\x00\x00",  # a program renamed .txt
        "bytes.md": bytes(range(128, 256)) * 4,  # no known encoding
    }
    _each_an_error_naming_its_file(tmp_path, cases, read_document)
    with pytest.raises(LoadError, match="DUTYGRAPH_MAX_UNZIPPED_MB"):
        read_document(tmp_path / "sanding.docx", ReadLimits(unzipped_bytes=100))
    (tmp_path / "long.txt").write_text("第一条 " + "安全" * 100, encoding="utf-8")
    with pytest.raises(LoadError, match=r"line 1 .*DUTYGRAPH_MAX_LINE_CHARS"):
        read_document(tmp_path / "long.txt", ReadLimits(line_chars=50))
    with pytest.raises(LoadError, match="DUTYGRAPH_MAX_FILE_MB"):
        read_document(tmp_path / "long.txt", ReadLimits(file_bytes=10))
    # Notepad's "Unicode" (UTF-16 with its mark) reads
    (tmp_path / "utf16.txt").write_bytes("第一条　为了加强安全生产工作\n".encode("utf-16"))
    assert read_document(tmp_path / "utf16.txt").lines[0].text.startswith("第一条")


def test_empty_inputs_are_errors_unless_allowed(tmp_path: Path) -> None:
    from dutygraph.errors import DatasetInvalid
    from dutygraph.loaders import load_paths
    from dutygraph.stores import open_store

    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "header.csv").write_text("事项名称,职权类型,实施依据\n", encoding="utf-8")
    (tmp_path / "dataset").mkdir()
    (tmp_path / "dataset" / "organizations.csv").write_text("id,name,level,region\n", encoding="utf-8")
    (tmp_path / "nothing.ttl").write_text("@prefix ex: <http://example.org/> .\n", encoding="utf-8")
    (tmp_path / "sanding.txt").write_text("这是一段没有条文的文字。\n", encoding="utf-8")
    hint = OrganizationHint(name="石岭市应急管理局", region="990100")
    store = open_store(str(tmp_path / "store"))
    for name, kind in [
        ("zero.txt", None),
        ("header.csv", None),
        ("dataset", None),
        ("nothing.ttl", None),
        ("sanding.txt", "sanding"),
    ]:
        with pytest.raises(DatasetInvalid) as caught:
            load_paths(store, [tmp_path / name], kind=kind, hint=hint)
        assert "nothing to load" in str(caught.value.errors[0]) and "--allow-empty" in str(caught.value.errors[0])
        assert name in str(caught.value.errors[0]), name
        assert store.is_empty()  # not even the shipped taxonomies: nothing was written
    # allowed: the load goes on, and the report says what was empty
    result = load_paths(store, [tmp_path / "header.csv"], allow_empty=True)
    assert any("nothing to load" in note for report in result.reports for note in report.notes)
    result = load_paths(store, [tmp_path / "sanding.txt"], kind="sanding", hint=hint, allow_empty=True)
    assert store.get(next(r.values["id"][0] for r in result.reports[0].records if r.kind == "Organization"))
    store.close()
