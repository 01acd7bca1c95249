"""The audit's depth by human service and its use-weighted shares, checked against the real CSV read independently."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from register_audit.audit.catalogue import load_catalogue
from register_audit.audit.coverage import audit
from register_audit.audit.depth import Weight
from register_audit.classify import classify
from register_audit.load.editions import load_register
from register_audit.rules.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
CHANNELS = {"online": "online_applications", "telephone": "telephone_applications", "in_person": "in_person_applications",
            "mail": "postal_mail_applications", "email": "email_applications", "fax": "fax_applications",
            "other": "other_applications"}


def _csv(edition: str) -> list[dict[str, str]]:
    with open(ROOT / "registers" / "ca" / f"{edition}_services.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _figure(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None  # ND, no_data, not_applicable, empty: unknown


@pytest.fixture(scope="module")
def canada():
    """FY2020-21 audited, with each CSV row beside the human-service flag the rules gave it."""
    register = load_register("ca/2020-2021")
    classification = classify(register, load_ruleset(None, register.meta))
    rows = _csv("2020-2021")
    assert len(rows) == len(classification.items)
    human = [item.labels.human_service for item in classification.items]
    return audit(classification, load_catalogue(None), weight=Weight.applications), rows, human


def _applications(row: dict[str, str]) -> int | None:
    known = [_figure(row[c]) for c in CHANNELS.values() if c in row and _figure(row[c]) is not None]
    return sum(known) if known else None


def _expected_depth(row: dict[str, str]) -> str:
    """Canada's step columns read by hand (NA: the step does not exist), independently of the tool."""
    steps = [row["e_application"], row["e_decision"], row["e_issuance"]]
    existing = [s for s in steps if s != "NA"]
    if existing and all(s == "Y" for s in existing):
        return "end_to_end"
    if steps[0] == "Y":
        return "apply_online"
    if row["info_service"] == "Y":
        return "information"
    return "offline" if existing or row["info_service"] == "N" else "unknown"


def test_depth_counts_by_group_equal_the_csv_counted_by_hand(canada):
    report, rows, human = canada
    counted = Counter()
    for row, is_human in zip(rows, human):
        group = "unclassified" if is_human is None else "human" if is_human else "other"
        counted[(group, _expected_depth(row))] += 1
    for group, data in report.depth.groups.items():
        assert data.counts == {d: counted[(group, d)] for d in data.counts}
    assert sum(g.services for g in report.depth.groups.values()) == 1617
    human_services = report.depth.groups["human"]
    assert human_services.counts == {"end_to_end": 66, "apply_online": 19, "information": 52, "offline": 98, "unknown": 15}
    assert human_services.shares_pct["count"]["end_to_end"] == round(100 * 66 / 250, 1) == 26.4


def test_applications_by_group_and_the_human_share_equal_the_csv_summed_by_hand(canada):
    report, rows, human = canada
    apps = Counter()
    without = 0
    for row, is_human in zip(rows, human):
        total = _applications(row)
        if total is None:
            without += 1
            continue
        apps["human" if is_human else "unclassified" if is_human is None else "other"] += total
    use = report.use
    assert use.without_applications == without == 717
    assert use.applications == sum(apps.values()) == 266_375_928
    share = next(s for s in use.shares if s.measure == "human")
    assert share.applications_pct == round(100 * apps["human"] / sum(apps.values()), 1) == 32.6
    assert share.count_pct == round(100 * sum(1 for h in human if h) / len(human), 1) == 15.5
    assert report.depth.groups["human"].totals["applications"] == apps["human"]


def test_the_share_of_human_service_applications_made_online_is_the_csvs(canada):
    report, rows, human = canada
    online = base = 0
    for row, is_human in zip(rows, human):
        first = _figure(row["online_applications"])
        if is_human and first is not None:
            online += first
            base += _applications(row)
    assert report.use.online_pct["human"] == round(100 * online / base, 1) == 89.8


def test_the_gap_matrix_says_whether_a_delivered_human_service_is_online_end_to_end(canada):
    report, _, _ = canada
    by_id = {v.id: v for v in report.human_services}
    assert by_id["higher-education"].end_to_end is True  # Canada Student Grants and Loans: Y, Y, Y
    assert by_id["school"].end_to_end is False and by_id["school"].depth.value == "offline"
    assert by_id["hospital-care"].depth is None and by_id["hospital-care"].end_to_end is None  # left out
    loans = next(r for r in by_id["higher-education"].services if r.id == "1296")
    assert loans.depth.value == "end_to_end"


def test_a_register_without_depth_fields_reports_every_depth_unknown_and_no_use(run):
    result = run("audit", "us/2024-01-30", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["use"]["counts_use"] is False and report["use"]["applications"] == 0
    assert report["use"]["shares"][0]["applications_pct"] is None
    for group in report["depth"]["groups"].values():
        assert group["counts"]["offline"] == 0 and group["counts"]["unknown"] == group["services"]
    assert "every depth is unknown" in report["depth"]["sentence"]


def test_the_kazakh_audit_counts_the_depth_of_services_with_a_form_of_delivery(run):
    report = json.loads(run("audit", "kz", "--format", "json").stdout)
    counts = Counter()
    for group in report["depth"]["groups"].values():
        counts.update(group["counts"])
    without_form = sum(1 for s in load_register("kz").services if not s.form.strip())
    assert counts == {"end_to_end": 4, "apply_online": 22, "information": 0, "offline": 15, "unknown": without_form}


def test_audit_shows_depth_by_human_service_and_use_weighted_shares(run):
    result = run("audit", "ca/2020-2021", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert "## Digital depth" in text and "## Shares by count and by use" in text
    assert "| human services, of all services | 15.5% | 32.6% | 78.0% |" in text
    assert "717 of 1617 services give no application figure" in text
    assert "| online |" in text.replace("| verdict | online |", "| online |")


@pytest.mark.parametrize("weight", ["applications", "interactions"])
def test_weight_option_picks_the_depth_shares_shown(run, weight):
    result = run("audit", "ca/2020-2021", "--weight", weight, "--format", "json")
    assert json.loads(result.stdout)["depth"]["weight"] == weight
    assert f"share of {weight} at each depth" in run("audit", "ca/2020-2021", "--weight", weight, "--format", "markdown").stdout


def test_a_weight_the_register_cannot_give_falls_back_to_count_and_says_so(run):
    result = run("audit", "us/2024-01-30", "--weight", "applications", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["depth"]["weight"] == "count"
    assert [w["code"] for w in report["warnings"]] == ["weight_unavailable"]
    assert "counts no use" in report["warnings"][0]["message"]
    table = run("audit", "us/2024-01-30", "--weight", "applications").stdout
    assert table.index("WARNING: Weighted by count, not applications") < table.index("The number a ministry would boast")
    assert "counts no use" in run("audit", "us/2024-01-30", "--weight", "applications", "--format", "csv").stderr


def test_a_weight_the_register_gives_carries_no_warning(run):
    report = json.loads(run("audit", "ca/2020-2021", "--weight", "applications", "--format", "json").stdout)
    assert "weight_unavailable" not in [w["code"] for w in report["warnings"]]


def test_an_unknown_weight_is_a_usage_error(run):
    result = run("audit", "ca/2020-2021", "--weight", "visits")
    assert result.exit_code == 2
