"""``dutygraph report`` and ``dutygraph diff``: what an establishment office hands its leaders."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dutygraph.cli.options import as_of_option, format_option, reading_store
from dutygraph.cli.render import print_json
from dutygraph.i18n import tr
from dutygraph.queries.diff import reorganization_diff
from dutygraph.report import build_report, report_html, write_docx, write_xlsx
from dutygraph.report.boundaries import boundary_rows, write_boundaries

__all__ = ["diff_command", "report_command"]


@click.command("report")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@as_of_option
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write into."
)
@click.option(
    "--since",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A previous report's report.json: list the findings new, resolved and still open since then.",
)
@click.option(
    "--reform", nargs=2, metavar="FROM TO", default=None, help="Also what a reorganization did between two dates."
)
@click.option(
    "--evaluate",
    "evaluate_orgs",
    multiple=True,
    metavar="ORG",
    help="Also the evaluation (机构编制执行情况评估) of ORG.",
)
@click.pass_context
def report_command(
    ctx: click.Context,
    /,
    paths: tuple[Path, ...],
    as_of: str | None,
    out_dir: Path,
    since: Path | None,
    reform: tuple[str, str] | None,
    evaluate_orgs: tuple[str, ...],
) -> None:
    """Write report.html (self-contained, opens offline), report.xlsx, report.docx (《关于…职责审查情况的报告》)
    and report.json for a date.

    The report has a summary, the department × department overlap matrix, every finding with its evidence
    quoted, a severity and a suggested resolution (overlaps with a diagram), the duties worded vaguely, and
    with --since the changes since a previous report; --reform FROM TO adds what a reorganization did, and
    --evaluate ORG an organization's evaluation (机构编制执行情况评估).
    """
    store = reading_store(ctx, paths)
    try:
        report = build_report(store, as_of, since=since, reform=reform, evaluate_organizations=evaluate_orgs)
        boundaries = boundary_rows(store, report.as_of)
    finally:
        store.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.html").write_text(report_html(report), encoding="utf-8")
    write_xlsx(report, out_dir / "report.xlsx")
    write_docx(report, out_dir / "report.docx")
    write_boundaries(boundaries, out_dir / "boundaries.xlsx")
    (out_dir / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(
        tr(
            "report as of {date}: {findings} findings, {vague} vaguely worded duties",
            date=report.as_of,
            findings=len(report.entries),
            vague=len(report.vague),
        )
    )
    for name in ("report.html", "report.xlsx", "report.docx", "boundaries.xlsx", "report.json"):
        click.echo(tr("wrote {path}", path=out_dir / name))


@click.command("diff")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--from", "before", required=True, metavar="YYYY-MM-DD", help="The date before the reform.")
@click.option("--to", "after", required=True, metavar="YYYY-MM-DD", help="The date after it.")
@format_option
@click.pass_context
def diff_command(ctx: click.Context, /, paths: tuple[Path, ...], before: str, after: str, fmt: str) -> None:
    """What a reorganization did between two dates: duties moved between departments, duties nobody holds
    after it, overlaps it created and overlaps it ended."""
    store = reading_store(ctx, paths)
    try:
        result = reorganization_diff(store, before, after)
    finally:
        store.close()
    if fmt == "json":
        print_json(result.to_dict())
        return
    click.echo(tr("from {before} to {after}:", before=result.before, after=result.after))
    click.echo(tr("moved ({count}):", count=len(result.moved)))
    for c in result.moved:
        click.echo(f"  {c.before} → {c.after}: 「{c.title}」")
    click.echo(tr("held by nobody after ({count}):", count=len(result.dropped)))
    for c in result.dropped:
        lost = "; ".join(c.lost) or tr("all of it")
        click.echo(tr("  {before}: 「{title}」 — lost: {lost}", before=c.before, title=c.title, lost=lost))
    click.echo(tr("overlaps created ({count}):", count=len(result.doubled)))
    for f in result.doubled:
        click.echo(f"  {f.message}")
    click.echo(tr("overlaps ended ({count}):", count=len(result.resolved)))
    for f in result.resolved:
        click.echo(f"  {f.message}")
