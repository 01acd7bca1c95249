"""`check` shows a value and its threshold in one unit (issue #12, item 11): a share as a
percentage on both sides, a count as a number."""

from __future__ import annotations

import json
import re
from pathlib import Path

from register_audit.check.evaluate import show

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def test_a_share_and_a_count_are_shown_in_their_unit() -> None:
    assert show(0.025, "share") == "2.5%" and show(0.1, "share") == "10%" and show(1 / 3, "share") == "33.3%"
    assert show(3, "count") == "3"


def test_the_table_shows_value_and_threshold_as_percentages(run) -> None:
    """kz: a percentage unclassified against at most 10%, not "<= 0.1"."""
    result = run("check", "kz", "--policy", POLICY)
    row = next(line for line in result.stdout.splitlines() if "unclassified-serv" in line)
    assert re.search(r"│ \d+(\.\d)?% +│ <= 10% ", row) and "0.1 " not in row


def test_json_keeps_the_fraction_and_names_its_unit(run) -> None:
    """Scripts get the value and the limit as numbers, and the unit both are in."""
    data = json.loads(run("check", "kz", "--policy", POLICY, "--format", "json").stdout)
    first = data["results"][0]
    assert first["unit"] == "share" and first["limit"] == 0.1 and first["threshold"] == "<= 10%"
    assert 0 <= first["value"] < 0.1  # the kz rules may place every bundled name
    examples = next(r for r in data["results"] if r["measure"] == "rule_examples")
    assert examples["unit"] == "count" and examples["threshold"] == "= 0"


def test_markdown_shows_value_and_threshold_as_percentages(run) -> None:
    """The job summary's table: "64.3%" against ">= 75%" in the same row."""
    result = run("check", "kz", "--policy", POLICY, "--format", "markdown")
    row = next(line for line in result.stdout.splitlines() if line.startswith("| `human-services-delivered`"))
    assert "| 64.3% | &gt;= 75% |" in row and "0.75" not in row  # `>` is escaped: Markdown shows it as >


def test_junit_carries_value_and_threshold_in_one_unit(run) -> None:
    """Each testcase has value and threshold properties; a failure's message says both."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(run("check", "kz", "--policy", POLICY, "--format", "junit").stdout.encode())
    case = next(c for c in root.iter("testcase") if c.get("name") == "human-services-delivered")
    shown = {p.get("name"): p.get("value") for p in case.find("properties")}
    assert shown == {"value": "64.3%", "threshold": ">= 75%"}
    assert "(64.3% against >= 75%)" in case.find("failure").get("message")
    unclassified = next(c for c in root.iter("testcase") if c.get("name") == "unclassified-services")
    assert {p.get("name"): p.get("value") for p in unclassified.find("properties")}["threshold"] == "<= 10%"


def test_github_annotations_say_value_and_threshold_in_one_unit(run) -> None:
    """A notice and an error name the value against its threshold, both percentages (% escaped as %25)."""
    lines = run("check", "kz", "--policy", POLICY, "--format", "github").stdout.splitlines()
    notice = next(line for line in lines if "check unclassified-services::" in line)
    assert re.search(r"PASS \(\d+(\.\d)?%25 against <= 10%25\)", notice) and "0.1)" not in notice
    error = next(line for line in lines if "check human-services-delivered::" in line)
    assert "(64.3%25 against >= 75%25)" in error


def test_the_table_at_80_columns_keeps_value_and_threshold_whole(run) -> None:
    """At the width of a pipe the id, the value and the threshold stay on one line, none folded."""
    result = run("check", "kz", "--policy", POLICY, env={"COLUMNS": "80"})
    row = next(line for line in result.stdout.splitlines() if "human-services-delivered" in line)
    assert re.search(r"human-services-delivered +│ FAIL +│ 64\.3% +│ >= 75% +│", row)
