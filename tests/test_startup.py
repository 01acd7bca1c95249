"""Start-up: the CLI imports only what a command uses (DESIGN.md's performance budget)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CANADA = ROOT / "registers" / "ca"
# Heavy libraries only some formats need: charts (matplotlib), XLSX (openpyxl), DOCX (python-docx),
# HTML (lxml), and numpy, which none of the CSV paths needs.
HEAVY = ("matplotlib", "openpyxl", "docx", "lxml", "numpy")

_PROBE = """
import json, runpy, sys
sys.argv = ["register-audit", *sys.argv[1:]]
try:
    runpy.run_module("register_audit", run_name="__main__")
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def modules(*args: str, cwd: Path) -> set[str]:
    """Every module a fresh interpreter holds after running `register-audit ARGS`."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def imported(*args: str, cwd: Path) -> set[str]:
    """The top-level modules a fresh interpreter holds after running `register-audit ARGS`."""
    return {m.split(".")[0] for m in modules(*args, cwd=cwd)}


@pytest.mark.parametrize("args", [
    ("--help",),
    ("parse", str(CANADA / "2020-2021_services.csv"), "--format", "json"),
    ("diff", str(CANADA / "2019-2020_services.csv"), str(CANADA / "2020-2021_services.csv"), "--format", "json"),
    # Names only: the fuzzy stage runs over hundreds of candidate pairs.
    ("diff", str(CANADA / "2016-2017_services.csv"), str(CANADA / "2020-2021_services.csv"), "--match", "name",
     "--format", "json"),
], ids=["help", "parse csv", "diff csv", "diff csv by name"])
def test_help_parse_and_diff_of_csv_import_no_heavy_library(args, tmp_path):
    """`--help`, `parse` and `diff` of CSV files load none of matplotlib, openpyxl, python-docx,
    lxml or numpy (each costs start-up time on every run)."""
    modules = imported(*args, cwd=tmp_path)
    assert "register_audit" in modules
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_help_imports_typer_and_no_module_of_a_command(tmp_path):
    """`--help` lists the commands from cli/lazy.py's table: none of the command modules, and
    none of rich, pydantic, yaml or rapidfuzz, is imported for it."""
    modules = imported("--help", cwd=tmp_path)
    assert not modules & {"rich", "pydantic", "yaml", "rapidfuzz", *HEAVY}, sorted(modules)


def test_a_command_imports_its_own_module_only(tmp_path):
    """`registers` imports cli/parse.py (where it lives) and not the other command modules."""
    cli = {m for m in modules("registers", cwd=tmp_path) if m.startswith("register_audit.cli.")}
    assert "register_audit.cli.parse" in cli
    assert not cli & {f"register_audit.cli.{m}" for m in ("audit", "classify", "diff", "compare", "check", "rules")}


def test_the_command_table_agrees_with_each_command():
    """Each command in the lazy table loads from its module under that name, and the help that
    `--help` shows for it is the first sentence of the command's own help."""
    from register_audit.cli.lazy import COMMANDS, load

    for name, (_, short_help) in COMMANDS.items():
        command = load(name)
        assert command.name == name
        assert command.get_short_help_str(10**6) == short_help, name
