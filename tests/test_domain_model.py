"""The domain model: it decides a name's COFOG division only where no domain rule does, above its
threshold, with evidence; switched off, the rules alone decide; its build is deterministic."""

from __future__ import annotations

import json
import warnings

import pytest

import register_audit as ra
from register_audit.classify import classify
from register_audit.load.resources import bundled
from register_audit.model.records import UNCLASSIFIED, Axis, Location, Register, Service, is_human_domain
from register_audit.rules.model import MODEL_RULE_ID, DomainModel, load_model
from register_audit.rules.model_build import build, rules_only, serialise, train
from register_audit.rules.ruleset import RuleFile, load_ruleset

# Real names from the bundled registers, read as a register of names only (no provider, no
# section: a new register often gives nothing else). With their providers the rules decide them;
# from the name alone no domain rule does.
CANADA = "ca/2020-2021"


def names_only(edition: str) -> Register:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # repeated ids in Canada's editions
        register = ra.read_register(edition)
    names = sorted({s.name for s in register.services})
    services = tuple(Service(id=str(k), name=n, location=Location(edition, k)) for k, n in enumerate(names))
    return Register(meta=register.meta, services=services)


@pytest.fixture(scope="module")
def canada():
    register = names_only(CANADA)
    ruleset = load_ruleset("en", register.meta)
    return classify(register, rules_only(ruleset)).items, classify(register, ruleset).items


def _domain(item):
    return next(d for d in item.labels.decisions if d.axis == Axis.domain)


def test_the_model_fills_the_domain_of_real_names_no_rule_decides_with_evidence(canada) -> None:
    """Of Canada's names the rules leave unclassified, the model decides some, each with its
    rule id, the division, and the name's own words with their weights."""
    off, on = canada
    filled = [(a, b) for a, b in zip(off, on) if _domain(b).winner and _domain(b).winner.rule_id == MODEL_RULE_ID]
    assert len(filled) >= 10
    for before, after in filled:
        assert before.labels.domain == UNCLASSIFIED
        winner = _domain(after).winner
        assert winner.value == after.labels.domain and winner.field == "name"
        quoted = winner.matched.split('"')[1]  # '"enforcement" +3.7, ... (p 0.98)'
        assert quoted in after.service.name.lower() and "(p " in winner.matched
        assert after.labels.human_service == is_human_domain(after.labels.domain)  # CODEBOOK §4, as for a rule


def test_a_name_a_rule_decides_is_never_changed_by_the_model(canada) -> None:
    off, on = canada
    for before, after in zip(off, on):
        if before.labels.domain != UNCLASSIFIED:
            assert after.labels == before.labels
        else:  # the model changes the domain (and its human service) only, never another axis
            assert (after.labels.nature, after.labels.completeness) == (before.labels.nature, before.labels.completeness)


def test_switched_off_the_rules_alone_decide_and_bundled_registers_keep_their_labels() -> None:
    """A rule set without `model:` leaves unclassified what no rule decides; on the bundled
    registers, read whole, the rules (names and providers) decide every domain, so the model
    changes none of their labels."""
    for edition in ("kz", "us/2024-01-30"):
        register = ra.read_register(edition)
        ruleset = load_ruleset(None, register.meta)
        assert ruleset.domain_model() is not None and rules_only(ruleset).domain_model() is None
        on, off = classify(register, ruleset).items, classify(register, rules_only(ruleset)).items
        assert [i.labels for i in on] == [i.labels for i in off]


def test_below_its_threshold_the_model_leaves_the_name_unclassified() -> None:
    model = load_model("domain-en")
    found = model.predict("Enforcement Appeals")
    assert found is not None and model.predict("Enforcement Appeals", minimum=1.0) is None
    assert model.predict("") is None and model.predict("zzzz qqqq") is None  # no word it has seen


def test_the_shipped_models_are_what_the_build_makes_and_the_build_is_deterministic() -> None:
    """Rebuilding from the repository's files gives the committed bytes (rebuild with
    `python -m register_audit.rules.model_build`), and training twice gives the same JSON."""
    for name, text in build().items():
        assert (bundled("rules") / "model" / name).read_text(encoding="utf-8") == text, f"rules/model/{name} is stale"
        data = json.loads(text)
        assert serialise(data) == text and DomainModel(data).classes == tuple(sorted(data["classes"]))
    examples = [("Veterans Pension", "10"), ("Enforcement Appeals", "03"), ("Veterans Pension", "10")]
    params = {"stem": 6, "bigrams": True, "alpha": 0.5, "uniform_prior": False}
    assert serialise(train(examples, **params)) == serialise(train(list(reversed(examples)), **params))


def test_only_a_domain_rule_file_switches_the_model_on() -> None:
    base = {"id": "x", "languages": ["en"], "version": 1, "description": "A file for a test.",
            "model": {"name": "domain-en", "min_probability": 0.9},
            "rules": [{"id": "r", "value": "transactional", "description": "A rule for a test.",
                       "when": {"name": {"any": ["certificate"]}}, "examples": {"match": ["x"]}}]}
    with pytest.raises(ValueError, match="only a domain rule file"):
        RuleFile.model_validate({**base, "axis": "nature"})
    with pytest.raises(ValueError):
        RuleFile.model_validate({**base, "axis": "domain", "model": {"name": "domain-en", "min_probability": 0.2}})


def test_rules_eval_says_how_many_domains_the_model_decided(tmp_path, run) -> None:
    """A label file of real Canadian names the rules leave unclassified: `rules eval` names the
    model, counts its decisions and shows its evidence as the deciding rule of a disagreement."""
    register = names_only(CANADA)
    ruleset = load_ruleset("en", register.meta)
    items = classify(register, ruleset).items
    picked = [i for i in items if _domain(i).winner and _domain(i).winner.rule_id == MODEL_RULE_ID][:3]
    lines = ["id,name,language,nature,completeness,partial_kind,domain,human_service"]
    for k, item in enumerate(picked):  # labelled 02 (defence): none of these is, so each disagrees
        name = item.service.name.replace('"', '""')
        lines.append(f'N{k},"{name}",en,{item.labels.nature.value},{item.labels.completeness.value},,02,false')
    path = tmp_path / "labels.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("rules", "eval", str(path), "--rules", "en", "--format", "json")
    data = json.loads(result.stdout)
    assert data["model"] == "domain-en" and data["model_decided"] == len(picked) == 3
    assert {d["rule"] for d in data["disagreements"] if d["axis"] == "domain"} == {MODEL_RULE_ID}
    text = run("rules", "eval", str(path), "--rules", "en").stdout
    assert "Domain decided by the model domain-en" in text and "3 of 3 names" in text
