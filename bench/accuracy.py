"""How well the readers read real documents, against answers labelled by hand.

    python bench/accuracy.py [--flat] [--json FILE]

Every 三定 text and 权责清单 of ``tests/data/documents`` has its answers in ``tests/data/labels/accuracy.json``,
written by a person reading the document (never copied from dutygraph's output): per 三定 the 主要职责
items (and the role each one's verbs give), function changes, units, staffing figures, divisions and
hosted offices; per 权责清单 the rows and the citations (instrument and article); per scenario set of
``tests/data/labels/overlap_scenarios.json`` the overlap problems (one finding each, of the right variant);
per whole audit of ``tests/data/labels/finding_scenarios.json`` every finding, labelled true or false, from
which the precision of each finding kind is printed (an unlabelled finding counts as wrong); per complaint
sentence of ``tests/data/labels/complaints.json`` who leads, who cooperates, who is named first, and whether it
is an overlap, a gap or matches nothing, as routed from its words; and per pair of
law versions of ``tests/data/labels/article_alignment.json`` the (old article, new article) successions, the
款/项 of the new article that carry each, and the successions of each 款 of an old article of several,
dutygraph's aligner beside difflib's ratio as a baseline. Each document is read
the way ``dutygraph load`` reads it (kind detected, the shipped taxonomy, the hint the label gives for
``--organization``/``--region``), and for each document and category this prints what was expected, found,
matched, missed and wrong, then the totals with precision (matched / found) and recall (matched /
expected). ``--flat`` reads every 三定 run into one paragraph first, as a text pasted from a web page.
``tests/test_accuracy.py`` keeps the totals from falling.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "data" / "documents"
LABELS = ROOT / "tests" / "data" / "labels" / "accuracy.json"
OVERLAP_LABELS = ROOT / "tests" / "data" / "labels" / "overlap_scenarios.json"
FINDING_LABELS = ROOT / "tests" / "data" / "labels" / "finding_scenarios.json"
ALIGNMENT_LABELS = ROOT / "tests" / "data" / "labels" / "article_alignment.json"
COMPLAINT_LABELS = ROOT / "tests" / "data" / "labels" / "complaints.json"
CATEGORIES = (
    "duties",
    "roles",
    "changes",
    "units",
    "staffing",
    "divisions",
    "hosted_offices",
    "rows",
    "citations",
    "overlaps",
)


@dataclass
class Score:
    """One category of one document (or a total): the labels, what was read, and where they differ."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched
        self.missed += other.missed
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def compare(expected: Iterable[str], found: Iterable[str]) -> Score:
    """Expected and found answers as multisets of keys."""
    want, got = Counter(list(expected)), Counter(list(found))
    both = want & got
    return Score(
        sum(want.values()),
        sum(got.values()),
        sum(both.values()),
        sorted((want - got).elements()),
        sorted((got - want).elements()),
    )


def _hint(value: Any) -> Any:
    from dutygraph.loaders import OrganizationHint

    if value is None:
        return None
    if isinstance(value, str):
        return OrganizationHint(name=value)
    return OrganizationHint(**value)


def _read(path: Path, hint: Any, *, flat: bool) -> list[Any]:
    """The records ``dutygraph load`` would write for one document (before the store settles stubs)."""
    from dutygraph.loaders import shipped_records
    from dutygraph.loaders.documents import read_files
    from dutygraph.stores import open_store

    if flat and path.suffix == ".txt":
        path = _flattened(path)
    # an empty store: each document is read as if it were the first
    reading = read_files([path], open_store("memory:"), seed=shipped_records(), hint=_hint(hint))
    return [r for report in reading.reports for r in report.records]


def _flattened(path: Path) -> Path:
    """A copy of a text whose body is one paragraph (the copy's ``source:`` header kept)."""
    from dutygraph.loaders.text import read_document

    doc = read_document(path)
    header = "".join(f"{key}: {value}\n" for key, value in doc.header.items())
    folder = Path(tempfile.mkdtemp(prefix="dutygraph-flat-"))
    copy = folder / path.name
    copy.write_text(header + "\n" + "".join(line.text for line in doc.lines) + "\n", encoding="utf-8")
    return copy


def _one(record: Any, column: str) -> str:
    values = record.values.get(column) or [""]
    return str(values[0])


def _names(records: list[Any]) -> dict[str, str]:
    return {_one(r, "id"): _one(r, "name") for r in records if r.kind == "Organization"}


def score_provision(label: dict[str, Any], records: list[Any]) -> dict[str, Score]:
    """The categories of one 三定."""
    names = _names(records)
    duties = [r for r in records if r.kind == "Duty" and not _one(r, "unit")]
    found_duties = {_one(d, "anchor"): _one(d, "role") for d in duties}
    roles = compare(
        (f"{a} {role}" for a, role in label["duties"].items() if role and a in found_duties),
        (f"{a} {found_duties[a]}" for a, role in label["duties"].items() if role and a in found_duties),
    )
    units = [r for r in records if r.kind == "Unit" and not _one(r, "serves")]
    offices = [_one(r, "name") for r in records if r.kind == "Unit" and _one(r, "serves")]
    return {
        "duties": compare(label["duties"], (_one(d, "anchor") for d in duties)),
        "roles": roles,
        "changes": compare(label["changes"], (_one(r, "anchor") for r in records if r.kind == "FunctionChange")),
        "units": compare(label["units"], (_one(r, "name") for r in units)),
        "staffing": compare(
            (f"{k} {c} {n}" for k, c, n in label["staffing"]),
            (
                f"{_one(r, 'kind')} {_one(r, 'category')} {_one(r, 'count')}"
                for r in records
                if r.kind == "StaffingQuota"
            ),
        ),
        "divisions": compare(
            (f"{lead}→{'、'.join(coop)} {anchor}" for lead, coop, anchor in label["divisions"]),
            (
                f"{names.get(_one(r, 'lead'))}→{'、'.join(names.get(c, c) for c in r.values.get('cooperating', []))} "
                f"{_one(r, 'anchor')}"
                for r in records
                if r.kind == "Division"
            ),
        ),
        "hosted_offices": compare(
            label["hosted_offices"],
            (next((e for e in label["hosted_offices"] if o.endswith(e)), o) for o in offices),
        ),
    }


def instrument_key(citation: str) -> str:
    """The instrument a citation names, compared without 《》〈〉, 中华人民共和国, quotes and spaces.

    >>> instrument_key("《中华人民共和国矿山安全法》第八条")
    '矿山安全法'
    >>> instrument_key("《新疆维吾尔自治区实施〈中华人民共和国防震减灾法〉办法》第三十条")
    '新疆维吾尔自治区实施防震减灾法办法'
    """
    text = citation.strip()
    titled = re.match(r"《(.+)》", text)
    if titled:
        text = titled[1]
    else:
        text = re.sub(r"第[零〇一二三四五六七八九十百千\d]+条.*$", "", text)
        text = re.sub(r"文件$", "", text)
    text = re.sub(r"[《》〈〉“”\"'\s]", "", text).replace("中华人民共和国", "")
    return text.replace("(", "（").replace(")", "）")


def _row_of(name: str, rows: list[str]) -> int | None:
    flat = _plain(name)
    return next((i for i, row in enumerate(rows) if flat.startswith(_plain(row))), None)


def _plain(text: str) -> str:
    text = re.sub(r"^\s*\d+\s*[、.．]\s*", "", text)
    return re.sub(r"\s", "", text).replace("(", "（").replace(")", "）")


def score_power_list(label: dict[str, Any], records: list[Any]) -> dict[str, Score]:
    """The rows and citations of one 权责清单."""
    powers = {_one(r, "id"): _one(r, "name") for r in records if r.kind == "Power"}
    parents = {_one(r, "parent") for r in records if r.kind == "Power" and _one(r, "parent")}
    rows = label["rows"]
    found_rows = [
        (str(i) if (i := _row_of(name, rows)) is not None else name)
        for pid, name in powers.items()
        if pid not in parents
    ]
    citations = []
    for basis in (r for r in records if r.kind == "Basis"):
        row = _row_of(powers.get(_one(basis, "power"), ""), rows)
        article = _one(basis, "article") or "-"
        citations.append(f"{row} {instrument_key(_one(basis, 'citation'))} {article}")
    return {
        "rows": compare((str(i) for i in range(len(rows))), found_rows),
        "citations": compare(
            (f"{r} {key} {a if a is not None else '-'}" for r, key, a in label["citations"]), citations
        ),
    }


def measure(*, flat: bool = False) -> dict[str, dict[str, Score]]:
    """Every labelled document's scores, by document name then category."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    scores: dict[str, dict[str, Score]] = {}
    for name, label in labels["sanding"].items():
        records = _read((DOCUMENTS / "sanding" / name).resolve(), label["hint"], flat=flat)
        scores[Path(name).name] = score_provision(label, records)
    for name, label in labels["quanze"].items():
        records = _read(DOCUMENTS / "quanze" / name, label["hint"], flat=False)
        scores[name] = score_power_list(label, records)
    return scores


def score_overlaps(scenario: dict[str, Any]) -> Score:
    """The overlap findings of one scenario set against its labelled problems (one finding per problem)."""
    from dutygraph.loaders import load_paths
    from dutygraph.queries import audit
    from dutygraph.stores import open_store

    store = open_store("memory:")
    load_paths(store, [ROOT / scenario["path"]])
    findings = audit(store, scenario["as_of"], kinds=("overlap",), include_resolved=True).findings
    labelled = [(variant, tuple(sorted(orgs)), subject) for variant, orgs, subject in scenario["problems"]]

    def key(variant: str, orgs: tuple[str, ...], subject: str) -> str:
        return f"{variant} {'|'.join(orgs)} {subject}"

    found = []
    for f in findings:
        orgs = tuple(sorted(f.organizations))
        named = next((s for v, o, s in labelled if o == orgs and s in f.subjects), f.subjects[0] if f.subjects else "")
        found.append(key(f.variant, orgs, named))
    return compare((key(*problem) for problem in labelled), found)


def measure_overlaps() -> dict[str, dict[str, Score]]:
    """The overlap scores of every labelled scenario set."""
    labels = json.loads(OVERLAP_LABELS.read_text(encoding="utf-8"))
    return {f"{s['name']} @ {s['as_of']}": {"overlaps": score_overlaps(s)} for s in labels["scenarios"]}


def finding_key(finding: Any) -> str:
    """How a labelled finding is named: ``kind/variant organizations @ source anchor`` of its first evidence."""
    first = finding.evidence[0] if finding.evidence else None
    where = f"{first.source} {first.anchor}" if first is not None else "-"
    return f"{finding.kind}/{finding.variant} {'、'.join(sorted(finding.organizations))} @ {where}"


def score_findings(scenario: dict[str, Any]) -> dict[str, Score]:
    """One audit's findings against their labels, by finding kind: a finding labelled false or not labelled
    at all is wrong; a finding labelled true and not given is missed."""
    from dutygraph.loaders import load_paths
    from dutygraph.queries import audit
    from dutygraph.stores import open_store

    store = open_store("memory:")
    load_paths(store, [ROOT / scenario["path"]])
    labels: dict[str, bool] = scenario["findings"]
    scores: dict[str, Score] = {}
    for key, true in labels.items():
        if true:
            scores.setdefault(key.split("/")[0], Score()).expected += 1
    given = set()
    for finding in audit(store, scenario["as_of"]).findings:
        key = finding_key(finding)
        given.add(key)
        score = scores.setdefault(finding.kind, Score())
        score.found += 1
        if labels.get(key) is True:
            score.matched += 1
        else:
            score.wrong.append(key if key in labels else f"unlabelled {key}")
    for key, true in labels.items():
        if true and key not in given:
            scores[key.split("/")[0]].missed.append(key)
    return scores


def complaint_answers(routed: Any) -> list[str]:
    """What a routed complaint answers, as keys: ``lead:ORG``, ``cooperating:ORG``, ``first:ORG`` (who
    is named first), ``overlap``, ``gap``, ``nothing``."""
    if not routed.matched:
        return ["nothing"]
    keys = [f"{c.role}:{c.organization.label}" for c in routed.candidates]
    leads = routed.leads()
    if leads:
        keys.append(f"first:{leads[0].organization.label}")
    keys += ["overlap"] * routed.overlap + ["gap"] * routed.gap
    return keys


def labelled_answers(label: dict[str, Any]) -> list[str]:
    """The same keys from a hand label of ``tests/data/labels/complaints.json``."""
    if label.get("nothing"):
        return ["nothing"]
    keys = [f"lead:{o}" for o in label["lead"]] + [f"cooperating:{o}" for o in label["cooperating"]]
    if label["lead"]:
        keys.append(f"first:{label['lead'][0]}")
    return keys + ["overlap"] * label["overlap"] + ["gap"] * label["gap"]


def measure_routing() -> dict[str, Score]:
    """Each labelled complaint routed from its words over its dataset, against its label."""
    from dutygraph.loaders import load_paths
    from dutygraph.queries.route import route
    from dutygraph.stores import open_store

    labels = json.loads(COMPLAINT_LABELS.read_text(encoding="utf-8"))["complaints"]
    stores: dict[str, Any] = {}
    scores: dict[str, Score] = {}
    for label in labels:
        if label["path"] not in stores:
            stores[label["path"]] = store = open_store("memory:")
            load_paths(store, [ROOT / label["path"]])
        routed = route(stores[label["path"]], label["text"], label["date"], region=label.get("region"))
        scores[f"{label['date']} {label['text']}"] = compare(labelled_answers(label), complaint_answers(routed))
    return scores


def measure_findings() -> dict[str, dict[str, Score]]:
    """The finding scores of every hand-labelled audit, by scenario then finding kind."""
    labels = json.loads(FINDING_LABELS.read_text(encoding="utf-8"))
    return {f"{s['name']} @ {s['as_of']}": score_findings(s) for s in labels["scenarios"]}


def _law_articles(path: Path) -> list[Any]:
    from dutygraph.loaders.article_alignment import AlignedArticle
    from dutygraph.loaders.law_text import read_law
    from dutygraph.loaders.text import read_document
    from dutygraph.loaders.understanding import DutyReader

    records = read_law(read_document(path), DutyReader([], [])).records
    return [
        AlignedArticle(
            _one(r, "id"), int(_one(r, "number")), _one(r, "text"), _one(r, "chapter"), _one(r, "carriage") or None
        )
        for r in records
        if r.kind == "Article"
    ]


def _difflib_successors(old: list[Any], new: list[Any]) -> list[tuple[str, str | None]]:
    """The baseline: each old article's most similar new one of the same kind of chapter by difflib's ratio."""
    import difflib

    found = []
    for before in old:
        same = [a for a in new if ("法律责任" in a.chapter) == ("法律责任" in before.chapter)]
        ratios = [(difflib.SequenceMatcher(None, before.text, a.text).ratio(), a.id) for a in same]
        best = max(ratios, default=(0.0, None))
        found.append((before.id, best[1] if best[0] >= 0.3 else None))
    return found


def _named(links: Iterable[tuple[str, str | None]], number: dict[str, int], labelled: set[int]) -> list[str]:
    """Successions as ``old → new`` numbers, for the labelled old articles only."""
    return sorted({f"{number[a]} → {number[b] if b else 'deleted'}" for a, b in links if a and number[a] in labelled})


def measure_alignment() -> dict[str, dict[str, Score]]:
    """The labelled successions of each pair of versions, found by dutygraph's aligner and by difflib."""
    from dutygraph.loaders.article_alignment import align

    scores: dict[str, dict[str, Score]] = {}
    for pair in json.loads(ALIGNMENT_LABELS.read_text(encoding="utf-8"))["pairs"]:
        old, new = _law_articles(ROOT / pair["old"]), _law_articles(ROOT / pair["new"])
        number = {a.id: a.number for a in (*old, *new)}
        labelled = {int(k) for k in pair["successors"]}
        expected = [f"{k} → {v}" for k, vs in pair["successors"].items() for v in (vs or ["deleted"])]

        found = align(old, new)
        articles = [s for s in found if s.predecessor and s.from_paragraph is None]
        ours = _named(((s.predecessor or "", s.successor) for s in articles), number, labelled)
        baseline = _named(_difflib_successors(old, new), number, labelled)
        name = f"{pair['instrument']} {Path(pair['old']).stem} → {Path(pair['new']).stem}"
        scores[name] = {"alignment": compare(expected, ours), "alignment (difflib)": compare(expected, baseline)}
        if "places" in pair:  # the 款 and 项 of the successor that carry each old article
            placed = sorted(
                {
                    f"{number[s.predecessor]} → {_place(s, number)}"
                    for s in articles
                    if number[s.predecessor] in labelled
                }
            )
            want = [f"{k} → {v}" for k, vs in pair["places"].items() for v in (vs or ["deleted"])]
            scores[name]["款/项 placed"] = compare(want, placed)
        if "paragraph_successors" in pair:  # each 款 of an old article of several, on its own
            own = {k for k in pair["paragraph_successors"]}
            of_paragraphs = sorted(
                {
                    f"{number[s.predecessor]}.{s.from_paragraph} → {_place(s, number)}"
                    for s in found
                    if s.predecessor and s.from_paragraph and f"{number[s.predecessor]}.{s.from_paragraph}" in own
                }
            )
            want = [f"{k} → {v}" for k, vs in pair["paragraph_successors"].items() for v in (vs or ["deleted"])]
            scores[name]["款 successions"] = compare(want, of_paragraphs)
    return scores


def _place(succession: Any, number: dict[str, int]) -> str:
    """``64.1`` (第六十四条第一款), ``68.1.2`` (…第二项), ``62`` (the article), or ``deleted``."""
    if not succession.successor:
        return "deleted"
    parts = [number[succession.successor], succession.paragraph, succession.item]
    return ".".join(str(p) for p in parts if p)


def totals(scores: dict[str, dict[str, Score]]) -> dict[str, Score]:
    """The scores of each category over all documents, and ``all`` over every category."""
    total = {category: Score() for category in (*CATEGORIES, "all")}
    for by_category in scores.values():
        for category, score in by_category.items():
            total[category].add(score)
            total["all"].add(score)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flat", action="store_true", help="read every 三定 run into one paragraph")
    parser.add_argument("--json", type=Path, help="also write the totals as JSON")
    args = parser.parse_args(argv)
    scores = {**measure(flat=args.flat), **measure_overlaps()}
    print(f"{'document':<58} {'category':<15} {'expected':>8} {'found':>6} {'matched':>7}  missed / wrong")
    for document, by_category in scores.items():
        for category, s in by_category.items():
            if not (s.expected or s.found):
                continue
            detail = "; ".join([*(f"missed {m}" for m in s.missed), *(f"wrong {w}" for w in s.wrong)])
            print(f"{document[:58]:<58} {category:<15} {s.expected:>8} {s.found:>6} {s.matched:>7}  {detail[:120]}")
    print()
    print(f"{'total':<15} {'expected':>8} {'found':>6} {'matched':>7} {'precision':>9} {'recall':>7}")
    summary = totals(scores)
    for category, s in summary.items():
        if s.expected or s.found:
            print(f"{category:<15} {s.expected:>8} {s.found:>6} {s.matched:>7} {s.precision:>9.3f} {s.recall:>7.3f}")
    print()
    print(
        f"{'law versions aligned (法律责任 articles)':<58} {'by':<20} {'expected':>8} {'found':>6} {'matched':>7} {'precision':>9} {'recall':>7}"
    )
    for pair, by_method in measure_alignment().items():
        for method, s in by_method.items():
            print(
                f"{pair[:58]:<58} {method:<20} {s.expected:>8} {s.found:>6} {s.matched:>7} "
                f"{s.precision:>9.3f} {s.recall:>7.3f}"
            )
    routing = measure_routing()
    print()
    print(f"{'complaints routed (labelled by hand)':<58} {'expected':>8} {'found':>6} {'matched':>7}  missed / wrong")
    routed_total = Score()
    for complaint, s in routing.items():
        routed_total.add(s)
        detail = "; ".join([*(f"missed {m}" for m in s.missed), *(f"wrong {w}" for w in s.wrong)])
        print(f"{complaint[:58]:<58} {s.expected:>8} {s.found:>6} {s.matched:>7}  {detail[:120]}")
    print(
        f"{'routing':<15} {routed_total.expected:>8} {routed_total.found:>6} {routed_total.matched:>7} "
        f"{routed_total.precision:>9.3f} {routed_total.recall:>7.3f}"
    )
    findings = measure_findings()
    print()
    print(
        f"{'audit (every finding labelled)':<58} {'kind':<15} {'expected':>8} {'found':>6} {'matched':>7}  wrong / missed"
    )
    for scenario, by_kind in findings.items():
        for kind, s in by_kind.items():
            detail = "; ".join([*(f"wrong {w}" for w in s.wrong), *(f"missed {m}" for m in s.missed)])
            print(f"{scenario[:58]:<58} {kind:<15} {s.expected:>8} {s.found:>6} {s.matched:>7}  {detail[:120]}")
    print()
    print(f"{'finding kind':<15} {'expected':>8} {'found':>6} {'matched':>7} {'precision':>9} {'recall':>7}")
    by_kind: dict[str, Score] = {}
    for scores_of in findings.values():
        for kind, s in scores_of.items():
            by_kind.setdefault(kind, Score()).add(s)
    for kind, s in sorted(by_kind.items()):
        print(f"{kind:<15} {s.expected:>8} {s.found:>6} {s.matched:>7} {s.precision:>9.3f} {s.recall:>7.3f}")
    if args.json:
        figures = {
            c: {"precision": s.precision, "recall": s.recall, "expected": s.expected} for c, s in summary.items()
        }
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from dutygraph.i18n import use_language

    # the labels name findings by their anchors as the files write them (line 4), in the code's language
    with use_language("en"):
        sys.exit(main())
