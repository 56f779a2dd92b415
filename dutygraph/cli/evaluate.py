"""``dutygraph evaluate ORG``: the 机构编制执行情况评估 evidence pack of one organization."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from dutygraph.cli.options import as_of_option, format_option, reading_store
from dutygraph.cli.render import print_json
from dutygraph.errors import DutygraphError
from dutygraph.queries.evaluation import Evaluation, evaluate, read_scheme

__all__ = ["evaluate_command"]


def _manual(values: tuple[str, ...]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for value in values:
        key, _, score = value.partition("=")
        try:
            scores[key.strip()] = float(score)
        except ValueError:
            raise DutygraphError(f"--manual {value!r}: write ITEM=SCORE (public-review=12)") from None
    return scores


def _print(result: Evaluation) -> None:
    console = Console(width=200, soft_wrap=False)
    console.print(f"[bold]{result.scheme}[/bold]: {result.organization}, as of {result.as_of}")
    table = Table(show_lines=True)
    for column in ("group", "item", "weight", "score", "deductions and their evidence"):
        table.add_column(column, max_width=110 if column.startswith("deductions") else 30)
    for item in result.items:
        if item.score is None:
            score, detail = (
                "manual",
                "left for manual scoring: dutygraph evaluate … --manual " + f"{item.item.id}=SCORE",
            )
        else:
            score = f"{item.score:g}"
            detail = "\n".join(
                f"-{d.points:g} {d.finding.kind}/{d.finding.variant}: {d.finding.message}\n"
                + "\n".join(f"    {e.source} {e.anchor}: {e.text}" for e in d.finding.evidence)
                for d in item.deductions
            )
        table.add_row(item.item.group, f"{item.item.name} [{item.item.id}]", f"{item.item.weight:g}", score, detail)
    console.print(table)
    total = f"total {result.total:g}"
    if result.unscored:
        total += f" + {result.unscored:g} points left for manual scoring"
    if result.grade is not None:
        grade = result.grade
    else:
        high, low = result.grade_range
        grade = low if high == low else f"between {low} and {high}, once the manual items are scored"
    bands = ", ".join(f"{b.grade} ≥ {b.min:g}" for b in result.bands)
    console.print(f"[bold]{total}; grade: {grade}[/bold] (bands: {bands})")
    for finding in result.serious:
        console.print(f"serious violation, the grade is one band lower: {finding.message}")


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
    if fmt == "json":
        print_json(result.to_dict())
    else:
        _print(result)
