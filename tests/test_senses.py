"""`rules lint` word-sense warnings: a single word that decides names other words place elsewhere."""

from __future__ import annotations

from pathlib import Path

from register_audit.model.records import Location, RegisterMeta, Service
from register_audit.rules.lint import LintCode, Severity
from register_audit.rules.ruleset import load_ruleset
from register_audit.rules.senses import bundled_corpus, word_senses

META = RegisterMeta(name="test")
# Real names: an identity document (01), a boiler house's readiness passport (04.3, issue #9),
# and a technical passport of real estate from the bundled Kazakh collection.
IDENTITY = "Выдача паспортов, удостоверений личности гражданам Республики Казахстан"
BOILER = "Выдача паспорта готовности отопительным котельным"
REAL_ESTATE = "Выдача дубликата технического паспорта недвижимого имущества"

RULES = """id: t-domain
axis: domain
languages: [ru]
version: 1
description: Two domain rules whose senses meet in one word.
rules:
  - id: domain.identity
    value: '01'
    priority: 10
    description: Identity documents.
    when:
      name: {any: [{passport}]}
    examples:
      match: ["Выдача паспортов, удостоверений личности гражданам Республики Казахстан"]
  - id: domain.energy
    value: '04.3'
    description: Heat supply.
    when:
      name: {any: ["котельн*"]}
    examples:
      match: ["Выдача паспорта готовности отопительным котельным"]
"""


def services(*names: str) -> list[Service]:
    return [Service(id=f"s{i}", name=n, location=Location("test", i)) for i, n in enumerate(names)]


def ruleset(tmp_path: Path, passport: str = '"паспорт*"'):
    (tmp_path / "domain.yaml").write_text(RULES.replace("{passport}", passport), encoding="utf-8")
    return load_ruleset(tmp_path, META)


def test_a_single_word_that_decides_a_name_another_rule_places_elsewhere_is_warned_about(tmp_path: Path) -> None:
    """"паспорт*" (01) wins on the boiler-house passport, where "котельн*" says 04: a warning
    naming both divisions with their names."""
    found = word_senses(ruleset(tmp_path), services(IDENTITY, BOILER))
    assert len(found) == 1
    warning = found[0]
    assert (warning.code, warning.severity, warning.rule_id) == (LintCode.word_sense, Severity.warning, "domain.identity")
    assert "'паспорт*' (01) occurs in bundled names of 2 COFOG divisions" in warning.message
    assert f"01 (1 name, e.g. {IDENTITY!r}); 04 (1 name, e.g. {BOILER!r})" in warning.message


def test_no_warning_when_every_name_the_word_decides_has_one_sense(tmp_path: Path) -> None:
    assert word_senses(ruleset(tmp_path), services(IDENTITY, REAL_ESTATE)) == ()


def test_a_multi_word_pattern_is_not_a_single_word(tmp_path: Path) -> None:
    """The sense fixed by context ("паспорт* удостоверени*" is not one word): no warning."""
    rules = ruleset(tmp_path, passport='"паспортов удостоверени*"')
    assert word_senses(rules, services(IDENTITY, BOILER)) == ()


def test_a_name_where_a_higher_rule_overrides_the_word_is_left_out(tmp_path: Path) -> None:
    """Energy at priority 20 decides the boiler house itself: the rule set fixed that sense."""
    (tmp_path / "domain.yaml").write_text(
        RULES.replace("{passport}", '"паспорт*"').replace("    description: Heat supply.", "    priority: 20\n    description: Heat supply."),
        encoding="utf-8")
    assert word_senses(load_ruleset(tmp_path, META), services(IDENTITY, BOILER)) == ()


def test_the_corpus_of_a_bundled_set_is_the_registers_audit_labels_with_it() -> None:
    """kz: the Kazakh collection (its eras are subsets, each name once); no English register."""
    corpus = bundled_corpus(load_ruleset("kz", META))
    files = {s.location.file for s in corpus}
    assert files == {"registers/kz/services.csv"}
    assert len({s.name for s in corpus}) == len(corpus)


def test_rules_lint_prints_word_sense_warnings_and_exits_0(run) -> None:
    result = run("rules", "lint", "kz")
    assert result.exit_code == 0, result.stdout
    assert "warning: word-sense: the single word" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("kz: no problems found, ")
