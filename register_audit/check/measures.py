"""The one adapter from the other stages' models (classification, audit, diff, rule examples)
to the Measures a check reads; check.py never imports those stages."""

from __future__ import annotations

from register_audit.audit.catalogue import Role, Status, load_catalogue
from register_audit.audit.report import HumanService
from register_audit.check.report import Measures, Subject
from register_audit.classify import classify, engine
from register_audit.audit.coverage import audit
from register_audit.model.caveats import collection_warnings
from register_audit.compare.diff import Diff, LabelView, compare
from register_audit.model.records import UNCLASSIFIED, Classification, ClassifiedService, Completeness, HumanLabel, Register, Service
from register_audit.rules.ruleset import RuleSet, load_ruleset
from register_audit.rules.fallback import count_fallbacks, fallback_shares, fallback_warnings
from register_audit.rules.lint import run_examples


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


def new_partial_human_of(diff: Diff, new: Register) -> tuple[Subject, ...]:
    """Human services partial in NEW that the diff lists as added, or as reclassified from
    something that was not a partial human service, in id order."""
    found: dict[str, LabelView] = {}
    for added in diff.added:
        if _partial_human(added.labels):
            found[added.id] = added.labels
    for change in diff.reclassified:
        if _partial_human(change.new) and not _partial_human(change.old):
            found[change.new_id] = change.new
    where: dict[str, Service] = {}
    for service in new.services:
        where.setdefault(service.id, service)  # a duplicate id: its first row, as `explain` does
    subjects = []
    for service_id, labels in sorted(found.items()):
        service = where[service_id]
        subjects.append(Subject(id=service_id, name=service.name, detail=f"{labels.partial_kind or 'partial'}, COFOG {labels.domain}",
                                file=service.location.file, row=service.location.row))
    return tuple(subjects)


def _partial_human(labels: LabelView) -> bool:
    return labels.completeness == Completeness.partial and labels.human_service == HumanLabel.true


def failed_examples_of(ruleset: RuleSet) -> tuple[int, tuple[Subject, ...]]:
    """How many rule examples ran, and each one that failed (file: the rule file)."""
    report = run_examples(ruleset)
    total = sum(r.passed + len(r.failures) for r in report.results)
    failed = tuple(
        Subject(id=f"{r.rule_id} {f.expected}: {f.example}", name=r.rule_id, file=r.path,
                detail=f"{'must match' if f.expected == 'match' else 'must not match'} {f.example!r}")
        for r in report.results
        for f in r.failures
    )
    return total, failed


def human_services_of(classification: Classification, catalogue: str | None = None
                      ) -> tuple[tuple[HumanService, ...], dict[str, Subject]]:
    """The audit's verdict on each entry of CATALOGUE (default: the bundled one), and for each
    entry the first service that shows it (a delivering one, else an access step; none when excluded)."""
    result = audit(classification, load_catalogue(catalogue))
    by_id: dict[str, ClassifiedService] = {}
    for item in classification.items:
        by_id.setdefault(item.service.id, item)
    evidence = {}
    for entry in result.human_services:
        role = Role.delivery if entry.status is Status.delivered else Role.access
        shown = next((s for s in entry.services if s.role == role and s.id in by_id), None)
        if shown is not None:
            evidence[entry.id] = _subject(by_id[shown.id])
    return result.human_services, evidence


def measure(register: Register, *, rules: str | None = None, against: Register | None = None,
            catalogue: str | None = None) -> Measures:
    """Classify REGISTER, audit it (against CATALOGUE, as `audit --catalogue`), diff it against
    AGAINST when given, and run the rule examples."""
    ruleset = load_ruleset(rules, register.meta)
    compiled = engine(ruleset)  # compiled once: the edition, and AGAINST when it shares its languages
    classification = classify(register, compiled)
    new_partial = None
    if against is not None:
        # Each edition with the rule set for its own languages, as `diff` labels them.
        engines = {register.meta.languages: compiled}

        def label(sub: Register) -> Classification:
            if sub.meta.languages not in engines:
                engines[sub.meta.languages] = engine(load_ruleset(rules, sub.meta))
            return classify(sub, engines[sub.meta.languages])

        new_partial = new_partial_human_of(compare(against, register, label), register)
    total, failed = failed_examples_of(ruleset)
    fallback = count_fallbacks(i.labels for i in classification.items)
    verdicts, evidence = human_services_of(classification, catalogue)
    return Measures(
        edition=register.meta.name,
        file=register.services[0].location.file if register.services else None,
        warnings=collection_warnings(register.meta, *((against.meta,) if against is not None else ()))
        + fallback_warnings(fallback_shares(fallback, len(classification.items))),
        services=len(classification.items),
        unclassified=unclassified_of(classification),
        human_services=verdicts,
        evidence=evidence,
        against=against.meta.name if against is not None else None,
        new_partial_human=new_partial,
        rule_examples=total,
        failed_examples=failed,
        fallback={axis.value: n for axis, n in fallback.items()},
    )
