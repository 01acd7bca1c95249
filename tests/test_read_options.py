"""One set of read options (--profile, --sheet, --skip-lines, --encoding, --delimiter, - for stdin)
on every command that reads a register; CSV title rows found as in XLSX."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import typer

from register_audit.cli import app
from register_audit.cli.options import READ_FLAGS
from conftest import DATA, ROOT, subcommands

VALID = DATA / "valid"
KZ_CSV = VALID / "kz_utf8.csv"


def _registered():
    """Every registered command callback, with its command path, from the Typer app itself."""
    root = typer.main.get_command(app)

    def walk(command, prefix=()):
        for name, sub in subcommands(command).items():
            if subcommands(sub):
                yield from walk(sub, (*prefix, name))
            else:
                yield (*prefix, name), sub

    return list(walk(root))


def _reads_a_register(command) -> bool:
    """A command reads a register when one of its arguments is a register (or registers, old, new)."""
    return any(p.name in {"register", "registers", "old", "new"} for p in command.params if not p.param_type_name == "option")


def test_every_command_that_reads_a_register_takes_the_shared_read_options():
    """Meta-test over the command registry: each register-reading command accepts all five read options."""
    readers = [(path, cmd) for path, cmd in _registered() if _reads_a_register(cmd)]
    assert {p[0] for p, _ in readers} >= {"audit", "classify", "explain", "diff", "trend", "check", "parse"}
    for path, command in readers:
        flags = {opt for p in command.params for opt in getattr(p, "opts", ())}
        missing = [flag for flag in READ_FLAGS if flag not in flags]
        assert not missing, f"{' '.join(path)} lacks {missing}"


def test_the_readme_example_with_sheet_runs(run):
    """The README's `audit my_register.xlsx --sheet ...` failed with "No such option: --sheet"; now every command takes it."""
    for command in (["audit"], ["classify"], ["explain", "_", "Canadian Passport"], ["parse"]):
        args = [command[0], str(VALID / "kz_act.xlsx"), *command[2:], "--sheet", "Canada", "--rules", "en"]
        if command[0] == "parse":
            args.remove("--rules"), args.remove("en")
        if command[0] == "explain":
            args = ["explain", str(VALID / "kz_act.xlsx"), "Canadian Passport", "--sheet", "Canada", "--rules", "en"]
        result = run(*args)
        assert "No such option" not in result.stderr
        assert result.exit_code in (0, 2), result.stderr


def _titled_csv(tmp_path: Path, titles: str, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    body = KZ_CSV.read_text(encoding="utf-8")
    if delimiter != ",":
        import csv
        import io

        rows = list(csv.reader(io.StringIO(body)))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows(rows)
        body = out.getvalue()
    path = tmp_path / "titled.csv"
    path.write_bytes((titles + body).encode(encoding))
    return path


def test_a_csv_with_a_title_block_reads_as_its_xlsx_twin_does(run, tmp_path: Path):
    """Header on row 3 under a title and a blank row: detected, as XLSX title rows are (it failed: "no column holds the service name")."""
    path = _titled_csv(tmp_path, "Реестр государственных услуг\r\n\r\n")
    result = run("parse", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    plain = run("parse", str(KZ_CSV), "--format", "json")
    assert result.stdout.count('"name"') == plain.stdout.count('"name"')
    assert '"row": 4' in result.stdout  # rows keep their numbers in the file


def test_a_padded_title_row_from_a_spreadsheet_export_is_skipped(run, tmp_path: Path):
    path = _titled_csv(tmp_path, "Register of services,,\r\nEdition 2020,,\r\n")
    result = run("classify", str(path), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("id,name,nature")


def test_skip_lines_encoding_and_delimiter_override_detection(run, tmp_path: Path):
    """--skip-lines N drops N lines before the header; --encoding and --delimiter replace the guesses."""
    path = tmp_path / "junk-lines.csv"
    path.write_bytes(b"a;b;c\r\nx;y;z\r\n" + (VALID / "kz_cp1251_semicolon.csv").read_bytes())
    detected = run("parse", str(path), "--format", "csv")
    assert detected.exit_code == 2  # the two junk lines look like a header
    result = run("parse", str(path), "--skip-lines", "2", "--encoding", "cp1251", "--delimiter", ";", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "Выдача архивных справок" in result.stdout


def test_a_wrong_encoding_is_one_sentence_naming_the_option(run, tmp_path: Path):
    path = VALID / "kz_cp1251_semicolon.csv"
    result = run("parse", str(path), "--encoding", "utf-8")
    assert result.exit_code == 2
    assert "--encoding" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_encoding_name_or_delimiter_is_a_usage_error(run):
    for args in (["--encoding", "klingon"], ["--delimiter", ";;"]):
        result = run("parse", str(KZ_CSV), *args)
        assert result.exit_code == 2 and result.stdout == ""
        assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_csv_options_on_a_non_csv_file_are_refused(run):
    result = run("parse", str(VALID / "kz_act.xlsx"), "--delimiter", ";")
    assert result.exit_code == 2
    assert "--delimiter apply to CSV/TSV files" in result.stderr


def test_dash_reads_the_register_from_standard_input(run):
    """`-` reads the register from stdin, CSV or JSON, with the same detection as a file."""
    result = run("classify", "-", "--format", "csv", input=KZ_CSV.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("id,name,nature")
    assert "Выдача архивных справок" in result.stdout
    as_json = run("parse", "-", "--format", "csv", input=b'[{"id": "A1", "name": "Medicaid"}]')
    assert as_json.exit_code == 0 and "Medicaid" in as_json.stdout


def test_a_wrong_bundled_edition_suggests_the_closest(run):
    """`kz/2019` is no file and no edition: the error says so and suggests kz/2020 (it said "no such file")."""
    result = run("audit", "kz/2019")
    assert result.exit_code == 2
    assert "no bundled edition kz/2019; did you mean kz/2020" in result.stderr
    assert "ca/2020-2021" in run("audit", "ca/2020").stderr


def test_a_missing_file_path_is_still_a_missing_file(run):
    result = run("audit", "data/nope.csv")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_the_bundled_editions_refuse_csv_overrides(run):
    result = run("audit", "kz", "--encoding", "cp1251")
    assert result.exit_code == 2
    assert "the bundled edition kz is read as it ships" in result.stderr
