"""The classify, explain and rules commands, as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from register_audit.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture()
def register_file(tmp_path: Path) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(
        "id,name\n"
        "A1,Запись на прием к врачу\n"
        "A2,Выдача архивных справок\n"
        "A3,Назначение жилищной помощи\n"
        "A4,Ничего не говорящее название\n",
        encoding="utf-8",
    )
    return path


def test_classify_csv_has_the_contract_columns_and_values(register_file: Path) -> None:
    """CSV starts with id,name,nature,completeness,partial_kind,domain,human_service, values per DESIGN.md."""
    result = runner.invoke(app, ["classify", str(register_file), "--rules", "kz", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:7] == ["id", "name", "nature", "completeness", "partial_kind", "domain", "human_service"]
    assert {"nature_rule", "completeness_rule", "domain_rule"} <= set(rows[0])
    by_id = {row["id"]: row for row in rows}
    assert (by_id["A1"]["completeness"], by_id["A1"]["partial_kind"], by_id["A1"]["domain"], by_id["A1"]["human_service"]) == ("partial", "appointment", "07.2", "true")
    assert (by_id["A2"]["partial_kind"], by_id["A2"]["human_service"]) == ("", "false")
    assert (by_id["A4"]["domain"], by_id["A4"]["human_service"]) == ("unclassified", "unclassified")


def test_classify_json_and_jsonl_carry_the_same_rows(register_file: Path) -> None:
    """JSON holds register, ruleset and services; JSONL has one service per line."""
    whole = runner.invoke(app, ["classify", str(register_file), "--rules", "kz", "--format", "json"])
    lines = runner.invoke(app, ["classify", str(register_file), "--rules", "kz", "--format", "jsonl"])
    assert whole.exit_code == lines.exit_code == 0
    document = json.loads(whole.stdout)
    assert document["ruleset"] == "kz" and len(document["services"]) == 4
    assert [json.loads(line) for line in lines.stdout.splitlines()] == document["services"]


def test_classify_writes_output_atomically(register_file: Path, tmp_path: Path) -> None:
    """--output writes the file and leaves stdout empty."""
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(register_file), "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("id,name,nature,")


def test_classify_table_is_the_default(register_file: Path) -> None:
    """Without --format the labels are shown as a table."""
    result = runner.invoke(app, ["classify", str(register_file)])
    assert result.exit_code == 0 and "07.2" in result.stdout and "A4" in result.stdout


def test_classify_with_invalid_rules_exits_2_with_one_sentence(register_file: Path) -> None:
    """An invalid rule file stops the run: exit 2, the file, rule and field on stderr."""
    bad = DATA / "rules_invalid" / "bad_value.yaml"
    result = runner.invoke(app, ["classify", str(register_file), "--rules", str(bad)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "rule 'nature.bad-value', field 'value'" in result.stderr


def test_explain_by_id_shows_winner_text_and_losers(register_file: Path) -> None:
    """explain by id shows each axis, the winning rule, the text it matched and the rules that lost."""
    result = runner.invoke(app, ["explain", str(register_file), "A1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["found_by"] == "id"
    completeness = next(d for d in document["decisions"] if d["axis"] == "completeness")
    assert completeness["winner"]["rule_id"] == "completeness.appointment"
    assert completeness["winner"]["matched"] == "Запись на прием"
    assert [e["rule_id"] for e in completeness["losers"]] == ["completeness.default-complete"]


def test_explain_finds_a_misspelt_name(register_file: Path) -> None:
    """A name with a typo is found by fuzzy matching and the score is shown."""
    result = runner.invoke(app, ["explain", str(register_file), "выдача архивных справк"])
    assert result.exit_code == 0, result.stderr
    assert "A2" in result.stdout and "WRatio" in result.stdout


def test_explain_without_a_match_exits_2_and_suggests_names(register_file: Path) -> None:
    """A query close to no service is a usage error naming the closest services."""
    result = runner.invoke(app, ["explain", str(register_file), "zzzz qqqq"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "closest are" in result.stderr and "A" in result.stderr


def test_rules_test_passes_on_shipped_rules() -> None:
    """`rules test` prints per-rule pass counts and exits 0 on the shipped sets."""
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0, result.stdout
    assert "PASS completeness.queue" in result.stdout and "0 failed" in result.stdout


def test_rules_test_fails_on_a_failing_example() -> None:
    """A failing example makes `rules test` exit 1 and name the rule and example."""
    result = runner.invoke(app, ["rules", "test", str(DATA / "rules_failing")])
    assert result.exit_code == 1
    assert "FAIL nature.certificates: 2/3 examples" in result.stdout
    assert "should match but does not: Назначение жилищной помощи" in result.stdout
    assert "PASS nature.money" in result.stdout


def test_rules_lint_is_clean_on_shipped_rules_and_finds_problems_elsewhere() -> None:
    """`rules lint` exits 0 on the shipped sets and 1 on a folder of broken files."""
    clean = runner.invoke(app, ["rules", "lint"])
    assert clean.exit_code == 0 and "kz: no problems found" in clean.stdout
    broken = runner.invoke(app, ["rules", "lint", str(DATA / "rules_invalid")])
    assert broken.exit_code == 1 and "invalid" in broken.stdout
    failing = runner.invoke(app, ["rules", "lint", str(DATA / "rules_failing")])
    assert failing.exit_code == 1 and "failing-example" in failing.stdout


def test_rules_list_shows_every_rule() -> None:
    """`rules list en --format json` lists the rule set's files and rules."""
    result = runner.invoke(app, ["rules", "list", "en", "--format", "json"])
    assert result.exit_code == 0
    ids = [r["id"] for f in json.loads(result.stdout)["files"] for r in f["file"]["rules"]]
    assert "domain.health" in ids and len(ids) == len(set(ids))


def test_rules_schema_prints_json_schema() -> None:
    """`rules schema` prints a JSON Schema document for rule files."""
    result = runner.invoke(app, ["rules", "schema"])
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "register-audit rule file"


def test_every_classify_format_has_a_renderer() -> None:
    """classify offers table, json, jsonl, csv and xlsx (#12: Excel where the output is one row per service), each with a renderer."""
    from register_audit.render.base import Format
    from register_audit.render.classify import CLASSIFY_RENDERERS

    assert set(CLASSIFY_RENDERERS) == {Format.table, Format.json, Format.jsonl, Format.csv, Format.xlsx}
