"""The diff and trend commands: exit codes, stdout and stderr apart, and golden reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = {"table": "txt", "json": "json", "markdown": "md", "csv": "csv", "html": "html"}


from golden_files import check_golden  # noqa: E402  (tests/ is on sys.path)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_diff_format_matches_its_golden_file(run, update_golden, tmp_path, fmt):
    """kz/2013 → kz/2020 (names only) in each format equals the reviewed golden file."""
    out = tmp_path / f"diff.{FORMATS[fmt]}"
    result = run("diff", "kz/2013", "kz/2020", "--match", "name", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    check_golden(GOLDEN / "diff" / f"kz-2013-2020.{FORMATS[fmt]}", out.read_text(encoding="utf-8"), update_golden)


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_trend_formats_match_their_golden_files(run, update_golden, fmt):
    """The Kazakh eras given out of order trend in time order, as the golden file shows."""
    result = run("trend", "kz/2020", "kz/2010", "kz/2013", "--match", "name", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_golden(GOLDEN / "trend" / f"kz-eras.{FORMATS[fmt]}", result.stdout, update_golden)


def test_diff_json_keeps_the_public_contract(run):
    """diff --format json has summary counts and the five change lists, renamed with its five keys."""
    result = run("diff", "us/2021-11-12", "us/2022-05-27", "--format", "json", "--rules", "kz")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"summary", "added", "removed", "renamed", "modified", "reclassified"} <= data.keys()
    assert {"added", "removed", "renamed", "modified", "reclassified", "unchanged"} <= data["summary"].keys()
    assert data["renamed"] and {"old_id", "new_id", "old_name", "new_name", "score"} <= data["renamed"][0].keys()


def test_a_bad_match_mode_is_a_usage_error(run):
    """An unknown --match value exits 2 with one sentence on stderr and nothing on stdout."""
    result = run("diff", "kz/2013", "kz/2020", "--match", "fuzzy")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--match 'fuzzy'" in result.stderr


def test_a_missing_register_exits_2(run):
    """A file that does not exist is reported on stderr, exit 2."""
    result = run("diff", "no-such.csv", "kz/2020")
    assert result.exit_code == 2 and "no-such.csv" in result.stderr


def test_trend_needs_two_editions(run):
    """One edition is not a trend: usage error."""
    result = run("trend", "kz/2013")
    assert result.exit_code == 2 and "at least two" in result.stderr


@pytest.mark.parametrize("command", ["diff", "trend"])
def test_help_shows_examples(run, command):
    """Each command's --help carries runnable examples."""
    result = run(command, "--help")
    assert result.exit_code == 0 and f"register-audit {command}" in result.stdout
