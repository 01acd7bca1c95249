"""Fallbacks: which rules decide by default, the share of each axis they decide, and the warning."""

from __future__ import annotations

import json

import pytest

from register_audit.rules.compiled import compile_rule
from register_audit.model.records import Axis, RegisterMeta
from register_audit.rules.fallback import FALLBACK, fallback_shares, fallback_warnings, is_fallback
from register_audit.rules.lint import example_service
from register_audit.rules.ruleset import Rule, load_ruleset
from register_audit.rules.text import tokenize

META = RegisterMeta(name="test")
SHIPPED = [(name, path, sourced.file.axis, rule) for name in ("kz", "en")
           for sourced in load_ruleset(name, META).files for path, rule in [(sourced.path, r) for r in sourced.file.rules]]


def rule(when: dict) -> Rule:
    return Rule.model_validate({"id": "r", "value": "transactional", "description": "A rule for a test.",
                                "when": when, "examples": {"match": ["x"]}})


def test_a_rule_that_reads_only_presence_is_a_fallback() -> None:
    assert is_fallback(rule({"name": {"present": True}}))
    assert is_fallback(rule({"name": {"present": True, "none": ["пособи*"]}}))  # `none` only narrows
    assert not is_fallback(rule({"name": {"any": ["справк*"]}}))
    assert not is_fallback(rule({"name": {"present": True}, "provider": {"any": ["министерств*"]}}))


def test_the_shipped_default_rules_are_the_fallbacks() -> None:
    fallbacks = {r.id for _, _, _, r in SHIPPED if is_fallback(r)}
    assert {"nature.default-paperwork", "completeness.default-complete"} <= fallbacks


@pytest.mark.parametrize(("name", "path", "axis", "shipped"), SHIPPED, ids=[f"{n}:{r.id}" for n, _, _, r in SHIPPED])
def test_a_rule_quotes_words_exactly_when_it_is_not_a_fallback(name: str, path: str, axis: Axis, shipped: Rule) -> None:
    """The labels alone tell a fallback decision: its evidence quotes no words, every other
    rule's evidence quotes what it matched (rules/fallback.py relies on this)."""
    compiled = compile_rule(shipped, axis)
    for example in shipped.examples.match:
        service = example_service(example)
        evidence = compiled.test({c.field: tokenize(service.field_text(c.field)) for c in compiled.clauses})
        assert evidence is not None
        assert (evidence.matched == "") == is_fallback(shipped), example


def test_exactly_ten_percent_is_not_over_the_limit() -> None:
    shares = {s.axis: s for s in fallback_shares({Axis.nature: 10, Axis.completeness: 11}, 100)}
    assert (shares[Axis.nature].share, shares[Axis.nature].over_limit) == (0.1, False)
    assert (shares[Axis.completeness].share, shares[Axis.completeness].over_limit) == (0.11, True)
    assert shares[Axis.domain].fallback == 0


def test_an_empty_register_has_no_fallback_share() -> None:
    assert all(s.share == 0.0 and not s.over_limit for s in fallback_shares({Axis.nature: 0}, 0))


def test_the_warning_names_each_axis_over_the_limit_in_words() -> None:
    (warning,) = fallback_warnings(fallback_shares({Axis.nature: 5, Axis.completeness: 30, Axis.domain: 12}, 100))
    assert warning.code == FALLBACK
    assert "of 100 services" in warning.message
    assert "decided the completeness of 30 (30.0%) and the domain of 12 (12.0%), more than 10%" in warning.message
    assert "nature" not in warning.message
    assert fallback_warnings(fallback_shares({Axis.nature: 10}, 100)) == ()


# --------------------------------------------------------------------------- in the audit


# 79 real US benefits read with the Kazakh rule set: a rule set written for another register, so
# its fallbacks decide nearly every label (the English set leaves none of this register to them).
US = "us/2024-01-30"
WRONG_RULES = ("--rules", "kz")


def test_audit_json_has_the_fallback_warning_and_shares(run) -> None:
    document = json.loads(run("audit", US, *WRONG_RULES, "--format", "json").stdout)
    codes = [w["code"] for w in document["warnings"]]
    assert FALLBACK in codes
    shares = document["summary"]["fallback_share"]
    assert shares["completeness"] > 0.10
    assert document["summary"]["fallback"]["completeness"] == round(shares["completeness"] * 79)


@pytest.mark.parametrize(("fmt", "marker"), [("table", "WARNING: Labels by default"),
                                             ("markdown", "> **Warning:** Labels by default"),
                                             ("html", "<strong>Warning:</strong> Labels by default")])
def test_the_warning_stands_next_to_the_headline(run, fmt: str, marker: str) -> None:
    out = run("audit", US, *WRONG_RULES, "--format", fmt).stdout
    assert marker in out
    headline = out.index("The number a ministry would boast")
    assert out.index(marker) < headline  # before it, not in a footnote


def test_csv_has_the_warning_on_stderr(run) -> None:
    result = run("audit", US, *WRONG_RULES, "--format", "csv")
    assert result.exit_code == 0
    assert "warning: Labels by default, not by evidence" in result.stderr
    assert "Labels by default" not in result.stdout


def test_check_reports_carry_the_warning_too(run) -> None:
    from conftest import ROOT

    result = run("check", US, *WRONG_RULES, "--policy", str(ROOT / "examples" / "policy.yaml"), "--format", "json")
    assert FALLBACK in [w["code"] for w in json.loads(result.stdout)["warnings"]]
