"""Fixtures for the document loaders: the real documents copied into tests/data/documents, and readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.loaders import shipped_records
from dutygraph.loaders.concepts import duty_reader
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.understanding import DutyReader

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
SANDING = DOCUMENTS / "sanding"
QUANZE = DOCUMENTS / "quanze"
LAW = DOCUMENTS / "law"
WULUMUQI = sorted(SANDING.glob("wulumuqi_*.txt"))
"""The same-city set: 乌鲁木齐's 应急, 林草, 生态环境, 自然资源 bureaus and two of its districts'."""


class _NoStore:
    def get(self, node_id: str) -> None:
        return None

    def nodes(self, kind: str) -> list[object]:
        return []

    def targets(self, node_id: str, edge: str) -> list[str]:
        return []

    def sources(self, node_id: str, edge: str) -> list[str]:
        return []


@pytest.fixture(scope="session")
def shipped() -> list[RawRecord]:
    return shipped_records()


@pytest.fixture(scope="session")
def reader(shipped: list[RawRecord]) -> DutyReader:
    """A duty reader over the shipped subject taxonomy and action lexicon."""
    return duty_reader(shipped, _NoStore())  # type: ignore[arg-type]


def values(record: RawRecord, column: str) -> list[str]:
    return record.values.get(column, [])


def one(record: RawRecord, column: str) -> str | None:
    found = record.values.get(column, [])
    return found[0] if found else None
