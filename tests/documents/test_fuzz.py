"""Fuzzing every reader through the load a user runs: mutated real files and random structure.

Each example writes a damaged or made-up file (三定 .txt/.docx, 权责清单 .csv/.xlsx/.xls, a law's text,
Turtle, a dataset folder) and loads it into an embedded store on disk. Whatever the file, the load either
succeeds or raises one of dutygraph's own errors naming the file — never another exception, never a hang
(a time limit per example) — and a failed load leaves the store, in memory and on disk, exactly as it was.

The CI profile runs a few dozen examples per reader; before a release run many more::

    pytest -m fuzz --hypothesis-profile long
"""

from __future__ import annotations

import csv
import io
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.errors import DutygraphError
from dutygraph.loaders import load_paths
from dutygraph.loaders.sanding import OrganizationHint
from dutygraph.stores import Store, open_store
from tests.conftest import EXAMPLE
from tests.processes import store_digest

pytestmark = [pytest.mark.fuzz, pytest.mark.filterwarnings("ignore:Generating overly large repr")]

DATA = Path(__file__).resolve().parent.parent / "data" / "documents"
SANDING = [*sorted((DATA / "sanding").glob("*.txt")), DATA / "written" / "shiling_yingjiguanliju_sanding.txt"]
LAWS = [DATA / "law" / "anquanshengchan_xukezheng_tiaoli_2014.txt", DATA / "law" / "kuangshananquanfa_2009.txt"]
LISTS = sorted((DATA / "quanze").glob("*.csv"))
XLS = DATA / "synthetic" / "shiling_quanliqingdan.xls"
ONTOLOGY = Path(__file__).resolve().parent.parent.parent / "ontology"
TURTLE = [ONTOLOGY / "power_types.ttl", ONTOLOGY / "actions.ttl"]
HINT = OrganizationHint(name="石岭市应急管理局", region="990100", level="city")

TIME_LIMIT = 30  # seconds for one example's load: the largest file here loads in well under one
PIECES = [
    "第一条",
    "（一）",
    "主要职责",
    "内设机构",
    "行政编制12名",
    "职权名称",
    "实施依据",
    "\n",
    "\x00",
    "\ufeff",
    "。",
]


class Hang(Exception):
    """A load ran past the time limit of one example."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail the example when what runs inside takes longer than ``seconds`` (a hang, not a slow machine)."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"a load ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- mutations ---------------------------------------------------------------------------------------
@st.composite
def damaged_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a few byte-level injuries: cut short, spans deleted, duplicated or overwritten."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "delete", "insert", "overwrite", "duplicate"]))
        at = draw(st.integers(0, len(data)))
        size = draw(st.integers(1, 64))
        if op == "truncate":
            del data[at:]
        elif op == "delete":
            del data[at : at + size]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=size))
        elif op == "overwrite":
            data[at : at + size] = draw(st.binary(min_size=1, max_size=size))
        else:
            data[at:at] = data[at : at + size]
    return bytes(data)


@st.composite
def damaged_lines(draw: st.DrawFn, base: str) -> str:
    """``base`` with lines dropped, repeated, swapped, cut, or pieces of real documents pushed in."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            lines.append(draw(st.text(max_size=20)))
            continue
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "insert", "garble"]))
        if op == "drop":
            del lines[at]
        elif op == "repeat":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif op == "insert":
            lines.insert(at, "".join(draw(st.lists(st.sampled_from(PIECES), max_size=5))) + draw(st.text(max_size=8)))
        else:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=6)) + line[cut + 1 :]
    return "\n".join(lines)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def damaged_text(paths: list[Path]) -> st.SearchStrategy[bytes]:
    """A real text of ``paths``, damaged by line or by byte, in one of the encodings documents come in."""
    line_damaged = (
        st.sampled_from(paths)
        .flatmap(lambda p: damaged_lines(_text(p)))
        .flatmap(
            lambda text: st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]).map(
                lambda encoding: text.encode(encoding, errors="replace")
            )
        )
    )
    byte_damaged = st.sampled_from(paths).flatmap(lambda p: damaged_bytes(p.read_bytes()))
    return st.one_of(line_damaged, byte_damaged)


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        # Word refuses control characters in a paragraph; a file with them cannot be made, only damaged
        document.add_paragraph(
            "".join(c for c in line if c in "\t" or (ord(c) >= 32 and c != "\ufffe" and c != "\uffff"))
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(["".join(c for c in cell if ord(c) >= 32 or c in "\t\n") for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@cache
def _office_file(path: Path, kind: str) -> bytes:
    """A real list as an .xlsx, a real 三定 as a .docx: made once, so that damaging it is reproducible (a
    new file carries the time it was made)."""
    return _xlsx(_rows(path)) if kind == "xlsx" else _docx(_text(path))


def _rows(path: Path) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(_text(path))) if row and not row[0].startswith("source:")]


@st.composite
def shuffled_rows(draw: st.DrawFn, base: list[list[str]]) -> list[list[str]]:
    """A real list's rows with cells blanked, moved between columns, or replaced by made-up text."""
    rows = [list(r) for r in base]
    for _ in range(draw(st.integers(1, 8))):
        if not rows:
            break
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if not row:
            continue
        at = draw(st.integers(0, len(row) - 1))
        op = draw(st.sampled_from(["blank", "move", "text", "drop_row", "drop_column"]))
        if op == "blank":
            row[at] = ""
        elif op == "move":
            other = draw(st.integers(0, len(row) - 1))
            row[at], row[other] = row[other], row[at]
        elif op == "text":
            row[at] = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=4))) + draw(st.text(max_size=12))
        elif op == "drop_row":
            rows.remove(row)
        else:
            for r in rows:
                del r[at : at + 1]
    return rows


# -- the harness -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """An embedded store on disk holding the gypsum example: what fuzzed files are loaded beside."""
    folder = tmp_path_factory.mktemp("fuzz") / "store"
    store = open_store(str(folder))
    load_paths(store, [EXAMPLE])
    yield store, folder
    store.close()


def load_fuzzed(
    stored: tuple[Store, Path], name: str, content: bytes | Callable[[Path], None], kind: str | None = None
) -> None:
    """Write ``content`` as ``name`` (or let it fill a folder) and load it; judge what happened."""
    store, folder = stored
    counts, on_disk = store.counts(), store_digest(folder)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
        try:
            with time_limit(TIME_LIMIT):
                load_paths(store, [path], kind=kind, hint=HINT)
        except DutygraphError as exc:
            assert str(path) in str(exc) or str(path.parent) in str(exc), f"the error does not name the file: {exc}"
            assert store.counts() == counts, "a failed load changed the store in memory"
            assert store_digest(folder) == on_disk, "a failed load changed the store on disk"
            return
    assert sum(store.counts().values()) >= sum(counts.values())


# -- one test per reader -------------------------------------------------------------------------------
@given(content=damaged_text(SANDING))
def test_sanding_text(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "sanding.txt", content, kind="sanding")


@given(
    content=st.one_of(
        st.sampled_from(SANDING).flatmap(lambda p: damaged_lines(_text(p))).map(_docx),
        st.sampled_from(SANDING).map(lambda p: _office_file(p, "docx")).flatmap(damaged_bytes),
    )
)
def test_sanding_docx(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "sanding.docx", content)


@given(content=damaged_text(LAWS))
def test_law_text(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "law.txt", content, kind="law")


@given(content=damaged_text(LISTS))
def test_power_list_csv(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "list.csv", content)


@given(
    content=st.one_of(
        st.sampled_from(LISTS).flatmap(lambda p: shuffled_rows(_rows(p))).map(_xlsx),
        st.lists(st.lists(st.text(max_size=10), max_size=6), max_size=6).map(_xlsx),
        st.sampled_from(LISTS).map(lambda p: _office_file(p, "xlsx")).flatmap(damaged_bytes),
    )
)
def test_power_list_xlsx(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "list.xlsx", content)


@given(content=damaged_bytes(XLS.read_bytes()))
def test_power_list_xls(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "list.xls", content)


@given(content=damaged_text(TURTLE))
def test_turtle(stored: tuple[Store, Path], content: bytes) -> None:
    load_fuzzed(stored, "scheme.ttl", content)


_DATASET_FILES = sorted(p.name for p in EXAMPLE.glob("*.csv"))


@given(
    name=st.sampled_from(_DATASET_FILES),
    damage=st.data(),
)
def test_dataset_folder(stored: tuple[Store, Path], name: str, damage: st.DataObject) -> None:
    original = (EXAMPLE / name).read_text(encoding="utf-8")
    content = damage.draw(st.one_of(damaged_lines(original).map(str.encode), damaged_bytes(original.encode())))

    def fill(folder: Path) -> None:
        shutil.copytree(EXAMPLE, folder)
        (folder / name).write_bytes(content)

    load_fuzzed(stored, "dataset", fill)
