"""``dutygraph backup`` and its restore by ``dutygraph load``: the store afterwards answers exactly as before."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dutygraph.errors import LoadError
from dutygraph.loaders import load_path, load_paths
from dutygraph.queries import audit
from dutygraph.stores import open_store
from dutygraph.stores.backup import write_backup
from tests.conftest import EXAMPLE, neo4j_store
from tests.processes import CLI, cli_env

ON = "2020-06-01"


def test_a_backup_restored_into_another_store_answers_the_same(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    subprocess.run([*CLI, "load", str(EXAMPLE)], env=cli_env(source), check=True, capture_output=True)
    backup = tmp_path / "backups" / "gypsum.sqlite3"
    made = subprocess.run(
        [*CLI, "backup", "--out", str(backup)], env=cli_env(source), check=True, capture_output=True, text=True
    )
    assert "records" in made.stdout and f"dutygraph load {backup}" in made.stdout
    # the target held something else: after the restore it holds exactly the backup
    other = tmp_path / "other"
    other.mkdir()
    (other / "organizations.csv").write_text("id,name,level,region\nx-bureau,某市某局,city,990100\n", "utf-8")
    subprocess.run([*CLI, "load", str(other)], env=cli_env(target), check=True, capture_output=True)
    restored = subprocess.run(
        [*CLI, "load", str(backup)], env=cli_env(target), check=True, capture_output=True, text=True
    )
    assert "exactly this backup" in restored.stdout
    with open_store(str(source)) as before, open_store(str(target)) as after:
        assert after.get("x-bureau") is None
        assert after.counts() == before.counts()
        assert sorted(after.edges()) == sorted(before.edges())
        assert audit(after, ON).to_dict() == audit(before, ON).to_dict()
        assert after.loads()[-1]["source"] == f"restored from {backup}"  # type: ignore[attr-defined]


def test_a_neo4j_store_is_backed_up_through_the_interface(tmp_path: Path) -> None:
    server = neo4j_store()  # the openCypher engine behind the driver's API, or $NEO4J_URI's server
    try:
        load_path(server, EXAMPLE)
        summary = write_backup(server, tmp_path / "neo4j.sqlite3")
        expected = audit(server, ON).to_dict()
        counts = server.counts()
    finally:
        server.close()
    assert summary.records == sum(counts.values())
    store = open_store("memory:")
    load_path(store, summary.path)
    assert store.counts() == counts
    assert audit(store, ON).to_dict() == expected


def test_a_damaged_backup_is_an_error_and_changes_nothing(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    load_path(store, EXAMPLE)
    backup = write_backup(store, tmp_path / "b.sqlite3").path
    counts = store.counts()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(backup.read_bytes()[:4096])  # the header of an SQLite file, the rest cut off
    with pytest.raises(LoadError) as caught:
        load_path(store, damaged)
    assert str(damaged) in str(caught.value)
    with pytest.raises(LoadError, match="on its own"):
        load_paths(store, [backup, EXAMPLE])
    assert store.counts() == counts
    store.close()
