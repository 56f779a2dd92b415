"""Chinese first, English on request: every user-facing string translated, the language chosen as documented.

The rest of the suite runs in English (tests/conftest.py); these tests remove ``DUTYGRAPH_LANG`` where they
assert the Chinese default.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from dutygraph.errors import DutygraphError
from dutygraph.i18n import compile_catalog, current_language, set_language, tr, use_language
from dutygraph.queries import FINDING_KINDS
from dutygraph.queries.findings import kind_name, severity_name, variant_name

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "dutygraph" / "locale" / "zh" / "LC_MESSAGES" / "dutygraph.po"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _catalog_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalog", ROOT / "scripts" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_user_facing_string_of_the_code_has_a_chinese_translation() -> None:
    """Extracted from the code as ``scripts/catalog.py`` does: a string marked with tr()/ntr()/N_() and not in
    the catalog, left empty or still fuzzy fails here (run the script and translate it)."""
    marked = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog_script().extract() if m.id}
    with PO.open("rb") as f:
        catalog = read_po(f)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }
    assert len(marked) > 100
    assert sorted(marked - translated) == []


def test_translations_keep_every_placeholder() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(_PLACEHOLDER.findall(ids[-1])) | set(_PLACEHOLDER.findall(ids[0]))
        for text in strings:
            assert set(_PLACEHOLDER.findall(text)) == wanted - ({"count"} - set(_PLACEHOLDER.findall(text))), (
                message.id,
                text,
            )


def test_finding_kinds_and_variants_have_their_chinese_names() -> None:
    with use_language("zh"):
        assert variant_name("overlap", "duplicate") == "职责交叉（重复）"
        assert variant_name("overlap", "subsumed") == "职责交叉（包含）"
        assert variant_name("basis", "missing") == "依据缺失"
        assert variant_name("basis", "repealed") == "依据失效"
        assert variant_name("basis", "stale") == "依据条款已变更"
        assert variant_name("basis", "mismatch") == "依据内容不符"
        assert variant_name("staffing", "over_leaders") == "超职数配备"
        assert kind_name("overlap") == "职责交叉" and severity_name("high") == "高"
        for kind, variants in FINDING_KINDS.items():
            assert re.search(r"[\u4e00-\u9fff]", kind_name(kind)), kind
            for variant in variants:
                assert re.search(r"[\u4e00-\u9fff]", variant_name(kind, variant)), (kind, variant)
    with use_language("en"):
        assert variant_name("overlap", "subsumed") == "overlap (one contains the other)"


def test_chinese_is_the_default_and_the_language_is_chosen_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYGRAPH_LANG")
    set_language(None)
    assert current_language() == "zh"
    assert tr("vacant post") == "岗位空缺"
    monkeypatch.setenv("DUTYGRAPH_LANG", "en-US")
    assert current_language() == "en" and tr("vacant post") == "vacant post"
    with use_language("zh_CN"):
        assert tr("vacant post") == "岗位空缺"
        with use_language(None):  # the language already in use
            assert current_language() == "zh"
    assert current_language() == "en"
    with pytest.raises(DutygraphError, match="unknown language 'fr'; dutygraph speaks zh, en"):
        set_language("fr")


def test_the_wheel_ships_the_compiled_catalog(tmp_path: Path) -> None:
    """Compiled at build time (setup.py, with Babel), the same catalog the .po gives."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = tmp_path.glob("dutygraph-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        assert "dutygraph/locale/zh/LC_MESSAGES/dutygraph.po" in names
        compiled = z.read("dutygraph/locale/zh/LC_MESSAGES/dutygraph.mo")
    assert compiled == compile_catalog(PO.read_bytes())


def test_no_translation_is_called_inside_an_f_string() -> None:
    """Babel reads an f-string as one string: a tr() inside its braces is never extracted, so never translated."""
    import tokenize

    offending = []
    for folder in ("dutygraph", "loaders", "queries"):
        for path in (ROOT / folder).rglob("*.py"):
            with path.open("rb") as f:
                for token in tokenize.tokenize(f.readline):
                    prefix = re.match(r"^[A-Za-z]*", token.string)
                    if (
                        token.type == tokenize.STRING
                        and prefix is not None
                        and "f" in prefix[0].lower()
                        and re.search(r"\b(?:n?tr|N_)\(", token.string)
                    ):
                        offending.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert offending == []
