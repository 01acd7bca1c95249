"""Trend carries digital depth and use: Canada's five editions, use counted on the channels they all have."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from register_audit import api

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ("2016-2017", "2017-2018", "2018-2019", "2019-2020", "2020-2021")
COMMON = ("online_applications", "in_person_applications", "postal_mail_applications", "other_applications")


@pytest.fixture(scope="module")
def canada():
    with pytest.warns(api.InputWarning):  # 2016-17 and 2017-18 repeat two service ids
        return api.trend([f"ca/{e}" for e in EDITIONS])


def test_every_edition_has_its_paradox_measures_in_time_order(canada):
    assert [p.edition for p in canada.paradox] == list(EDITIONS)
    for column, edition in zip(canada.paradox, EDITIONS):
        alone = api.compare([f"ca/{edition}"]).registers[0]
        assert column.depth_pct == alone.depth_pct  # depth by count does not depend on the other editions
        assert column.services == alone.services


def test_use_is_counted_only_on_the_channels_every_edition_gives_figures_for(canada):
    """Email and fax have columns only in 2020-21; telephone has figures only from 2018-19."""
    assert {p.use_channels for p in canada.paradox} == {("online", "in_person", "mail", "other")}


def test_the_2020_21_share_of_applications_made_online_on_common_channels_is_the_csvs(canada):
    with open(ROOT / "registers/ca/2020-2021_services.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    classified = api.classify("ca/2020-2021")
    online = base = 0
    for row, item in zip(rows, classified.items):
        figures = [int(row[c]) for c in COMMON if row[c].isdigit()]
        if item.labels.human_service and row["online_applications"].isdigit():
            online += int(row["online_applications"])
            base += sum(figures)
    assert canada.paradox[-1].human_online_pct == round(100 * online / base, 1)


def test_trend_markdown_shows_depth_and_use_by_edition(run):
    result = run("trend", "ca/2019-2020", "ca/2020-2021", "--format", "markdown")
    assert result.exit_code == 0
    assert "## Depth and use by edition" in result.stdout
    assert "| human services: online end to end | 25.0% | 26.4% |" in result.stdout
