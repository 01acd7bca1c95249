"""Checking and its renderers, on hand-built measures: thresholds, skips, baselines, every format."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from register_audit.check.evaluate import (
    Baseline,
    BaselineEntry,
    Measures,
    CheckStatus,
    Subject,
    baseline_of,
    run_checks,
)
from register_audit.audit.report import HumanService
from register_audit.check.policy import SourcedPolicy, parse_policy
from register_audit.render.base import Format
from register_audit.render.check import CHECK_RENDERERS, render_github, render_junit
from golden_files import check_golden  # noqa: E402  (tests/ is on sys.path)

GOLDEN = Path(__file__).resolve().parent / "golden" / "check"
FILE = "registers-local/2024.csv"
EVERY_MEASURE = """\
checks:
  - {id: unclassified, measure: unclassified_share, max: 0.25, message: At most a quarter unclassified.}
  - {id: delivered, measure: delivered_share, min: 0.5, message: At least half delivered.}
  - {id: access-only, measure: access_only_share, max: 0.3, message: At most 30% access only.}
  - {id: new-partial, measure: new_partial_human_services, message: No new partial human service.}
  - {id: examples, measure: rule_examples, message: Every rule example holds.}
"""


def policy(text: str = EVERY_MEASURE) -> SourcedPolicy:
    return SourcedPolicy(path="policy.yaml", policy=parse_policy(text, "policy.yaml"))


def service(id: str, name: str, row: int, detail: str = "") -> Subject:
    return Subject(id=id, name=name, detail=detail, file=FILE, row=row)


def measures(**changes) -> Measures:
    """Ten services: three unclassified; four catalogue entries, two delivered; one new partial
    human service whose name needs escaping in every format; one failing rule example of twenty."""
    base = Measures(
        edition=FILE,
        services=10,
        unclassified=(
            service("S03", "Issue of a fishing ticket", 4, "no rule covers its domain"),
            service("S07", "Apostille", 8, "no rule covers its nature, domain"),
            service("S09", "Registration of a <boat> & trailer", 10, "no rule covers its domain"),
        ),
        human_services=(
            HumanService(id="hospital-care", title="Hospital care", cofog="07.3", status="delivered", services=()),
            HumanService(id="kindergarten", title="Kindergarten place", cofog="09.1", status="access_only", services=()),
            HumanService(id="pension", title="Old-age pension", cofog="10.2", status="delivered", services=()),
            HumanService(id="water", title="Drinking water", cofog="06.3", status="excluded", services=()),
        ),
        evidence={"hospital-care": service("S01", "Inpatient care", 2),
                  "kindergarten": service("S05", "Queue, 50%: kindergarten\nplace", 6),
                  "pension": service("S02", "Pension payment", 3)},
        against="registers-local/2023.csv",
        new_partial_human=(service("S05", "Queue, 50%: kindergarten\nplace", 6, "queue, COFOG 09.1"),),
        rule_examples=20,
        failed_examples=(
            Subject(id="completeness.queue match: Queue for a flat", name="completeness.queue",
                    detail="must match 'Queue for a flat'", file="rules/kz/completeness.yaml"),
        ),
    )
    return base.model_copy(update=changes)


# --------------------------------------------------------------------------- thresholds


def test_the_report_knows_it_failed_and_which_checks_did() -> None:
    """Over a threshold fails, at or under it passes; the report's verdict follows its checks."""
    report = run_checks(policy(), measures())
    assert {r.id: r.status for r in report.results} == {
        "unclassified": CheckStatus.failed,  # 3 of 10 > 0.25
        "delivered": CheckStatus.passed,  # 2 of 4 = 0.5, at the threshold
        "access-only": CheckStatus.passed,  # 1 of 4 <= 0.3
        "new-partial": CheckStatus.failed,
        "examples": CheckStatus.failed,
    }
    assert report.passed is False
    assert report.counts == {"passed": 2, "failed": 3, "skipped": 0}


def test_a_share_exactly_at_its_maximum_passes() -> None:
    """1 of 10 unclassified meets `max: 0.1` exactly (no floating-point surprise)."""
    text = "checks: [{id: u, measure: unclassified_share, max: 0.1, message: m}]"
    report = run_checks(policy(text), measures(unclassified=measures().unclassified[:1]))
    assert report.passed and report.results[0].value == pytest.approx(0.1)


def test_findings_carry_the_register_file_and_row() -> None:
    """Each unclassified service is a finding pointing at its row of the register."""
    result = run_checks(policy(), measures()).results[0]
    assert [(f.subject.id, f.subject.file, f.subject.row) for f in result.findings] == [
        ("S03", FILE, 4), ("S07", FILE, 8), ("S09", FILE, 10)]


def test_a_catalogue_entry_not_delivered_is_a_finding_at_its_evidence() -> None:
    """An access-only entry points at the register row of its access step; an excluded one has no row."""
    result = run_checks(policy(), measures()).results[1]
    by_id = {f.subject.id: f.subject for f in result.findings}
    assert (by_id["kindergarten"].file, by_id["kindergarten"].row) == (FILE, 6)
    assert (by_id["water"].file, by_id["water"].row) == (None, None)


def test_an_edition_check_is_skipped_without_a_previous_edition() -> None:
    """Without --against the new-partial check is skipped, and a skip does not fail the run."""
    text = "checks: [{id: n, measure: new_partial_human_services, message: m}]"
    report = run_checks(policy(text), measures(new_partial_human=None, against=None))
    assert report.results[0].status is CheckStatus.skipped
    assert "--against" in report.results[0].summary
    assert report.passed


def test_a_count_threshold_allows_that_many_new_partial_services() -> None:
    """`max: 1` lets one new partial human service through."""
    text = "checks: [{id: n, measure: new_partial_human_services, max: 1, message: m}]"
    assert run_checks(policy(text), measures()).passed


def test_rule_examples_pass_when_none_fails() -> None:
    """With no failing example the rule-examples check passes and says how many held."""
    text = "checks: [{id: e, measure: rule_examples, message: m}]"
    result = run_checks(policy(text), measures(failed_examples=())).results[0]
    assert result.status is CheckStatus.passed and result.summary == "All 20 rule examples hold."


# --------------------------------------------------------------------------- baseline


def test_known_findings_do_not_fail_a_check() -> None:
    """A baseline of every current finding turns the failed checks into passes."""
    first = run_checks(policy(), measures())
    second = run_checks(policy(), measures(), baseline_of(first), baseline_name="known.json")
    assert second.passed and second.baseline == "known.json"
    assert all(f.known for r in second.results for f in r.findings)


def test_a_new_finding_fails_despite_the_baseline() -> None:
    """One unclassified service not in the baseline fails the check; the known ones stay known."""
    known = baseline_of(run_checks(policy(), measures()))
    grown = measures(unclassified=(*measures().unclassified, service("S10", "New thing", 11)))
    result = run_checks(policy(), grown, known).results[0]
    assert result.status is CheckStatus.failed
    assert [f.subject.id for f in result.new_findings] == ["S10"]


def test_the_baseline_is_sorted_by_check_and_subject() -> None:
    """Baseline entries are identified by check id + subject id and sorted, so the file is stable."""
    entries = baseline_of(run_checks(policy(), measures())).findings
    assert list(entries) == sorted(entries, key=lambda e: (e.check, e.subject))
    assert BaselineEntry(check="unclassified", subject="S07") in entries
    assert Baseline(findings=entries) == baseline_of(run_checks(policy(), measures()))


# --------------------------------------------------------------------------- formats


def rendered(fmt: Format) -> str:
    payload = CHECK_RENDERERS[fmt](run_checks(policy(), measures()))
    if isinstance(payload, str):
        return payload
    console = Console(file=io.StringIO(), width=120, color_system=None, record=True)
    console.print(payload)
    return console.export_text()


SUFFIX = {Format.table: "table.txt", Format.json: "json", Format.junit: "junit.xml",
          Format.github: "github.txt", Format.markdown: "md"}


def test_every_check_format_has_a_renderer_and_a_golden_file() -> None:
    """The formats `check` offers are exactly the ones DESIGN.md names, each with a golden file."""
    assert set(CHECK_RENDERERS) == {Format.table, Format.json, Format.junit, Format.github, Format.markdown}
    assert set(SUFFIX) == set(CHECK_RENDERERS)


@pytest.mark.parametrize("fmt", list(SUFFIX), ids=str)
def test_each_format_matches_its_golden_file(fmt: Format, update_golden: bool) -> None:
    """The whole report in each format, written out in full under tests/golden/check/."""
    check_golden(GOLDEN / f"report.{SUFFIX[fmt]}", rendered(fmt), update_golden)


def test_json_says_whether_it_passed() -> None:
    """The JSON carries the verdict and the counts (its bytes across runs: tests/test_determinism.py)."""
    data = json.loads(rendered(Format.json))
    assert data["passed"] is False and data["counts"]["failed"] == 3


def test_junit_counts_match_its_test_cases() -> None:
    """One <testcase> per check; tests/failures/skipped attributes agree with the elements."""
    root = ET.fromstring(render_junit(run_checks(policy(), measures(new_partial_human=None, against=None))))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["unclassified", "delivered", "access-only", "new-partial", "examples"]
    for element in (root, suite):
        assert element.get("tests") == "5"
        assert element.get("failures") == str(sum(1 for c in cases if c.find("failure") is not None)) == "2"
        assert element.get("skipped") == str(sum(1 for c in cases if c.find("skipped") is not None)) == "1"


def test_a_junit_failure_lists_the_new_findings() -> None:
    """The <failure> of the unclassified check names each unclassified service and its row."""
    root = ET.fromstring(render_junit(run_checks(policy(), measures())))
    failure = root.find("testsuite/testcase[@name='unclassified']/failure")
    assert failure.get("type") == "unclassified_share"
    assert f"{FILE}:10: Service S09 (Registration of a <boat> & trailer) is unclassified" in failure.text


def test_github_annotations_point_at_file_and_line_with_escaping() -> None:
    """An ::error per finding at its file and row; %, newline, ':' and ',' escaped as GitHub requires."""
    lines = render_github(run_checks(policy(), measures())).splitlines()
    new_partial = [line for line in lines if "check new-partial" in line]
    assert new_partial == [
        "::error file=registers-local/2024.csv,line=6,title=register-audit check new-partial::"
        "No new partial human service. Human service S05 (Queue, 50%25: kindergarten place) is partial "
        "(queue, COFOG 09.1) and was not partial in registers-local/2023.csv."
    ]
    assert "::error title=register-audit check delivered" not in "\n".join(lines)  # it passed
    assert any(line.startswith("::notice title=register-audit check delivered::PASS") for line in lines)


def test_github_message_escaping_covers_percent_and_line_breaks() -> None:
    """A policy message over two lines stays one workflow command."""
    text = "checks: [{id: e, measure: rule_examples, message: \"100% of examples\\r\\nhold.\"}]"
    lines = render_github(run_checks(policy(text), measures())).splitlines()
    assert lines[0].endswith("::100%25 of examples%0D%0Ahold. Rule completeness.queue: must match 'Queue for a flat'.")


def test_github_property_escaping_covers_colon_and_comma() -> None:
    """A file name holding ':' or ',' cannot break the annotation's properties."""
    odd = measures(unclassified=(Subject(id="X", name="x", file="a:b,c%.csv", row=2),) * 3)
    text = render_github(run_checks(policy(), odd))
    assert "::error file=a%3Ab%2Cc%25.csv,line=2," in text
