"""The Typer application, the error handler every command shares, and where a payload goes."""

from __future__ import annotations

import functools
import io
import re
import sys
from pathlib import Path
from typing import Any, Callable

from typing import TYPE_CHECKING

import typer

from register_audit.cli.lazy import LazyGroup
from register_audit.errors import ExitCode, InputError, RegisterAuditError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

# Only typer and this module are imported for `--help`: rich, the readers and the renderers come
# with the command that uses them (cli/lazy.py).
app = typer.Typer(
    cls=LazyGroup,
    name="register-audit",
    help=(
        "Audit a government's register of public services: what it delivers, and which human "
        "services (health, education, social protection, water) it leaves out or offers only "
        "as a queue or an appointment.\n\n"
        "\b\nExamples:\n"
        "  register-audit audit                      (the bundled Kazakhstan register)\n"
        "  register-audit audit ca/2020-2021 --format html --output report.html\n"
        "  register-audit diff kz/2013 kz/2020\n"
        "  register-audit registers                  (the bundled editions)"
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


_SURROGATE = re.compile("[\ud800-\udfff]")


class State:
    debug = False


def _version(value: bool) -> None:
    if value:
        from register_audit import __version__

        sys.stdout.write(f"register-audit {__version__}\n")
        raise typer.Exit(ExitCode.SUCCESS)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an error."),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    raw_csv: bool = typer.Option(False, "--raw-csv", help="CSV output: write text cells exactly as they are. By default a cell "
                                 "that begins with = + - @, tab or CR (a spreadsheet would run it as a formula) gets a leading '."),
) -> None:
    from register_audit.render.base import set_raw_csv

    State.debug = debug
    set_raw_csv(raw_csv)


def command(group: typer.Typer, name: str | None = None, **kwargs: Any) -> Callable:
    """Register on GROUP a command whose RegisterAuditError becomes one stderr sentence and exit 2."""

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args: Any, **kw: Any) -> Any:
            from register_audit.read.files import input_session
            from register_audit.render.terminal import one_line

            # Every file the command reads is noted in the session, and no output may replace one.
            with input_session():
                try:
                    return func(*args, **kw)
                except RegisterAuditError as error:
                    if State.debug:
                        raise
                    err_console().print(f"error: {_bounded(one_line(str(error)))}", soft_wrap=True)
                    raise typer.Exit(ExitCode.ERROR) from None

        return group.command(name, **kwargs)(wrapper)

    return decorate


# A message quotes what it was given (a query, a name, a cell): a 100,000-character one is cut
# in the middle, so the sentence keeps its start (the file, the row) and its advice.
_MAX_MESSAGE = 2000


def _bounded(text: str) -> str:
    if len(text) <= _MAX_MESSAGE:
        return text
    half = _MAX_MESSAGE // 2
    return f"{text[:half]} … ({len(text) - 2 * half:,} characters left out) … {text[-half:]}"


def err_console() -> Console:
    from register_audit.render.terminal import SafeConsole

    return SafeConsole(stderr=True)


def out_console() -> Console:
    from register_audit.render.terminal import SafeConsole

    return SafeConsole()


def emit(payload: Any, output: Path | None, *, inputs: tuple[str, ...] = ()) -> None:
    """Print a rendered payload to stdout, or write it atomically to OUTPUT.

    A string is written as it is (JSON, CSV, HTML never pass through rich); bytes (XLSX) only
    to a file; anything else is a rich renderable, printed to the terminal or recorded as plain
    text for a file.
    """
    from register_audit.render.terminal import SafeConsole
    from register_audit.render.write import write_atomic

    if isinstance(payload, bytes):
        if output is not None:
            write_atomic(output, payload, inputs=inputs)
        elif sys.stdout.isatty():
            raise UsageError("--format xlsx writes a workbook, not text: give --output FILE.xlsx, or redirect stdout to a file.")
        else:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
        return
    if output is None:
        if isinstance(payload, str):
            if _SURROGATE.search(payload):  # a lone surrogate from the input cannot be encoded
                payload = payload.encode("utf-8", errors="replace").decode("utf-8")
            sys.stdout.write(payload)
            if payload and not payload.endswith("\n"):
                sys.stdout.write("\n")
            sys.stdout.flush()
        else:
            out_console().print(payload)
        return
    if not isinstance(payload, str):
        console = SafeConsole(width=100, file=io.StringIO(), color_system=None)
        console.print(payload)
        payload = console.file.getvalue()
    write_atomic(output, payload, inputs=inputs)


def emit_warnings(warnings: Any, chosen: Any) -> None:
    """A report's warnings on stderr when its format has no place for them (CSV, XLSX)."""
    from register_audit.render.base import Format
    from register_audit.render.caveats import warnings_stderr

    if chosen in (Format.csv, Format.xlsx):
        for line in warnings_stderr(warnings):
            err_console().print(line, markup=False, highlight=False, soft_wrap=True)


def report_warnings(warnings, *, strict: bool = False) -> None:
    """Print each warning about the input on stderr; with STRICT, the first one is an error."""
    if strict and warnings:
        first = warnings[0]
        raise InputError(first.file, f"{first.message} (--strict makes warnings errors)", row=first.row, field=first.field)
    from register_audit.render.terminal import one_line

    console = err_console()
    for w in warnings:
        where = w.file + (f", row {w.row}" if w.row is not None else "") + (f", field {w.field!r}" if w.field else "")
        console.print(_bounded(one_line(f"warning: {where}: {w.message}")), soft_wrap=True)
