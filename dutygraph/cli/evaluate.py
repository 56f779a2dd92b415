"""``dutygraph evaluate ORG``: the 机构编制执行情况评估 evidence pack of one organization."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from dutygraph.cli.options import as_of_option, format_option, reading_store
from dutygraph.cli.render import print_json
from dutygraph.errors import DutygraphError
from dutygraph.i18n import tr
from dutygraph.queries.evaluation import Evaluation, evaluate, read_scheme
from dutygraph.queries.findings import variant_name
from dutygraph.report import write_evaluation_docx

__all__ = ["evaluate_command"]


def _manual(values: tuple[str, ...]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for value in values:
        key, _, score = value.partition("=")
        try:
            scores[key.strip()] = float(score)
        except ValueError:
            raise DutygraphError(
                tr("--manual {value}: write ITEM=SCORE (public-review=12)", value=repr(value))
            ) from None
    return scores


def _print(result: Evaluation) -> None:
    console = Console(width=200, soft_wrap=False)
    console.print(
        tr(
            "[bold]{scheme}[/bold]: {organization}, as of {date}",
            scheme=result.scheme,
            organization=result.organization,
            date=result.as_of,
        )
    )
    table = Table(show_lines=True)
    columns = (tr("group"), tr("item"), tr("weight"), tr("score"), tr("deductions and their evidence"))
    for index, column in enumerate(columns):
        table.add_column(column, max_width=110 if index == len(columns) - 1 else 30, overflow="fold")
    for item in result.items:
        if item.score is None:
            score = tr("manual")
            detail = tr("left for manual scoring: dutygraph evaluate … --manual {item}=SCORE", item=item.item.id)
        else:
            score = f"{item.score:g}"
            detail = "\n".join(
                f"-{d.points:g} {variant_name(d.finding.kind, d.finding.variant)}: {d.finding.message}\n"
                + "\n".join(f"    {e.source} {e.anchor}: {e.text}" for e in d.finding.evidence)
                for d in item.deductions
            )
        table.add_row(item.item.group, f"{item.item.name} [{item.item.id}]", f"{item.item.weight:g}", score, detail)
    console.print(table)
    total = tr("total {total}", total=f"{result.total:g}")
    if result.unscored:
        total += tr(" + {points} points left for manual scoring", points=f"{result.unscored:g}")
    if result.grade is not None:
        grade = result.grade
    else:
        high, low = result.grade_range
        grade = (
            low if high == low else tr("between {low} and {high}, once the manual items are scored", low=low, high=high)
        )
    bands = tr(", ").join(f"{b.grade} ≥ {b.min:g}" for b in result.bands)
    console.print(tr("[bold]{total}; grade: {grade}[/bold] (bands: {bands})", total=total, grade=grade, bands=bands))
    for finding in result.serious:
        console.print(tr("serious violation, the grade is one band lower: {finding}", finding=finding.message))


@click.command("evaluate")
@click.argument("organization")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@as_of_option
@format_option
@click.option(
    "--scheme",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Indicator scheme (YAML or CSV); default: the shipped one.",
)
@click.option("--manual", multiple=True, metavar="ITEM=SCORE", help="Score of a manual item (社会评议), repeatable.")
@click.option(
    "--docx",
    "docx_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the evaluation as a Word document (机构编制执行情况评估).",
)
@click.pass_context
def evaluate_command(
    ctx: click.Context,
    /,
    organization: str,
    paths: tuple[Path, ...],
    as_of: str | None,
    fmt: str,
    scheme: Path | None,
    manual: tuple[str, ...],
    docx_path: Path | None,
) -> None:
    """Fill an indicator scheme (机构编制执行情况评估) for ORGANIZATION (id or name) as of a date: the items
    computed from its findings with their evidence, the items left for manual scoring, the total and the grade.

    With PATHs they are loaded into a throw-away store first (as for audit).
    """
    chosen = read_scheme(scheme)
    store = reading_store(ctx, paths)
    try:
        result = evaluate(store, organization, as_of, scheme=chosen, manual=_manual(manual))
    finally:
        store.close()
    if docx_path is not None:
        write_evaluation_docx(result, docx_path)
    if fmt == "json":
        print_json(result.to_dict())
    else:
        _print(result)
        if docx_path is not None:
            click.echo(tr("wrote {path}", path=docx_path))
