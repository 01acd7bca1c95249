"""Meta-tests over the whole CLI: every command documents itself, every format it offers renders."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer

from register_audit.cli import app
from register_audit.render.registry import COMMANDS, formats
from conftest import ROOT, subcommands

# One real, small invocation per reporting command (the US benefits editions are tiny).
INVOCATIONS = {
    "parse": ["parse", "us/2021-11-12"],
    "classify": ["classify", "us/2021-11-12"],
    "explain": ["explain", "us/2021-11-12", "Medicaid"],
    "audit": ["audit", "us/2021-11-12"],
    "diff": ["diff", "us/2021-11-12", "us/2022-05-27"],
    "trend": ["trend", "us/2021-11-12", "us/2022-05-27"],
    "check": ["check", "us/2021-11-12", "--policy", str(ROOT / "examples" / "policy.yaml")],
    "registers": ["registers"],
    "compare": ["compare", "us/2021-11-12", "us/2022-05-27"],
    "rules list": ["rules", "list", "en"],
    "rules eval": ["rules", "eval", str(ROOT / "tests" / "data" / "labels" / "en-dev.csv")],
}
# Commands whose output is a report on a register (or on hand labels), naming the rule files it used.
REPORTS = ("audit", "check", "classify", "compare", "diff", "explain", "rules eval", "trend")


def _commands(group=None, prefix=()):
    command = group or typer.main.get_command(app)
    for name, sub in sorted(subcommands(command).items()):
        path = (*prefix, name)
        if subcommands(sub):
            yield from _commands(sub, path)
        yield path


COMMANDS_AND_GROUPS = list(_commands())


def test_every_contract_command_exists():
    """The commands DESIGN.md fixes are all there."""
    names = {path[0] for path in COMMANDS_AND_GROUPS}
    assert {"audit", "classify", "explain", "diff", "trend", "check", "rules", "registers", "parse"} <= names
    assert {("rules", sub) for sub in ("test", "lint", "list", "eval")} <= set(COMMANDS_AND_GROUPS)


@pytest.mark.parametrize("path", COMMANDS_AND_GROUPS, ids=" ".join)
def test_every_command_has_help_with_an_example(run, path):
    """`--help` on every command exits 0 and shows at least one example (groups list their commands)."""
    result = run(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout or "Commands:" in result.stdout


def _help_formats(command: str, run) -> list[str]:
    help_text = " ".join(run(*command.split(), "--help").stdout.split())
    found = re.search(r"Output format: ([a-z, ]+)\.", help_text)
    assert found, f"{command} --help names no output formats"
    return [f.strip() for f in found.group(1).split(",")]


def _formats(command: str) -> list[str]:
    return [f.value for f in formats(command)]


def test_every_registered_command_is_invoked_here():
    """The renderer registry (render/registry.py) and these meta-tests list the same commands."""
    assert set(INVOCATIONS) == set(COMMANDS)
    assert set(COMMANDS) <= {" ".join(path) for path in COMMANDS_AND_GROUPS}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_lists_exactly_the_registered_formats(run, command):
    """A command's --format help names the formats its renderers write, in the registry's order."""
    assert _help_formats(command, run) == _formats(command)


@pytest.mark.parametrize("command", sorted(INVOCATIONS))
def test_every_format_a_command_offers_renders(run, command):
    """Each --format value a command lists gives output on a real register (exit 0, or 1 for a failed check)."""
    for fmt in _formats(command):
        result = run(*INVOCATIONS[command], "--format", fmt)
        assert result.exit_code in (0, 1), f"{command} --format {fmt}: {result.stderr}"
        assert result.stdout.strip(), f"{command} --format {fmt} printed nothing"


@pytest.mark.parametrize("command", sorted(INVOCATIONS))
def test_an_unknown_format_is_a_usage_error(run, command):
    """A format the command does not offer exits 2 with one sentence naming the formats it has."""
    result = run(*INVOCATIONS[command], "--format", "pdf")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pdf" in result.stderr and "Traceback" not in result.stderr


def test_python_dash_m_runs_the_cli():
    """`python -m register_audit --help` works as the console script does."""
    done = subprocess.run([sys.executable, "-m", "register_audit", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "audit" in done.stdout


# Formats that are one row per service or one line per annotation: data, with no place for a footer.
_ROW_FORMATS = {"csv", "jsonl", "github", "xlsx"}


@pytest.mark.parametrize("command", REPORTS)
def test_every_report_names_the_tool_version_and_the_rule_files(run, command):
    """Each report (every format but per-row data) names register-audit's version and each rule file's id and version."""
    from register_audit import __version__

    for fmt in _formats(command):
        if fmt in _ROW_FORMATS:
            continue
        result = run(*INVOCATIONS[command], "--format", fmt)
        assert result.exit_code in (0, 1), f"{command} --format {fmt}: {result.stderr}"
        text = " ".join(result.stdout.split())
        assert __version__ in text, f"{command} --format {fmt} does not name the tool version"
        for rule_file in ("en-nature", "en-completeness", "en-domain"):
            assert rule_file in text, f"{command} --format {fmt} does not name {rule_file}"
