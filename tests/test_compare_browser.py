"""`compare --format html` in a real headless Chromium: one page, the side-by-side table and a chart per measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from register_audit.render.compare import MEASURES

REGISTERS = ("kz", "ca/2020-2021", "us/2024-01-30", "ke")
PAGE = "the compare page"  # what a missing browser leaves unchecked


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The page the issue asks for, written by the command itself."""
    from typer.testing import CliRunner

    from register_audit.cli import app

    path = tmp_path_factory.mktemp("compare") / "compare.html"
    result = CliRunner().invoke(app, ["compare", *REGISTERS, "--format", "html", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_the_page_has_the_side_by_side_table_and_one_chart_per_measure(tmp_path, page):
    result = chromium(tmp_path, PAGE, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    table = dom[dom.index('<table id="comparison"'):dom.index("</table>")]
    assert table.count("<th>") == 1 + len(REGISTERS)
    for name in REGISTERS:
        assert name in table
    assert "(collection)" in table  # the Kazakh collection is marked as one
    assert "Partial collection, not the whole register (kz)" in dom
    depth_rows = sum(1 for m in MEASURES if m.key.startswith("depth_"))
    assert dom.count("<svg") == len(MEASURES) - depth_rows + 1  # the ten depth rows share one stacked chart
    assert "32.6%" in table and "89.8%" in table  # Canada's human share of applications, made online


def test_the_page_logs_no_script_errors_and_opens_offline(tmp_path, page):
    result = chromium(tmp_path, PAGE, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    errors = [line for line in result.stderr.splitlines() if "Uncaught" in line or ("CONSOLE" in line and "ERROR" in line)]
    assert errors == []
    assert "http://" not in page.read_text(encoding="utf-8").split("<svg")[0].replace("http://www.w3.org", "")


def test_a_screenshot_of_the_page_is_taken(tmp_path, page):
    shot = tmp_path / "compare.png"
    result = chromium(tmp_path, PAGE, "--window-size=1100,3000", f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
