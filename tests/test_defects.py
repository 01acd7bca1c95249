"""Defects found by reading the code (issue #10), each pinned by a test that failed before."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import register_audit as ra
from register_audit.errors import RegisterAuditError, RulesError
from register_audit.rules.ruleset import RuleFile
from conftest import DATA

VALID = DATA / "valid"


def test_services_do_not_share_a_mutable_empty_dict():
    """`names`/`extra` of services without translations were one shared dict: a key put in
    through one service showed up in every other register's services. Now it cannot be filled."""
    one = ra.read_register(VALID / "kz_utf8.csv").services[0]
    other = ra.read_register("us/2021-11-12").services[0]
    with pytest.raises(TypeError):
        one.names["kk"] = "Мұрағат анықтамаларын беру"
    assert other.names == {} and one.names == {}
    assert one.model_copy(update={"names": {"kk": "x"}}).names == {"kk": "x"}  # the way to change one


def test_a_profile_file_is_read_as_plain_yaml(tmp_path: Path):
    """A --profile file with an anchor and alias was read by yaml.safe_load; now as rules are: refused."""
    profile = tmp_path / "profile.yaml"
    profile.write_text("profile: p\ndescription: &d A profile with an alias.\nfields:\n  name: [name]\n  id: *d\n", encoding="utf-8")
    with pytest.raises(RulesError, match="anchors and aliases are not allowed"):
        ra.read_register(VALID / "kz_utf8.csv", profile=str(profile))


def test_a_bundled_editions_index_is_read_as_plain_yaml(tmp_path: Path, monkeypatch):
    """registers/*/editions.yaml was read by yaml.safe_load too, which takes anchors and aliases
    (the way a billion-laughs file grows); now it is read as rules are, and they are refused."""
    from register_audit.load import editions

    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "editions.yaml").write_text(
        "defaults: &d {country: XX, title: X, source: s, licence: l}\neditions:\n  - {<<: *d, name: xx, file: a.csv}\n",
        encoding="utf-8")
    monkeypatch.setattr(editions, "bundled", lambda name: tmp_path)
    editions.bundled_editions.cache_clear()
    try:
        with pytest.raises(RegisterAuditError, match="anchors and aliases are not allowed"):
            editions.bundled_editions()
    finally:
        editions.bundled_editions.cache_clear()


def test_a_rule_value_outside_its_axis_fails_model_validation():
    """RuleFile.model_validate accepted `value: banana` (the check sat outside the model)."""
    data = {"id": "x", "axis": "nature", "languages": ["en"], "version": 1, "description": "A test rule file.",
            "rules": [{"id": "nature.x", "value": "banana", "description": "A rule with a bad value.",
                       "when": {"name": {"any": ["permit"]}}, "examples": {"match": ["Permit"]}}]}
    with pytest.raises(ValidationError, match="'banana' is not one of transactional, transformational"):
        RuleFile.model_validate(data)


def test_a_missing_golden_file_fails_unless_it_is_being_updated(tmp_path: Path):
    """The golden helpers wrote a missing file and passed, so a misspelt path checked nothing."""
    from golden_files import check_golden

    missing = tmp_path / "report.json"
    with pytest.raises(AssertionError, match="is missing: run pytest --update-golden"):
        check_golden(missing, "{}\n", update=False)
    assert not missing.exists()
    check_golden(missing, "{}\n", update=True)  # --update-golden writes it, for review
    check_golden(missing, "{}\n", update=False)
    with pytest.raises(AssertionError, match="differs"):
        check_golden(missing, "[]\n", update=False)


def test_golden_html_does_not_pin_the_bytes_matplotlib_draws(tmp_path: Path):
    """An HTML golden file held matplotlib's SVG bytes, so a matplotlib release broke it: the
    charts are compared by presence and place, their drawing left to the chart tests."""
    from golden_files import check_golden

    page = '<h2>Domains</h2>\n<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt"><path d="M 0 0 L {w} 1"/></svg>\n<p>after</p>\n'
    golden = tmp_path / "audit.html"
    check_golden(golden, page.format(w=460.8), update=True)
    assert "<path" not in golden.read_text(encoding="utf-8")
    check_golden(golden, page.format(w=461.2), update=False)  # another matplotlib, other bytes: equal
    with pytest.raises(AssertionError, match="differs"):
        check_golden(golden, page.format(w=460.8).replace("after", "moved"), update=False)


def test_every_golden_file_is_compared_through_the_one_helper():
    """Each golden test goes through tests/golden_files.check_golden (missing fails, SVG stripped):
    no test module keeps a helper of its own that writes what is missing."""
    root = Path(__file__).resolve().parent
    for path in set(root.glob("test_*.py")) - {Path(__file__).resolve()}:
        text = path.read_text(encoding="utf-8")
        assert "def check_golden" not in text, f"{path.name} defines its own golden helper"


def test_the_readme_documents_the_budget_total_row():
    """A CSV budget with amounts needs a TOTAL row; that was written nowhere, and the error did
    not name it (the error is pinned in tests/test_budget.py)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "a row whose `cofog` is `TOTAL`" in readme
    assert "decimal comma (`12,5`)" in readme
