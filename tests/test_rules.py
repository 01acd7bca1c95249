"""Rule sets: the schema, loading and its errors, and every shipped rule file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from register_audit.errors import RulesError
from register_audit.model.records import Axis, RegisterMeta
from register_audit.load.resources import bundled
from register_audit.rules.ruleset import RuleFile, bundled_names, default_name, json_schema, load_file, load_ruleset
from register_audit.rules.lint import LintCode, lint, run_examples

INVALID = Path(__file__).parent / "data" / "rules_invalid"
SHIPPED = sorted(p for name in ("kz", "en") for p in (bundled("rules") / name).glob("*.yaml"))
META = RegisterMeta(name="test")


def test_kz_and_en_are_shipped_with_all_three_axes() -> None:
    """Both bundled rule sets cover nature, completeness and domain."""
    assert {"kz", "en"} <= set(bundled_names())
    for name in ("kz", "en"):
        axes = {f.file.axis for f in load_ruleset(name, META).files}
        assert axes == set(Axis)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_rule_file_validates_and_documents_itself(path: Path) -> None:
    """Each shipped file loads, and every rule has a description and a match example."""
    rule_file = load_file(path)
    for rule in rule_file.rules:
        assert rule.description.strip() and rule.examples.match


@pytest.mark.parametrize("name", ["kz", "en"])
def test_every_shipped_example_holds(name: str) -> None:
    """Each `match` example matches its rule and each `no_match` does not."""
    report = run_examples(load_ruleset(name, META))
    failures = [(r.rule_id, f.expected, f.example) for r in report.results for f in r.failures]
    assert failures == []


@pytest.mark.parametrize("name", ["kz", "en"])
def test_lint_is_clean_on_shipped_rules(name: str) -> None:
    """The shipped rule sets have no duplicate ids or patterns, overlaps or failing examples."""
    assert lint(load_ruleset(name, META)) == ()


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_invalid_file_is_refused_in_one_sentence_naming_the_file(path: Path) -> None:
    """Every invalid fixture raises RulesError: one sentence that names the file."""
    with pytest.raises(RulesError) as raised:
        load_file(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and message.endswith(".") and "\n" not in message


@pytest.mark.parametrize(
    ("fixture", "rule_id", "field"),
    [
        ("misspelt_key", "nature.misspelt", "priorty"),
        ("bad_value", "nature.bad-value", "value"),
        ("partial_without_kind", "completeness.no-kind", "kind"),
        ("bad_cofog", "domain.bad-code", "value"),
        ("pattern_punctuation", "nature.punctuation", "when.name.any.0"),
        ("no_examples", "nature.no-examples", "examples.match"),
        ("only_none", "nature.only-none", "when.name"),
        ("duplicate_id", "nature.twice", "id"),
    ],
)
def test_rule_errors_name_the_rule_and_the_field(fixture: str, rule_id: str, field: str) -> None:
    """A rule's error names its id and the field at fault."""
    with pytest.raises(RulesError, match=f"rule '{rule_id}', field '{field}'"):
        load_file(INVALID / f"{fixture}.yaml")


def test_default_rule_set_follows_the_register_languages() -> None:
    """Russian or Kazakh registers get kz; any other language gets en."""
    assert default_name(RegisterMeta(name="x", languages=("ru", "kk"))) == "kz"
    assert default_name(RegisterMeta(name="x", languages=("kk-Latn",))) == "kz"
    assert default_name(RegisterMeta(name="x", languages=("en", "fr"))) == "en"
    assert default_name(RegisterMeta(name="x")) == "en"
    assert load_ruleset(None, RegisterMeta(name="x", languages=("ru",))).name == "kz"


def test_a_rule_set_can_be_one_file_or_a_folder(tmp_path: Path) -> None:
    """--rules takes a file or a folder as well as a bundled name."""
    one = bundled("rules") / "kz" / "nature.yaml"
    assert [f.file.axis for f in load_ruleset(one, META).files] == [Axis.nature]
    assert len(load_ruleset(str(bundled("rules") / "en"), META).files) == 3


def test_an_unknown_rule_set_lists_the_bundled_ones() -> None:
    """An unknown name is a RulesError that lists what is bundled."""
    with pytest.raises(RulesError, match="bundled: .*en.*kz"):
        load_ruleset("nosuchset", META)


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    """The same rule id in two files of one set is refused, naming both files."""
    source = (bundled("rules") / "kz" / "nature.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(source.replace("id: kz-nature", "id: kz-nature-copy"), encoding="utf-8")
    with pytest.raises(RulesError, match="already used in"):
        load_ruleset(tmp_path, META)


def test_lint_reports_overlapping_rules_of_equal_priority(tmp_path: Path) -> None:
    """Two rules of equal priority and different values that match one example are an overlap."""
    (tmp_path / "nature.yaml").write_text(
        """id: overlap
axis: nature
languages: [ru]
version: 1
description: Two rules that disagree on the same name.
rules:
  - id: nature.doc
    value: transactional
    description: Anything issued is a document.
    when: {name: {any: ["выдача*"]}}
    examples: {match: ["Выдача ветеринарной справки"]}
  - id: nature.vet
    value: transformational
    description: Veterinary care is delivered.
    when: {name: {any: ["ветеринар*"]}}
    examples: {match: ["Выдача ветеринарной справки"]}
""",
        encoding="utf-8",
    )
    codes = {f.code for f in lint(load_ruleset(tmp_path, META))}
    assert LintCode.overlap in codes


def test_json_schema_describes_a_rule_file() -> None:
    """The JSON Schema is serialisable and names the rule file's fields."""
    schema = json_schema()
    json.dumps(schema)
    assert set(RuleFile.model_fields) <= set(schema["properties"])


def test_the_committed_schema_file_is_what_rules_schema_prints(run) -> None:
    """rules/ruleset.schema.json, which rule files name for their editors, matches the models."""
    committed = (Path(__file__).resolve().parents[1] / "rules" / "ruleset.schema.json").read_text(encoding="utf-8")
    assert run("rules", "schema").stdout == committed
