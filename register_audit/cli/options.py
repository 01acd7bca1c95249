"""Options that several commands share, so each reads and helps the same way."""

from __future__ import annotations

import functools
import inspect
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from register_audit.errors import UsageError
from register_audit.read.options import ReadOptions
from register_audit.render.base import Format


def format_option(allowed: tuple[Format, ...], default: Format = Format.table):
    return typer.Option(
        None,
        "--format",
        "-f",
        help=f"Output format: {', '.join(f.value for f in allowed)}. "
        f"Default: from the --output file's extension, else {default.value}.",
        show_default=False,
    )


# What an --output file's extension says its format is, when --format is not given.
EXTENSION_FORMATS = {
    ".json": Format.json, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".csv": Format.csv,
    ".md": Format.markdown, ".markdown": Format.markdown, ".html": Format.html, ".htm": Format.html,
    ".xml": Format.junit, ".xlsx": Format.xlsx, ".txt": Format.table,
}


def check_format(value: str | None, allowed: tuple[Format, ...], output: Path | None = None) -> Format:
    """The Format for VALUE, else the one OUTPUT's extension names, else table; a usage error
    listing the formats this command has when that one is not among them."""
    if value is None:
        if output is None or not output.suffix:
            return Format.table if Format.table in allowed else allowed[0]
        chosen = EXTENSION_FORMATS.get(output.suffix.lower())
        if chosen is None or chosen not in allowed:
            raise UsageError(
                f"{output}: the extension {output.suffix!r} names no format this command writes; "
                f"give --format ({', '.join(f.value for f in allowed)}) or a file ending "
                f"{', '.join(sorted(e for e, f in EXTENSION_FORMATS.items() if f in allowed))}."
            )
        return chosen
    try:
        chosen = Format(value)
    except ValueError:
        chosen = None
    if chosen not in allowed:
        raise UsageError(f"--format {value!r} is not available here; choose one of {', '.join(f.value for f in allowed)}.")
    return chosen


OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout; its extension gives the format when --format is not given.", dir_okay=False)
RULES_OPTION = typer.Option(None, "--rules", help="Rule set: a bundled name (kz, en), a folder or a file. Default: from the register's language.")

# --------------------------------------------------------------------------- read options
# One set, accepted by every command that reads a register (tests/test_cli_meta.py checks it).

READ_OPTIONS: dict[str, tuple[Any, Any]] = {
    "profile": (Optional[str], typer.Option(None, "--profile", help="Column profile: a bundled name (see registers/profiles) or a YAML file. Default: chosen from the header.")),
    "sheet": (Optional[str], typer.Option(None, "--sheet", help="XLSX: the sheet to read (default: the first).")),
    "skip_lines": (int, typer.Option(0, "--skip-lines", min=0, help="CSV: lines to skip before the header (default: title rows are found and skipped).")),
    "encoding": (Optional[str], typer.Option(None, "--encoding", help="CSV: the file's encoding, e.g. cp1251 (default: detected).")),
    "delimiter": (Optional[str], typer.Option(None, "--delimiter", help="CSV: the delimiter, e.g. ';' or tab (default: detected).")),
}
READ_FLAGS = tuple(f"--{name.replace('_', '-')}" for name in READ_OPTIONS)


def bundles(options: dict[str, tuple[Any, Any]], name: str, make: Callable[..., Any]) -> Callable[[Callable], Callable]:
    """A decorator giving a command OPTIONS (name → (type, typer.Option)); the command receives
    them as one value, MAKE(**the options' values), in its keyword-only parameter NAME."""

    def decorate(func: Callable) -> Callable:
        signature = inspect.signature(func)
        kept = [p for p in signature.parameters.values() if p.name != name]
        added = [inspect.Parameter(option, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
                 for option, (kind, default) in options.items()]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {option: kwargs.pop(option) for option in options}
            return func(*args, **{name: make(**given)}, **kwargs)

        wrapper.__signature__ = signature.replace(parameters=[*kept, *added])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {**{k: v for k, v in func.__annotations__.items() if k != name},
                                   **{option: kind for option, (kind, _) in options.items()}}
        return wrapper

    return decorate


def reads_register(func: Callable) -> Callable:
    """Give a command the shared read options; it receives them as one ReadOptions, `read`."""
    wrapper = bundles(READ_OPTIONS, "read", read_options)(func)
    wrapper.reads_register = True  # type: ignore[attr-defined]
    return wrapper


def read_options(**given: Any) -> ReadOptions:
    """The ReadOptions of the command line's values; a UsageError naming the bad one."""
    from register_audit.load.editions import read_options as merged

    return merged(None, **{k: v for k, v in given.items() if v not in (None, 0)})
