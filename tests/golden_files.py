"""Comparing output with reviewed golden files: a missing file fails, and HTML is compared
without the bytes matplotlib writes inside its SVG charts (a matplotlib release changes them)."""

from __future__ import annotations

import re
from pathlib import Path

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def without_svg(text: str) -> str:
    """TEXT with each inline SVG chart replaced by a marker: the chart's presence and place in
    the page stay compared, its drawing (matplotlib's bytes, sizes from its font metrics) does
    not. tests/test_audit_browser.py and the chart tests look at the charts themselves."""
    return _SVG.sub('<svg golden="chart"/>', text)


def check_golden(path: Path, text: str, update: bool) -> None:
    """TEXT equals the golden file at PATH; UPDATE rewrites it instead. A missing golden file
    fails (it used to be written and pass, so a typo in a path made a test that checked nothing)."""
    if path.suffix == ".html":
        text = without_svg(text)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review the new file"
    with open(path, encoding="utf-8", newline="") as handle:
        assert text == handle.read(), f"{path} differs: run pytest --update-golden and review the diff"
