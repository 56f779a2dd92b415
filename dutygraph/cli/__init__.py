"""The ``dutygraph`` command: a thin layer that parses options, calls the library and renders results.

Each command lives in a module of its own; errors are rendered in one place (:func:`main`): a one-line
reason (every problem for an invalid dataset) on stderr and a non-zero exit.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterator
from importlib import import_module

import click

from dutygraph.errors import DutygraphError
from dutygraph.i18n import LANGUAGES, set_language, tr, use_language

__all__ = ["cli", "help_texts", "main"]

# command → the module defining it: a command's module (and what it needs: readers, analyses, the server) is
# imported only when that command runs, so `dutygraph trace` starts without importing the loaders
COMMANDS = {
    "init": "dutygraph.cli.init:init_command",
    "load": "dutygraph.cli.load:load_command",
    "audit": "dutygraph.cli.audit:audit_command",
    "basis-update": "dutygraph.cli.basis_update:basis_update_command",
    "trace": "dutygraph.cli.trace:trace_command",
    "export": "dutygraph.cli.export:export_command",
    "backup": "dutygraph.cli.backup:backup_command",
    "subjects": "dutygraph.cli.subjects:subjects_command",
    "serve": "dutygraph.cli.serve:serve_command",
    "evaluate": "dutygraph.cli.evaluate:evaluate_command",
    "report": "dutygraph.cli.report:report_command",
    "boundaries": "dutygraph.cli.boundaries:boundaries_command",
    "diff": "dutygraph.cli.report:diff_command",
}


class _Commands(click.Group):
    """The command group, each command imported when it is asked for (to run, or for its help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dutygraph")
@click.option(
    "--store",
    "store",
    envvar="DUTYGRAPH_STORE",
    default=None,
    metavar="URI",
    help="Store to use: a folder (embedded store) or memory:. "
    "Default: $DUTYGRAPH_STORE, else .dutygraph in the current directory.",
)
@click.option(
    "--lang",
    "lang",
    envvar="DUTYGRAPH_LANG",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of what the command prints and writes (findings, tables, reports): zh (default) or en. "
    "Also $DUTYGRAPH_LANG. JSON keys and codes are the same in both.",
)
@click.option("--neo4j-user", envvar="NEO4J_USER", default=None, help="Neo4j user (also $NEO4J_USER).")
@click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None, help="Neo4j password (also $NEO4J_PASSWORD).")
@click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None, help="Neo4j database (also $NEO4J_DATABASE).")
@click.pass_context
def cli(
    ctx: click.Context,
    store: str | None,
    lang: str | None,
    neo4j_user: str | None,
    neo4j_password: str | None,
    neo4j_database: str | None,
) -> None:
    """dutygraph: government duties as a graph — overlaps, gaps, unassigned duties, legal bases and
    accountability traces, as of a date."""
    # the Neo4j store reads its credentials where the driver's users expect them: the environment
    for name, value in (
        ("NEO4J_USER", neo4j_user),
        ("NEO4J_PASSWORD", neo4j_password),
        ("NEO4J_DATABASE", neo4j_database),
    ):
        if value is not None:
            os.environ[name] = value
    set_language(lang)
    ctx.obj = {"store": store}


def help_texts(command: click.Command = cli) -> Iterator[tuple[click.Command | click.Parameter, str]]:
    """Every help text of the command tree, with the object it belongs to: the catalog's msgids for ``--help``
    (``scripts/catalog.py`` extracts them from here)."""
    if command.help:
        yield command, inspect.cleandoc(getattr(command, "help_msgid", command.help))
    for param in command.params:
        text = getattr(param, "help_msgid", getattr(param, "help", None))
        if text:
            yield param, text
    if isinstance(command, click.Group):
        with click.Context(command) as ctx:
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    yield from help_texts(sub)


def _translate_help(argv: list[str]) -> None:
    """Put ``--help`` in the language asked for (``--lang`` anywhere before it, else ``$DUTYGRAPH_LANG``): click
    builds the help from the texts as they are when it prints them.

    Only when help may be printed (asked for, or no command given): translating imports every command.
    """
    if not any(a in ("-h", "--help") for a in argv) and any(a in COMMANDS for a in argv):
        return
    lang = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"), None)
    lang = lang or next((a.split("=", 1)[1] for a in argv if a.startswith("--lang=")), None)
    with use_language(lang if lang in LANGUAGES else None):
        for owner, msgid in help_texts():
            owner.help_msgid = msgid  # type: ignore[union-attr]
            owner.help = tr(msgid)  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a :class:`DutygraphError` becomes a message on stderr and exit status 1."""
    _translate_help(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=argv, prog_name="dutygraph", standalone_mode=False)
    except DutygraphError as exc:
        click.echo(tr("error: {error}", error=exc), err=True)
        if exc.hint and "\n" not in str(exc):
            click.echo(tr("hint: {hint}", hint=exc.hint), err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo(tr("aborted"), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
