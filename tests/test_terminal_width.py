"""Every terminal report stays readable at 80 columns, the width of a pipe (issue #12, item 7):
no line wider than the terminal, no column of stacked letters, titles present and editions
named in full."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

WIDTH = {"COLUMNS": "80"}
CA = ("ca/2016-2017", "ca/2017-2018", "ca/2018-2019", "ca/2019-2020", "ca/2020-2021")


def _at_80(run, *args: str) -> str:
    result = run(*args, env=WIDTH)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def _fits(text: str) -> None:
    """Every line fits 80 cells, and every table column has room for a word (6 cells or more)."""
    wide = [line for line in text.splitlines() if cell_len(line) > 80]
    assert not wide, f"{len(wide)} lines wider than 80: {wide[0]!r}"
    for line in text.splitlines():
        if line.startswith("┏"):
            narrowest = min(len(s) for s in re.split("[┏┳┓]", line) if s)
            assert narrowest >= 6, f"a column {narrowest - 2} cells wide: {line!r}"


@pytest.mark.parametrize("register", ["ke", "ca/2020-2021", "kz"])
def test_the_audit_domain_table_keeps_its_titles_at_80_columns(run, register):
    """The domains keep a title column wide enough for their words: `Economic affairs` on one line."""
    text = _at_80(run, "audit", register)
    _fits(text)
    domains = text[text.index("Domains (COFOG)"):]
    assert re.search(r"┃ code +┃ title +┃", domains)
    assert "│ Economic affairs " in domains and "Education" in domains
    assert "kindergart…" not in text  # the human-service titles are whole too


def test_the_audit_without_a_budget_drops_the_empty_spending_columns(run):
    """Kenya has no spending table: at 80 columns its domain table has no `%spending` of `no figure`s."""
    text = _at_80(run, "audit", "ke")
    domains = text[text.index("Domains (COFOG)"):]
    assert "%spending" not in domains and "No spending table" in domains


@pytest.mark.parametrize("editions", [("kz/2010", "kz/2013", "kz/2020"), CA], ids=["kz", "ca"])
def test_trend_names_every_edition_in_full_at_80_columns(run, editions):
    """`kz/2010`, not `kz/…`: each edition is a column of its own, in as many tables as the width needs."""
    text = _at_80(run, "trend", *editions)
    _fits(text)
    assert "…" not in text
    measures = text[:text.index("Changes between consecutive editions")]
    for edition in editions:
        assert re.search(rf"┃ +{re.escape(edition)} ┃", measures), edition
    assert "partial_share" in measures and "human_partial_share" in measures


def test_diff_fits_80_columns_with_the_summary_first(run):
    """The counts come before the lists, and each list is cut at the limit with a line saying so."""
    text = _at_80(run, "diff", "kz/2013", "kz/2020", "--limit", "10")
    _fits(text)
    assert text.index("old services") < text.index("Added (39)") < text.index("Removed (111)")
    assert "… and 29 more; --limit 0 for all" in text


@pytest.mark.parametrize("args", [("compare", "kz", "ca/2020-2021", "us/2024-01-30", "ke"), ("classify", "kz"),
                                  ("check", "kz", "--policy", "examples/policy.yaml")], ids=["compare", "classify", "check"])
def test_other_tables_fit_80_columns(run, args):
    """compare, classify and check: no line past 80, no column too narrow for a word, no id cut."""
    text = _at_80(run, *args)
    _fits(text)
    if args[0] == "classify":
        assert "[D_adoption_lump_sum]" in text  # the id whole, under its name
    if args[0] == "check":
        assert "human-services-delivered " in text
