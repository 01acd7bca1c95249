"""The `rules` commands: run rule examples, lint, list, evaluate and describe rule sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit
from register_audit.cli.lazy import group
from register_audit.cli.options import OUTPUT_OPTION, check_format, format_option
from register_audit.errors import ExitCode
from register_audit.model.records import RegisterMeta
from register_audit.render.registry import formats

commands = rules_app = group(
    name="rules",
    help="Check and inspect rule sets: run their examples, lint them, list their rules, measure them against hand labels, print the schema.",
    no_args_is_help=True,
)

PATH_ARGUMENT = typer.Argument(None, help="A bundled rule set name (kz, en), a folder or a rule file. Default: every bundled set.")
_NO_REGISTER = RegisterMeta(name="")


def _specs(path: str | None) -> list[str]:
    from register_audit.rules.ruleset import bundled_names

    return [path] if path is not None else list(bundled_names())


@command(group=rules_app, name="test")
def test_command(path: Optional[str] = PATH_ARGUMENT) -> None:
    """Run every rule's examples: each `match` must match and each `no_match` must not.
    Exit 1 when an example fails, 2 when a rule file is invalid.

    \b
    Examples:
      register-audit rules test
      register-audit rules test rules/kz/completeness.yaml
    """
    from register_audit.render.classify import test_report
    from register_audit.rules.ruleset import load_ruleset
    from register_audit.rules.lint import run_examples

    ok = True
    for spec in _specs(path):
        report = run_examples(load_ruleset(spec, _NO_REGISTER))
        emit(test_report(spec, report), None)
        ok = ok and report.ok
    raise typer.Exit(ExitCode.SUCCESS if ok else ExitCode.FINDINGS)


@command(group=rules_app, name="lint")
def lint_command(path: Optional[str] = PATH_ARGUMENT) -> None:
    """Find problems in rule files: invalid schema, duplicate ids, patterns repeated across
    rules, equal-priority rules that overlap, failing examples. Exit 1 when it finds any.
    Warn (exit 0) about single-word domain patterns that match names other domain rules place
    in two or more COFOG divisions across the bundled registers (word-sense).

    \b
    Examples:
      register-audit rules lint
      register-audit rules lint my-rules/
    """
    from register_audit.render.classify import lint_report
    from register_audit.rules.lint import Severity, lint_spec

    clean = True
    for spec in _specs(path):
        name, findings = lint_spec(spec)
        emit(lint_report(name, findings), None)
        clean = clean and not any(f.severity == Severity.problem for f in findings)
    raise typer.Exit(ExitCode.SUCCESS if clean else ExitCode.FINDINGS)


@command(group=rules_app, name="list")
def list_command(
    path: Optional[str] = typer.Argument(None, help="A bundled rule set name (kz, en), a folder or a rule file. Default: kz."),
    format: str = format_option(formats("rules list")),
    output: Optional[Path] = OUTPUT_OPTION,
) -> None:
    """List the rules of a rule set: axis, id, value, priority, the fields read, description.

    \b
    Examples:
      register-audit rules list en
      register-audit rules list kz --format json
    """
    from register_audit.render.classify import RULES_RENDERERS
    from register_audit.rules.ruleset import load_ruleset

    chosen = check_format(format, tuple(RULES_RENDERERS))
    emit(RULES_RENDERERS[chosen](load_ruleset(path or "kz", _NO_REGISTER)), output)


@command(group=rules_app, name="schema")
def schema_command(output: Optional[Path] = OUTPUT_OPTION) -> None:
    """Print the JSON Schema of a rule file, for editors and reviewers.

    \b
    Example:
      register-audit rules schema --output rules/ruleset.schema.json
    """
    from register_audit.rules.ruleset import json_schema

    emit(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", output)


@command(group=rules_app, name="eval")
def eval_command(
    labels: Path = typer.Argument(..., help="A label file: id,name,language,nature,completeness,partial_kind,domain,human_service (other columns are register fields such as provider).", dir_okay=False),
    rules: Optional[str] = typer.Option(None, "--rules", help="Rule set: a bundled name (kz, en), a folder or a file. Default: from the labels' languages."),
    minimum: float = typer.Option(0.95, "--min", min=0.0, max=1.0, help="The least agreement each axis (domain at division level) and partial recall must reach."),
    format: Optional[str] = format_option(formats("rules eval")),
    output: Optional[Path] = OUTPUT_OPTION,
) -> None:
    """Measure a rule set against hand labels: agreement per axis, partial recall, confusion
    matrices and every disagreement with the rule that decided it. Exit 1 when an axis or the
    partial recall is below --min, 2 on a bad label file or invalid rules.

    \b
    Examples:
      register-audit rules eval tests/data/labels/kz-dev.csv
      register-audit rules eval my-labels.csv --rules my-rules/ --min 0.9 --format markdown
    """
    from register_audit import api
    from register_audit.render.evaluate import EVAL_RENDERERS

    chosen = check_format(format, tuple(EVAL_RENDERERS), output)
    result = api.evaluate(labels, rules=rules, minimum=minimum)
    emit(EVAL_RENDERERS[chosen](result), output, inputs=(str(labels),))
    raise typer.Exit(ExitCode.SUCCESS if result.passed else ExitCode.FINDINGS)
