"""Classification: apply a rule set to every service of a register and keep the evidence."""

from __future__ import annotations

from typing import Iterable, Iterator

from register_audit.model.records import Classification, ClassifiedService, Labels, Register, Service, construct
from register_audit.model.provenance import provenance_of
from register_audit.rules.engine import Engine
from register_audit.rules.ruleset import RuleSet


Rules = RuleSet | Engine  # a rule set, or one already compiled (pass that when labelling with it again)


def engine(rules: Rules) -> Engine:
    """RULES compiled: the Engine itself when given one, else a new Engine for the rule set."""
    return rules if isinstance(rules, Engine) else Engine(rules)


def _item(service: Service, labels: Labels) -> ClassifiedService:
    """A ClassifiedService from two already validated models, without validating them again."""
    return construct(ClassifiedService, {"service": service, "labels": labels})


def classify(register: Register, rules: Rules) -> Classification:
    """Label every service of REGISTER with RULES (a rule set or its Engine), in source order."""
    compiled = engine(rules)
    items = [_item(service, labels) for service, labels in label_stream(register.services, compiled)]
    # Validating a million items we just built would cost more than classifying them.
    return Classification.model_construct(meta=register.meta, ruleset=compiled.name, items=tuple(items),
                                          provenance=provenance_of([compiled.ruleset]))


def classify_iter(services: Iterable[Service], rules: Rules) -> Iterator[ClassifiedService]:
    """Label SERVICES one at a time, as ClassifiedService items. Same labels as classify()."""
    for service, labels in label_stream(services, rules):
        yield _item(service, labels)


def label_stream(services: Iterable[Service], rules: Rules) -> Iterator[tuple[Service, Labels]]:
    """Each service with its labels, streamed (the audit of a 10^6-row register never holds it).

    Each distinct text of each field the rules read is evaluated once; services with the same
    results share one Labels object.
    """
    compiled = engine(rules)
    if compiled.fields == ("name",):  # the common case, and the hot loop of a 10^6-row register
        for service in services:
            yield service, compiled.labels_of((service.name,))
        return
    fields = compiled.fields
    for service in services:
        yield service, compiled.labels_of(tuple(service.field_text(field) for field in fields))


__all__ = ["Rules", "classify", "classify_iter", "engine", "label_stream"]
