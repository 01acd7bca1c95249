"""The `audit` command: the coverage report of a register, in every format."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit, emit_warnings, err_console, report_warnings
from register_audit.cli.lazy import group
from register_audit.cli.progress import audit_progress
from register_audit.cli.options import OUTPUT_OPTION, RULES_OPTION, check_format, format_option, reads_register
from register_audit.errors import UsageError
from register_audit.load.editions import edition_path
from register_audit.read.options import ReadOptions
from register_audit.render.audit import AUDIT_RENDERERS
from register_audit.audit.depth import Weight
from register_audit.render.base import Format

AUDIT_FORMATS = tuple(AUDIT_RENDERERS)


commands = group()


@command(commands, name="audit")
@reads_register
def audit_command(
    register: str = typer.Argument("kz", help="A register file, - for standard input, or a bundled edition name (default: kz, the bundled Kazakhstan register)."),
    rules: Optional[str] = RULES_OPTION,
    catalogue: Optional[Path] = typer.Option(None, "--catalogue", help="Human-service catalogue (YAML). Default: the bundled rules/catalogue.yaml.", dir_okay=False),
    budget: Optional[Path] = typer.Option(None, "--budget", help="Spending by COFOG function (CSV or YAML). Default for Kazakh registers: rules/budget/kz-2019.yaml.", dir_okay=False),
    no_budget: bool = typer.Option(False, "--no-budget", help="Do not weigh domains by spending, even where a default table ships."),
    weight: Weight = typer.Option(Weight.count.value, "--weight", help="Digital-depth shares by services (count), by their applications, or by all interactions (applications, calls, web visits); the last two need a register that counts use (Canada's)."),
    format: Optional[str] = format_option(AUDIT_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
    *,
    read: ReadOptions,
) -> None:
    """Which human services (health, education, social protection, water) the register
    delivers, offers only as an access step (queue, appointment, application, referral,
    enrolment), or leaves out, weighed against spending.

    \b
    Examples:
      register-audit audit                          (the bundled Kazakhstan register)
      register-audit audit kz/2013 --format markdown
      register-audit audit ca/2020-2021 --output ca-audit.json
      register-audit audit ca/2020-2021 --weight applications
      register-audit audit kz --format html --output kz-audit.html
      register-audit audit examples/kz-sample.xlsx --sheet Services --budget examples/kz-budget-2019.csv --format csv
    """
    from register_audit import api

    chosen = check_format(format, AUDIT_FORMATS, output)
    if budget is not None and no_budget:
        raise UsageError("--budget and --no-budget contradict each other; give one.")
    with audit_progress(err_console(), edition_path(register)) as on_progress:
        report = api.audit(register, rules=rules, catalogue=catalogue, budget=False if no_budget else budget, weight=weight,
                           rows=chosen in (Format.csv, Format.xlsx), options=read, on_notice=report_warnings, on_progress=on_progress)
        payload = AUDIT_RENDERERS[chosen](report)
    emit_warnings(report.warnings, chosen)
    emit(payload, output, inputs=(edition_path(register),))
