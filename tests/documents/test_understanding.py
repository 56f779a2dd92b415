"""Duty understanding: the subjects and actions a careful reader finds in a duty's text."""

from __future__ import annotations

import pytest

from dutygraph.loaders.understanding import DutyReader


@pytest.mark.parametrize(
    ("text", "subjects", "actions"),
    [
        (
            "负责煤矿、石膏矿安全生产监督管理",
            {"subject:coal_mine", "subject:gypsum_mine"},
            {"action:safety_supervision"},
        ),
        # enumerations with 和 / 及 / 以及 / 等
        (
            "负责危险化学品和烟花爆竹以及民用爆炸物品等的安全监管工作",
            {"subject:hazardous_chemicals", "subject:fireworks", "subject:civil_explosives"},
            {"action:safety_supervision"},
        ),
        # the longest label wins: 非煤矿山 is not read as 矿山, 森林火灾 not as 森林
        ("负责非煤矿山安全生产监督管理工作", {"subject:non_coal_mine"}, {"action:safety_supervision"}),
        ("指导森林火灾预防工作", {"subject:forest_fire"}, {"action:guidance", "action:prevention"}),
        # 负责…的…工作 frame
        ("负责全市非煤矿山的行政许可工作", {"subject:non_coal_mine"}, {"action:licensing"}),
        # 除…外: the narrower subjects of 矿山 but 煤矿
        (
            "负责除煤矿外的矿山安全监管工作",
            {"subject:non_coal_mine", "subject:ownerless_mine"},
            {"action:safety_supervision"},
        ),
        # a real 林草 duty: sandstorms are natural disasters (沙尘暴 ⊑ 气象灾害 ⊑ 自然灾害)
        (
            "组织沙尘暴灾害预防预报和应急处置",
            {"subject:sandstorm"},
            {"action:monitoring", "action:emergency_response"},
        ),
    ],
)
def test_subjects_and_actions(reader: DutyReader, text: str, subjects: set[str], actions: set[str]) -> None:
    reading = reader.read(text)
    assert set(reading.subjects) == subjects
    assert set(reading.actions) == actions


def test_exclusions_are_reported(reader: DutyReader) -> None:
    reading = reader.read("负责除煤矿外的矿山安全监管工作")
    assert reading.excluded == ("subject:coal_mine",)
    assert "subject:mine" not in reading.subjects


def test_subjects_and_actions_pair_within_a_sentence(reader: DutyReader) -> None:
    reading = reader.read("负责森林资源的监督管理；组织编制国土空间规划。")
    assert ("subject:forest", "action:supervision") in reading.pairs
    assert ("subject:forest", "action:planning") not in reading.pairs


def test_unmatched_phrases_where_a_subject_stands(reader: DutyReader) -> None:
    reading = reader.read("负责全市加油站、石膏矿的安全生产监督管理工作")
    assert reading.unmatched == ("加油站",)
    assert reader.read("负责全市石膏矿的安全生产监督管理工作").unmatched == ()
