"""The `compare` command: the paradox measures of several registers side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit, emit_warnings, report_warnings
from register_audit.cli.lazy import group
from register_audit.cli.options import OUTPUT_OPTION, RULES_OPTION, check_format, format_option, reads_register
from register_audit.read.options import ReadOptions
from register_audit.render.compare import COMPARE_RENDERERS

COMPARE_FORMATS = tuple(COMPARE_RENDERERS)


commands = group()


@command(commands, name="compare")
@reads_register
def compare_command(
    registers: list[str] = typer.Argument(..., help="Registers to set side by side (files or bundled edition names), one column each, in this order."),
    rules: Optional[str] = RULES_OPTION,
    catalogue: Optional[Path] = typer.Option(None, "--catalogue", help="Human-service catalogue (YAML). Default: the bundled rules/catalogue.yaml.", dir_okay=False),
    format: Optional[str] = format_option(COMPARE_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
    *,
    read: ReadOptions,
) -> None:
    """The paradox measures of several registers side by side: services, the human-service
    share, human services only an access step, the transformational share, digital depth for
    human services and the rest, shares by use where a register counts it, and the budget ratio
    where its country has a default spending table. Collections are marked as collections.

    \b
    Examples:
      register-audit compare kz ca/2020-2021 us/2024-01-30 ke
      register-audit compare kz ca/2020-2021 us/2024-01-30 ke --format html --output compare.html
      register-audit compare ca/2016-2017 ca/2020-2021 --format markdown
    """
    from register_audit import api
    from register_audit.load.editions import edition_path

    chosen = check_format(format, COMPARE_FORMATS, output)
    result = api.compare(registers, rules=rules, catalogue=catalogue, options=read, on_notice=report_warnings)
    emit(COMPARE_RENDERERS[chosen](result), output, inputs=tuple(edition_path(r) for r in registers))
    emit_warnings(result.warnings, chosen)


__all__ = ["compare_command"]
