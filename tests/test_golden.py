"""The example's audits and traces, pinned as golden JSON (what users read and tools parse).

Regenerate after an intended change with ``DUTYGRAPH_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from dutygraph.i18n import use_language
from dutygraph.queries import audit, trace
from dutygraph.stores import Store

GOLDEN = Path(__file__).resolve().parent / "golden"


def _check(name: str, data: dict[str, Any]) -> None:
    path = GOLDEN / name
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("DUTYGRAPH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with DUTYGRAPH_UPDATE_GOLDEN=1"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("on", ["2017-06-01", "2020-06-01"])
def test_audit_golden(gypsum: Store, on: str, lang: str) -> None:
    """The same findings in each language: keys, codes and records alike, the human text translated."""
    with use_language(lang):
        _check(
            f"gypsum_audit_{on}{'' if lang == 'en' else '.' + lang}.json",
            audit(gypsum, on, include_resolved=True).to_dict(),
        )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("incident", ["inc-2017", "inc-2020"])
def test_trace_golden(gypsum: Store, incident: str, lang: str) -> None:
    with use_language(lang):
        _check(
            f"gypsum_trace_{incident}{'' if lang == 'en' else '.' + lang}.json",
            trace(gypsum, incident=incident).to_dict(),
        )


def test_every_planted_finding_shows(gypsum: Store) -> None:
    findings = audit(gypsum, "2020-06-01").findings
    found = {(f.kind, f.variant, tuple(f.records[:1])) for f in findings}
    # 无主矿山 must be supervised and 矿山安全法 第四条 gives it to city departments: one problem, one finding
    [ownerless] = [f for f in findings if "subject:ownerless_mine" in f.records]
    assert (ownerless.kind, ownerless.variant) == ("gap", "article")
    assert "无主矿山 must be supervised" in ownerless.message
    assert {e.source for e in ownerless.evidence} >= {"gypsum/subjects.csv"}
    assert ("gap", "missing_items", ("pw-em-license",)) in found
    assert ("unassigned", "no_unit", ("d-em-3",)) in found
    assert ("unassigned", "vacant_post", ("em-mine-b",)) in found
    assert ("basis", "repealed", ("pw-em-inspect",)) in found
