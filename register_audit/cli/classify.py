"""The `classify` and `explain` commands: labels for every service, and why one got them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit, report_warnings
from register_audit.cli.lazy import group
from register_audit.cli.options import OUTPUT_OPTION, RULES_OPTION, check_format, format_option, reads_register
from register_audit.explain import find_service  # noqa: F401 (re-exported)
from register_audit.read.options import ReadOptions
from register_audit.render.classify import CLASSIFY_RENDERERS, EXPLAIN_RENDERERS

CLASSIFY_FORMATS = tuple(CLASSIFY_RENDERERS)
EXPLAIN_FORMATS = tuple(EXPLAIN_RENDERERS)


commands = group()


@command(commands, name="classify")
@reads_register
def classify_command(
    register: str = typer.Argument(..., help="A register file, - for standard input, or a bundled edition name (kz, ca/2020-2021, ...)."),
    rules: Optional[str] = RULES_OPTION,
    format: Optional[str] = format_option(CLASSIFY_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
    *,
    read: ReadOptions,
) -> None:
    """Label every service: nature, completeness (and partial kind), COFOG domain, human service,
    with the rule that decided each.

    \b
    Examples:
      register-audit classify kz
      register-audit classify ca/2020-2021 --rules en --format csv --output ca.csv
    """
    from register_audit import api
    from register_audit.load.editions import edition_path

    chosen = check_format(format, CLASSIFY_FORMATS, output)
    result = api.classify(register, rules=rules, options=read, on_notice=report_warnings)
    emit(CLASSIFY_RENDERERS[chosen](result), output, inputs=(edition_path(register),))


@command(commands, name="explain")
@reads_register
def explain_command(
    register: str = typer.Argument(..., help="A register file, - for standard input, or a bundled edition name."),
    query: str = typer.Argument(..., help="A service id, or (part of) its name: matched fuzzily (WRatio, cutoff 88)."),
    rules: Optional[str] = RULES_OPTION,
    format: Optional[str] = format_option(EXPLAIN_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
    *,
    read: ReadOptions,
) -> None:
    """Why a service got its labels: each axis, the winning rule, the text it matched, and the
    rules that lost (conflicts between equal-priority rules first). A query that is neither an
    id nor close to a name exits 2 and names the closest services.

    \b
    Examples:
      register-audit explain kz "Запись на прием к врачу"
      register-audit explain ca/2020-2021 "Registry Services" --format json
    """
    from register_audit import api

    chosen = check_format(format, EXPLAIN_FORMATS, output)
    result = api.explain(register, query, rules=rules, options=read, on_notice=report_warnings)
    emit(EXPLAIN_RENDERERS[chosen](result), output)


__all__ = ["classify_command", "explain_command", "find_service"]
