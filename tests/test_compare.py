"""`compare`: the paradox measures of several registers side by side, one column per register."""

from __future__ import annotations

import json

from register_audit import api
from register_audit.compare.paradox import paradox


def test_each_column_holds_the_measures_of_that_registers_own_audit():
    result = api.compare(["kz", "ca/2020-2021"])
    assert [p.name for p in result.registers] == ["kz", "ca/2020-2021"]
    for column, name in zip(result.registers, ("kz", "ca/2020-2021")):
        assert column == paradox(api.audit(name, rows=False))


def test_canada_2020_21_column_has_its_hand_checked_figures():
    """1,617 services; 250 human (15.5%); 66 of them online end to end (26.4%); 32.6% of applications."""
    (canada,) = api.compare(["ca/2020-2021"]).registers
    assert canada.services == 1617 and canada.human_pct == 15.5
    assert canada.depth_pct["human"]["end_to_end"] == 26.4 and canada.depth_pct["other"]["end_to_end"] == 20.8
    assert canada.human_applications_pct == 32.6 and canada.human_online_pct == 89.8
    assert canada.without_applications == 717
    assert canada.budget is None and canada.budget_ratio == {}


def test_a_register_that_counts_no_use_says_not_counted_and_one_without_a_budget_says_no_table(run):
    result = run("compare", "kz", "us/2024-01-30", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert "| human services' share of applications | not counted | not counted |" in text
    kz = paradox(api.audit("kz", rows=False))
    assert f"| budget ratio 07 (register ÷ spending share) | {kz.budget_ratio['07']:.2f} | no table |" in text
    assert f"| human services: online end to end | {kz.depth_pct['human']['end_to_end']:.1f}% | not said |" in text
    assert f"| human services: unknown (not said) | {kz.depth_pct['human']['unknown']:.1f}% | 100.0% |" in text


def test_collections_are_marked_as_collections(run):
    result = run("compare", "kz", "ke", "--format", "json")
    data = json.loads(result.stdout)
    assert [c["collection"] for c in data["registers"]] == [True, False]
    assert [w["code"] for w in data["warnings"]] == ["partial_collection"]
    table = run("compare", "kz", "ke").stdout
    assert "(collection)" in table and "WARNING: Partial collection" in table


def test_an_unknown_register_is_a_usage_error(run):
    result = run("compare", "kz", "nowhere")
    assert result.exit_code == 2 and "nowhere" in result.stderr
