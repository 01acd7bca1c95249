"""The same measures across many editions of a register, and what changed between consecutive ones."""

from __future__ import annotations

from typing import Sequence

from register_audit.audit.catalogue import SourcedCatalogue, load_catalogue
from register_audit.audit.coverage import audit
from register_audit.audit.report import Audit
from register_audit.compare.diff import Summary, compare
from register_audit.compare.match import MatchOptions
from register_audit.compare.paradox import Paradox, edition_audits, paradox
from register_audit.model.caveats import ReportWarning, collection_warnings
from register_audit.model.records import (Classification, ClassifiedService, Completeness, Frozen, HumanLabel, Nature,
                                          Provenance, Register, RegisterMeta, Service)


class Measures(Frozen):
    """One edition's counts by label."""

    edition: str
    name: str
    services: int
    transactional: int
    transformational: int
    complete: int
    partial: int
    human: int
    human_partial: int
    unclassified: int  # services with some axis unclassified
    partial_share: float  # partial / services
    human_partial_share: float  # human services that are only an access step / human services


class Step(Frozen):
    """The change from one edition to the next."""

    old: str
    new: str
    summary: Summary
    net_services: int
    net_human: int
    net_human_partial: int


class Trend(Frozen):
    editions: tuple[RegisterMeta, ...]
    warnings: tuple[ReportWarning, ...] = ()  # shown next to the title (model/caveats.py)
    measures: tuple[Measures, ...]
    steps: tuple[Step, ...]
    # Each edition's paradox measures (digital depth, shares by use on the channels every
    # edition has), as `compare` gives them; empty when no catalogue was given.
    paradox: tuple[Paradox, ...] = ()
    provenance: Provenance = Provenance()  # the tool and the rule files the labels came from


def measures_of(report: Audit) -> Measures:
    """One edition's counts by label, read from its audit's summary (the one place labels are counted)."""
    s, meta = report.summary, report.register
    partial = s.completeness[Completeness.partial]
    human = s.human_service[HumanLabel.true]
    human_partial = s.human_cross[HumanLabel.true][Completeness.partial]
    return Measures(
        edition=meta.edition or meta.name, name=meta.name, services=s.services,
        transactional=s.nature[Nature.transactional], transformational=s.nature[Nature.transformational],
        complete=s.completeness[Completeness.complete], partial=partial,
        human=human, human_partial=human_partial, unclassified=len(report.unclassified),
        partial_share=round(partial / s.services, 4) if s.services else 0.0,
        human_partial_share=round(human_partial / human, 4) if human else 0.0,
    )


def measure(classification: Classification, catalogue: SourcedCatalogue | None = None) -> Measures:
    """Counts by label of one classified edition (its audit's summary; the catalogue changes no count)."""
    return measures_of(audit(classification, catalogue or load_catalogue(), rows=False))


def sort_editions(classifications: Sequence[Classification]) -> list[Classification]:
    """Editions in time order (RegisterMeta.edition sorts so), ties by name."""
    return sorted(classifications, key=lambda c: (c.meta.edition, c.meta.name))


def trend(classifications: Sequence[Classification], options: MatchOptions = MatchOptions(),
          ignore_fields: Sequence[str] = (), catalogue: SourcedCatalogue | None = None) -> Trend:
    """Measures per edition (from each edition's audit), in time order, and the diff summary
    between consecutive editions; with CATALOGUE, each edition's paradox measures too (depth,
    use, budget ratio)."""
    ordered = sort_editions(classifications)
    steps = [_step(a, b, options, ignore_fields) for a, b in zip(ordered, ordered[1:])]
    metas = tuple(c.meta for c in ordered)
    audits = edition_audits(ordered, catalogue or load_catalogue())
    return Trend(editions=metas, warnings=collection_warnings(*metas), measures=tuple(measures_of(a) for a in audits),
                 steps=tuple(steps), paradox=tuple(paradox(a) for a in audits) if catalogue is not None else ())


def _step(old: Classification, new: Classification, options: MatchOptions, ignore_fields: Sequence[str]) -> Step:
    diff = compare(_register(old), _register(new), _lookup(old, new), options, ignore_fields)
    return Step(old=old.meta.name, new=new.meta.name, summary=diff.summary, net_services=diff.net.services,
                net_human=diff.net.human, net_human_partial=diff.net.human_partial)


def _register(classification: Classification) -> Register:
    return Register(meta=classification.meta, services=tuple(i.service for i in classification.items))


def _content(service: Service) -> tuple:
    """Everything of SERVICE a rule can read (Service.field_text), and where it sits: services
    equal in all of it get equal labels from one rule set."""
    return (service.location, service.id, service.name, tuple(service.names.items()), service.provider, service.section,
            service.subsection, service.channels, service.form, service.fee, tuple(service.extra.items()))


def _lookup(*classifications: Classification):
    """A labeler that reads the labels already computed instead of classifying again: by edition
    (its metadata), then by the service's content."""
    by_edition = [(c.meta, {_content(item.service): item.labels for item in c.items}) for c in classifications]

    def label(register: Register) -> Classification:
        labels = next(found for meta, found in by_edition if meta == register.meta)
        items = tuple(ClassifiedService.model_construct(service=s, labels=labels[_content(s)]) for s in register.services)
        return Classification.model_construct(meta=register.meta, ruleset="", items=items)

    return label


__all__ = ["Measures", "Step", "Trend", "measure", "measures_of", "sort_editions", "trend"]
