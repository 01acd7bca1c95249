"""Policy files: the valid ones load into typed checks, each invalid one fails naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from register_audit.check.evaluate import EVALUATORS
from register_audit.errors import PolicyError
from register_audit.check.policy import MEASURES, DeliveredShare, NewPartialHumanServices, load_policy, parse_policy

POLICIES = Path(__file__).resolve().parent / "data" / "policies"
VALID = sorted((POLICIES / "valid").glob("*.yaml"))
INVALID = sorted((POLICIES / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_a_valid_policy_loads(path: Path) -> None:
    """Every file under valid/ loads, with at least one check."""
    assert load_policy(path).policy.checks


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_an_invalid_policy_names_the_file_and_the_key(path: Path) -> None:
    """Every file under invalid/ fails with the error its `# expect:` line gives, after its path."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must document its expected error"
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert str(raised.value) == f"{path}: {first.removeprefix('# expect: ')}"


def test_every_invalid_policy_is_documented_in_the_readme() -> None:
    """tests/data/policies/README.md has a row for each invalid file, so each failure mode is explained."""
    readme = (POLICIES / "README.md").read_text(encoding="utf-8")
    assert [p for p in INVALID if f"`invalid/{p.name}`" not in readme] == []


def test_the_briefs_example_message_is_given_word_for_word() -> None:
    """A word where a share is expected names the check by position and shows what was found."""
    text = "checks:\n"
    text += "  - {id: a, measure: rule_examples, message: m}\n  - {id: b, measure: rule_examples, message: m}\n"
    text += "  - {id: c, measure: unclassified_share, max: high, message: m}\n"
    with pytest.raises(PolicyError, match=r"^examples/policy\.yaml: checks\[2\]\.max: expected a number between 0 and 1, found 'high'\.$"):
        parse_policy(text, "examples/policy.yaml")


def test_a_missing_policy_file_is_named() -> None:
    """A path that does not exist is a PolicyError naming it."""
    with pytest.raises(PolicyError, match=r"^nowhere/policy\.yaml: no such policy file\.$"):
        load_policy("nowhere/policy.yaml")


def test_checks_are_typed_variants_with_their_own_thresholds() -> None:
    """Each measure kind is its own model: delivered_share has `min`, new partial counts default to 0."""
    policy = parse_policy(
        "checks:\n"
        "  - {id: d, measure: delivered_share, min: 0.5, message: m}\n"
        "  - {id: n, measure: new_partial_human_services, message: m}\n",
        "p.yaml",
    )
    delivered, new_partial = policy.checks
    assert isinstance(delivered, DeliveredShare) and delivered.min == 0.5
    assert isinstance(new_partial, NewPartialHumanServices) and new_partial.max == 0
    assert new_partial.needs_against and not delivered.needs_against


def test_policies_are_frozen() -> None:
    """A loaded policy cannot be changed by the code that runs it."""
    policy = parse_policy("checks: [{id: a, measure: rule_examples, message: m}]", "p.yaml")
    with pytest.raises(Exception):
        policy.checks[0].id = "b"  # type: ignore[misc]


def test_every_measure_kind_has_an_evaluator() -> None:
    """The closed set of measure kinds in policy.py and the evaluators in check.py are the same set."""
    assert set(MEASURES) == set(EVALUATORS)
