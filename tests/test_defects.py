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
    """registers/*/editions.yaml was read by yaml.safe_load too; a tag in it is now refused."""
    from register_audit.load import editions

    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "editions.yaml").write_text("editions: !!python/tuple [1]\n", encoding="utf-8")
    monkeypatch.setattr(editions, "bundled", lambda name: tmp_path)
    editions.bundled_editions.cache_clear()
    try:
        with pytest.raises(RegisterAuditError, match="tag"):
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
