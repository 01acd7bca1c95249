"""The `check` command: a policy's checks on a register edition, as a CI gate (exit 0/1/2)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.check.baseline import read_baseline  # noqa: F401 (re-exported)
from register_audit.cli.app import command, emit, err_console, report_warnings
from register_audit.cli.lazy import group
from register_audit.cli.options import OUTPUT_OPTION, check_format, format_option, reads_register
from register_audit.errors import ExitCode, UsageError
from register_audit.load.editions import edition_path
from register_audit.read.options import ReadOptions
from register_audit.render.base import to_json
from register_audit.render.check import CHECK_RENDERERS
from register_audit.render.write import write_atomic

FORMATS = tuple(CHECK_RENDERERS)


commands = group()


@command(commands, name="check")
@reads_register
def check(
    register: Optional[str] = typer.Argument(None, help="A register file, - for standard input, or a bundled edition name (default: kz, the bundled Kazakhstan register)."),
    policy: Path = typer.Option(..., "--policy", "-p", help="The policy file (YAML): the checks and their thresholds.", dir_okay=False),
    against: Optional[str] = typer.Option(None, "--against", help="The previous edition (file or bundled name), for checks that compare editions."),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule sets: a bundled name or a folder. Default: chosen from the register's language."),
    catalogue: Optional[Path] = typer.Option(None, "--catalogue", help="Human-service catalogue (YAML), as for audit. Default: the bundled rules/catalogue.yaml.", dir_okay=False),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Known findings (JSON from --write-baseline): only findings not in it fail.", dir_okay=False),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record the current findings as the baseline FILE (never onto an input, --baseline included), then check against them.", dir_okay=False),
    format: Optional[str] = format_option(FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
    *,
    read: ReadOptions,
) -> None:
    """Run a policy's checks on a register: exit 0 when all pass, 1 when one fails, 2 when
    the check cannot run (bad policy, register or rules).

    A check that compares editions is skipped without --against.

    \b
    Examples:
      register-audit check --policy examples/policy.yaml
      register-audit check registers-local/2024.csv --policy policy.yaml --against registers-local/2023.csv --format github
      register-audit check kz --policy policy.yaml --format junit --output check.xml
      register-audit check kz --policy policy.yaml --write-baseline known.json
      register-audit check kz --policy policy.yaml --baseline known.json
    """
    from register_audit import api
    from register_audit.check.evaluate import baseline_of

    chosen = check_format(format, FORMATS, output)
    inputs = _inputs(register, against, policy, baseline, write_baseline, output)
    report = api.check("kz" if register is None else register, policy=policy, against=against, rules=rules, catalogue=catalogue,
                       baseline=baseline, accept_current=str(write_baseline) if write_baseline else None,
                       options=read, on_notice=report_warnings)
    if write_baseline is not None:
        write_atomic(write_baseline, to_json(baseline_of(report)), option="--write-baseline", inputs=inputs)
    emit(CHECK_RENDERERS[chosen](report), output, inputs=inputs)
    if output is not None:
        err_console().print(f"check {'passed' if report.passed else 'failed'}: {output}", markup=False)
    raise typer.Exit(ExitCode.SUCCESS if report.passed else ExitCode.FINDINGS)


def _inputs(register: str | None, against: str | None, policy: Path, baseline: Path | None,
            write_baseline: Path | None, output: Path | None) -> tuple[str, ...]:
    """The files the check reads (no output may replace one); a UsageError when the baseline to
    write and the report are one file."""
    if write_baseline is not None and output is not None and write_baseline.resolve() == output.resolve():
        raise UsageError(f"{write_baseline}: --write-baseline and --output name the same file; choose two paths.")
    inputs = tuple(str(p) for p in (policy, baseline) if p is not None)
    return inputs + tuple(edition_path(spec) for spec in ("kz" if register is None else register, against) if spec is not None)
