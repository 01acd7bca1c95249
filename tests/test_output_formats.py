"""--output FILE takes its format from a known extension and refuses others; XLSX where the output
is one row per service (parse, classify, audit rows, diff), as analysts work in Excel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import DATA

ROW_COMMANDS = {
    "parse": ["parse", "us/2021-11-12"],
    "classify": ["classify", "us/2021-11-12"],
    "audit": ["audit", "us/2021-11-12"],
    "diff": ["diff", "us/2021-11-12", "us/2022-05-27"],
}


@pytest.mark.parametrize("command", sorted(ROW_COMMANDS))
def test_xlsx_output_is_a_workbook_with_one_row_per_service(run, tmp_path: Path, command):
    out = tmp_path / "out.xlsx"
    result = run(*ROW_COMMANDS[command], "--output", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out, read_only=True)
    first = book.worksheets[0]
    rows = list(first.iter_rows(values_only=True))
    assert rows[0][0] in ("id", "change")
    if command != "diff":
        assert len(rows) == 31  # the header and the 30 services of us/2021-11-12


def test_the_audit_workbook_has_the_verdicts_too(run, tmp_path: Path):
    out = tmp_path / "audit.xlsx"
    assert run("audit", "kz", "--output", str(out)).exit_code == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[:2] == ["services", "human_services"]
    verdicts = list(book["human_services"].iter_rows(values_only=True))
    assert len(verdicts) == 15 and verdicts[0][:4] == ("cofog", "id", "title", "status")


def test_a_name_starting_with_equals_stays_text_in_excel(run, tmp_path: Path):
    """A cell is never written as a formula: "=HYPERLINK(...)" in a register stays the text it was."""
    register = tmp_path / "r.csv"
    register.write_text('id,name\nA1,"=HYPERLINK(""http://example.org"",""click"")"\n', encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert run("classify", str(register), "--output", str(out)).exit_code == 0
    cell = load_workbook(out)["services"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_same_input_gives_the_same_workbook_bytes(run, tmp_path: Path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run("classify", "us/2021-11-12", "-o", str(a)).exit_code == 0
    assert run("classify", "us/2021-11-12", "-o", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_output_without_format_takes_it_from_the_extension(run, tmp_path: Path):
    """--output out.json writes JSON; it wrote a text table whatever the extension."""
    out = tmp_path / "audit.json"
    assert run("audit", "us/2021-11-12", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["services"] == 30
    md = tmp_path / "diff.md"
    assert run("diff", "us/2021-11-12", "us/2022-05-27", "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# ")


def test_an_unknown_or_unoffered_extension_is_refused(run, tmp_path: Path):
    for name, command in (("out.pdf", ["audit", "us/2021-11-12"]), ("out.html", ["classify", "us/2021-11-12"])):
        result = run(*command, "--output", str(tmp_path / name))
        assert result.exit_code == 2 and "names no format this command writes" in result.stderr
        assert not (tmp_path / name).exists()


def test_version_and_short_help(run):
    from register_audit import __version__

    version = run("--version")
    assert version.exit_code == 0 and version.stdout.strip() == f"register-audit {__version__}"
    assert run("-h").exit_code == 0 and "audit" in run("-h").stdout
    assert "--sheet" in run("audit", "-h").stdout


def test_shell_completion_is_offered(run):
    """`--show-completion` / `--install-completion` are offered for bash, zsh, fish and PowerShell."""
    assert "--install-completion" in run("--help").stdout


def test_xlsx_to_a_pipe_is_the_workbook(run):
    result = run("parse", str(DATA / "valid" / "kz_utf8.csv"), "--format", "xlsx")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")
