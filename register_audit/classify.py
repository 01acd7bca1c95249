"""Classification: apply a rule set to every service of a register and keep the evidence."""

from __future__ import annotations

from typing import Iterable, Iterator

from register_audit.model.records import Classification, ClassifiedService, Labels, Register, Service, construct
from register_audit.model.provenance import provenance_of

from register_audit.rules.engine import Engine
from register_audit.rules.ruleset import RuleSet

_ENGINES: dict[int, tuple[RuleSet, Engine]] = {}

def engine(ruleset: RuleSet) -> Engine:
    """The compiled engine of a rule set, cached by identity (a rule set is frozen, and holds
    dicts, so it cannot be hashed); the cache keeps the rule set alive so ids are not reused."""
    cached = _ENGINES.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        return cached[1]
    if len(_ENGINES) >= 8:
        _ENGINES.pop(next(iter(_ENGINES)))
    compiled = Engine(ruleset)
    _ENGINES[id(ruleset)] = (ruleset, compiled)
    return compiled

def _item(service: Service, labels: Labels) -> ClassifiedService:
    """A ClassifiedService from two already validated models, without validating them again."""
    return construct(ClassifiedService, {"service": service, "labels": labels})

def classify(register: Register, ruleset: RuleSet) -> Classification:
    """Label every service of REGISTER with RULESET, in source order."""
    items = [_item(service, labels) for service, labels in label_stream(register.services, ruleset)]
    # Validating a million items we just built would cost more than classifying them.
    return Classification.model_construct(meta=register.meta, ruleset=ruleset.name, items=tuple(items),
                                          provenance=provenance_of([ruleset]))

def classify_iter(services: Iterable[Service], ruleset: RuleSet) -> Iterator[ClassifiedService]:
    """Label SERVICES one at a time, as ClassifiedService items. Same labels as classify()."""
    for service, labels in label_stream(services, ruleset):
        yield _item(service, labels)

def label_stream(services: Iterable[Service], ruleset: RuleSet) -> Iterator[tuple[Service, Labels]]:
    """Each service with its labels, streamed (the audit of a 10^6-row register never holds it).

    Each distinct text of each field the rules read is evaluated once; services with the same
    results share one Labels object.
    """
    compiled = engine(ruleset)
    if compiled.fields == ("name",):  # the common case, and the hot loop of a 10^6-row register
        for service in services:
            yield service, compiled.labels_of((service.name,))
        return
    fields = compiled.fields
    for service in services:
        yield service, compiled.labels_of(tuple(service.field_text(field) for field in fields))

__all__ = ["classify", "classify_iter", "engine", "label_stream"]
