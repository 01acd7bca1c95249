"""A long audit shows rows read, bytes read of the file's size and a percentage on stderr, only on
a terminal (issue #12, item 10)."""

from __future__ import annotations

import io
import os

from rich.console import Console

from register_audit import api
from register_audit.cli.progress import audit_progress, progress_text
from register_audit.load.editions import edition_path


def test_progress_names_rows_bytes_of_the_total_and_a_percentage():
    """The line a terminal shows while the audit streams."""
    assert progress_text(12_000, 1_300_000, 3_500_000) == "12,000 rows · 1.2 MB of 3.3 MB (37%)"
    assert progress_text(5, 900, None) == "5 rows · 900 B"  # standard input has no size to be a share of
    assert progress_text(10, 2_000, 1_000).endswith("(99%)")  # an estimate never claims done before the end


def test_the_audit_reports_every_row_and_about_the_files_bytes():
    """Canada's 1,617 rows are all counted, and their bytes come within 2% of the file's size."""
    calls: list[tuple[int, int]] = []
    api.audit("ca/2020-2021", on_progress=lambda rows, read: calls.append((rows, read)))
    rows, read = calls[-1]
    assert rows == 1617
    assert abs(read / os.path.getsize(edition_path("ca/2020-2021")) - 1) < 0.02


def test_a_terminal_sees_the_rows_and_bytes_read(monkeypatch):
    """On a (fake) terminal the display carries the counts as the audit reports them."""
    monkeypatch.delenv("CI", raising=False)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120, color_system=None)
    with audit_progress(console, edition_path("ke")) as report:
        assert report is not None
        report(2_000, 500_000)
    assert "auditing the register 2,000 rows · 488.3 kB of 1.2 MB (38%)" in screen.getvalue()


def test_nothing_is_drawn_when_piped_or_in_ci(monkeypatch):
    """A pipe or a file gets no progress and no callback; nor does a terminal in CI."""
    monkeypatch.delenv("CI", raising=False)
    piped = Console(file=io.StringIO(), force_terminal=False)
    with audit_progress(piped, edition_path("ke")) as report:
        assert report is None
    monkeypatch.setenv("CI", "true")
    terminal = Console(file=io.StringIO(), force_terminal=True)
    with audit_progress(terminal, edition_path("ke")) as report:
        assert report is None
    assert terminal.file.getvalue() == ""


def test_the_audit_command_writes_no_progress_to_a_pipe(run):
    """Under the test runner (not a terminal) stderr has no progress line."""
    result = run("audit", "us/2024-01-30", "--format", "json")
    assert result.exit_code == 0 and "rows ·" not in result.stderr
