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

from dutygraph.loaders.gazetteer import DEPARTMENT_WORDS, Division, gazetteer

__all__ = [
    "NATIONAL_REGION",
    "Place",
    "expand_short_name",
    "government_chain",
    "instrument_id",
    "level_of_government",
    "normalize_title",
    "place_of",
    "region_key",
    "resolve_region",
    "short_title",
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
    """Where a name puts an organization: its place name, the level of government and the region's id.

    ``region`` is the place as names write it (乌鲁木齐市沙依巴克区), used to complete short names;
    ``code`` is its 行政区划代码 from the gazetteer (650103), or ``None`` for a place the gazetteer lacks,
    whose name then serves as its region id.
    """

    region: str
    level: str
    code: str | None = None

    @property
    def region_id(self) -> str:
        """What records store as ``region``: the 行政区划代码, else the place's name."""
        return self.code or self.region


def _prefix_places(name: str, *, whole: bool = False) -> tuple[str, int]:
    """The place names at the start of ``name`` (province, city, county) and how many levels were found.

    Unless ``whole`` (the name is only a place), something must follow the place: the department's name.
    """
    rest, found, depth = name, "", 0
    for pattern, level in ((_PROVINCE, 1), (_CITY, 2), (_COUNTY, 3)):
        match = pattern.match(rest)
        cuts_a_word = rest[len(match[1]) - 1 : len(match[1]) + 1] in DEPARTMENT_WORDS if match else False
        if (
            match
            and not cuts_a_word
            and not any(match[1].endswith(word) for word in _NOT_PLACES)
            and (whole or len(rest) > len(match[1]))
        ):
            found += match[1]
            rest = rest[len(match[1]) :]
            depth = level
    return found, depth


def place_of(name: str) -> Place | None:
    """The region and level an organization's name places it in, or ``None`` when it names no place.

    Places are matched against the gazetteer, so department words are not cut (青山县市场监督管理局 is in
    青山县, not in a city 青山县市) and a 县级市's departments are county-level. A name like
    ``乌鲁木齐经济技术开发区（乌鲁木齐市头屯河区）应急管理局`` is placed by the district in brackets. A place the
    gazetteer lacks is read from its suffixes (``X市`` a city, ``X县`` a county) with no code.

    >>> place_of("乌鲁木齐市应急管理局")
    Place(region='乌鲁木齐市', level='city', code='650100')
    >>> place_of("重庆市綦江区规划和自然资源局")
    Place(region='重庆市綦江区', level='county', code='500110')
    >>> place_of("乌鲁木齐经济技术开发区(乌鲁木齐市头屯河区)应急管理局")
    Place(region='乌鲁木齐市头屯河区', level='county', code='650106')
    >>> place_of("昆山市应急管理局").level
    'county'
    >>> place_of("青山县市场监督管理局")
    Place(region='青山县', level='county', code=None)
    >>> place_of("国家矿山安全监察局")
    Place(region='全国', level='national', code=None)
    >>> place_of("宣城市应急管理局").code, place_of("成都市应急管理局").region
    ('341800', '成都市')
    >>> place_of("国土局") is None, place_of("市场监督管理局") is None
    (True, True)
    >>> place_of("应急管理部门") is None, place_of("县级以上人民政府自然资源主管部门") is None
    (True, True)
    """
    if name.endswith(("部门", "有关机关")):
        return None  # 应急管理部门, 县级以上人民政府自然资源主管部门: a kind of department, placed nowhere
    if name.startswith(("国家", "国务院", "中华人民共和国", "中央", "应急管理部", "自然资源部")):
        return Place(NATIONAL_REGION, "national")
    places = gazetteer()
    for inner in _PAREN.findall(name):
        whole = places.place_prefix(inner)
        if whole and whole[1] == len(inner) and whole[0].level != "province":
            return _listed(inner, whole[0])
        found, depth = _prefix_places(inner, whole=True)
        if found and depth >= 2:
            return Place(found, "county" if depth == 3 else "city")
    listed = places.place_prefix(name)
    if listed and listed[1] < len(name):
        return _listed(name[: listed[1]], listed[0])
    found, depth = _prefix_places(name)
    if not found:
        return None
    level = {1: "province", 2: "city", 3: "county"}[depth]
    if depth == 1 and name[len(found) :].startswith(("省", "自治区")):
        level = "province"
    return Place(found, level)


def _listed(written: str, division: Division) -> Place:
    return Place(written, division.level, division.code)


def resolve_region(text: str) -> Place | None:
    """A region a user names (``--region 柳林县`` or ``--region 141125``) as a place, if the gazetteer knows it.

    >>> resolve_region("141125")
    Place(region='柳林县', level='county', code='141125')
    >>> resolve_region("乌鲁木齐市沙依巴克区")
    Place(region='乌鲁木齐市沙依巴克区', level='county', code='650103')
    >>> resolve_region("青山县") is None
    True
    """
    places = gazetteer()
    if re.fullmatch(r"\d{6}", text):
        division = places.by_code.get(text)
        return Place(places.written_name(division), division.level, division.code) if division else None
    listed = places.place_prefix(text)
    if listed and listed[1] == len(text):
        return _listed(text, listed[0])
    return None


def government_chain(code: str) -> list[tuple[str, str, str]]:
    """The people's governments of a place and of the places above it: (name, region id, level), nearest first.

    >>> [name for name, _, _ in government_chain("141125")]
    ['柳林县人民政府', '吕梁市人民政府', '山西省人民政府']
    >>> [name for name, _, _ in government_chain("110105")]
    ['北京市朝阳区人民政府', '北京市人民政府']
    """
    places = gazetteer()
    found: list[tuple[str, str, str]] = []
    for division in places.chain(code):
        above = places.by_code.get(division.parent) if division.parent else None
        if division.level == "city" and above is not None and above.name == division.name:
            continue  # 北京市 the city is only a code for 北京市 the municipality
        found.append((places.written_name(division) + "人民政府", division.code, division.level))
    return found


def region_key(text: str) -> str:
    """What a region is stored as: the 行政区划代码 of a place the gazetteer knows (乌鲁木齐市 → 650100), else
    the text as given (a code, or the name of a place it lacks).

    >>> region_key("乌鲁木齐市"), region_key("650103"), region_key("石岭市")
    ('650100', '650103', '石岭市')
    """
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return text
    place = resolve_region(text)
    return place.region_id if place else text


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


def short_title(title: str) -> str | None:
    """The short title a citation may use: ``中华人民共和国安全生产法`` → ``安全生产法``.

    >>> short_title("中华人民共和国安全生产法"), short_title("安全生产许可证条例")
    ('安全生产法', None)
    """
    if title.startswith("中华人民共和国") and len(title) > 9:
        return title[len("中华人民共和国") :]
    return None


def normalize_title(title: str) -> str:
    """A title as it is written inside another's brackets: no spaces, inner 《》 as 〈〉.

    >>> normalize_title("北京市实施《中华人民共和国矿山安全法》办法")
    '北京市实施〈中华人民共和国矿山安全法〉办法'
    """
    return re.sub(r"\s", "", title).replace("《", "〈").replace("》", "〉").replace("(", "（").replace(")", "）")


def instrument_id(title: str) -> str:
    """The id of an instrument, the same for every version and whichever form of the title is used."""
    title = normalize_title(title)
    return stable_id("instrument", short_title(title) or title)
