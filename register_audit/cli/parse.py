"""The `registers` and `parse` commands: what is bundled, and a register as typed records."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit, err_console
from register_audit.cli.options import OUTPUT_OPTION, PROFILE_OPTION, SHEET_OPTION, check_format, format_option
from register_audit.errors import InputError
from register_audit.load.editions import bundled_editions, edition_path, load_register
from register_audit.render.parse import EDITIONS_RENDERERS, PARSE_RENDERERS
from register_audit.render.terminal import one_line


@command(name="registers")
def registers(
    format: str = format_option(tuple(EDITIONS_RENDERERS)),
) -> None:
    """List the bundled register editions with their service counts.

    \b
    Example:
      register-audit registers --format json
    """
    chosen = check_format(format, tuple(EDITIONS_RENDERERS))
    rows = [(edition, len(load_register(name).services)) for name, edition in bundled_editions().items()]
    emit(EDITIONS_RENDERERS[chosen](rows), None)


@command(name="parse")
def parse(
    register: str = typer.Argument(..., help="A register file (CSV, TSV, XLSX, JSON, JSONL, HTML, DOCX) or a bundled edition name such as kz, kz/2013, ca/2020-2021, us/2024-01-30, ke."),
    format: str = format_option(tuple(PARSE_RENDERERS)),
    output: Optional[Path] = OUTPUT_OPTION,
    profile: Optional[str] = PROFILE_OPTION,
    sheet: Optional[str] = SHEET_OPTION,
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (duplicate ids, empty names) as errors: exit 2."),
) -> None:
    """Read a register into typed records: one per service, every source column kept.

    \b
    Examples:
      register-audit parse kz
      register-audit parse ca/2020-2021 --format json --output ca.json
      register-audit parse my_register.xlsx --sheet Services --format csv
    """
    chosen = check_format(format, tuple(PARSE_RENDERERS))
    loaded = load_register(register, profile=profile, sheet=sheet)
    report_warnings(loaded.warnings, strict=strict)
    emit(PARSE_RENDERERS[chosen](loaded), output, inputs=(edition_path(register),))


def report_warnings(warnings, *, strict: bool = False) -> None:
    """Print each warning on stderr; with STRICT, the first one is an error."""
    if strict and warnings:
        first = warnings[0]
        raise InputError(first.file, f"{first.message} (--strict makes warnings errors)", row=first.row, field=first.field)
    console = err_console()
    for w in warnings:
        where = w.file + (f", row {w.row}" if w.row is not None else "") + (f", field {w.field!r}" if w.field else "")
        console.print(one_line(f"warning: {where}: {w.message}"), soft_wrap=True)
