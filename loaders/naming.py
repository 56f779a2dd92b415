"""Names of organizations in documents: the region a name places it in, its level, short names, stable ids.

A 三定 says ``乌鲁木齐市应急管理局（以下简称市应急管理局）是市人民政府工作部门，为正县级``; a 权责清单 says
``莱阳市工业和信息化局`` in its 实施主体 column. From such names this module derives the region
(``乌鲁木齐市``, ``乌鲁木齐市头屯河区``), the level of government, the full name a short name stands for
(``市自然资源局`` in a text of 乌鲁木齐 is ``乌鲁木齐市自然资源局``), and ids that stay the same when the
same document is loaded again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = [
    "NATIONAL_REGION",
    "Place",
    "expand_short_name",
    "level_of_government",
    "place_of",
    "stable_id",
]

NATIONAL_REGION = "全国"
"""Region of national (中央) organizations."""

_HAN = r"[\u4e00-\u9fff]"
_PROVINCE = re.compile(rf"^({_HAN}{{2,}}?(?:省|自治区))")
_CITY = re.compile(rf"^({_HAN}{{2,}}?(?:市|自治州|州|盟|地区))")
_COUNTY = re.compile(rf"^({_HAN}{{2,}}?(?:自治县|区|县|旗|市))")
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
# words that end in 区/市/县 but name no place
# (not 城市 or 都市: 宣城市, 晋城市 and 成都市 are places)
_NOT_PLACES = ("社区", "小区", "景区", "园区", "片区", "辖区", "城区", "市场")


@dataclass(frozen=True)
class Place:
    """Where a name puts an organization: its region (a place name) and the level of government."""

    region: str
    level: str


def _prefix_places(name: str, *, whole: bool = False) -> tuple[str, int]:
    """The place names at the start of ``name`` (province, city, county) and how many levels were found.

    Unless ``whole`` (the name is only a place), something must follow the place: the department's name.
    """
    rest, found, depth = name, "", 0
    for pattern, level in ((_PROVINCE, 1), (_CITY, 2), (_COUNTY, 3)):
        match = pattern.match(rest)
        if match and not any(match[1].endswith(word) for word in _NOT_PLACES) and (whole or len(rest) > len(match[1])):
            found += match[1]
            rest = rest[len(match[1]) :]
            depth = level
    return found, depth


def place_of(name: str) -> Place | None:
    """The region and level an organization's name places it in, or ``None`` when it names no place.

    A name like ``乌鲁木齐经济技术开发区（乌鲁木齐市头屯河区）应急管理局`` is placed by the district in
    brackets. ``X市`` alone is taken as a city (地级); a county-level city (县级市) is only known from
    its text or from ``--level``.

    >>> place_of("乌鲁木齐市应急管理局")
    Place(region='乌鲁木齐市', level='city')
    >>> place_of("重庆市綦江区规划和自然资源局")
    Place(region='重庆市綦江区', level='county')
    >>> place_of("乌鲁木齐经济技术开发区(乌鲁木齐市头屯河区)应急管理局")
    Place(region='乌鲁木齐市头屯河区', level='county')
    >>> place_of("国家矿山安全监察局")
    Place(region='全国', level='national')
    >>> place_of("宣城市应急管理局"), place_of("成都市应急管理局").region
    (Place(region='宣城市', level='city'), '成都市')
    >>> place_of("国土局") is None
    True
    """
    if name.startswith(("国家", "国务院", "中华人民共和国", "中央", "应急管理部", "自然资源部")):
        return Place(NATIONAL_REGION, "national")
    for inner in _PAREN.findall(name):
        found, depth = _prefix_places(inner, whole=True)
        if found and depth >= 2:
            return Place(found, "county" if depth == 3 else "city")
    found, depth = _prefix_places(name)
    if not found:
        return None
    level = {1: "province", 2: "city", 3: "county"}[depth]
    if depth == 1 and name[len(found) :].startswith(("省", "自治区")):
        level = "province"
    return Place(found, level)


def level_of_government(text: str) -> str | None:
    """The level of the government a department works for, from ``是市人民政府工作部门`` and the like.

    >>> level_of_government("管委会(区人民政府)工作部门")
    'county'
    >>> level_of_government("应急管理部管理的国家局")
    'national'
    """
    if re.search(r"国家局|国务院|部管理的", text):
        return "national"
    if re.search(r"(?:省|自治区|直辖市)人民政府", text):
        return "province"
    if re.search(r"(?:区|县|旗|县级市)人民政府|管委会", text):
        return "county"
    if re.search(r"(?:市|州|盟)人民政府", text):
        return "city"
    if re.search(r"(?:乡|镇|街道)", text):
        return "township"
    return None


def expand_short_name(short: str, region: str) -> str:
    """The full name a short name (``市自然资源局``, ``区应急管理局``) stands for in ``region``.

    >>> expand_short_name("市自然资源局", "乌鲁木齐市")
    '乌鲁木齐市自然资源局'
    >>> expand_short_name("区应急管理局", "乌鲁木齐市头屯河区")
    '乌鲁木齐市头屯河区应急管理局'
    >>> expand_short_name("乌鲁木齐市林业和草原局", "乌鲁木齐市")
    '乌鲁木齐市林业和草原局'
    """
    if short.startswith(region) or (place_of(short) is not None and not short.startswith(("市", "区", "县"))):
        return short
    if short[:1] in "省市区县旗" and region.endswith(short[0]):
        return region + short[1:]
    if short[:1] in "市区县" and short[:1] != region[-1:]:
        return region + short[1:]
    return region + short


def stable_id(prefix: str, *parts: str) -> str:
    """An id that is the same every time the same thing is read: ``prefix-`` and a short hash of ``parts``."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"
