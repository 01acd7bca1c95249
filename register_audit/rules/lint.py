"""Checking rule sets: run every rule's examples, and lint for rules that cannot work."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from register_audit.rules.compiled import CompiledRule, compile_rule
from register_audit.model.records import Frozen, Location, Service
from register_audit.rules.ruleset import RuleSet
from register_audit.rules.text import tokenize

_EXAMPLE_FILE = "<example>"


def example_service(example: str | dict[str, str]) -> Service:
    """A service built from an example: a string is its name, a mapping gives fields by name."""
    if isinstance(example, str):
        return Service(id="example", name=example, location=Location(file=_EXAMPLE_FILE))
    fields = dict(example)
    known = {"name", "provider", "section", "subsection", "form", "fee"}
    names = {k[5:]: v for k, v in fields.items() if k.startswith("name_")}
    extra = {k: v for k, v in fields.items() if k not in known and not k.startswith("name_") and k != "channels"}
    channels = tuple(fields["channels"].split()) if "channels" in fields else ()
    return Service(
        id="example",
        name=fields.get("name", ""),
        names=names,
        channels=channels,
        extra=extra,
        location=Location(file=_EXAMPLE_FILE),
        **{k: v for k, v in fields.items() if k in known - {"name"}},
    )


def _holds(compiled: CompiledRule, example: str | dict[str, str]) -> bool:
    service = example_service(example)
    texts = {c.field: tokenize(service.field_text(c.field)) for c in compiled.clauses}
    return compiled.test(texts) is not None


class ExampleFailure(Frozen):
    """An example that a rule matched when it must not, or missed when it must match."""

    expected: str  # "match" or "no_match"
    example: str


class RuleResult(Frozen):
    """The outcome of one rule's examples."""

    path: str
    rule_id: str
    passed: int
    failures: tuple[ExampleFailure, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failures


class TestReport(Frozen):
    """Every rule's example results; it passed when no example failed."""

    results: tuple[RuleResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def run_examples(ruleset: RuleSet) -> TestReport:
    """Test every rule against its own `match` and `no_match` examples."""
    results: list[RuleResult] = []
    for sourced in ruleset.files:
        for rule in sourced.file.rules:
            compiled = compile_rule(rule, sourced.file.axis)
            failures: list[ExampleFailure] = []
            passed = 0
            for expected, examples in (("match", rule.examples.match), ("no_match", rule.examples.no_match)):
                for example in examples:
                    if _holds(compiled, example) == (expected == "match"):
                        passed += 1
                    else:
                        failures.append(ExampleFailure(expected=expected, example=str(example)))
            results.append(RuleResult(path=sourced.path, rule_id=rule.id, passed=passed, failures=tuple(failures)))
    return TestReport(results=tuple(results))


class LintCode(StrEnum):
    invalid = "invalid"
    duplicate_id = "duplicate-id"
    duplicate_pattern = "duplicate-pattern"
    overlap = "overlap"
    failing_example = "failing-example"
    word_sense = "word-sense"


class Severity(StrEnum):
    problem = "problem"  # `rules lint` exits 1
    warning = "warning"  # shown, exit 0: a judgement for the rule's author (rules/senses.py)


class LintFinding(Frozen):
    """One finding in a rule set: where, which rule, what is wrong, and how much it matters."""

    code: LintCode
    severity: Severity = Severity.problem
    path: str
    rule_id: str
    message: str


def lint(ruleset: RuleSet) -> tuple[LintFinding, ...]:
    """Problems that load-time validation lets through: duplicate ids across files, the same
    pattern in two rules of one axis, equal-priority rules of different values that both match
    one example (a conflict waiting to happen), and examples that fail.

    Patterns that can never match (punctuation that normalisation strips, an empty pattern)
    are refused when the file loads, so a loaded rule set has none.
    """
    findings: list[LintFinding] = []
    ids = Counter(r.id for f in ruleset.files for r in f.file.rules)
    seen_patterns: dict[tuple[str, str, str], str] = {}
    compiled: list[tuple[str, CompiledRule]] = []
    for sourced in ruleset.files:
        axis = sourced.file.axis
        for rule in sourced.file.rules:
            if ids[rule.id] > 1:
                findings.append(
                    LintFinding(code=LintCode.duplicate_id, path=sourced.path, rule_id=rule.id,
                                message=f"the id {rule.id!r} is used by {ids[rule.id]} rules")
                )
            for field, match in rule.when.items():
                for pattern in match.positive():
                    key = (axis.value, field, " ".join(tokenize(pattern.replace("*", " * ")).words))
                    if key in seen_patterns and seen_patterns[key] != rule.id:
                        findings.append(
                            LintFinding(code=LintCode.duplicate_pattern, path=sourced.path, rule_id=rule.id,
                                        message=f"the pattern {pattern!r} is also in rule {seen_patterns[key]!r}")
                        )
                    seen_patterns.setdefault(key, rule.id)
            compiled.append((sourced.path, compile_rule(rule, axis)))
    findings.extend(_overlaps(compiled))
    for result in run_examples(ruleset).results:
        for failure in result.failures:
            findings.append(
                LintFinding(code=LintCode.failing_example, path=result.path, rule_id=result.rule_id,
                            message=f"the {failure.expected} example {failure.example!r} fails")
            )
    return tuple(findings)


def _overlaps(compiled: list[tuple[str, CompiledRule]]) -> list[LintFinding]:
    findings: list[LintFinding] = []
    for path, one in compiled:
        for _, other in compiled:
            same_level = one.axis == other.axis and one.rule.priority == other.rule.priority
            differs = (one.rule.value, one.rule.kind) != (other.rule.value, other.rule.kind)
            if one is other or not same_level or not differs:
                continue
            for example in one.rule.examples.match:
                if _holds(other, example):
                    findings.append(
                        LintFinding(
                            code=LintCode.overlap, path=path, rule_id=one.rule.id,
                            message=(f"its example {str(example)!r} also matches rule {other.rule.id!r} "
                                     f"of the same priority with value {other.rule.value!r}: a conflict"),
                        )
                    )
                    break
    return findings


def lint_spec(spec: str) -> tuple[str, tuple[LintFinding, ...]]:
    """The rule set SPEC names (a bundled name, a folder or a file) and every finding of `rules
    lint` on it: a file that does not load is a finding, not an error, and the others are still
    linted; word senses are looked for across the bundled registers when every file loads."""
    from register_audit.errors import RulesError
    from register_audit.rules.ruleset import SourcedFile, display_path, load_file, resolve_spec
    from register_audit.rules.senses import bundled_corpus, word_senses

    name, paths = resolve_spec(spec)
    files: list[SourcedFile] = []
    invalid: list[LintFinding] = []
    for file in paths:
        try:
            files.append(SourcedFile(path=display_path(file), file=load_file(file)))
        except RulesError as error:  # reported as a finding; the other files are still linted
            invalid.append(LintFinding(code=LintCode.invalid, path=display_path(file), rule_id="-", message=str(error).rstrip(".")))
    ruleset = RuleSet(name=name, files=tuple(files))
    findings = tuple(invalid) + (lint(ruleset) if files else ())
    if files and not invalid:
        findings += word_senses(ruleset, bundled_corpus(ruleset))
    return name, findings
