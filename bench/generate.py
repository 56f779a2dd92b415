"""A province, generated: a dataset in dutygraph's format with known findings planted in it.

    python bench/generate.py --powers 10000 --out /tmp/province-10k [--seed 7]

Regions (a city or county each, about 1,000 powers apiece) with ten departments each; every department has its
三定 (provision and duties), units, posts held over several years by persons with enforcement credentials, and
powers with complete responsibility items and valid bases; a subject taxonomy of 3,000+ concepts, each
department supervising its own branch of it. The base is clean — it gives no finding — and then these are
planted, their expected findings written to ``planted.json``:

- overlaps: a department given a power on a subject another department of its region holds (subsumed);
- gaps: subjects that must be supervised, left uncovered in some regions — an article gap where an article
  makes city and county departments inspect the subject (it takes in that subject's gap: one problem, one
  finding), and subject gaps of a subject no article names;
- unassigned: duties given to a unit but to no post;
- bad bases: powers citing an article their instrument does not have.

The same seed and size give the same files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

DEPARTMENTS = 10
POWERS_PER_REGION = 1000
ACTION = "监督检查"
TYPE = "行政检查"
STAGES = ("检查", "处置")


def _taxonomy(rnd: random.Random) -> tuple[list[list[str]], dict[int, list[str]]]:
    """Subject rows and, per department branch, its leaves: 10 branches × 6 × 7 × 7 ≈ 3,000 concepts, depth 4."""
    rows: list[list[str]] = []
    leaves: dict[int, list[str]] = {}
    for b in range(DEPARTMENTS):
        top = f"g{b}"
        rows.append([top, f"监管领域{b}", ""])
        leaves[b] = []
        for i in range(6):
            mid = f"{top}-{i}"
            rows.append([mid, f"领域{b}类{i}", top])
            for j in range(7):
                low = f"{mid}-{j}"
                rows.append([low, f"领域{b}类{i}项{j}", mid])
                for k in range(7):
                    leaf = f"{low}-{k}"
                    rows.append([leaf, f"领域{b}类{i}项{j}目{k}", low])
                    leaves[b].append(leaf)
    rnd.shuffle(rows[1:])  # order of rows is not the order of the tree
    return rows, leaves


def generate(out: Path, powers: int, seed: int = 7) -> dict[str, object]:
    """Write the dataset into ``out`` and return what was planted."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    regions = max(1, powers // POWERS_PER_REGION)
    per_department = max(1, powers // (regions * DEPARTMENTS))
    subjects, leaves = _taxonomy(rnd)
    t: dict[str, list[list[object]]] = {
        "subjects.csv": [["id", "label", "broader", "requires_supervision"]],
        "organizations.csv": [["id", "name", "level", "region", "parent", "valid_from"]],
        "provisions.csv": [["id", "organization", "title", "valid_from"]],
        "duties.csv": [["id", "provision", "anchor", "text", "subjects", "actions"]],
        "units.csv": [["id", "name", "organization"]],
        "posts.csv": [["id", "name", "organization", "unit", "role", "enforcement", "reports_to", "valid_from"]],
        "persons.csv": [["id", "name"]],
        "holdings.csv": [["id", "person", "post", "valid_from", "valid_to"]],
        "credentials.csv": [["id", "person", "number", "valid_from"]],
        "powers.csv": [
            ["id", "organization", "code", "name", "type", "subjects", "actions", "duty", "last_reviewed", "valid_from"]
        ],
        "responsibility_items.csv": [["id", "power", "stage", "text"]],
        "assignments.csv": [["id", "competence", "unit", "post", "role"]],
        "instruments.csv": [["id", "title", "kind"]],
        "versions.csv": [["id", "instrument", "label", "valid_from"]],
        "articles.csv": [["id", "version", "number", "text", "subjects", "actions", "levels"]],
        "bases.csv": [["id", "power", "instrument", "article", "citation"]],
    }
    t["subjects.csv"] += [[i, label, parent, ""] for i, label, parent in subjects]
    # a subject that must be supervised, in no department's branch: covered everywhere but where planted
    t["subjects.csv"].append(["req", "必须监管事项", "", "true"])
    # and one no article names: where it alone is left uncovered, a subject gap of its own
    t["subjects.csv"].append(["req2", "另一必须监管事项", "", "true"])
    for law in range(5):
        t["instruments.csv"].append([f"law{law}", f"某某监督管理条例{law}", "行政法规"])
        t["versions.csv"].append([f"law{law}-v1", f"law{law}", "2010年", "2010-01-01"])
        for n in range(1, 61):
            t["articles.csv"].append([f"law{law}-a{n}", f"law{law}-v1", n, f"第{n}条 条文", "", "", ""])
    # an article making city and county departments inspect what must be supervised: where no power of the
    # region does, an article gap beside the subject gap
    t["articles.csv"].append(
        [
            "law0-a61",
            "law0-v1",
            61,
            "第61条 县级以上人民政府有关部门负责必须监管事项的监督检查",
            "req",
            ACTION,
            "city;county",
        ]
    )
    planted: dict[str, list[list[str]]] = {
        "overlap/subsumed": [],
        "gap/subject": [],
        "gap/article": [],
        "unassigned/no_post": [],
        "basis/unresolved": [],
    }
    person = 0
    for r in range(regions):
        region = f"r{r:03d}"
        level = "city" if r % 5 == 0 else "county"
        gov = f"{region}-gov"
        t["organizations.csv"].append([gov, f"地区{r}人民政府", level, region, "", "2010-01-01"])
        duty_of: dict[int, list[str]] = {}
        first_powers: list[list[object]] = []  # department 0's rows, where the planted overlaps fall
        first_duties: list[list[object]] = []
        for d in range(DEPARTMENTS):
            org = f"{region}-d{d}"
            t["organizations.csv"].append([org, f"地区{r}第{d}局", level, region, gov, "2010-01-01"])
            provision = f"{org}-p"
            t["provisions.csv"].append([provision, org, f"地区{r}第{d}局三定", "2010-01-01"])
            chief = f"{org}-chief"
            t["posts.csv"].append([chief, "局长", org, "", "chief", "false", "", "2010-01-01"])
            units = [f"{org}-u{u}" for u in range(3)]
            posts: list[tuple[str, str]] = []
            for u, unit in enumerate(units):
                t["units.csv"].append([unit, f"第{u}科", org])
                head = f"{unit}-head"
                t["posts.csv"].append([head, "科长", org, unit, "unit_head", "false", chief, "2010-01-01"])
                for k in ("a", "b"):
                    post = f"{unit}-{k}"
                    t["posts.csv"].append([post, f"执法员{k.upper()}", org, unit, "staff", "true", head, "2010-01-01"])
                    posts.append((unit, post))
            for post_id in [chief] + [f"{u}-head" for u in units] + [p for _, p in posts]:
                # two holders in turn: the post is never vacant, the roster changes over the years
                for start, end in (("2010-01-01", "2016-01-01"), ("2016-01-01", "")):
                    person += 1
                    pid = f"per{person}"
                    t["persons.csv"].append([pid, f"某{person}"])
                    t["holdings.csv"].append([f"h{person}", pid, post_id, start, end])
                    t["credentials.csv"].append([f"c{person}", pid, f"ZF{person:07d}", "2009-01-01"])
            branch = leaves[d]
            duties = []
            for k in range(max(1, per_department // 5)):
                duty = f"{org}-duty{k}"
                tops = sorted({branch[(k * 5 + i) % len(branch)].rsplit("-", 2)[0] for i in range(5)})
                t["duties.csv"].append(
                    [duty, provision, f"第三条（{k + 1}）", f"负责领域{d}的监督检查{k}", ";".join(tops), ACTION]
                )
                if d == 0:
                    first_duties.append(t["duties.csv"][-1])
                duties.append(duty)
                unit, post = posts[(2 * k) % len(posts)]
                t["assignments.csv"].append([f"{duty}-u", duty, unit, "", ""])
                t["assignments.csv"].append([f"{duty}-a", duty, "", post, "primary"])
                t["assignments.csv"].append([f"{duty}-b", duty, "", posts[(2 * k + 1) % len(posts)][1], "backup"])
            duty_of[d] = duties
            for k in range(per_department):
                power = f"{org}-pw{k}"
                subject = branch[(k * 7 + r) % len(branch)]
                duty = duties[k % len(duties)]
                t["powers.csv"].append(
                    [
                        power,
                        org,
                        f"{org}-JC{k:04d}",
                        f"对领域{d}事项{k}的检查",
                        TYPE,
                        subject,
                        ACTION,
                        duty,
                        "2012-01-01",
                        "2011-01-01",
                    ]
                )
                if d == 0:
                    first_powers.append(t["powers.csv"][-1])
                for stage in STAGES:
                    t["responsibility_items.csv"].append([f"{power}-{stage}", power, stage, f"{stage}责任"])
                unit, post = posts[k % len(posts)]
                t["assignments.csv"].append([f"{power}-a", power, "", post, "primary"])
                t["assignments.csv"].append([f"{power}-b", power, "", posts[(k + 1) % len(posts)][1], "backup"])
                law = rnd.randrange(5)
                t["bases.csv"].append(
                    [f"{power}-basis", power, f"law{law}", rnd.randint(1, 60), f"《某某监督管理条例{law}》"]
                )
        # what must be supervised is covered here, unless this region is one of the planted gaps
        if r % 7 != 3:
            cover = f"{region}-d3-pw-required"
            t["powers.csv"].append(
                [
                    cover,
                    f"{region}-d3",
                    "",
                    "必须监管事项的检查",
                    TYPE,
                    "req" if r % 7 == 5 else "req;req2",
                    ACTION,
                    duty_of[3][0],
                    "2012-01-01",
                    "2011-01-01",
                ]
            )
            for stage in STAGES:
                t["responsibility_items.csv"].append([f"{cover}-{stage}", cover, stage, f"{stage}责任"])
            t["assignments.csv"].append([f"{cover}-a", cover, "", f"{region}-d3-u0-a", "primary"])
            t["assignments.csv"].append([f"{cover}-b", cover, "", f"{region}-d3-u0-b", "backup"])
            t["bases.csv"].append([f"{cover}-basis", cover, "law0", 1, "《某某监督管理条例0》"])
            if r % 7 == 5:
                planted["gap/subject"].append(["req2", region])
        else:
            # the article gap names 必须监管事项, and so its subject gap too (one problem, one finding);
            # 另一必须监管事项, which no article names, is a subject gap of its own
            planted["gap/article"].append(["law0-a61", region])
            planted["gap/subject"].append(["req2", region])
        if r % 3 == 1:  # an overlap: department 1 also inspects a subject inside department 0's branch
            power = f"{region}-d1-overlap"
            target = leaves[0][(r * 7) % len(leaves[0])]
            t["powers.csv"].append(
                [
                    power,
                    f"{region}-d1",
                    "",
                    "越界检查",
                    TYPE,
                    target.rsplit("-", 1)[0],
                    ACTION,
                    duty_of[1][0],
                    "2012-01-01",
                    "2011-01-01",
                ]
            )
            for stage in STAGES:
                t["responsibility_items.csv"].append([f"{power}-{stage}", power, stage, f"{stage}责任"])
            t["assignments.csv"].append([f"{power}-a", power, "", f"{region}-d1-u0-a", "primary"])
            t["assignments.csv"].append([f"{power}-b", power, "", f"{region}-d1-u0-b", "backup"])
            t["bases.csv"].append([f"{power}-basis", power, "law0", 2, "《某某监督管理条例0》"])
            planted_subject = target.rsplit("-", 1)[0]

            def related(subjects: str, at: str = planted_subject) -> bool:
                return any(x == at or x.startswith(at + "-") or at.startswith(x + "-") for x in subjects.split(";"))

            # department 0's powers (subjects in column 5) and duties (column 4) of this region
            # one problem: the pair of departments on that branch, with every clause and row of both sides
            mine = [(row, 5) for row in first_powers] + [(row, 4) for row in first_duties]
            rows = [str(row[0]) for row, column in mine if related(str(row[column]))]
            if rows:
                planted["overlap/subsumed"].append(sorted([power, *rows]))
        if r % 4 == 2:  # unassigned: a duty given to a unit and to no post
            duty = f"{region}-d5-unposted"
            t["duties.csv"].append([duty, f"{region}-d5-p", "第三条（九十九）", "负责领域5的其他工作", "g5", ACTION])
            t["assignments.csv"].append([f"{duty}-u", duty, f"{region}-d5-u0", "", ""])
            planted["unassigned/no_post"].append([duty])
        if r % 5 == 4:  # a bad basis: an article the instrument does not have
            power = f"{region}-d7-pw0"
            t["bases.csv"].append([f"{power}-bad", power, "law1", 99, "《某某监督管理条例1》第九十九条"])
            planted["basis/unresolved"].append([power, f"{power}-bad"])
    for name, rows in t.items():
        with (out / name).open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    summary = {
        "powers": len(t["powers.csv"]) - 1,
        "regions": regions,
        "subjects": len(t["subjects.csv"]) - 1,
        "planted": planted,
    }
    (out / "planted.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    summary = generate(args.out, args.powers, args.seed)
    planted = summary["planted"]
    assert isinstance(planted, dict)
    print(
        f"wrote {args.out}: {summary['powers']} powers in {summary['regions']} regions, {summary['subjects']} subjects; "
        f"planted {sum(len(v) for v in planted.values())} findings"
    )


if __name__ == "__main__":
    main()
