"""One organization, many names: short forms and older names resolved to the organization that is loaded.

Documents name departments by short forms — 县应急局 for 县应急管理局, 安监局 for 安全生产监督管理局, 市场监管局,
住建局, 发改委 — and a 职责分工 clause or a 权责清单 may name a department whose own 三定 is loaded under its
full name. An organization's *key* is its place (region id and level, from the gazetteer) and its department
name with the short forms written out; two names with the same key are the same organization. A name whose
key matches nothing loaded stays an organization of its own (a placeholder whose 三定 is not loaded), never
merged with another department.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dutygraph.loaders.naming import place_of

__all__ = ["ABBREVIATIONS", "aliases", "department_key", "organization_key"]

ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("安监局", "安全生产监督管理局"),
    ("应急局", "应急管理局"),
    ("市场监管局", "市场监督管理局"),
    ("住建局", "住房和城乡建设局"),
    ("住建委", "住房和城乡建设委员会"),
    ("工信局", "工业和信息化局"),
    ("经信局", "经济和信息化局"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("人社局", "人力资源和社会保障局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("文旅局", "文化和旅游局"),
    ("文广旅局", "文化广电和旅游局"),
    ("农委", "农业委员会"),
    ("林草局", "林业和草原局"),
    ("规资局", "规划和自然资源局"),
    ("国土局", "国土资源局"),
    ("环保局", "环境保护局"),
    ("生态局", "生态环境局"),
    ("交通局", "交通运输局"),
    ("教体局", "教育和体育局"),
    ("民宗局", "民族宗教事务局"),
    ("城管局", "城市管理局"),
    ("行政审批局", "行政审批服务局"),
    ("政务服务局", "政务服务管理局"),
    ("编办", "机构编制委员会办公室"),
    ("安委办", "安全生产委员会办公室"),
    ("减灾办", "减灾委员会办公室"),
    ("防指办", "防汛抗旱指挥部办公室"),
)
"""Short forms of department names seen in documents, and the names they stand for."""


def department_key(department: str) -> str:
    """A department's name with its short forms written out (应急局 → 应急管理局), for comparing names.

    >>> department_key("应急局"), department_key("安监局"), department_key("市场监管局")
    ('应急管理局', '安全生产监督管理局', '市场监督管理局')
    >>> department_key("应急管理局")
    '应急管理局'
    """
    for short, full in ABBREVIATIONS:
        if department == short:
            return full
    return department


def organization_key(name: str) -> tuple[str, str, str] | None:
    """Where an organization is and what department it is: (region id, level, department key).

    >>> organization_key("柳林县应急局") == organization_key("柳林县应急管理局")
    True
    >>> organization_key("乌鲁木齐市水利局")
    ('650100', 'city', '水利局')
    >>> organization_key("国土局") is None
    True
    """
    place = place_of(name)
    if place is None:
        return None
    department = name[len(place.region) :] if name.startswith(place.region) else _after_place(name)
    return place.region_id, place.level, department_key(department)


def _after_place(name: str) -> str:
    """The department of a name placed by brackets (经开区（头屯河区）应急管理局)."""
    return re.split(r"[）)]", name)[-1]


def aliases(full: Iterable[tuple[str, str]], named: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each (id, name) of ``named`` whose key is that of one (id, name) of ``full``: its id → the full id.

    A key shared by several full organizations is ambiguous and resolves nothing.
    """
    by_key: dict[tuple[str, str, str], set[str]] = {}
    for org_id, name in full:
        key = organization_key(name)
        if key is not None:
            by_key.setdefault(key, set()).add(org_id)
    found: dict[str, str] = {}
    for org_id, name in named:
        key = organization_key(name)
        ids = by_key.get(key, set()) if key is not None else set()
        if len(ids) == 1 and (target := next(iter(ids))) != org_id:
            found[org_id] = target
    return found
