"""Both stores give equal answers on a generated city: every finding kind and traces, on several dates."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dutygraph.loaders import load_path
from dutygraph.queries import audit, trace
from dutygraph.stores import open_store
from tests.conftest import neo4j_store

SUBJECTS = [
    "煤矿",
    "非煤矿山",
    "石膏矿",
    "金属非金属矿山",
    "尾矿库",
    "危险化学品",
    "烟花爆竹",
    "工矿商贸",
    "建材",
    "自然灾害",
    "森林火灾",
]
ACTIONS = ["安全生产监督管理", "行政处罚", "监督检查", "行政许可", "应急救援"]
TYPES = {"行政处罚": "行政处罚", "监督检查": "行政检查", "行政许可": "行政许可"}


def generate(folder: Path, seed: int, organizations: int = 8) -> Path:
    """A deterministic city: bureaus with 三定 duties, powers with bases, units, posts, holdings, transfers."""
    rnd = random.Random(seed)
    folder.mkdir()
    rows: dict[str, list[str]] = {
        "organizations.csv": ["id,name,level,region,parent,valid_from,valid_to"],
        "provisions.csv": ["id,organization,title,valid_from,valid_to"],
        "duties.csv": ["id,provision,anchor,text,subjects,actions"],
        "powers.csv": ["id,organization,name,type,subjects,actions,valid_from"],
        "units.csv": ["id,name,organization,provision"],
        "posts.csv": ["id,name,organization,unit,role,reports_to,valid_from,valid_to"],
        "persons.csv": ["id,name"],
        "holdings.csv": ["id,person,post,valid_from,valid_to"],
        "assignments.csv": ["id,competence,post,role"],
        "transfers.csv": ["id,competence,from_organization,to_organization,date"],
        "divisions.csv": ["id,lead,cooperating,subjects,actions,valid_from"],
        "incidents.csv": ["id,date,region,subject,kind"],
    }
    rows["organizations.csv"].append("gov,某市人民政府,city,900,,,")
    duties: list[tuple[str, str]] = []
    for o in range(organizations):
        org = f"o{o}"
        ends = "2019-01-01" if o % 4 == 3 else ""
        rows["organizations.csv"].append(f"{org},某市第{o}局,city,900,gov,2010-01-01,{ends}")
        rows["provisions.csv"].append(f"p{o},{org},第{o}局三定,2010-01-01,{ends}")
        rows["units.csv"].append(f"u{o},第{o}局执法科,{org},p{o}")
        chief, head = f"c{o}", f"h{o}"
        rows["posts.csv"] += [
            f"{chief},局长,{org},,chief,,2010-01-01,",
            f"{head},科长,{org},u{o},unit_head,{chief},2010-01-01,",
        ]
        for d in range(rnd.randint(1, 3)):
            duty = f"d{o}-{d}"
            subjects = ";".join(rnd.sample(SUBJECTS, rnd.randint(1, 2)))
            action = rnd.choice(ACTIONS)
            rows["duties.csv"].append(f"{duty},p{o},第三条（{d + 1}）,职责{duty},{subjects},{action}")
            duties.append((duty, org))
            staff = f"s{o}-{d}"
            rows["posts.csv"].append(
                f"{staff},监管员{d},{org},u{o},staff,{head},2010-01-01,{'2020-01-01' if d == 2 else ''}"
            )
            rows["persons.csv"].append(f"per-{staff},某{staff}")
            rows["holdings.csv"].append(f"hold-{staff},per-{staff},{staff},{rnd.choice(['2012-01-01', '2016-06-01'])},")
            if rnd.random() < 0.7:
                rows["assignments.csv"].append(f"a-{duty},{duty},{staff},primary")
        for k in range(rnd.randint(0, 2)):
            action = rnd.choice(list(TYPES))
            rows["powers.csv"].append(
                f"pw{o}-{k},{org},权力{o}-{k},{TYPES[action]},{rnd.choice(SUBJECTS)},{action},{rnd.choice(['2011-01-01', '2015-01-01'])}"
            )
        for person in (chief, head):
            rows["persons.csv"].append(f"per-{person},某{person}")
            rows["holdings.csv"].append(f"hold-{person},per-{person},{person},2011-01-01,")
    for i, (duty, org) in enumerate(duties):
        if org in ("o3", "o7") and i % 2 == 0:  # bureaus that close in 2019 hand some duties over
            rows["transfers.csv"].append(f"t-{duty},{duty},{org},o0,2019-01-01")
    rows["divisions.csv"].append("div1,o1,o2,非煤矿山,安全生产监督管理,2015-01-01")
    rows["incidents.csv"] += ["i1,2017-05-01,900,石膏矿,事故", "i2,2020-05-01,900,森林火灾,事故"]
    for name, lines in rows.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_neo4j_and_embedded_agree_on_a_generated_city(tmp_path: Path, seed: int) -> None:
    data = generate(tmp_path / "city", seed)
    embedded = open_store("memory:")
    neo4j = neo4j_store()
    for store in (embedded, neo4j):
        load_path(store, data)
    for on in ("2014-01-01", "2017-06-01", "2020-06-01"):
        expected = audit(embedded, on, include_resolved=True).to_dict()
        assert expected["findings"], "the generated city has findings to compare"
        assert audit(neo4j, on, include_resolved=True).to_dict() == expected
    for incident in ("i1", "i2"):
        assert trace(neo4j, incident=incident).to_dict() == trace(embedded, incident=incident).to_dict()
