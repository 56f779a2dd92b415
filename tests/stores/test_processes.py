"""Loads beside readers, as users run them: a server answering while another process loads, two loads at
once, loads killed halfway — each in processes of their own, on one embedded store."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from dutygraph.queries import audit
from dutygraph.stores import open_store
from dutygraph.stores.backup import write_backup
from dutygraph.stores.embedded import DB_FILE
from tests.conftest import EXAMPLE
from tests.processes import CLI, ask, cli_env, health, serving, store_digest

BOTH = "{ organizations { totalCount } subjects { id } }"


def _more(folder: Path) -> Path:
    """A dataset adding one organization and one top subject: one load, two answers that move together."""
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,level,region\nwater-bureau,石岭市水务局,city,990100\n", encoding="utf-8"
    )
    (folder / "subjects.csv").write_text("id,label\nsubject:water_works,水利工程\n", encoding="utf-8")
    return folder


def _answer(url: str) -> tuple[int, int]:
    data = ask(url, BOTH)
    return data["organizations"]["totalCount"], len(data["subjects"])


def test_a_server_answers_from_one_state_while_another_process_loads(tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run([*CLI, "load", str(EXAMPLE)], env=cli_env(store), check=True, capture_output=True)
    with serving(store) as url:
        before = _answer(url)
        answers: list[tuple[int, int]] = []
        done = threading.Event()

        def keep_asking() -> None:
            while not done.is_set():
                answers.append(_answer(url))

        asking = threading.Thread(target=keep_asking)
        asking.start()
        try:
            load = subprocess.run(
                [*CLI, "load", str(_more(tmp_path / "more"))], env=cli_env(store), capture_output=True, text=True
            )
            assert load.returncode == 0, load.stderr
            after = (before[0] + 1, before[1] + 1)
            deadline = time.monotonic() + 30
            while _answer(url) != after:
                assert time.monotonic() < deadline, "the server never switched to the committed load"
                time.sleep(0.1)
        finally:
            done.set()
            asking.join()
        assert health(url)["switches"] == 1
        # every answer came whole from one state: the old one, then the new one, never one of each
        assert set(answers) <= {before, after}
        assert answers[0] == before and len(answers) > 3  # asked before, during and after the load
        assert answers == sorted(answers)  # and once switched, never back


def test_a_second_load_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    subprocess.run([*CLI, "load", str(EXAMPLE)], env=cli_env(folder), check=True, capture_output=True)
    holder = open_store(str(folder))
    try:
        with holder.exclusive():  # this process is "the first load", holding the store
            second = subprocess.Popen(
                [*CLI, "load", str(_more(tmp_path / "more"))],
                env=cli_env(folder),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(3)
            assert second.poll() is None, "the second load did not wait"
            with open_store(str(folder)) as meanwhile:
                assert meanwhile.get("water-bureau") is None
        _, err = second.communicate(timeout=60)
    finally:
        holder.close()
    assert second.returncode == 0, err
    assert "another load is writing to" in err and "waiting for it to finish" in err
    assert "process " in err  # who holds it
    reopened = open_store(str(folder))
    assert reopened.get("water-bureau") is not None
    reopened.close()


def _province(out: Path, powers: int) -> Path:
    """The benchmarks' generated province (bench/generate.py): a load that runs for a few seconds."""
    import importlib.util

    bench = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(out, powers)
    return out


def test_a_load_killed_anywhere_leaves_the_previous_store_whole(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    subprocess.run([*CLI, "load", str(EXAMPLE)], env=cli_env(folder), check=True, capture_output=True)
    with open_store(str(folder)) as store:
        findings = audit(store, "2020-06-01").to_dict()
        saved = write_backup(store, tmp_path / "before.sqlite3").path

    def put_back(into: Path) -> None:
        for old in into.glob(f"{DB_FILE}*"):
            old.unlink()
        into.mkdir(exist_ok=True)
        shutil.copyfile(saved, into / DB_FILE)

    put_back(folder)
    before = store_digest(folder)
    province = _province(tmp_path / "province", 2000)
    load = [*CLI, "load", "--replace", str(province)]
    # the state a load that ran to its end leaves, from the same start
    put_back(tmp_path / "finished")
    started = time.monotonic()
    subprocess.run(load, env=cli_env(tmp_path / "finished"), check=True, capture_output=True)
    took = time.monotonic() - started  # a whole load, start to commit: the kills land within it
    after = store_digest(tmp_path / "finished")
    chooser = random.Random(20)
    untouched = 0
    for _ in range(6):
        running = subprocess.Popen(load, env=cli_env(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.05, 0.95) * took)  # starting, reading, checking or writing: anywhere
        running.send_signal(signal.SIGKILL)
        running.wait()
        state = store_digest(folder)
        assert state in (before, after), "a killed load left the store neither as it was nor as the load made it"
        if state == after:  # the kill came after the commit: start again from the previous state
            put_back(folder)
            continue
        untouched += 1
        with open_store(str(folder)) as store:  # it opens, and answers as before
            assert audit(store, "2020-06-01").to_dict() == findings
    assert untouched, "no kill landed before the load committed"


def test_a_first_load_killed_anywhere_leaves_an_empty_store_that_loads_again(tmp_path: Path) -> None:
    """A new store's first load is written with a rollback journal (nothing to keep, half the writing): killed
    anywhere it leaves the store empty, opening as any other (in WAL mode, for readers beside later loads)."""
    province = _province(tmp_path / "province", 2000)
    load = [*CLI, "load", str(province)]
    finished = tmp_path / "finished"
    started = time.monotonic()
    subprocess.run(load, env=cli_env(finished), check=True, capture_output=True)
    took = time.monotonic() - started
    with open_store(str(finished)) as store:
        counts = store.counts()
    chooser = random.Random(7)
    emptied = 0
    for attempt in range(5):
        folder = tmp_path / f"killed-{attempt}"
        running = subprocess.Popen(load, env=cli_env(folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.4, 0.97) * took)  # checking or writing, mostly
        running.send_signal(signal.SIGKILL)
        running.wait()
        with open_store(str(folder)) as store:  # a journal left behind is rolled back here
            assert store.counts() in ({}, counts)
            emptied += store.counts() == {}
            mode = store._db.execute("PRAGMA journal_mode").fetchone()  # type: ignore[attr-defined]
            assert mode[0] == "wal"
        subprocess.run([*CLI, "load", str(province)], env=cli_env(folder), check=True, capture_output=True)
        with open_store(str(folder)) as store:
            assert store.counts() == counts
    assert emptied, "no kill landed before the first load committed"


def test_a_first_load_beside_a_reader_of_the_empty_store_goes_through_the_wal(tmp_path: Path) -> None:
    """A server following a new, empty store keeps reading while its first load is written, then sees it all."""
    folder = tmp_path / "store"
    with open_store(str(folder)) as reader:  # holds the file open, as a server does
        assert reader.counts() == {}
        load = subprocess.run([*CLI, "load", str(EXAMPLE)], env=cli_env(folder), capture_output=True, text=True)
        assert load.returncode == 0, load.stderr
        assert reader.counts() == {}  # its own state until it switches
        assert reader.changed_elsewhere() and reader.refresh()
        assert reader.counts() and reader.get("coal") is not None
        mode = reader._db.execute("PRAGMA journal_mode").fetchone()  # type: ignore[attr-defined]
        assert mode[0] == "wal"
