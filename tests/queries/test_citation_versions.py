"""Which version a citation naming none was written against: the list's own date (its title, its comment
header, a row's 更新时间, ``--valid-from``), and the 30 days a list has to follow a revision.

The two 矿产资源法 texts: 2009 (in force until 2025-06-30) and 2024 (in force from 2025-07-01). 2009 第四十四条
(破坏性开采) is 2024 第六十八条; 2024 第四十四条 is about something else.
"""

from __future__ import annotations

from pathlib import Path

from dutygraph.loaders import load_paths
from dutygraph.loaders.sanding import OrganizationHint
from dutygraph.queries import audit
from dutygraph.stores import Store, open_store

ROOT = Path(__file__).resolve().parent.parent.parent
LAWS = sorted((ROOT / "tests" / "data" / "scenarios" / "mineral_list").glob("*.txt"))

HEAD = "序号,事项名称,事项类别,实施依据,实施主体"
# a name that says too little for the content to decide which version the row was written against
ROW = "1,对其他违法行为的行政处罚,行政处罚,《中华人民共和国矿产资源法》第四十四条,青山县自然资源局"


def _stale(store: Store, on: str) -> list[str]:
    return [f.message for f in audit(store, on).findings if f.kind == "basis" and f.variant == "stale"]


def _load(tmp_path: Path, text: str, hint: OrganizationHint | None = None, store: Store | None = None) -> Store:
    store = store or open_store("memory:")
    listing = tmp_path / "青山县自然资源局行政处罚事项清单.csv"
    listing.write_text(text, "utf-8")
    load_paths(store, LAWS)  # --valid-from would date the law texts too
    load_paths(store, [listing], hint=hint)
    return store


def test_a_list_dated_by_its_title_is_read_against_the_version_then_in_force(tmp_path: Path) -> None:
    store = _load(tmp_path, f"青山县自然资源局行政处罚事项清单（2024年版）\n{HEAD}\n{ROW}\n")
    [message] = _stale(store, "2025-08-01")
    # the list's date, the version it chose, and the article that carries the content now
    assert "the list's date 2024-12-31" in message
    assert "its content is 第六十八条" in message
    # within the 30 days the list has to follow the revision, nothing is due yet
    assert _stale(store, "2025-07-20") == []
    # before the revision the same citation is simply valid
    assert _stale(store, "2025-01-01") == []


def test_a_list_dated_after_the_revision_cites_the_new_numbers(tmp_path: Path) -> None:
    # 2024 第六十八条 is 破坏性开采: a list of 2025-09 citing it is up to date
    row = ROW.replace("第四十四条", "第六十八条")
    store = _load(tmp_path, f"# date: 2025-09-01\n{HEAD}\n{row}\n")
    assert _stale(store, "2025-10-01") == []
    [power] = store.nodes("Power")
    assert power.get("last_reviewed") == "2025-09-01"


def test_valid_from_dates_a_list_and_a_row_of_its_own_date_wins(tmp_path: Path) -> None:
    text = f"{HEAD},更新时间\n{ROW},2025-08-15\n{ROW.replace('1,对其他', '2,对另一类')},\n"
    store = _load(tmp_path, text, hint=OrganizationHint(valid_from="2024-05-01"))
    reviewed = sorted(str(p.get("last_reviewed")) for p in store.nodes("Power"))
    assert reviewed == ["2024-05-01", "2025-08-15"]
    # only the row last reviewed in 2024 is left on the 2009 numbers
    [message] = _stale(store, "2025-10-01")
    assert "the list's date 2024-05-01" in message


def test_an_undated_list_whose_rows_say_too_little_is_not_guessed_stale(tmp_path: Path) -> None:
    store = _load(tmp_path, f"{HEAD}\n{ROW}\n")
    assert _stale(store, "2025-08-01") == []


def test_the_list_date_decides_on_every_store(store: Store, tmp_path: Path) -> None:
    """Read through the store interface: the embedded, in-memory and Neo4j (openCypher engine here) stores."""
    _load(tmp_path, f"青山县自然资源局行政处罚事项清单（2024年版）\n{HEAD}\n{ROW}\n", store=store)
    [message] = _stale(store, "2025-08-01")
    assert "its content is 第六十八条" in message


SCENARIO = ROOT / "tests" / "data" / "scenarios" / "mineral_list_2025"


def _mismatches(store: Store, on: str) -> dict[str, str]:
    return {
        f.evidence[0].anchor: f.message
        for f in audit(store, on).findings
        if f.kind == "basis" and f.variant == "mismatch"
    }


def test_articles_that_do_not_say_what_the_power_is_are_a_mismatch_on_every_store(store: Store) -> None:
    """Row 3 cites the obligation without its penalty, row 5 a penalty about another matter; row 4 cites the
    obligation with its penalty and is right. Read through the store interface on every store."""
    load_paths(store, [SCENARIO])
    found = _mismatches(store, "2026-01-01")
    assert set(found) == {"line 7", "line 9"}
    assert (
        "is a 行政处罚 but cites 《中华人民共和国矿产资源法》第三十八条, none of which imposes a penalty"
        in found["line 7"]
    )
    assert "第六十五条, about another matter" in found["line 9"] and "拒绝阻碍监督检查" in found["line 9"]
    # both texts are the evidence: the row as the list writes it, and the article it cites
    [finding] = [
        f for f in audit(store, "2026-01-01").findings if f.variant == "mismatch" and "第三十八条" in f.message
    ]
    assert finding.evidence[0].text.startswith("对勘查活动结束后未及时清理勘查区域")
    assert any(ev.text.startswith("勘查活动结束后，探矿权人应当及时对勘查区域进行清理") for ev in finding.evidence)


def test_an_undated_list_citing_an_old_number_for_a_penalty_is_a_mismatch(tmp_path: Path) -> None:
    # 2024 第四十四条 is about 矿区生态修复 and imposes no penalty: what the row meant is not read, but it is wrong
    store = _load(tmp_path, f"{HEAD}\n{ROW}\n")
    [message] = _mismatches(store, "2025-08-01").values()
    assert "第四十四条, none of which imposes a penalty" in message
