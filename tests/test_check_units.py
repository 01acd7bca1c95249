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
