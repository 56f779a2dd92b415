"""The CLI as a user runs it: the README's commands, JSON contracts, exit codes and messages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.cli import main
from tests.conftest import EXAMPLE

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_reports_the_gypsum_overlap_in_2017_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", str(EXAMPLE), "--format", "json", "--as-of", "2017-06-01")
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == "2017-06-01"
    overlaps = [f for f in report["findings"] if f["kind"] == "overlap"]
    # one problem, one finding: the two bureaus' duties and penalty powers on 石膏矿, first as the most pressing
    duty_overlap = overlaps[0]
    assert duty_overlap["records"] == ["d-coal-1", "d-safety-2", "pw-coal-penalty", "pw-safety-penalty"]
    assert (duty_overlap["variant"], duty_overlap["severity"]) == ("subsumed", "high")
    assert duty_overlap["organizations"] == ["石岭市煤炭工业局", "石岭市安全生产监督管理局"]
    assert duty_overlap["subjects"] == ["石膏矿", "非煤矿山"]
    texts = [e["text"] for e in duty_overlap["evidence"]]
    assert texts == [
        "负责全市煤矿、石膏矿安全生产监督管理工作，依法组织对煤矿、石膏矿企业的安全生产监督检查。",
        "负责全市非煤矿山、危险化学品、烟花爆竹生产经营单位的安全生产监督管理工作。",
        "对煤矿、石膏矿企业安全生产违法行为的行政处罚",
        "对非煤矿山企业安全生产违法行为的行政处罚",
    ]
    code, out, _ = run(capsys, "audit", str(EXAMPLE), "--format", "json", "--as-of", "2020-06-01")
    assert [f for f in json.loads(out)["findings"] if f["kind"] == "overlap"] == []


def test_load_then_audit_and_trace_from_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    code, out, _ = run(capsys, "--store", store, "load", str(EXAMPLE))
    assert code == 0 and "loaded" in out
    code, out, _ = run(capsys, "--store", store, "trace", "inc-2017", "--format", "json")
    links = json.loads(out)["links"]
    assert {(lk["person"], lk["responsibility"]) for lk in links} >= {
        ("赵磊", "direct"),
        ("王建国", "leadership"),
        ("刘洋", "leadership"),
        ("陈静", "supervisory"),
    }
    code, out, _ = run(capsys, "--store", store, "audit", "--as-of", "2020-06-01")
    assert code == 0
    assert "Audit as of 2020-06-01" in out and "无主矿山" in out
    code, out, _ = run(
        capsys, "--store", store, "trace", "--subject", "石膏矿", "--date", "2020-07-08", "--region", "990100"
    )
    assert "石岭市应急管理局" in out and "(vacant)" in out


def test_export_and_load_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second, ttl = str(tmp_path / "a"), str(tmp_path / "b"), tmp_path / "g.ttl"
    run(capsys, "--store", first, "load", str(EXAMPLE))
    code, _, _ = run(capsys, "--store", first, "export", "--with-personal-data", "--out", str(ttl))
    assert code == 0 and ttl.stat().st_size > 10_000
    code, _, _ = run(capsys, "--store", second, "load", str(ttl))
    assert code == 0
    a = run(capsys, "--store", first, "audit", "--format", "json", "--as-of", "2017-06-01")[1]
    b = run(capsys, "--store", second, "audit", "--format", "json", "--as-of", "2017-06-01")[1]
    assert json.loads(a) == json.loads(b)
    # by default personal data stays home: no name, no 执法证 number, no holding, and the file says so
    plain = tmp_path / "plain.ttl"
    code, _, _ = run(capsys, "--store", first, "export", "--out", str(plain))
    text = plain.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("# personal data left out (Absence, Credential, Holding, Person)")
    assert "赵磊" not in text and "dg:Holding" not in text and "zhao-lei" not in text
    assert "石岭市煤炭工业局" in text
    code, _, _ = run(capsys, "--store", str(tmp_path / "c"), "load", str(plain))
    assert code == 0  # what is left loads back on its own


def test_errors_are_one_line_reasons_and_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--store", "memory:", "trace", "inc-1")
    assert code == 1 and err.strip() == "error: no Incident 'inc-1' in the store"
    code, _, err = run(capsys, "--store", "nosuch://x", "audit")
    assert code == 1 and "known stores" in err
    code, _, err = run(capsys, "audit", str(EXAMPLE), "--as-of", "yesterday")
    assert code == 1 and "not a date" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "persons.csv").write_text("id,name\np1,\n", encoding="utf-8")
    code, _, err = run(capsys, "--store", str(tmp_path / "s"), "load", str(bad))
    assert code == 1
    assert re.search(r"persons\.csv:2: column 'name': name is required", err)


def test_reading_a_store_that_does_not_exist_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here"
    for command in (["audit"], ["trace", "inc-2017"], ["export"]):
        code, _, err = run(capsys, "--store", str(missing), *command)
        assert code == 1
        assert f"store '{missing}' is unavailable: no store there yet" in err
    assert not missing.exists()


def test_store_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUTYGRAPH_STORE", str(tmp_path / "env-store"))
    run(capsys, "load", str(EXAMPLE))
    assert (tmp_path / "env-store" / "graph.sqlite3").exists()


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block[0] == "pip install . && dutygraph audit examples/gypsum --as-of 2017-06-01"
    assert block[1] == "pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]'" in ci and "\npytest" in ci


@pytest.mark.skipif(shutil.which("dutygraph") is None, reason="the dutygraph script is not installed")
def test_readme_main_command_runs_as_installed(tmp_path: Path) -> None:
    """As a user types it, with no language set: the findings in Chinese; ``--lang en`` in English."""
    env = {k: v for k, v in os.environ.items() if k != "DUTYGRAPH_LANG"}

    def audit(*extra: str) -> str:
        done = subprocess.run(
            ["dutygraph", *extra, "audit", "examples/gypsum", "--as-of", "2017-06-01"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    chinese = audit()
    assert "截至2017-06-01" in chinese and "职责交叉（包含）" in chinese
    assert "石岭市煤炭工业局与石岭市安全生产监督管理局均承担石膏矿" in chinese
    assert "both hold" not in chinese and "Audit as of" not in chinese
    english = audit("--lang", "en")
    assert "Audit as of 2017-06-01" in english and "overlap (one contains the other)" in english
    assert "石岭市煤炭工业局 and 石岭市安全生产监督管理局 both hold" in english


def test_readme_documents_every_dataset_file_and_finding() -> None:
    from dutygraph.queries import FINDING_KINDS
    from dutygraph.schema import NODE_KINDS
    from dutygraph.schema_gen import dataset_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert dataset_table() in readme, "the README's dataset table is stale: run `python -m dutygraph.schema_gen`"
    for kind in NODE_KINDS.values():
        assert f"`{kind.csv_file}`" in readme
        for fld in kind.fields:
            if fld.column not in ("source", "source_location"):
                assert f"`{fld.column}`" in readme, (kind.name, fld.column)
    for kind, variants in FINDING_KINDS.items():
        assert f"**{kind}**" in readme
        for variant in variants:
            assert f"`{variant}`" in readme, variant


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("load", "audit", "trace", "export"):
        assert command in out
    assert sys.version_info >= (3, 11)


def test_evaluate_the_safety_bureau_as_a_user_would(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", "石岭市安全生产监督管理局", str(EXAMPLE), "--as-of", "2017-06-01")
    assert code == 0, err
    assert "石岭市安全生产监督管理局, as of 2017-06-01" in out
    assert "-5 overlap (one contains the other): 石岭市煤炭工业局 and 石岭市安全生产监督管理局 both hold" in out
    assert "-5 more leaders than approved" in out and "-5 unit not in the 三定" in out
    assert "第五条: 副局长1名。" in out  # the 三定 clause as evidence
    assert "left for manual scoring" in out and "public-review" in out
    assert "total 70 + 15 points left for manual scoring; grade: between 诫勉 and 达标" in out
    assert "serious violation, the grade is one band lower" in out
    code, out, _ = run(
        capsys,
        "evaluate",
        "safety",
        str(EXAMPLE),
        "--as-of",
        "2017-06-01",
        "--manual",
        "public-review=15",
        "--format",
        "json",
    )
    result = json.loads(out)
    assert (result["total"], result["grade"]) == (85, "达标")


def test_evaluate_refuses_a_bad_scheme(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scheme = tmp_path / "bad.yaml"
    scheme.write_text(
        "total: 100\ngroups:\n  - {name: 职责, weight: 99, items: [{id: a, weight: 99, deduct: {overlap: 1}}]}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "evaluate", "safety", str(EXAMPLE), "--scheme", str(scheme))
    assert code == 1
    assert "bad.yaml: the groups weigh 99 in all, but the total is 100" in err


def test_audit_table_shows_staffing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "audit", str(EXAMPLE), "--as-of", "2017-06-01", "--kind", "staffing")
    assert code == 0
    assert "staffing" in out and "超职数配备" in out and "自设内设机构" in out


def test_help_is_in_the_language_asked_for(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYGRAPH_LANG")
    code, out, _ = run(capsys, "audit", "--help")
    assert code == 0 and "按日期报告职责交叉、职责空缺、未落实的职责和执法依据问题。" in out
    assert "计算问题所依据的日期（默认：今天）。" in out
    code, out, _ = run(capsys, "--lang", "en", "audit", "--help")
    assert "Report overlaps, gaps, unassigned duties and basis problems as of a date." in out
    assert "按日期报告" not in out


def test_trace_text_routes_a_complaint_as_a_hotline_desk_would(capsys: pytest.CaptureFixture[str]) -> None:
    text = "城郊修路工地没有安全防护，工人冒险作业"
    args = ("trace", "--text", text, "--date", "2018-04-10", "--region", "990100", "--received-by", "housing")
    code, out, err = run(capsys, "--lang", "zh", *args, "--data", str(EXAMPLE))
    assert code == 0, err
    assert "投诉分办（2018-04-10）" in out and "监管对象：公路工程（“修路工地”）" in out
    assert "处理意见：转办 → 石岭市交通运输局" in out and "石岭市住房和城乡建设局不承担牵头职责" in out
    assert out.index("石岭市交通运输局") < out.index("石岭市住房和城乡建设局")
    code, out, _ = run(capsys, *args, "--data", str(EXAMPLE), "--format", "json")
    answer = json.loads(out)
    assert {"candidates", "overlap", "gap", "matched", "decision", "deadline", "nothing_matched"} <= set(answer)
    assert [(c["organization"], c["role"]) for c in answer["candidates"]] == [
        ("石岭市交通运输局", "lead"),
        ("石岭市住房和城乡建设局", "cooperating"),
    ]
    assert answer["candidates"][0]["matched"][0]["subject_words"] == "修路工地"
    assert {"organization", "role", "matched", "evidence", "posts"} <= set(answer["candidates"][0])
    assert answer["decision"] == {
        "action": "forward",
        "to": ["石岭市交通运输局"],
        "reason": answer["decision"]["reason"],
    }
    code, out, _ = run(
        capsys, "--lang", "zh", "trace", "--text", "小区门口的路灯坏了", "--date", "2020-06-01", "--data", str(EXAMPLE)
    )
    assert code == 0 and "监管对象分类中没有匹配项；不推测承办部门" in out and "疑似监管对象的词语：路灯" in out
    code, _, err = run(capsys, "trace", "--text", text, "--data", str(EXAMPLE))
    assert code == 1 and "--text needs --date" in err


def test_subjects_unmatched_lists_what_complaints_name_and_the_taxonomy_lacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "subjects", str(EXAMPLE), "--unmatched", "--format", "json")
    assert code == 0
    lamp = next(u for u in json.loads(out)["unmatched"] if u["phrase"] == "路灯")
    assert lamp["seen_in"][0]["source"] == "gypsum/complaints.csv"
