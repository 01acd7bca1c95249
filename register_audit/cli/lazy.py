"""The command group that imports a command's module only when that command runs.

`register-audit --help` lists every command from the table below, without importing any of
them; `register-audit audit ...` imports `cli/audit.py` (and what it needs) and nothing else.
Each command module builds its commands on a Typer of its own (`commands = group()`).
"""

from __future__ import annotations

import importlib

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

# name → (module, its one-line help), in the order of --help. The help is the first sentence of
# the command's docstring (tests/test_startup.py checks that the two agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "audit": ("audit", "Which human services (health, education, social protection, water) the register "
              "delivers, offers only as an access step (queue, appointment, application, referral, "
              "enrolment), or leaves out, weighed against spending."),
    "classify": ("classify", "Label every service: nature, completeness (and partial kind), COFOG domain, "
                 "human service, with the rule that decided each."),
    "explain": ("classify", "Why a service got its labels: each axis, the winning rule, the text it matched, "
                "and the rules that lost (conflicts between equal-priority rules first)."),
    "diff": ("diff", "What changed between two editions: added, removed, renamed, modified and reclassified "
             "services, and what the net count is made of (human services, access steps)."),
    "trend": ("diff", "The same measures across editions (counts by label, human services, partial share) "
              "and the changes between consecutive ones; `--format html` adds charts."),
    "compare": ("compare", "The paradox measures of several registers side by side: services, the "
                "human-service share, human services only an access step, the transformational share, "
                "digital depth for human services and the rest, shares by use where a register counts "
                "it, and the budget ratio where its country has a default spending table."),
    "check": ("check", "Run a policy's checks on a register: exit 0 when all pass, 1 when one fails, 2 when "
              "the check cannot run (bad policy, register or rules)."),
    "registers": ("parse", "List the bundled register editions with their service counts."),
    "parse": ("parse", "Read a register into typed records: one per service, every source column kept."),
    "rules": ("rules", "Check and inspect rule sets: run their examples, lint them, list their rules, "
              "measure them against hand labels, print the schema."),
}


def group(**settings: object) -> typer.Typer:
    """The Typer a command module registers its commands on (plain help, no completion options:
    the root group has those)."""
    return typer.Typer(rich_markup_mode=None, add_completion=False, **settings)


def load(name: str) -> Command:
    """The click command NAME, built from its module's Typer."""
    module = importlib.import_module(f"register_audit.cli.{COMMANDS[name][0]}")
    built = typer.main.get_command(module.commands)
    if isinstance(built, TyperGroup) and name in built.commands:
        return built.commands[name]
    return built


class LazyGroup(TyperGroup):
    """The root group: its commands are the table's, each imported on first use."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The command list of --help, from the table: no command module is imported for it."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, make_default_short_help(COMMANDS[name][1], limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
