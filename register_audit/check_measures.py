"""The one adapter from the other stages' models (classification, audit, pairing, rule
examples) to the Measures a check reads; check.py never imports those stages."""

from __future__ import annotations

from register_audit.check import HumanService, Measures, Subject
from register_audit.classify import classify
from register_audit.models import UNCLASSIFIED, Classification, ClassifiedService, Completeness, Register
from register_audit.rules import RuleSet, load_ruleset


def _subject(item: ClassifiedService, detail: str = "") -> Subject:
    service = item.service
    return Subject(id=service.id, name=service.name, detail=detail, file=service.location.file, row=service.location.row)


def unclassified_of(classification: Classification) -> tuple[Subject, ...]:
    """Each service some axis left unclassified, naming those axes, in id order."""
    found = []
    for item in classification.items:
        labels = item.labels
        axes = [axis for axis, value in (("nature", labels.nature), ("completeness", labels.completeness),
                                         ("domain", labels.domain)) if value == UNCLASSIFIED]
        if axes:
            found.append(_subject(item, f"no rule covers its {', '.join(axes)}"))
    return tuple(sorted(found, key=lambda s: s.id))


def _partial_human(item: ClassifiedService) -> bool:
    return item.labels.completeness == Completeness.partial and item.labels.human_service is True


def new_partial_human_of(old: Classification, new: Classification) -> tuple[Subject, ...]:
    """Human services partial in NEW whose counterpart in OLD (paired as `diff` pairs them,
    renames included) was not a partial human service, or that OLD did not have, in id order."""
    from register_audit.match import match  # the diff's pairing: by key, exact name, fuzzy name

    matching = match([i.service for i in old.items], [i.service for i in new.items])
    counterpart = {pair.new: pair.old for pair in matching.pairs}
    found = []
    for index, item in enumerate(new.items):
        if not _partial_human(item):
            continue
        before = counterpart.get(index)
        if before is not None and _partial_human(old.items[before]):
            continue
        kind = item.labels.partial_kind.value if item.labels.partial_kind else "partial"
        found.append(_subject(item, f"{kind}, COFOG {item.labels.domain}"))
    return tuple(sorted(found, key=lambda s: s.id))


def failed_examples_of(ruleset: RuleSet) -> tuple[int, tuple[Subject, ...]]:
    """How many rule examples ran, and each one that failed (file: the rule file)."""
    from register_audit.rules_lint import run_examples

    report = run_examples(ruleset)
    total = sum(r.passed + len(r.failures) for r in report.results)
    failed = tuple(
        Subject(id=f"{r.rule_id} {f.expected}: {f.example}", name=r.rule_id, file=r.path,
                detail=f"{'must match' if f.expected == 'match' else 'must not match'} {f.example!r}")
        for r in report.results
        for f in r.failures
    )
    return total, failed


def human_services_of(classification: Classification) -> tuple[HumanService, ...]:
    """The audit's verdict on each catalogue entry, with the first service behind it."""
    from register_audit.catalogue import load_catalogue
    from register_audit.coverage import audit

    catalogue = load_catalogue()
    titles = {entry.id: entry.title for entry in catalogue.catalogue.entries}
    by_id = {item.service.id: item for item in classification.items}
    result = audit(classification, catalogue)
    entries = []
    for entry in result.human_services:
        ids = [getattr(s, "id", s) for s in entry.services]
        evidence = _subject(by_id[ids[0]]) if ids and ids[0] in by_id else None
        entries.append(HumanService(id=entry.id, title=titles.get(entry.id, entry.id), cofog=entry.cofog,
                                    status=str(entry.status.value if hasattr(entry.status, "value") else entry.status),
                                    evidence=evidence))
    return tuple(entries)


def measure(register: Register, *, rules: str | None = None, against: Register | None = None) -> Measures:
    """Classify REGISTER (and AGAINST, with the same rule choice) and take every measure."""
    ruleset = load_ruleset(rules, register.meta)
    classification = classify(register, ruleset)
    new_partial = None
    if against is not None:
        old = classify(against, load_ruleset(rules, against.meta))
        new_partial = new_partial_human_of(old, classification)
    total, failed = failed_examples_of(ruleset)
    return Measures(
        edition=register.meta.name,
        services=len(classification.items),
        unclassified=unclassified_of(classification),
        human_services=human_services_of(classification),
        against=against.meta.name if against is not None else None,
        new_partial_human=new_partial,
        rule_examples=total,
        failed_examples=failed,
    )
