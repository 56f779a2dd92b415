"""Bad input gets a clear error naming file, row and column — and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.errors import DatasetInvalid, LoadError
from dutygraph.loaders import load_path
from dutygraph.stores import Store
from tests.conftest import BASE, EXAMPLE, DatasetWriter


def _snapshot(store: Store) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    return store.counts(), sorted(store.edges())


def _load_fails(store: Store, folder: Path) -> DatasetInvalid | LoadError:
    before = _snapshot(store)
    with pytest.raises(LoadError) as err:
        load_path(store, folder)
    assert _snapshot(store) == before, "a failed load changed the store"
    return err.value


def test_example_loads_with_exact_counts(store: Store) -> None:
    summary = load_path(store, EXAMPLE)
    counts = store.counts()
    assert counts["Organization"] == 12
    assert counts["Duty"] == 14
    assert counts["Power"] == 7
    assert counts["Holding"] == 56
    assert summary.total_nodes == sum(counts.values())


def test_missing_column(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"organizations.csv": "id,name,region\nx,某局,100\n"})
    err = _load_fails(gypsum, folder)
    assert "organizations.csv:1: column 'level': missing column 'level'" in str(err)


def test_unknown_reference_and_all_errors_at_once(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset(
        {
            "units.csv": "id,name,organization\nu1,一科,nowhere\nu2,二科,alsonowhere\n",
            "duties.csv": "id,provision,anchor,text,subjects\nd1,p-coal,第三条,文本,不存在的对象\n",
        }
    )
    err = _load_fails(gypsum, folder)
    assert isinstance(err, DatasetInvalid)
    messages = [str(e) for e in err.errors]
    assert any("units.csv:2: column 'organization': unknown Organization 'nowhere'" in m for m in messages)
    assert any("units.csv:3: column 'organization': unknown Organization 'alsonowhere'" in m for m in messages)
    assert any("duties.csv:2: column 'subjects': unknown Subject '不存在的对象'" in m for m in messages)


def test_reference_to_the_wrong_kind(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"units.csv": "id,name,organization\nu1,一科,zhao-lei\n"})
    err = _load_fails(gypsum, folder)
    assert "'zhao-lei' is a Person, not an Organization" in str(err)


def test_cycle_in_taxonomy(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"subjects.csv": "id,label,broader\ns1,甲类,s2\ns2,乙类,s1\n"})
    err = _load_fails(gypsum, folder)
    assert "the taxonomy has a cycle" in str(err)
    assert "subjects.csv:" in str(err)


def test_cycle_through_the_stored_taxonomy(gypsum: Store, dataset: DatasetWriter) -> None:
    # 矿山 made narrower than 石膏矿, which is already narrower than 矿山
    folder = dataset({"subjects.csv": "id,label,broader\nsubject:mine,矿山,石膏矿\n"})
    err = _load_fails(gypsum, folder)
    assert "cycle" in str(err)


def test_reversed_dates(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset(
        {"holdings.csv": "id,person,post,valid_from,valid_to\nh1,zhao-lei,em-mine-b,2020-05-01,2020-01-01\n"}
    )
    err = _load_fails(gypsum, folder)
    assert "holdings.csv:2: column 'valid_from': valid_from 2020-05-01 is not before valid_to 2020-01-01" in str(err)


def test_duplicate_ids(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"persons.csv": "id,name\np1,甲\np1,乙\n"})
    err = _load_fails(gypsum, folder)
    assert "persons.csv:3: column 'id': duplicate id 'p1' (first at" in str(err)
    assert "persons.csv:2)" in str(err)


def test_id_of_another_kind_in_the_store(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"persons.csv": "id,name\ncoal,甲\n"})
    err = _load_fails(gypsum, folder)
    assert "persons.csv:2: column 'id': id 'coal' is already an Organization in the store" in str(err)


def test_wrong_encoding(gypsum: Store, tmp_path: Path) -> None:
    folder = tmp_path / "gbk"
    folder.mkdir()
    (folder / "persons.csv").write_bytes("id,name\np1,张三\n".encode("gbk"))
    err = _load_fails(gypsum, folder)
    assert "persons.csv:2: not UTF-8 text" in str(err)
    assert "iconv -f GBK" in str(err)


def test_bad_values(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"organizations.csv": "id,name,level,region,valid_from\nx,某局,galaxy,100,2020-13-45\n"})
    err = _load_fails(gypsum, folder)
    text = str(err)
    assert "column 'level': 'galaxy' is not one of national, province, city, county, township" in text
    assert "column 'valid_from': '2020-13-45' is not a date" in text


def test_unknown_file_and_column(gypsum: Store, dataset: DatasetWriter) -> None:
    folder = dataset({"people.csv": "id,name\n", "persons.csv": "id,name,age\np,甲,3\n"})
    err = _load_fails(gypsum, folder)
    assert "people.csv: not a dataset file" in str(err)
    assert "unknown column 'age' for Person" in str(err)


def test_chinese_values_and_comment_header(store: Store, dataset: DatasetWriter) -> None:
    folder = dataset(
        {
            "organizations.csv": "# source: 手工录入\nid,name,level,region,valid_from\nx,某局,市,100,2019年3月1日\n",
        }
    )
    load_path(store, folder)
    node = store.get("x")
    assert node is not None
    assert node.get("level") == "city" and node.get("valid_from") == "2019-03-01"
    assert node.get("source_location") == "row 3"


def test_a_later_load_merges_and_replaces_by_id(store: Store, dataset: DatasetWriter) -> None:
    load_path(store, dataset(BASE))
    load_path(store, dataset({"organizations.csv": "id,name,level,region\na,甲局（更名）,city,100\n"}))
    node = store.get("a")
    assert node is not None and node.get("name") == "甲局（更名）"
    assert store.get("b") is not None
    assert store.sources("a", "provisionOf") == ["pa"]


def test_not_a_dataset(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(LoadError, match=r"notes\.txt: cannot tell what this text is .*pass --kind"):
        load_path(store, path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LoadError, match="no dataset files or documents here"):
        load_path(store, empty)
    assert store.is_empty()
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(LoadError, match=r"bad\.ttl: not valid Turtle"):
        load_path(store, bad)


def test_problems_are_told_row_by_row_and_in_each_row_field_by_field(gypsum: Store, dataset: DatasetWriter) -> None:
    # the checks run a column at a time over the rows; the user still reads the problems in the file's order
    folder = dataset(
        {
            "organizations.csv": (
                "id,name,region,level,valid_from,valid_to\n"
                "o1,甲局,100,nowhere,2020-01-01,2019-01-01\n"
                "o2,乙局,100,county,soon,\n"
                "o3,,100,county,2020-01-01,\n"
            )
        }
    )
    err = _load_fails(gypsum, folder)
    assert isinstance(err, DatasetInvalid)
    located = [(e.row, e.column) for e in err.errors]
    assert located == [(2, "level"), (2, "valid_from"), (3, "valid_from"), (4, "name")]


def test_a_wrong_value_repeated_on_many_rows_is_told_on_each(gypsum: Store, dataset: DatasetWriter) -> None:
    # a text is converted once for all the rows giving it: its problem is still told on every one of them
    rows = "".join(f"o{i},局{i},100,市直,2020-01-01\n" for i in range(5))
    folder = dataset({"organizations.csv": "id,name,region,level,valid_from\n" + rows})
    err = _load_fails(gypsum, folder)
    assert isinstance(err, DatasetInvalid)
    assert [e.row for e in err.errors] == [2, 3, 4, 5, 6]
    assert all("'市直' is not one of" in str(e) for e in err.errors)


def test_a_write_tells_its_progress_in_records_then_relationships(store: Store) -> None:
    told: list[tuple[str, int, int]] = []
    store.on_progress = lambda what, done, total: told.append((what, done, total))
    summary = load_path(store, EXAMPLE)
    assert told, "the store told nothing while writing"
    assert [w for w, _, _ in told] == sorted((w for w, _, _ in told), key=["records", "relationships"].index)
    last = {what: (done, total) for what, done, total in told}
    assert last["records"] == (summary.total_nodes, summary.total_nodes)
    assert last["relationships"][0] == last["relationships"][1] == summary.edges
