"""The `audit` command: the coverage report of a register, in every format."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from register_audit.cli.app import command, emit, err_console
from register_audit.cli.options import OUTPUT_OPTION, check_format, format_option
from register_audit.render.audit import AUDIT_RENDERERS
from register_audit.render.base import Format

AUDIT_FORMATS = tuple(AUDIT_RENDERERS)


@contextmanager
def _progress() -> Iterator[Progress]:
    """A spinner per stage on stderr; silent when stderr is not a terminal (pipes, CI, tests)."""
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=err_console(), transient=True, disable=not sys.stderr.isatty())
    with progress:
        yield progress


@command(name="audit")
def audit_command(
    register: str = typer.Argument("kz", help="A register file or a bundled edition name (default: kz, the bundled Kazakhstan register)."),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule set: a bundled name (kz, en), a folder or a file. Default: from the register's language."),
    catalogue: Optional[Path] = typer.Option(None, "--catalogue", help="Human-service catalogue (YAML). Default: the bundled rules/catalogue.yaml.", dir_okay=False),
    budget: Optional[Path] = typer.Option(None, "--budget", help="Spending by COFOG function (CSV or YAML). Default for Kazakh registers: rules/budget/kz-2019.yaml.", dir_okay=False),
    no_budget: bool = typer.Option(False, "--no-budget", help="Do not weigh domains by spending, even where a default table ships."),
    format: str = format_option(AUDIT_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
) -> None:
    """Which human services (health, education, social protection, water) the register
    delivers, offers only as an access step (queue, appointment, application, referral,
    enrolment), or leaves out, weighed against spending.

    \b
    Examples:
      register-audit audit                          (the bundled Kazakhstan register)
      register-audit audit kz/2013 --format markdown
      register-audit audit ca/2020-2021 --format json --output ca-audit.json
      register-audit audit kz --format html --output kz-audit.html
      register-audit audit my_register.csv --rules en --budget spending.csv --format csv
    """
    from register_audit.audit.budget import default_budget, load_budget
    from register_audit.audit.catalogue import load_catalogue
    from register_audit.classify import engine
    from register_audit.cli.parse import report_warnings
    from register_audit.audit.coverage import audit_columns
    from register_audit.load.columns import read_columns
    from register_audit.errors import UsageError
    from register_audit.load.editions import edition_path, open_register
    from register_audit.rules.ruleset import load_ruleset

    chosen = check_format(format, AUDIT_FORMATS)
    if budget is not None and no_budget:
        raise UsageError("--budget and --no-budget contradict each other; give one.")
    with _progress() as progress:
        step = progress.add_task("Reading, classifying and auditing the register", total=None)
        # The register streams through classification into the audit, never held whole:
        # a million-row register stays within its memory budget.
        stream = open_register(register)
        ruleset = load_ruleset(rules, stream.meta)
        spending = None if no_budget else load_budget(budget) if budget is not None else default_budget(stream.meta)
        compiled = engine(ruleset)
        # Read as columns: each distinct text is classified once and rows are counted per
        # distinct result, so no Service is built per row.
        report = audit_columns(stream.meta, compiled, read_columns(stream, compiled.fields),
                               load_catalogue(catalogue), spending, rows=chosen is Format.csv)
        progress.update(step, description=f"Rendering {chosen.value}")
        payload = AUDIT_RENDERERS[chosen](report)
    report_warnings(stream.notices)
    emit(payload, output, inputs=(edition_path(register),))
