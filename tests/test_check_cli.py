"""`register-audit check` end to end: exit codes 0/1/2, formats, --against, baselines, --output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_POLICY = ROOT / "examples" / "policy.yaml"
INVALID = Path(__file__).resolve().parent / "data" / "policies" / "invalid"
# kz meets these with room to spare (1 of 169 unclassified, 9 of 14 human services delivered).
LENIENT = """\
checks:
  - {id: unclassified, measure: unclassified_share, max: 0.5, message: At most half unclassified.}
  - {id: delivered, measure: delivered_share, min: 0.25, message: A quarter delivered.}
  - {id: examples, measure: rule_examples, message: Every rule example holds.}
"""
NEW_PARTIAL = "checks: [{id: new-partial, measure: new_partial_human_services, message: No new partial human service.}]\n"
STRICT = "checks: [{id: all-delivered, measure: delivered_share, min: 1, message: Every human service is delivered.}]\n"


@pytest.fixture
def write(tmp_path: Path):
    """Write TEXT to a file NAME in a temporary folder and return its path as a string."""

    def make(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def test_a_policy_the_register_meets_exits_0(run, write) -> None:
    """Every check passes on the bundled kz register: exit 0, a table on stdout, nothing on stderr."""
    result = run("check", "--policy", write("p.yaml", LENIENT))
    assert result.exit_code == 0, result.stderr
    assert "PASS" in result.stdout and "FAIL" not in result.stdout
    assert "passed: 3 passed, 0 failed, 0 skipped" in result.stdout
    assert result.stderr == ""


def test_a_failed_check_exits_1(run, write) -> None:
    """A threshold kz does not meet (every human service delivered) is exit 1 with the gap listed."""
    result = run("check", "kz", "--policy", write("p.yaml", STRICT))
    assert result.exit_code == 1
    assert "FAIL" in result.stdout and "human service" in result.stdout.lower()


def test_the_example_policy_gives_junit_with_one_case_per_check(run) -> None:
    """`check kz --policy examples/policy.yaml --format junit` exits 0 or 1 with consistent JUnit XML."""
    result = run("check", "kz", "--policy", str(EXAMPLE_POLICY), "--format", "junit")
    assert result.exit_code in (0, 1), result.stderr
    root = ET.fromstring(result.stdout)
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "unclassified-services", "human-services-delivered", "human-services-access-only",
        "no-new-partial-human-service", "rule-examples"]
    failures = sum(1 for c in cases if c.find("failure") is not None)
    assert root.get("tests") == "5" and root.get("failures") == str(failures)
    assert result.exit_code == (1 if failures else 0)


@pytest.mark.parametrize("fmt", ["table", "json", "junit", "github", "markdown"])
def test_every_format_runs_from_the_command_line(run, write, fmt: str) -> None:
    """Each --format the help lists works on the bundled register."""
    result = run("check", "--policy", write("p.yaml", LENIENT), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_json_output_is_the_report(run, write) -> None:
    """--format json holds the verdict, the counts and one result per check."""
    data = json.loads(run("check", "--policy", write("p.yaml", LENIENT), "--format", "json").stdout)
    assert data["passed"] is True and data["edition"] == "kz"
    assert [r["id"] for r in data["results"]] == ["unclassified", "delivered", "examples"]


def test_against_finds_new_partial_human_services_with_their_rows(run, write) -> None:
    """kz/2020 against kz/2013: each new partial human service is an ::error at its register row."""
    result = run("check", "kz/2020", "--against", "kz/2013", "--policy", write("p.yaml", NEW_PARTIAL), "--format", "github")
    assert result.exit_code == 1, result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert errors and all(line.startswith("::error file=registers/kz/services.csv,line=") for line in errors)


def test_without_against_the_edition_check_is_skipped(run, write) -> None:
    """The new-partial check needs --against; without it the run passes with the check skipped."""
    result = run("check", "kz", "--policy", write("p.yaml", NEW_PARTIAL), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["status"] == "skipped"


# --------------------------------------------------------------------------- exit 2


def test_a_missing_policy_exits_2_naming_the_file(run, tmp_path: Path) -> None:
    """A policy path that does not exist: exit 2, one sentence on stderr naming it, nothing on stdout."""
    missing = tmp_path / "nope.yaml"
    result = run("check", "kz", "--policy", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such policy file.\n"
    assert result.stdout == ""


def test_an_invalid_policy_exits_2_naming_the_file_and_key(run) -> None:
    """`max: high` in the third check: exit 2 naming the file and checks[2].max."""
    path = INVALID / "share-not-a-number.yaml"
    result = run("check", "kz", "--policy", str(path))
    assert result.exit_code == 2
    assert f"{path}: checks[2].max: expected a number between 0 and 1, found 'high'." in result.stderr


def test_no_policy_option_exits_2(run) -> None:
    """--policy is required: a usage error, exit 2."""
    assert run("check", "kz").exit_code == 2


def test_a_bad_register_exits_2(run, write) -> None:
    """A register that does not exist cannot be checked: exit 2, not a failed check."""
    result = run("check", "no-such-register", "--policy", write("p.yaml", LENIENT))
    assert result.exit_code == 2 and "no-such-register" in result.stderr


def test_bad_rules_exit_2(run, write, tmp_path: Path) -> None:
    """--rules naming no rule set cannot run: exit 2 naming it."""
    result = run("check", "kz", "--policy", write("p.yaml", LENIENT), "--rules", str(tmp_path / "missing-rules"))
    assert result.exit_code == 2 and "missing-rules" in result.stderr


def test_a_format_check_does_not_have_exits_2(run, write) -> None:
    """--format csv is not a check format: a usage error listing the ones it has."""
    result = run("check", "--policy", write("p.yaml", LENIENT), "--format", "csv")
    assert result.exit_code == 2 and "junit" in result.stderr


# --------------------------------------------------------------------------- baseline and output


def test_a_baseline_round_trip_accepts_the_known_findings(run, write, tmp_path: Path) -> None:
    """--write-baseline records the findings; with --baseline they no longer fail the run."""
    policy = write("p.yaml", STRICT)
    baseline = tmp_path / "known.json"
    assert run("check", "kz", "--policy", policy).exit_code == 1
    written = run("check", "kz", "--policy", policy, "--write-baseline", str(baseline))
    assert written.exit_code == 0, written.stderr
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert entries and entries == sorted(entries, key=lambda e: (e["check"], e["subject"]))
    assert {e["check"] for e in entries} == {"all-delivered"}
    again = run("check", "kz", "--policy", policy, "--baseline", str(baseline), "--format", "json")
    assert again.exit_code == 0
    assert all(f["known"] for f in json.loads(again.stdout)["results"][0]["findings"])


def test_a_baseline_is_never_written_onto_an_input(run, write) -> None:
    """--write-baseline naming the policy file exits 2 and leaves the policy as it was."""
    policy = write("p.yaml", STRICT)
    result = run("check", "kz", "--policy", policy, "--write-baseline", policy)
    assert result.exit_code == 2 and "overwrite the input" in result.stderr
    assert Path(policy).read_text(encoding="utf-8") == STRICT


def test_an_invalid_baseline_exits_2_naming_it(run, write) -> None:
    """A baseline that is not JSON from --write-baseline: exit 2 naming the file."""
    bad = write("known.json", "{\"findings\": [{\"check\": 1}]}")
    result = run("check", "kz", "--policy", write("p.yaml", STRICT), "--baseline", bad)
    assert result.exit_code == 2 and bad in result.stderr


def test_output_writes_the_report_to_a_file(run, write, tmp_path: Path) -> None:
    """--output FILE gets the JUnit XML; stdout stays empty, stderr says the verdict."""
    out = tmp_path / "check.xml"
    result = run("check", "kz", "--policy", write("p.yaml", STRICT), "--format", "junit", "--output", str(out))
    assert result.exit_code == 1
    assert result.stdout == "" and "check failed" in result.stderr
    assert ET.parse(out).getroot().get("failures") == "1"


def test_help_shows_examples(run) -> None:
    """`check --help` explains the exit codes and gives runnable examples."""
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "--policy" in result.stdout and "exit 0" in result.stdout


BROKEN_RULES = """\
id: broken-nature
axis: nature
languages: [ru]
version: 1
description: One rule whose own example does not hold, for the rule-examples check.
rules:
  - id: nature.certificate
    value: transactional
    description: Issuing a certificate is a transaction, not a change in someone's life.
    when:
      name: {any: ["справк*"]}
    examples:
      match: ["Выдача архивных справок", "Регистрация рождения ребенка"]
"""


def test_a_failing_rule_example_is_a_failed_check(run, write, tmp_path: Path) -> None:
    """A rule whose `match` example does not match fails the rule-examples check: exit 1, naming the rule file."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "nature.yaml").write_text(BROKEN_RULES, encoding="utf-8")
    policy = write("p.yaml", "checks: [{id: examples, measure: rule_examples, message: Every rule example holds.}]\n")
    result = run("check", "kz", "--policy", policy, "--rules", str(rules), "--format", "github")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    warnings = [line for line in lines if line.startswith("::warning title=")]
    assert "Partial collection" in warnings[0]  # kz is a collection
    # Rules with only a nature file leave completeness and domain to no rule: labels by default.
    assert "Labels by default" in warnings[1]
    error = lines[len(warnings)]
    assert error.startswith(f"::error file={rules / 'nature.yaml'},title=register-audit check examples::")
    assert "nature.certificate" in result.stdout and "Регистрация рождения ребенка" in result.stdout
