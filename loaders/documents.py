"""One entry point for mixed folders: each file's kind detected (or given), read in the order that lets
later files refer to earlier ones, and what was read reported per file.

Kinds: ``dataset`` (dutygraph's CSV files, named after the record kinds), ``turtle`` (SKOS schemes or a
dutygraph export), ``law`` (an instrument's text), ``sanding`` (a 三定规定), ``quanze`` (a 权责清单
spreadsheet). Taxonomies are read first (documents are understood against them), then laws (citations
point at them), then 三定 and lists. An organization or unit a document only names (a stub) gives way to a
fuller record of it, from another file of the load or from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from dutygraph.errors import DatasetInvalid, LoadError, RowError
from dutygraph.i18n import N_, tr
from dutygraph.loaders import KINDS
from dutygraph.loaders.article_alignment import succession_records
from dutygraph.loaders.boundary_list import is_boundary_list, read_boundary_list
from dutygraph.loaders.concepts import concepts, duty_reader
from dutygraph.loaders.csv_dataset import FILES, read_csv_file
from dutygraph.loaders.law_text import looks_like_law, read_law
from dutygraph.loaders.organization_names import aliases
from dutygraph.loaders.power_list import read_power_list
from dutygraph.loaders.records import RawRecord
from dutygraph.loaders.report import FileReport
from dutygraph.loaders.sanding import OrganizationHint, has_provision_title, looks_like_provision, read_provision
from dutygraph.loaders.tables import read_tables
from dutygraph.loaders.text import read_document
from dutygraph.loaders.understanding import DutyReader
from dutygraph.stores.base import GraphReader

__all__ = ["KINDS", "MAPPING_FILE", "FilesRead", "detect_kind", "read_files"]


_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".text")
_TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
Progress = Callable[[str], None]


@dataclass
class FilesRead:
    """Everything a load read: the records to check and write, and a report per document file."""

    records: list[RawRecord] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)


def _files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
            usable = [p for p in inside if p.suffix.lower() in (*_TEXT_SUFFIXES, *_TABLE_SUFFIXES, ".ttl", ".turtle")]
            if not usable:
                raise LoadError(
                    path, tr("no dataset files or documents here (organizations.csv …, *.ttl, *.txt, *.docx, *.xlsx)")
                )
            found.extend(usable)
        elif path.exists():
            found.append(path)
        else:
            raise LoadError(path, tr("no such file or folder"))
    return found


def detect_kind(path: Path) -> str:
    """The kind of an input file, from its name and, for texts, its content."""
    suffix = path.suffix.lower()
    if suffix in (".ttl", ".turtle"):
        return "turtle"
    if suffix == ".csv" and path.name in FILES:
        return "dataset"
    if suffix in _TABLE_SUFFIXES:
        return "quanze"
    if suffix in _TEXT_SUFFIXES:
        doc = read_document(path)
        if has_provision_title(doc):
            return "sanding"
        if looks_like_law(doc):
            return "law"
        if looks_like_provision(doc):
            return "sanding"
        raise LoadError(
            path, tr("cannot tell what this text is (neither a 三定规定 nor a law's articles); pass --kind")
        )
    raise LoadError(path, tr("not a file dutygraph reads (.csv, .ttl, .txt, .md, .docx, .xlsx, .xls)"))


def _type_labels(records: Iterable[RawRecord], store: GraphReader) -> dict[str, str]:
    return {label: concept.id for concept in concepts(records, store, "PowerType") for label in concept.labels if label}


def read_files(
    paths: Sequence[Path],
    store: GraphReader,
    *,
    seed: Sequence[RawRecord] = (),
    kind: str | None = None,
    hint: OrganizationHint | None = None,
    on_step: Progress | None = None,
    allow_empty: bool = False,
) -> FilesRead:
    """Read every file of ``paths`` (folders expanded) into records, in dependency order.

    ``seed`` are records the load adds first (the shipped taxonomies of a new store); ``store`` is what is
    already stored. A file with nothing to load (0 bytes, a list with only its header, a 三定 with no duty)
    is an error unless ``allow_empty``: then it is reported and skipped. Raises :class:`DatasetInvalid`
    listing every problem of every file.
    """
    errors: list[RowError] = []
    reading = FilesRead(records=list(seed))
    empty = _Empty(allow_empty, errors, reading)
    files, hints = _organization_map([f for f in _files(paths) if not empty.zero_bytes(f)], hint, errors)
    kinds = {f: kind or detect_kind(f) for f in files}
    # a dataset's file with only its header says "none of these" and is fine; a dataset with no record at all is empty
    dataset_rows: dict[Path, int] = {}
    before = len(errors)
    for f in files:
        if kinds[f] == "dataset":
            _step(on_step, f)
            rows = read_csv_file(f, FILES[f.name], errors, document=f"{f.parent.name}/{f.name}")
            dataset_rows[f.parent] = dataset_rows.get(f.parent, 0) + len(rows)
            reading.records.extend(rows)
        elif kinds[f] == "turtle":
            from dutygraph.loaders.turtle import parse_turtle, records_from_rdf  # rdflib: only for Turtle

            _step(on_step, f)
            try:
                described = records_from_rdf(parse_turtle(f), str(f))
            except LoadError as exc:
                errors.append(RowError(f, getattr(exc, "row", None), exc.problem))
                continue
            if not described:
                empty.found(
                    f, tr("no resource of a kind dutygraph knows (no rdf:type of its ontology, no skos:Concept)")
                )
            reading.records.extend(described)
    if len(errors) == before:
        for folder in (folder for folder, count in dataset_rows.items() if not count):
            named = [f.name for f in files if f.parent == folder and kinds[f] == "dataset"]
            empty.found(folder, tr("a dataset with only header rows, no records ({files})", files=", ".join(named)))
    reader = duty_reader(reading.records, store)
    for f in (f for f in files if kinds[f] == "law"):
        _step(on_step, f)
        _collect(reading, errors, f, partial(_law, f, reader, _start(hint)))
    for f in (f for f in files if kinds[f] == "sanding"):
        _step(on_step, f)
        _collect(reading, errors, f, partial(_provision, f, reader, hints.get(f, hint)), empty)
    _one_text_per_version(reading.records, errors, _start(hint))
    # two versions of an instrument together: which article of the new one carries each of the old one
    reading.records.extend(succession_records(reading.records, store))
    _note_unaligned(reading, store)
    known = {r.values["id"][0] for r in reading.records if r.kind == "Instrument" and r.values.get("id")}
    known |= {n.id for n in store.nodes("Instrument")}
    types = _type_labels(reading.records, store)
    for f in (f for f in files if kinds[f] == "quanze"):
        _step(on_step, f)
        try:
            sheets = read_tables(f)
            if is_boundary_list(sheets):  # a filled-in 职责边界清单: its settled rows are Divisions
                report, problems = read_boundary_list(
                    str(f),
                    sheets,
                    organizations=_organization_names(reading.records, store),
                    divisions={d.id for d in store.nodes("Division")},
                    valid_from=_start(hints.get(f, hint)),
                )
            else:
                report, problems = read_power_list(
                    str(f), sheets, reader, types=types, known_instruments=known, hint=hints.get(f, hint)
                )
        except LoadError as exc:
            errors.append(RowError(f, None, exc.problem))
            continue
        if (
            problems
            and f.suffix.lower() == ".csv"
            and any(p.suffix.lower() == ".csv" and p.name in FILES for p in files)
        ):
            errors.append(
                RowError(f, None, tr("not a dataset file; known files: {value}", value=", ".join(sorted(FILES))))
            )
            continue
        errors.extend(RowError(f, row, problem) for row, problem in problems)
        if not problems and not empty.substantive(f, report):
            continue
        reading.reports.append(report)
        reading.records.extend(report.records)
    if errors:
        raise DatasetInvalid(", ".join(str(p) for p in paths), errors)
    reading.records = _settle_stubs(reading.records, store)
    _note_placeholders(reading)
    return reading


MAPPING_FILE = "organizations.csv"
"""A folder's mapping of documents to their organizations, when it has a ``file`` column (not a dataset's)."""
_MAPPING_COLUMNS = ("file", "organization", "region", "level", "valid_from")


def _organization_map(
    files: list[Path], hint: OrganizationHint | None, errors: list[RowError]
) -> tuple[list[Path], dict[Path, OrganizationHint]]:
    """The files to read, and the organization a folder's ``organizations.csv`` gives each document.

    The mapping (``file,organization[,region,level,valid_from]``) names the department of each list or
    三定 of a folder that does not say (实施主体 应急管理部门); what a row leaves empty, the command's options
    give. Problems go into ``errors``, with the mapping's row.
    """
    hints: dict[Path, OrganizationHint] = {}
    maps = [f for f in files if f.name == MAPPING_FILE and _is_mapping(f)]
    for mapping in maps:
        sheet = read_tables(mapping)[0]
        header = [c.strip() for c in sheet.rows[0][1]]
        unknown = sorted(set(header) - set(_MAPPING_COLUMNS) - {""})
        if unknown or "organization" not in header:
            errors.append(
                RowError(
                    mapping,
                    sheet.rows[0][0],
                    tr(
                        "columns are {value}; not {value2}", value=", ".join(_MAPPING_COLUMNS), value2=unknown or header
                    ),
                )
            )
            continue
        beside = {f.name: f for f in files if f.parent == mapping.parent}
        for number, cells in sheet.rows[1:]:
            row = dict(zip(header, (c.strip() for c in cells), strict=False))
            if not any(row.values()):
                continue
            target = beside.get(row.get("file", ""))
            if target is None or target == mapping:
                errors.append(
                    RowError(
                        mapping,
                        number,
                        tr("no document {value} in {parent}", value=repr(row.get("file", "")), parent=mapping.parent),
                    )
                )
            elif not row.get("organization"):
                errors.append(RowError(mapping, number, tr("no organization for {name}", name=target.name)))
            elif target in hints:
                errors.append(RowError(mapping, number, tr("{name} is mapped twice", name=target.name)))
            else:
                given = hint or OrganizationHint()
                hints[target] = OrganizationHint(
                    name=row["organization"],
                    region=row.get("region") or given.region,
                    level=row.get("level") or given.level,
                    valid_from=row.get("valid_from") or given.valid_from,
                )
    return [f for f in files if f not in maps], hints


def _is_mapping(path: Path) -> bool:
    sheets = read_tables(path)
    first = sheets[0].rows[0][1] if sheets and sheets[0].rows else []
    return "file" in (c.strip() for c in first)


def _note_placeholders(reading: FilesRead) -> None:
    """Say which organizations are only named: a placeholder until their own 三定 or list is loaded."""
    reports = {report.path: report for report in reading.reports}
    for rec in reading.records:
        if rec.kind != "Organization" or not rec.stub:
            continue
        name = rec.first("name")
        if not name.endswith("人民政府") and rec.source in reports:
            reports[rec.source].note(
                rec.line, tr("{name}: named here, its 三定 not loaded (a placeholder until it is)", name=name)
            )


def _resolve_short_names(records: list[RawRecord], store: GraphReader) -> list[RawRecord]:
    def named(rec: RawRecord) -> tuple[str, str]:
        return rec.values["id"][0], rec.values.get("name", [""])[0]

    orgs = [r for r in records if r.kind == "Organization" and r.values.get("id")]
    full = [named(r) for r in orgs if not r.stub]
    full += [(n.id, str(n.get("name", ""))) for n in store.nodes("Organization")]
    mapping = aliases(full, [named(r) for r in orgs if r.stub])
    if not mapping:
        return records
    names = {named(r)[0]: named(r)[1] for r in orgs if r.stub}
    for rec in records:
        for column, values in rec.values.items():
            if column != "id" or rec.kind != "Organization":
                rec.values[column] = [mapping.get(v, v) for v in values]
    for rec in (r for r in orgs if not r.stub):
        extra = sorted({names[a] for a, target in mapping.items() if target == named(rec)[0]})
        if extra:
            rec.values["alt_names"] = sorted({*rec.values.get("alt_names", []), *extra})
    return [r for r in records if not (r.kind == "Organization" and r.stub and named(r)[0] in mapping)]


def _organization_names(records: Sequence[RawRecord], store: GraphReader) -> dict[str, str]:
    """Every name (and other name) of the organizations stored or being loaded → their id."""
    names: dict[str, str] = {}
    for node in store.nodes("Organization"):
        for name in (node.get("name"), *(node.get("alt_names") or [])):
            if name:
                names.setdefault(str(name), node.id)
    for rec in records:
        if rec.kind == "Organization" and rec.values.get("id"):
            for name in (*rec.values.get("name", []), *rec.values.get("alt_names", [])):
                names[name] = rec.values["id"][0]
    return names


def _one_text_per_version(records: Sequence[RawRecord], errors: list[RowError], valid_from: str | None) -> None:
    """Two law texts read as the same version (same instrument, same date of effect) are an error naming both:
    their articles would be merged into one version, and which text a citation was read against unknown."""
    first: dict[str, RawRecord] = {}
    titles = {r.values["id"][0]: r.values.get("title", [""])[0] for r in records if r.kind == "Instrument"}
    for rec in records:
        if rec.kind != "InstrumentVersion" or not rec.values.get("id"):
            continue
        seen = first.setdefault(rec.values["id"][0], rec)
        if seen is not rec and seen.source != rec.source:
            label = (rec.values.get("label") or [rec.values["id"][0]])[0]
            title = titles.get((rec.values.get("instrument") or [""])[0], "")
            start = (rec.values.get("valid_from") or ["?"])[0]
            errors.append(
                RowError(
                    Path(rec.source),
                    rec.line,
                    tr(
                        "{path} and {other} are both the version 《{title}》{label} (in force from {start}): load one "
                        "of them; a text of another version must state its own 修正/修订 and 施行 dates",
                        path=rec.source,
                        other=seen.source,
                        title=title,
                        label=label,
                        start=start,
                    )
                    + (
                        tr(" (--valid-from {date} gives that date to every text of the load)", date=valid_from)
                        if valid_from
                        else ""
                    ),
                )
            )


def _note_unaligned(reading: FilesRead, store: GraphReader) -> None:
    """A law text whose instrument has no other version loaded aligns nothing: say so on its report."""
    versions: dict[str, set[str]] = {}
    for rec in reading.records:
        if rec.kind == "InstrumentVersion" and rec.values.get("instrument") and rec.values.get("id"):
            versions.setdefault(rec.values["instrument"][0], set()).add(rec.values["id"][0])
    for report in reading.reports:
        if report.kind != "法律法规":
            continue
        for rec in report.records:
            if rec.kind != "InstrumentVersion" or not rec.values.get("instrument"):
                continue
            instrument = rec.values["instrument"][0]
            if len(versions[instrument] | set(store.sources(instrument, "versionOf"))) == 1:
                report.note(
                    None,
                    tr(
                        "the only version of this instrument loaded: no article alignment (条文对照) — citations of "
                        "its other versions cannot be followed until one is loaded"
                    ),
                )


def _law(path: Path, reader: DutyReader, valid_from: str | None) -> FileReport:
    return read_law(read_document(path), reader, valid_from=valid_from)


def _provision(path: Path, reader: DutyReader, hint: OrganizationHint | None) -> FileReport:
    return read_provision(read_document(path), reader, hint)


def _start(hint: OrganizationHint | None) -> str | None:
    return hint.valid_from if hint else None


def _step(on_step: Progress | None, path: Path) -> None:
    if on_step:
        on_step(path.name)


def _collect(
    reading: FilesRead,
    errors: list[RowError],
    path: Path,
    read: Callable[[], FileReport],
    empty: _Empty | None = None,
) -> None:
    try:
        report = read()
    except DatasetInvalid as exc:
        errors.extend(exc.errors)
        return
    except LoadError as exc:
        errors.append(RowError(path, getattr(exc, "row", None), exc.problem))
        return
    if empty is not None and not empty.substantive(path, report):
        return
    reading.reports.append(report)
    reading.records.extend(report.records)


# what makes a document worth loading, by the kind of its report: a 三定 with no duty, unit, staffing or
# division, a list with no power, a boundary list with no settled row has nothing an analysis could use
_SUBSTANCE = {"Duty", "Unit", "StaffingQuota", "Division", "FunctionChange", "Power"}
_NOTHING_READ = {
    "三定规定": N_("a 三定规定 in which no duty, internal unit, staffing or division was read"),
    "权责清单": N_("a 权责清单 with no power in it (only its header, or no row naming a power)"),
    "职责边界清单": N_("a 职责边界清单 with no settled row"),
}


@dataclass
class _Empty:
    """How a load treats files with nothing to load: an error each, or (``allowed``) a note and a skip."""

    allowed: bool
    errors: list[RowError]
    reading: FilesRead

    def found(self, path: Path, what: str, report: FileReport | None = None) -> None:
        """Report that ``path`` has nothing to load: on its ``report`` (or one of its own) when allowed."""
        if not self.allowed:
            self.errors.append(
                RowError(path, None, tr("nothing to load: {what} (--allow-empty loads it as it is)", what=what))
            )
            return
        if report is None:
            report = FileReport(str(path), tr("empty"))
            self.reading.reports.append(report)
        report.note(None, tr("nothing to load: {what}; loaded as it is (--allow-empty)", what=what))

    def zero_bytes(self, path: Path) -> bool:
        """Whether ``path`` is an empty file (reported, and then left out of the load)."""
        try:
            size = path.stat().st_size
        except OSError:
            return False  # the reader says what is wrong with it
        if size == 0:
            self.found(path, tr("the file is empty (0 bytes)"))
        return size == 0

    def substantive(self, path: Path, report: FileReport) -> bool:
        """Whether a document is to be loaded: it holds something, or empty ones are allowed (and noted)."""
        if any(r.kind in _SUBSTANCE for r in report.records):
            return True
        what = _NOTHING_READ.get(report.kind)
        self.found(path, tr(what) if what else tr("{kind}, nothing read from it", kind=report.kind), report)
        return self.allowed


def _settle_stubs(records: list[RawRecord], store: GraphReader) -> list[RawRecord]:
    """One record per id: a full record wins over stubs of it, and a stored record over a new stub.

    A stub named by a short form (县应急局) of an organization loaded under its full name (柳林县应急管理局,
    in this load or in the store) is that organization: references to it are rewritten, and the short
    form is kept among the full record's ``alt_names``.
    """
    records = _resolve_short_names(records, store)
    full = {rid for r in records if not r.stub and (rid := r.first("id"))}
    kept: list[RawRecord] = []
    seen: set[str] = set()
    for rec in records:
        rid = rec.first("id")
        if rec.stub:
            if not rid or rid in full or rid in seen or store.get(rid) is not None:
                continue
            seen.add(rid)
        kept.append(rec)
    return kept
