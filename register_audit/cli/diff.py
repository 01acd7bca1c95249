"""The `diff` and `trend` commands: what changed between editions, and the measures across them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from register_audit.cli.app import command, emit, emit_warnings, report_warnings
from register_audit.cli.lazy import group
from register_audit.cli.options import OUTPUT_OPTION, bundles, check_format, format_option, reads_register
from register_audit.compare.match import CUTOFF
from register_audit.load.editions import edition_path
from register_audit.read.options import ReadOptions
from register_audit.render.diff import DIFF_RENDERERS, LIMIT, render_diff
from register_audit.render.trend import TREND_RENDERERS

MATCH_OPTION = typer.Option(
    "auto", "--match",
    help="How to pair services: id (keys only, like csv-diff), name (names only: for renumbered editions), "
    "or auto (keys first when the editions share at least half of them and the names behind them agree, then names).",
)
KEY_OPTION = typer.Option("id", "--key", help="The key column: id, a mapped field (provider, ...) or an unmapped source column.")
THRESHOLD_OPTION = typer.Option(CUTOFF, "--threshold", min=0, max=100, help="Fuzzy name cutoff (rapidfuzz token_sort_ratio, 0-100); below it, no pair.")
IGNORE_OPTION = typer.Option("", "--ignore-fields", help="Comma-separated fields or columns left out of `modified` (e.g. fiscal_yr).")
RULES_OPTION = typer.Option(None, "--rules", help="Rule sets: a bundled name or a folder. Default: chosen from each register's language.")


# How `diff` and `trend` pair the services of two editions and label them: one set for both.
PAIRING_OPTIONS: dict[str, tuple[Any, Any]] = {
    "match": (str, MATCH_OPTION), "key": (str, KEY_OPTION), "threshold": (float, THRESHOLD_OPTION),
    "ignore_fields": (str, IGNORE_OPTION), "rules": (Optional[str], RULES_OPTION),
}


def _pairing(match: str, key: str, threshold: float, ignore_fields: str, rules: str | None) -> dict[str, Any]:
    """The pairing options as `api.diff` and `api.trend` take them."""
    ignored = tuple(f.strip() for f in ignore_fields.split(",") if f.strip())
    return dict(match=match, key=key, threshold=threshold, ignore_fields=ignored, rules=rules)


pairs_editions = bundles(PAIRING_OPTIONS, "pairing", _pairing)


commands = group()


@command(commands, name="diff")
@reads_register
@pairs_editions
def diff(
    old: str = typer.Argument(..., help="The older edition: a file or a bundled name (ca/2019-2020, kz/2013, ...)."),
    new: str = typer.Argument(..., help="The newer edition."),
    format: Optional[str] = format_option(tuple(DIFF_RENDERERS)),
    output: Optional[Path] = OUTPUT_OPTION,
    limit: int = typer.Option(LIMIT, "--limit", min=0, help="Table, Markdown, HTML: list at most N services per "
                              "section (0: all). JSON, CSV and XLSX keep every row."),
    *,
    read: ReadOptions,
    pairing: dict[str, Any],
) -> None:
    """What changed between two editions: added, removed, renamed, modified and reclassified
    services, and what the net count is made of (human services, access steps).

    Examples:

    \b
      register-audit diff ca/2019-2020 ca/2020-2021 --limit 0 --ignore-fields fiscal_yr
      register-audit diff kz/2013 kz/2020 --match name --format markdown
      register-audit diff old.csv new.csv --key code --format json --output changes.json
    """
    from register_audit import api

    chosen = check_format(format, tuple(DIFF_RENDERERS), output)
    result = api.diff(old, new, **pairing, options=read, on_notice=report_warnings)
    emit(render_diff(result, chosen, limit), output, inputs=(edition_path(old), edition_path(new)))
    emit_warnings(result.warnings, chosen)


@command(commands, name="trend")
@reads_register
@pairs_editions
def trend(
    registers: list[str] = typer.Argument(..., help="Two or more editions, in any order: they are sorted by edition date."),
    format: Optional[str] = format_option(tuple(TREND_RENDERERS)),
    output: Optional[Path] = OUTPUT_OPTION,
    *,
    read: ReadOptions,
    pairing: dict[str, Any],
) -> None:
    """The same measures across editions (counts by label, human services, partial share) and
    the changes between consecutive ones; `--format html` adds charts.

    Examples:

    \b
      register-audit trend ca/2016-2017 ca/2017-2018 ca/2018-2019 ca/2019-2020 ca/2020-2021
      register-audit trend kz/2020 kz/2010 kz/2013 --match name --format html --output kz.html
    """
    from register_audit import api

    chosen = check_format(format, tuple(TREND_RENDERERS), output)
    result = api.trend(registers, **pairing, options=read, on_notice=report_warnings)
    emit(TREND_RENDERERS[chosen](result), output, inputs=tuple(edition_path(r) for r in registers))
