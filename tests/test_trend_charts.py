"""The trend page's charts (issue #12, item 8): axis titles, the country in the title, and no chart
of shares that are 0 in every edition (a sentence says so instead)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from register_audit.cli import app


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    runner = CliRunner()
    out = {}
    for key, editions in (("kz", ("kz/2010", "kz/2013", "kz/2020")), ("ca", ("ca/2016-2017", "ca/2017-2018"))):
        result = runner.invoke(app, ["trend", *editions, "--format", "html"])
        assert result.exit_code == 0, result.stderr
        out[key] = result.stdout
    return out


def _svg(page: str) -> str:
    return page[page.index("<svg"):page.index("</svg>")]


def test_the_charts_name_the_country_and_their_axes(pages):
    """Kazakhstan's counts and shares, each with an x and a y axis title; editions by their names."""
    chart = _svg(pages["kz"])
    assert "Services by edition, KZ" in chart and "Access steps by edition, KZ" in chart
    assert "number of services" in chart and "percent" in chart and "edition" in chart
    assert "kz/2013" in chart
    assert "<h1>Trend across editions: KZ</h1>" in pages["kz"]


def test_a_share_flat_at_zero_is_said_not_drawn(pages):
    """Canada 2016-17 and 2017-18 have no access step at all: one chart, and a sentence for the shares."""
    page = pages["ca"]
    assert "Access steps by edition" not in page
    assert "Services by edition, CA" in _svg(page)
    assert "are 0% in every edition, so no chart of them is drawn" in page
