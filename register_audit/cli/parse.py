"""The `registers` and `parse` commands: what is bundled, and a register as typed records."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit, report_warnings
from register_audit.cli.lazy import group
from register_audit.cli.options import OUTPUT_OPTION, check_format, format_option, reads_register
from register_audit.load.editions import bundled_editions, edition_path, load_register
from register_audit.read.options import ReadOptions
from register_audit.render.parse import EDITIONS_RENDERERS, PARSE_RENDERERS

__all__ = ["parse", "registers", "report_warnings"]


commands = group()


@command(commands, name="registers")
def registers(
    format: Optional[str] = format_option(tuple(EDITIONS_RENDERERS)),
) -> None:
    """List the bundled register editions with their service counts.

    \b
    Example:
      register-audit registers --format json
    """
    chosen = check_format(format, tuple(EDITIONS_RENDERERS))
    rows = [(edition, len(load_register(name).services)) for name, edition in bundled_editions().items()]
    emit(EDITIONS_RENDERERS[chosen](rows), None)


@command(commands, name="parse")
@reads_register
def parse(
    register: str = typer.Argument(..., help="A register file (CSV, TSV, XLSX, JSON, JSONL, HTML, DOCX), - for standard input, or a bundled edition name such as kz, kz/2013, ca/2020-2021, us/2024-01-30, ke."),
    format: Optional[str] = format_option(tuple(PARSE_RENDERERS)),
    output: Optional[Path] = OUTPUT_OPTION,
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (duplicate ids, empty names) as errors: exit 2."),
    *,
    read: ReadOptions,
) -> None:
    """Read a register into typed records: one per service, every source column kept.

    \b
    Examples:
      register-audit parse kz
      register-audit parse ca/2020-2021 --format json --output ca.json
      register-audit parse examples/kz-sample.xlsx --sheet Services --format csv
      register-audit parse tests/data/valid/kz_cp1251_semicolon.csv --encoding cp1251 --delimiter ';'
    """
    from register_audit import api

    chosen = check_format(format, tuple(PARSE_RENDERERS), output)
    loaded = api.read_register(register, options=read, on_notice=lambda notices: report_warnings(notices, strict=strict))
    emit(PARSE_RENDERERS[chosen](loaded), output, inputs=(edition_path(register),))
