"""The `fallback_share` check: a policy can fail when fallbacks decide an axis of a register."""

from __future__ import annotations

from register_audit.check.evaluate import Measures, CheckStatus, run_checks
from register_audit.check.measures import measure
from register_audit.check.policy import FallbackShare, SourcedPolicy, parse_policy
from register_audit.load.editions import load_register

FILE = "registers-local/2024.csv"


def policy(text: str) -> SourcedPolicy:
    return SourcedPolicy(path="policy.yaml", policy=parse_policy(text, "policy.yaml"))


def measures(**fallback: int) -> Measures:
    return Measures(edition=FILE, file=FILE, services=20, fallback={"nature": 0, "completeness": 0, "domain": 0, **fallback})


def test_the_check_defaults_to_ten_percent_on_every_axis() -> None:
    check = policy("checks: [{id: f, measure: fallback_share, message: m}]").policy.checks[0]
    assert isinstance(check, FallbackShare)
    assert (check.max, check.axes) == (0.10, ("nature", "completeness", "domain"))


def test_an_axis_above_the_maximum_fails_with_a_finding_per_axis() -> None:
    """3 of 20 completeness labels (15%) by default fail a 10% limit; nature at 2 of 20 (10%) does not."""
    report = run_checks(policy("checks: [{id: f, measure: fallback_share, message: m}]"), measures(nature=2, completeness=3))
    result = report.results[0]
    assert result.status is CheckStatus.failed and not report.passed
    assert result.value == 0.15 and result.threshold == "<= 10%"
    assert [f.subject.id for f in result.findings] == ["fallback:completeness"]
    assert result.findings[0].message == (
        "Fallbacks decided the completeness of 3 of 20 services (15.0%): those labels are the rules' default, not evidence.")
    assert result.findings[0].subject.file == FILE
    assert result.summary.startswith("Labels decided by a fallback rule or by no rule, of 20 services: nature 2 (10.0%), "
                                     "completeness 3 (15.0%), domain 0 (0.0%)")


def test_only_the_axes_named_are_checked() -> None:
    text = "checks: [{id: f, measure: fallback_share, max: 0.1, axes: [domain], message: m}]"
    assert run_checks(policy(text), measures(completeness=20)).passed


def test_a_known_axis_in_the_baseline_does_not_fail() -> None:
    from register_audit.check.evaluate import Baseline, BaselineEntry

    baseline = Baseline(findings=(BaselineEntry(check="f", subject="fallback:completeness"),))
    report = run_checks(policy("checks: [{id: f, measure: fallback_share, message: m}]"), measures(completeness=20), baseline)
    assert report.passed


def test_measures_count_fallback_labels_on_a_real_register() -> None:
    """USA benefits 2024: the completeness fallback decides every one of the 79 benefits today."""
    found = measure(load_register("us/2024-01-30"))
    assert found.services == 79
    assert set(found.fallback) == {"nature", "completeness", "domain"}
    assert 0 < found.fallback["completeness"] <= 79 and found.fallback["domain"] <= 79
