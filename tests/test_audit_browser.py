"""The HTML audit in a real headless Chromium: charts in the DOM, no script errors, a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium
from register_audit.audit.budget import default_budget
from register_audit.audit.catalogue import load_catalogue
from register_audit.audit.coverage import audit
from register_audit.render.audit import audit_html
from test_coverage import small_classification

PAGE = "the audit page"  # what a missing browser leaves unchecked


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    classification = small_classification()
    path = tmp_path_factory.mktemp("html") / "audit.html"
    path.write_text(audit_html(audit(classification, load_catalogue(), default_budget(classification.meta))), encoding="utf-8")
    return path


def test_the_charts_are_in_the_rendered_dom(tmp_path, report):
    """Chromium parses the page and keeps the three inline SVG charts and the verdict table."""
    result = chromium(tmp_path, PAGE, "--dump-dom", report.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert dom.count("<svg") == 3
    assert "Human-service gap matrix" in dom and "Register share vs spending share" in dom
    assert "◐ access only" in dom and "Partial collection, not the whole register" in dom


def test_the_page_logs_no_script_errors_and_fetches_nothing(tmp_path, report):
    """No console errors, and nothing but the file itself is requested (it opens offline)."""
    result = chromium(tmp_path, PAGE, "--enable-logging=stderr", "--v=0", "--dump-dom", report.as_uri())
    errors = [line for line in result.stderr.splitlines() if "Uncaught" in line or ("CONSOLE" in line and "ERROR" in line)]
    assert errors == []
    assert "http://" not in report.read_text(encoding="utf-8").split("<svg")[0].replace("http://www.w3.org", "")


def test_a_screenshot_is_taken(tmp_path, report):
    """The page renders to a non-trivial PNG (look at it when the layout changes)."""
    shot = tmp_path / "audit.png"
    result = chromium(tmp_path, PAGE, "--window-size=1100,2400", f"--screenshot={shot}", report.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
