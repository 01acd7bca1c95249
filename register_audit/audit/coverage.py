"""The audit: what a classified register covers, which human services it delivers, weighed against spending."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable

from register_audit.audit.report import (
    COFOG_TITLES,
    Audit,
    BudgetInfo,
    DomainRow,
    Headline,
    HumanService,
    RegisterInfo,
    LabelCounts,
)
from register_audit.audit.budget import SourcedBudget
from register_audit.audit.depth import DepthReport, Weight, any_end_to_end, best_depth
from register_audit.rules.fallback import fallback_shares, fallback_warnings
from register_audit.model.caveats import WEIGHT_UNAVAILABLE, ReportWarning, collection_warnings
from register_audit.audit.catalogue import Role, SourcedCatalogue, Status
from register_audit.audit.tally import LabelKey, Tally
from register_audit.model.provenance import provenance_of
from register_audit.model.records import (
    Provenance,
    UNCLASSIFIED,
    HumanLabel,
    Axis,
    Classification,
    Completeness,
    Labels,
    Nature,
    PartialKind,
    RegisterMeta,
    Service,
)

if TYPE_CHECKING:
    from register_audit.rules.engine import Engine
    from register_audit.load.columns import Columns

def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _register(meta: RegisterMeta) -> RegisterInfo:
    found = collection_warnings(meta)
    warning = found[0].message if found else None
    return RegisterInfo(
        name=meta.name, title=meta.title, edition=meta.edition, country=meta.country,
        source=meta.source, licence=meta.licence, partial_collection=meta.partial_collection,
        notes=meta.notes.strip(), warning=warning,
    )


def _summary(counted: list[tuple[LabelKey, int]], services: int) -> LabelCounts:
    nature: Counter[str] = Counter()
    completeness: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    human: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    human_pairs: Counter[tuple[str, str]] = Counter()
    fallback: Counter[str] = Counter()
    for (nat, comp, kind, _, human_service, by_default), n in counted:
        for axis in by_default:
            fallback[axis.value] += n
        nature[nat.value] += n
        completeness[comp.value] += n
        if kind:
            kinds[kind.value] += n
        human_label = HumanLabel.of(human_service).value
        human[human_label] += n
        pairs[(nat.value, comp.value)] += n
        human_pairs[(human_label, comp.value)] += n
    return LabelCounts(
        services=services,
        nature={n.value: nature[n.value] for n in Nature},
        completeness={c.value: completeness[c.value] for c in Completeness},
        partial_kind={k.value: kinds[k.value] for k in PartialKind},
        human_service={key.value: human[key.value] for key in HumanLabel},
        cross={n.value: {c.value: pairs[(n.value, c.value)] for c in Completeness} for n in Nature},
        human_cross={h.value: {c.value: human_pairs[(h.value, c.value)] for c in Completeness} for h in HumanLabel},
        fallback={axis.value: fallback[axis.value] for axis in Axis},
        fallback_share={f.axis.value: f.share for f in fallback_shares({a: fallback[a.value] for a in Axis}, services)},
    )


def _fallback_warnings(summary: LabelCounts) -> tuple[ReportWarning, ...]:
    counts = {axis: summary.fallback[axis.value] for axis in Axis}
    return fallback_warnings(fallback_shares(counts, summary.services))


def _weight_warnings(asked: Weight, depth: DepthReport) -> tuple[ReportWarning, ...]:
    """A warning when the weight asked for is one the register has no figures for (shares fall back to counts)."""
    if depth.weight is asked:
        return ()
    return (ReportWarning(code=WEIGHT_UNAVAILABLE, message=f"Weighted by {depth.weight.value}, not {asked.value}: the register "
                          "counts no use (applications, calls, web visits), so every share is a share of services."),)


def _domains(counted: list[tuple[LabelKey, int]], services: int, budget: SourcedBudget | None) -> tuple[DomainRow, ...]:
    known = [(key, n) for key, n in counted if key[3] != UNCLASSIFIED]
    codes = {key[3][:2] for key, _ in known} | {key[3] for key, _ in known if "." in key[3]}
    if budget is not None:
        codes |= {line.cofog[:2] for line in budget.budget.functions}
    rows = []
    for code in sorted(codes):
        members = [(key, n) for key, n in known if key[3] == code or key[3].startswith(code + ".")]
        count = sum(n for _, n in members)
        share = 100 * count / services if services else 0.0
        spending, partial = budget.budget.share(code) if budget is not None else (None, False)
        rows.append(DomainRow(
            code=code, level="group" if "." in code else "division", title=COFOG_TITLES.get(code, ""),
            services=count, share_pct=round(share, 1),
            partial_pct=_pct(sum(n for key, n in members if key[1] == Completeness.partial), count),
            transformational_pct=_pct(sum(n for key, n in members if key[0] == Nature.transformational), count),
            spending_pct=None if spending is None else round(spending, 1), spending_partial=partial,
            ratio=round(share / spending, 2) if spending else None,
        ))
    return tuple(rows)


def _human_services(tally: Tally) -> tuple[HumanService, ...]:
    verdicts = []
    for entry, refs in zip(tally.entries, tally.refs):
        roles = {ref.role for ref in refs}
        status = Status.delivered if Role.delivery in roles else Status.access_only if roles else Status.excluded
        # Delivery first, then access, each by id: the services a reader checks first.
        refs.sort(key=lambda r: (r.role != Role.delivery, r.id))
        behind = [r.depth for r in refs if r.role == Role.delivery or status is not Status.delivered]
        best = best_depth(behind) if behind else None
        verdicts.append(HumanService(id=entry.id, cofog=entry.cofog, title=entry.title, status=status, services=tuple(refs),
                                     depth=best, end_to_end=any_end_to_end(behind)))
    return tuple(verdicts)


def _headline(summary: LabelCounts, verdicts: tuple[HumanService, ...]) -> Headline:
    count = Counter(v.status for v in verdicts)
    delivered, access, excluded = count[Status.delivered], count[Status.access_only], count[Status.excluded]
    sentence = (
        f"{summary.services} services; {delivered} of {len(verdicts)} human services delivered, "
        f"{access} offered only as an access step, {excluded} left out."
    )
    return Headline(
        services=summary.services, transactional=summary.nature[Nature.transactional.value],
        human_services=len(verdicts), delivered=delivered, access_only=access, excluded=excluded, sentence=sentence,
    )


def _budget_info(budget: SourcedBudget | None) -> BudgetInfo | None:
    if budget is None:
        return None
    b = budget.budget
    return BudgetInfo(path=budget.path, default=budget.default, year=str(b.year), level=b.level,
                      currency=b.currency, source=b.source.strip(), caveats=tuple(c.strip() for c in b.caveats))


def audit(classification: Classification, catalogue: SourcedCatalogue, budget: SourcedBudget | None = None,
          *, rows: bool = True, weight: Weight = Weight.count, channels: tuple[str, ...] | None = None) -> Audit:
    """The coverage report of CLASSIFICATION against CATALOGUE, weighed by BUDGET when given
    (ROWS=False: without the per-service rows, as `audit_stream`).

    Pure: no printing, no clock; the same inputs give an equal Audit.
    """
    items = ((item.service, item.labels) for item in classification.items)
    return audit_stream(classification.meta, classification.ruleset, items, catalogue, budget, rows=rows, weight=weight,
                        channels=channels, provenance=classification.provenance)


def audit_stream(
    meta: RegisterMeta,
    ruleset: str,
    items: Iterable[tuple[Service, Labels]],
    catalogue: SourcedCatalogue,
    budget: SourcedBudget | None = None,
    *,
    rows: bool = True,
    weight: Weight = Weight.count,
    channels: tuple[str, ...] | None = None,
    provenance: Provenance | None = None,
) -> Audit:
    """The same report from ITEMS, (service, labels) pairs read once (a stream from
    `label_stream`); ROWS=False leaves out the per-service rows, which only CSV shows.

    WEIGHT is the share the readable reports show for depth; CHANNELS limits the applications
    counted to those channels (editions compared over the channels they all have). PROVENANCE
    names the rule files used (the catalogue's id and version are added)."""
    tally = Tally(catalogue, rows=rows, channels=channels)
    for service, labels in items:
        tally.add(service, labels)
    return _report(meta, ruleset, tally, catalogue, budget, weight, provenance)


def audit_columns(
    meta: RegisterMeta,
    engine: Engine,
    chunks: Iterable[Columns],
    catalogue: SourcedCatalogue,
    budget: SourcedBudget | None = None,
    *,
    rows: bool = True,
    weight: Weight = Weight.count,
    channels: tuple[str, ...] | None = None,
    provenance: Provenance | None = None,
) -> Audit:
    """The same report as `audit_stream`, from a register read as columns (`read_columns` with the
    engine's fields): each distinct text is classified and matched once, and rows are counted
    per distinct combination, never visited one by one in Python."""
    tally = Tally(catalogue, rows=rows, channels=channels)
    for chunk in chunks:
        tally.add_columns(chunk, engine)
    return _report(meta, engine.name, tally, catalogue, budget, weight, provenance)


def _report(meta: RegisterMeta, ruleset: str, tally: Tally, catalogue: SourcedCatalogue,
            budget: SourcedBudget | None, weight: Weight, provenance: Provenance | None) -> Audit:
    counted = tally.counted()
    summary = _summary(counted, tally.services)
    verdicts = _human_services(tally)
    depth = tally.depth.report(weight)
    return Audit(
        register=_register(meta), warnings=collection_warnings(meta) + _fallback_warnings(summary) + _weight_warnings(weight, depth),
        ruleset=ruleset, catalogue=catalogue.path,
        headline=_headline(summary, verdicts), summary=summary, domains=_domains(counted, tally.services, budget),
        human_services=verdicts, unclassified=tuple(sorted(tally.unclassified)),
        conflicts=tuple(sorted(tally.conflicts, key=lambda c: (c.id, c.axis))), budget=_budget_info(budget),
        services=tuple(tally.rows or ()), depth=depth, use=tally.use.report(),
        provenance=(provenance or Provenance()).model_copy(update={"catalogue": provenance_of(catalogue=catalogue).catalogue}),
    )


__all__ = ["Audit", "audit", "audit_columns", "audit_stream"]
