"""`trend` and `diff --format html` in a real headless Chromium: each page fits a 1280-pixel window
and an A4 page in print, no table running past the right edge (issue #12, item 8)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from browser import chromium

CA = ("ca/2016-2017", "ca/2017-2018", "ca/2018-2019", "ca/2019-2020", "ca/2020-2021")
# A4 is 210 mm wide; Chromium prints with about 10 mm margins: 190 mm, 718 CSS pixels at 96 per inch.
A4_PIXELS = 718

# Measures the page after layout and writes it on <body>: the test reads it back with --dump-dom.
# Only the copy the test opens carries it; the report itself has no script.
PROBE = """<script>window.addEventListener('load', () => {
  const page = document.documentElement; let right = 0, widest = '';
  for (const el of document.querySelectorAll('table, svg, p, h1, h2, li, td, th')) {
    const box = el.getBoundingClientRect();
    if (box.right > right) { right = box.right; widest = el.tagName + ': ' + (el.textContent || '').slice(0, 60); }
  }
  document.body.setAttribute('data-fit', JSON.stringify(
    {client: page.clientWidth, scroll: page.scrollWidth, right: Math.ceil(right), widest: widest}));
});</script>"""


def _layout(tmp_path: Path, page: Path, width: int, *, print_media: bool) -> dict:
    """Where the page's content ends when laid out WIDTH pixels wide; PRINT_MEDIA applies its
    @media print rules, as printing does (the screen page is laid out at the A4 width)."""
    text = page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>")
    if print_media:
        text = text.replace("@media print{", "@media all{")
    probe = tmp_path / f"probe-{width}-{print_media}-{page.name}"
    probe.write_text(text, encoding="utf-8")
    result = chromium(tmp_path, "the trend and diff pages", f"--window-size={width},1000", "--dump-dom", probe.as_uri(),
                      timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'data-fit="([^"]*)"', result.stdout)
    assert found, "the page did not finish loading in the browser"
    return json.loads(unescape(found.group(1)))


def _write(tmp_path_factory, *args: str) -> Path:
    from typer.testing import CliRunner

    from register_audit.cli import app

    path = tmp_path_factory.mktemp("pages") / f"{args[0]}.html"
    result = CliRunner().invoke(app, [*args, "--format", "html", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def trend_page(tmp_path_factory) -> Path:
    return _write(tmp_path_factory, "trend", *CA)


@pytest.fixture(scope="module")
def diff_page(tmp_path_factory) -> Path:
    return _write(tmp_path_factory, "diff", "ca/2019-2020", "ca/2020-2021")


@pytest.mark.parametrize(("width", "print_media"), [(1280, False), (A4_PIXELS, True)], ids=["1280px", "A4-print"])
@pytest.mark.parametrize("which", ["trend", "diff"])
def test_the_page_fits_the_window_and_an_a4_page(tmp_path, request, which, width, print_media):
    """No table, chart or line runs past the right edge: nothing scrolls sideways or is cut in print."""
    page = request.getfixturevalue(f"{which}_page")
    fit = _layout(tmp_path, page, width, print_media=print_media)
    assert fit["scroll"] <= fit["client"], f"{which} page is {fit['scroll']} px wide in a {fit['client']} px window"
    assert fit["right"] <= fit["client"], f"{fit['widest']!r} ends at {fit['right']} px, past {fit['client']} px"


def test_the_trend_measures_table_keeps_every_measure_and_edition(trend_page):
    """partial_share and human_partial_share are rows of the table, and each edition is a column named in full."""
    text = trend_page.read_text(encoding="utf-8")
    table = text[text.index("<h2>Measures by edition</h2>"):]
    table = table[:table.index("</table>")]
    for name in ("partial_share", "human_partial_share", *CA):
        assert name in table


def test_the_diff_page_shows_old_and_new_values_and_the_column_change(diff_page):
    """Modified lists each field as old → new, one item per field; fiscal_yr is said once, as a column change."""
    text = diff_page.read_text(encoding="utf-8")
    modified = text[text.index("<h2>Modified"):]
    modified = modified[:modified.index("</table>")]
    assert re.search(r"<li>[a-z_]+: [^<]* → [^<]*</li>", modified)
    assert "fiscal_yr" not in modified
    assert "fiscal_yr changed on 1,166 of 1,166 matched services: 2019-2020 → 2020-2021" in text
