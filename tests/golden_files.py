"""Comparing output with reviewed golden files: a missing file fails, and HTML is compared
without the bytes matplotlib writes inside its SVG charts (a matplotlib release changes them)."""

from __future__ import annotations

import re
from pathlib import Path

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def without_svg(text: str) -> str:
    """TEXT with each inline SVG chart replaced by a marker naming its title and size: the
    chart's presence and place stay compared, its drawing bytes (matplotlib's) do not."""

    def marker(found: re.Match[str]) -> str:
        svg = found.group()
        size = re.search(r'\bviewBox="([^"]*)"', svg)
        title = re.search(r"<title>(.*?)</title>", svg, re.S)
        return f'<svg golden="chart" viewBox="{size.group(1) if size else ""}" title="{title.group(1).strip() if title else ""}"/>'

    return _SVG.sub(marker, text)


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
