"""The classification engine: priorities, conflicts, evidence, caching and the index."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from register_audit.classify import classify, engine
from register_audit.rules.engine import decide
from register_audit.model.records import Axis, Completeness, Location, Nature, PartialKind, Register, RegisterMeta, Service
from register_audit.rules.ruleset import RuleFile, RuleSet, SourcedFile, load_ruleset

LABELS = Path(__file__).parent / "data" / "labels"


def register(*names: str, extra: dict[str, str] | None = None) -> Register:
    services = tuple(
        Service(id=f"S{i}", name=n, extra=extra or {}, location=Location(file="test.csv", row=i + 2))
        for i, n in enumerate(names)
    )
    return Register(meta=RegisterMeta(name="test.csv", languages=("ru",)), services=services)


def ruleset(axis: str, *rules: dict) -> RuleSet:
    data = {"id": f"t-{axis}", "axis": axis, "languages": ["ru"], "version": 1,
            "description": "A rule set built by a test.", "rules": list(rules)}
    return RuleSet(name="test", files=(SourcedFile(path="t.yaml", file=RuleFile.model_validate(data)),))


def rule(rule_id: str, value: str, patterns: list[str], priority: int = 0, **extra: object) -> dict:
    return {"id": rule_id, "value": value, "priority": priority, "description": "A rule built by a test.",
            "when": extra.pop("when", {"name": {"any": patterns}}), "examples": {"match": ["x"]}, **extra}


KZ = load_ruleset("kz", RegisterMeta(name="kz"))


def test_labels_and_evidence_for_a_known_service() -> None:
    """A queue for a kindergarten is transactional, partial (queue), 09.1 and a human service."""
    name = "Мектепке дейінгі балалар ұйымдарына жіберу үшін мектепке дейінгі (7 жасқа толмаған) жастағы балаларды кезекке қою"
    labels = classify(register(name), KZ).items[0].labels
    assert (labels.nature, labels.completeness, labels.partial_kind) == (Nature.transactional, Completeness.partial, PartialKind.queue)
    assert labels.domain == "09.1" and labels.human_service is True
    completeness = next(d for d in labels.decisions if d.axis == Axis.completeness)
    assert completeness.winner is not None
    assert completeness.winner.rule_id == "completeness.queue"
    assert completeness.winner.matched == "кезекке қою"


def test_higher_priority_wins_and_the_loser_is_kept() -> None:
    """The higher-priority rule decides; the other is listed among the losers."""
    rules = ruleset("nature", rule("low", "transactional", ["выдача*"]), rule("high", "transformational", ["пособи*"], priority=5))
    decision = classify(register("Выдача пособия"), rules).items[0].labels.decisions[0]
    assert decision.value == "transformational" and [e.rule_id for e in decision.losers] == ["low"]
    assert decision.conflict == ()


def test_equal_priority_disagreement_is_a_reported_conflict() -> None:
    """Two equal-priority rules with different values: the first in file order wins, flagged."""
    rules = ruleset("nature", rule("a", "transactional", ["выдача*"]), rule("b", "transformational", ["пособи*"]))
    labels = classify(register("Выдача пособия"), rules).items[0].labels
    decision = labels.decisions[0]
    assert decision.value == "transactional" and [e.rule_id for e in decision.conflict] == ["b"]
    assert labels.has_conflict


def test_agreeing_rules_of_equal_priority_are_no_conflict() -> None:
    """Equal-priority rules that agree are losers, not a conflict."""
    rules = ruleset("nature", rule("a", "transactional", ["выдача*"]), rule("b", "transactional", ["справ*"]))
    decision = classify(register("Выдача справки"), rules).items[0].labels.decisions[0]
    assert decision.conflict == () and [e.rule_id for e in decision.losers] == ["b"]


def test_a_service_no_rule_covers_is_unclassified() -> None:
    """No matching rule gives `unclassified`, and then human_service is unknown (None)."""
    labels = classify(register("Ничего похожего"), ruleset("domain", rule("d", "07", ["врач*"]))).items[0].labels
    assert labels.domain == "unclassified" and labels.human_service is None
    assert labels.nature == Nature.unclassified and labels.completeness == Completeness.unclassified
    assert decide(Axis.domain, []).winner is None


def test_partial_kind_comes_from_the_winning_rule() -> None:
    """partial_kind is the winning completeness rule's kind, and empty when complete."""
    rules = ruleset(
        "completeness",
        rule("q", "partial", ["очеред*"], kind="queue"),
        rule("c", "complete", ["решени*"], priority=5),
    )
    items = classify(register("Постановка на очередь", "Постановка на очередь и решение"), rules).items
    assert items[0].labels.partial_kind == PartialKind.queue
    assert items[1].labels.completeness == Completeness.complete and items[1].labels.partial_kind is None


def test_rules_can_read_an_unmapped_source_column() -> None:
    """A rule on `service_type` reads the column Canada's inventory keeps in `extra`."""
    rules = ruleset("domain", rule("t", "10", [], when={"service_type": {"any": ["gnc"]}}))
    labels = classify(register("Band Support Funding", extra={"service_type": "gnc,res"}), rules).items[0].labels
    assert labels.domain == "10" and labels.decisions[2].winner.field == "service_type"


def test_start_and_end_anchor_the_head_of_a_name() -> None:
    """`start` matches only at the first words, `end` only at the last."""
    rules = ruleset("nature", rule("s", "transformational", [], when={"name": {"start": ["назначени*"]}}))
    items = classify(register("Назначение пособия", "Выдача справки о назначении пособия"), rules).items
    assert [i.labels.nature for i in items] == [Nature.transformational, Nature.unclassified]
    rules = ruleset("nature", rule("e", "transformational", [], when={"name": {"end": ["тағайындау"]}}))
    items = classify(register("Жәрдемақы тағайындау", "басшыларын тағайындауын келісу"), rules).items
    assert [i.labels.nature for i in items] == [Nature.transformational, Nature.unclassified]


def test_repeated_names_are_classified_once() -> None:
    """Services with the same text share one Labels object: each distinct name is classified once."""
    items = classify(register("Выдача архивных справок", "Выдача архивных справок"), KZ).items
    assert items[0].labels is items[1].labels
    assert [i.service.id for i in items] == ["S0", "S1"]


def test_the_index_never_loses_a_match() -> None:
    """Each field's clause index finds every rule that testing every rule on every name finds (brute force)."""
    names = [row["name"] for path in LABELS.glob("*-dev.csv") for row in csv.DictReader(path.open(encoding="utf-8"))]
    compiled = engine(KZ)
    from register_audit.rules.text import tokenize

    for name in names:
        texts = {f: tokenize(name if f == "name" else "") for f in compiled.fields}
        brute = sorted(r.order for r in compiled.rules if r.test(texts) is not None)
        held = [dict(index.evaluate(name if f == "name" else "")) for f, index in zip(compiled.fields, compiled._fields)]
        indexed = sorted(n for n, fields in enumerate(compiled._rule_fields) if all(n in held[f] for f in fields))
        assert indexed == brute, name


def test_output_is_in_source_order_with_the_rule_set_name() -> None:
    """Items keep the register's order, and the classification names its rule set."""
    result = classify(register("Б", "А"), KZ)
    assert [i.service.name for i in result.items] == ["Б", "А"] and result.ruleset == "kz"


@pytest.mark.parametrize("name", ["Вызов врача на дом", "Запись на прием к врачу"])
def test_appointments_are_partial_and_outpatient(name: str) -> None:
    """Booking a doctor is only the appointment step of outpatient care (07.2)."""
    labels = classify(register(name), KZ).items[0].labels
    assert labels.partial_kind == PartialKind.appointment and labels.domain == "07.2"


def test_fast_item_construction_equals_model_construct() -> None:
    """The engine's shortcut builds exactly what ClassifiedService.model_construct builds."""
    from register_audit.classify import _item
    from register_audit.model.records import ClassifiedService

    item = classify(register("Выдача архивных справок"), KZ).items[0]
    reference = ClassifiedService.model_construct(service=item.service, labels=item.labels)
    assert _item(item.service, item.labels) == reference
    assert item.model_dump() == reference.model_dump() and item.model_fields_set == reference.model_fields_set


def test_streaming_gives_the_same_labels_as_classify() -> None:
    """classify_iter labels a stream of services exactly as classify labels the register."""
    from register_audit.classify import classify_iter

    names = [row["name"] for row in csv.DictReader((LABELS / "kz-dev.csv").open(encoding="utf-8"))]
    whole = classify(register(*names), KZ)
    streamed = list(classify_iter(register(*names).services, KZ))
    assert [i.labels for i in streamed] == [i.labels for i in whole.items]


def test_providers_that_differ_only_in_words_no_pattern_reads_share_one_classification() -> None:
    """A provider named per municipality is classified once: words no pattern could match are
    not part of the cache key, while a word a pattern reads still tells providers apart."""
    from register_audit.classify import label_stream
    from register_audit.model.records import Location, Service

    en = load_ruleset("en", RegisterMeta(name="en"))

    def service(provider: str) -> Service:
        return Service(id=provider, name="Access to Information and Privacy", provider=provider,
                       location=Location(file="test"))

    stream = list(label_stream([service("Statistics Canada — municipality 1"),
                                service("Statistics Canada — municipality 2"),
                                service("Canada Revenue Agency — municipality 1")], en))
    first, second, third = (labels for _, labels in stream)
    assert first is second
    assert third is not first  # "revenue" and "statistics" are words the provider rules read
