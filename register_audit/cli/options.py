"""Options that several commands share, so each reads and helps the same way."""

from __future__ import annotations


import typer

from register_audit.errors import UsageError
from register_audit.model.records import Register
from register_audit.render.base import Format


def format_option(allowed: tuple[Format, ...], default: Format = Format.table):
    return typer.Option(
        default.value,
        "--format",
        "-f",
        help=f"Output format: {', '.join(f.value for f in allowed)}.",
        show_default=True,
    )


def check_format(value: str, allowed: tuple[Format, ...]) -> Format:
    """The Format for VALUE, or a usage error listing the formats this command has."""
    try:
        chosen = Format(value)
    except ValueError:
        chosen = None
    if chosen not in allowed:
        raise UsageError(f"--format {value!r} is not available here; choose one of {', '.join(f.value for f in allowed)}.")
    return chosen


OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout.", dir_okay=False)
PROFILE_OPTION = typer.Option(None, "--profile", help="Column profile: a bundled name (see registers/profiles) or a YAML file. Default: chosen from the header.")
SHEET_OPTION = typer.Option(None, "--sheet", help="XLSX: the sheet to read (default: the first).")


def load(spec: str | None, **options: str | None) -> Register:
    """Load a register for a command, printing its warnings (repeated ids, empty names) on stderr."""
    from register_audit.cli.parse import report_warnings
    from register_audit.load.editions import load_register

    register = load_register(spec, **options)
    report_warnings(register.warnings)
    return register
