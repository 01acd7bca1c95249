"""Bad input: one sentence on stderr naming the file (and row and field), exit 2, nothing on stdout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
INVALID = DATA / "invalid"
VALID = DATA / "valid"

# file under tests/data/invalid (or a path that is not a file), words its message must hold
FAILURES = [
    ("missing.csv", ["no such file"]),
    ("a_directory", ["is a directory"]),
    ("empty.csv", ["is empty"]),
    ("header_only.csv", ["header but no rows"]),
    ("no_name_column.csv", ["field 'name'", "closest header is 'service_title'"]),
    ("ragged_rows.csv", ["row 6 (4 cells)", "3 columns"]),
    ("undecodable.csv", ["byte 428 (line 4)", "not valid UTF-8"]),
    ("binary.csv", ["binary file"]),
    ("archive.csv", ["zip archive"]),
    ("legacy.xls", ["old binary Office file"]),
    ("corrupt.xlsx", ["cannot be read as an XLSX workbook"]),
    ("truncated.xlsx", ["cannot be read as an XLSX workbook"]),
    ("no_table.html", ["has no HTML table"]),
    ("no_table.docx", ["has no table"]),
    ("malformed.json", ["not valid JSON", "line 1, column"]),
    ("not_a_list.json", ["list of objects"]),
    ("not_objects.json", ["must be objects", "1, 2, 3, 4"]),
]


def test_every_invalid_file_is_documented_and_tested():
    """Each file in tests/data/invalid has a line in its README and a case here."""
    readme = (INVALID / "README.md").read_text(encoding="utf-8")
    files = {p.name for p in INVALID.iterdir() if p.name != "README.md"}
    tested = {name for name, _ in FAILURES} | {"duplicate_ids.csv"}
    assert files <= tested
    assert all(f"`{name}`" in readme for name in files)


@pytest.mark.parametrize(("name", "words"), FAILURES, ids=[n for n, _ in FAILURES])
def test_bad_input_is_one_sentence_on_stderr_and_exit_2(run, name, words):
    """A file that cannot be read gives exit 2, no stdout, and one stderr line naming it and the fault."""
    path = INVALID / name
    result = run("parse", str(path), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {path}")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_input_shows_a_traceback_only_with_debug(run):
    """--debug before the command re-raises the error instead of the one-line message."""
    result = run("--debug", "parse", str(INVALID / "empty.csv"))
    assert result.exit_code != 0
    assert result.exception is not None and "is empty" in str(result.exception)


def test_an_unknown_sheet_lists_the_sheets(run):
    """--sheet naming no sheet of the workbook is an error that lists the sheets there are."""
    result = run("parse", str(VALID / "kz_act.xlsx"), "--sheet", "Services")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no sheet named 'Services'; the sheets are 'Реестр', 'Canada'" in result.stderr


def test_duplicate_ids_are_kept_with_a_warning(run):
    """A repeated id keeps both rows (the second suffixed ~2), warns on stderr naming row and field, exits 0."""
    result = run("parse", str(INVALID / "duplicate_ids.csv"), "--format", "csv")
    assert result.exit_code == 0
    assert "D_archive_certificates~2" in result.stdout
    assert "duplicate_ids.csv, row 6, field 'id': duplicate id 'D_archive_certificates'" in result.stderr


def test_duplicate_ids_fail_under_strict(run):
    """parse --strict turns the duplicate-id warning into an error: exit 2, nothing on stdout."""
    result = run("parse", str(INVALID / "duplicate_ids.csv"), "--strict", "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {INVALID / 'duplicate_ids.csv'}, row 6, field 'id'")


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.iterdir()))
def test_parse_never_writes_to_its_input(run, tmp_path, name):
    """Parsing leaves the input's bytes and modification time as they were."""
    copy = tmp_path / name
    shutil.copy2(VALID / name, copy)
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    for format in ("json", "csv", "jsonl", "table"):
        assert run("parse", str(copy), "--format", format).exit_code == 0
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before


def test_output_onto_the_input_is_refused(run, tmp_path):
    """--output naming the input file is a usage error, and the input is untouched."""
    copy = tmp_path / "kz.csv"
    shutil.copy2(VALID / "kz_utf8.csv", copy)
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    result = run("parse", str(copy), "--format", "csv", "--output", str(copy))
    assert result.exit_code == 2
    assert "would overwrite the input" in result.stderr
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before
