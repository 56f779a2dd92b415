"""Who is who: places and departments read from organizations' names, short forms resolved to one organization."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dutygraph.loaders import load_paths
from dutygraph.loaders.naming import place_of, region_key
from dutygraph.loaders.organization_names import department_key, organization_key
from dutygraph.stores import open_store
from tests.documents.conftest import DOCUMENTS
from tests.test_cli import run

LABELS = Path(__file__).resolve().parent.parent / "data" / "labels" / "organization_names.csv"
LIULIN = DOCUMENTS / "written" / "liulin"


def _names() -> list[dict[str, str]]:
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


NAMES = _names()


def test_the_table_is_wide_enough() -> None:
    assert len(NAMES) >= 150
    places = {row["place"] for row in NAMES}
    for kind in ("省", "自治区", "市", "区", "县", "旗", "自治县", "自治州", "盟", "开发区"):
        assert any(kind in row["name"] for row in NAMES), kind
    assert len(places) >= 120


@pytest.mark.parametrize("row", NAMES, ids=[row["name"] for row in NAMES])
def test_a_name_gives_its_place_code_level_and_department(row: dict[str, str]) -> None:
    place = place_of(row["name"])
    assert place is not None
    assert (place.region, place.code, place.level) == (row["place"], row["code"], row["level"])
    key = organization_key(row["name"])
    assert key == (row["code"], row["level"], row["department"])


@pytest.mark.parametrize(
    ("name", "place", "department"),
    [
        ("青山县市场监督管理局", "青山县", "市场监督管理局"),  # not a city 青山县市
        ("石岭市城市管理局", "石岭市", "城市管理局"),
        ("石岭市区域经济协作办公室", "石岭市", "区域经济协作办公室"),
    ],
)
def test_department_words_are_not_cut_in_places_the_gazetteer_lacks(name: str, place: str, department: str) -> None:
    found = place_of(name)
    assert found is not None and (found.region, found.code) == (place, None)
    assert organization_key(name) == (place, found.level, department)


def test_no_place_and_department_words_alone() -> None:
    assert place_of("市场监督管理局") is None and place_of("城市管理局") is None and place_of("国土局") is None


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("柳林县应急局", "柳林县应急管理局"),
        ("柳林县安监局", "柳林县安全生产监督管理局"),
        ("柳林县市场监管局", "柳林县市场监督管理局"),
        ("乌鲁木齐市住建局", "乌鲁木齐市住房和城乡建设局"),
        ("乌鲁木齐市发改委", "乌鲁木齐市发展和改革委员会"),
        ("宣城市林草局", "宣城市林业和草原局"),
    ],
)
def test_a_short_form_has_the_key_of_its_full_name(short: str, full: str) -> None:
    assert organization_key(short) == organization_key(full)


def test_different_departments_keep_different_keys() -> None:
    assert organization_key("柳林县应急局") != organization_key("柳林县能源局")
    assert organization_key("柳林县应急管理局") != organization_key("吕梁市应急管理局")  # another place
    assert department_key("自然资源局") == "自然资源局"


def test_a_region_is_stored_as_its_code() -> None:
    assert (region_key("柳林县"), region_key("乌鲁木齐市"), region_key("141125"), region_key("石岭市")) == (
        "141125",
        "650100",
        "141125",
        "石岭市",
    )


def test_a_county_stands_in_one_region_and_its_short_forms_resolve() -> None:
    """柳林县: its 市场监督管理局 and 应急管理局 stand in 141125 under the county's government, the 应急
    三定's division names 县市场监管局 and resolves to the loaded 市场监督管理局, and their overlap is found."""
    store = open_store("memory:")
    load_paths(store, [LIULIN])
    orgs = {str(n.get("name")): n for n in store.nodes("Organization")}
    assert set(orgs) == {
        "柳林县市场监督管理局",
        "柳林县应急管理局",
        "柳林县人民政府",
        "吕梁市人民政府",
        "山西省人民政府",
    }
    market, emergency = orgs["柳林县市场监督管理局"], orgs["柳林县应急管理局"]
    assert {str(market.get("region")), str(emergency.get("region"))} == {"141125"}
    assert store.targets(market.id, "subOrganizationOf") == [orgs["柳林县人民政府"].id]
    assert store.targets(orgs["柳林县人民政府"].id, "subOrganizationOf") == [orgs["吕梁市人民政府"].id]
    assert store.targets(orgs["吕梁市人民政府"].id, "subOrganizationOf") == [orgs["山西省人民政府"].id]
    assert "县市场监管局" in market.get("alt_names", [])
    divisions = list(store.nodes("Division"))
    assert divisions and {store.targets(d.id, "lead")[0] for d in divisions} == {market.id, emergency.id}


def test_an_audit_of_a_city_with_its_counties(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = run(capsys, "--store", str(store), "load", str(LIULIN))
    assert code == 0, err

    def overlaps(*args: str) -> list[str]:
        code, out, err = run(capsys, "--store", str(store), "audit", "--as-of", "2020-01-01", "--format", "json", *args)
        assert code == 0, err
        return [f["message"] for f in json.loads(out)["findings"] if f["kind"] == "overlap"]

    found = overlaps("--in-region", "柳林县")
    assert found == ["柳林县市场监督管理局 and 柳林县应急管理局 both hold 安全生产监督管理 of 危险化学品经营企业"]
    assert overlaps("--in-region", "141100") == []  # 吕梁市 itself holds nothing
    assert overlaps("--in-region", "141100", "--with-subregions") == found


def test_two_organizations_claiming_one_name_and_region_stop_the_load(tmp_path: Path) -> None:
    from dutygraph.errors import DatasetInvalid

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,level,region\nem,柳林县应急管理局,county,141125\nem2,柳林县应急管理局,县,柳林县\n", encoding="utf-8"
    )
    store = open_store("memory:")
    with pytest.raises(DatasetInvalid) as raised:
        load_paths(store, [folder])
    message = str(raised.value)
    assert "organizations.csv:3" in message and "'柳林县应急管理局' of region 141125 is also 'em'" in message
    assert "organizations.csv:2" in message  # where the first claim is
    assert store.is_empty()


def test_a_partner_whose_text_is_not_loaded_is_a_placeholder_said_so() -> None:
    alone = load_paths(open_store("memory:"), [LIULIN / "liulin_yingjiguanliju_sanding.txt"])
    notes = [n for r in alone.reports for n in r.notes]
    assert "line 12: 柳林县市场监管局: named here, its 三定 not loaded (a placeholder until it is)" in notes
    both = load_paths(open_store("memory:"), [LIULIN])
    assert not [n for r in both.reports for n in r.notes if "placeholder" in n]
