"""The `check` command: a policy's checks on a register edition, as a CI gate (exit 0/1/2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from pydantic import ValidationError

from register_audit.check.evaluate import Baseline, baseline_of, run_checks
from register_audit.cli.app import command, emit, err_console, write_atomic
from register_audit.cli.options import OUTPUT_OPTION, check_format, format_option, load
from register_audit.errors import PolicyError, UsageError
from register_audit.check.policy import load_policy
from register_audit.load.editions import edition_path
from register_audit.render.base import to_json
from register_audit.render.check import CHECK_RENDERERS

FORMATS = tuple(CHECK_RENDERERS)


@command(name="check")
def check(
    register: Optional[str] = typer.Argument(None, help="A register file or a bundled edition name (default: kz, the bundled Kazakhstan register)."),
    policy: Path = typer.Option(..., "--policy", "-p", help="The policy file (YAML): the checks and their thresholds.", dir_okay=False),
    against: Optional[str] = typer.Option(None, "--against", help="The previous edition (file or bundled name), for checks that compare editions."),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule sets: a bundled name or a folder. Default: chosen from the register's language."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Known findings (JSON from --write-baseline): only findings not in it fail.", dir_okay=False),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record the current findings as the baseline FILE (never onto an input, --baseline included), then check against them.", dir_okay=False),
    format: str = format_option(FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
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
    from register_audit.check.measures import measure  # loads the rule engine: only when run

    chosen = check_format(format, FORMATS)
    inputs = tuple(str(p) for p in (policy, baseline) if p is not None)
    inputs += tuple(edition_path(spec) for spec in (register or "kz", against) if spec is not None)
    sourced = load_policy(policy)
    known = read_baseline(baseline) if baseline is not None else None
    new = load(register)
    old = load(against) if against is not None else None
    measures = measure(new, rules=rules, against=old)
    report = run_checks(sourced, measures, known, baseline_name=str(baseline) if baseline else None)
    if write_baseline is not None:
        if output is not None and write_baseline.resolve() == output.resolve():
            raise UsageError(f"{write_baseline}: --write-baseline and --output name the same file; choose two paths.")
        recorded = baseline_of(report)
        write_atomic(write_baseline, to_json(recorded), option="--write-baseline", inputs=inputs)
        report = run_checks(sourced, measures, recorded, baseline_name=str(write_baseline))
    emit(CHECK_RENDERERS[chosen](report), output, inputs=inputs)
    if output is not None:
        err_console().print(f"check {'passed' if report.passed else 'failed'}: {output}", markup=False)
    raise typer.Exit(0 if report.passed else 1)


def read_baseline(path: Path) -> Baseline:
    """The baseline at PATH, or a PolicyError naming the file."""
    from register_audit.read.files import MAX_SIDE_FILE_BYTES, error_of, read_text

    text = read_text(path, limit=16 * MAX_SIDE_FILE_BYTES, what="baseline file", error=error_of(PolicyError),
                     missing="no such baseline file; write one with --write-baseline.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyError(f"{path}: not a baseline file (JSON written by --write-baseline): {error}.") from None
    except (RecursionError, ValueError) as error:  # nested too deep; a number too long to convert
        raise PolicyError(f"{path}: not a usable baseline file ({type(error).__name__}: {str(error)[:80]}).") from None
    try:
        return Baseline.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "baseline"
        raise PolicyError(f"{path}: {key}: {first['msg'][0].lower()}{first['msg'][1:]}.") from None
