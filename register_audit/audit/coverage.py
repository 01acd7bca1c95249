"""The audit: what a classified register covers, which human services it delivers, weighed against spending."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from register_audit.audit.report import (
    COFOG_TITLES,
    Audit,
    BudgetInfo,
    Conflict,
    DomainRow,
    Headline,
    HumanService,
    RegisterInfo,
    ServiceRef,
    ServiceRow,
    Summary,
)
from register_audit.audit.budget import SourcedBudget
from register_audit.rules.fallback import fallback_axes, fallback_shares, fallback_warnings
from register_audit.model.caveats import ReportWarning, collection_warnings
from register_audit.audit.catalogue import CatalogueMatcher, Hit, Role, SourcedCatalogue, Status
from register_audit.model.records import (
    UNCLASSIFIED,
    Axis,
    Classification,
    Completeness,
    Labels,
    Nature,
    PartialKind,
    RegisterMeta,
    Service,
    construct,
)

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


class _Tally:
    """One pass over the classified services: counts by label, catalogue hits, ids to list.

    Counting is by label values and catalogue matching is cached by name, so the per-row work
    is a few dictionary look-ups: a million-row register is audited as it streams, never held.
    """

    def __init__(self, catalogue: SourcedCatalogue, *, rows: bool) -> None:
        self.matcher = CatalogueMatcher(catalogue.catalogue)
        self.entries = catalogue.catalogue.entries
        self.counts: Counter[LabelKey] = Counter()
        # What each Labels object counts as, by id; the object is kept in the entry, so its id
        # cannot be reused while cached (services with the same text share one Labels).
        self.keys: dict[int, tuple[Labels, LabelKey, bool, bool]] = {}
        self.hits: dict[tuple[str, ...], tuple[tuple[int, Hit], ...]] = {}
        self.refs: list[list[ServiceRef]] = [[] for _ in self.entries]
        self.unclassified: list[str] = []
        self.conflicts: list[Conflict] = []
        self.rows: list[ServiceRow] | None = [] if rows else None
        self.services = 0

    def add(self, service: Service, labels: Labels) -> None:
        self.services += 1
        known = self.keys.get(id(labels))
        if known is None or known[0] is not labels:
            if len(self.keys) >= _HITS_LIMIT:
                self.keys.clear()
            known = self.keys[id(labels)] = _describe(labels)
        _, key, unclassified, conflict = known
        self.counts[key] += 1
        if unclassified:
            self.unclassified.append(service.id)
        if conflict:
            self.conflicts.extend(_conflicts(service.id, labels))
        texts = (service.name, *sorted(service.names.items())) if service.names else (service.name,)
        hits = self.hits.get(texts)
        if hits is None:
            if len(self.hits) >= _HITS_LIMIT:
                self.hits.clear()
            matched = self.matcher.match(service)
            hits = self.hits[texts] = tuple((i, hit) for i, hit in enumerate(matched) if hit is not None)
        for index, hit in hits:
            self.refs[index].append(construct(ServiceRef, {
                "id": service.id, "name": service.name, "role": hit.role, "pattern": hit.pattern, "matched": hit.matched}))
        if self.rows is not None:
            served = tuple((self.entries[index].id, hit.role) for index, hit in hits)
            self.rows.append(_service_row(service, labels, served))

    def counted(self) -> list[tuple[LabelKey, int]]:
        return list(self.counts.items())


LabelKey = tuple[Nature, Completeness, "PartialKind | None", str, "bool | None", tuple[Axis, ...]]


def _describe(labels: Labels) -> tuple[Labels, LabelKey, bool, bool]:
    """What one Labels object counts as: its values and the axes decided by default (a fallback
    rule, or no rule), whether an axis is unclassified, whether it holds a conflict."""
    fallback = fallback_axes(labels)
    key = (labels.nature, labels.completeness, labels.partial_kind, labels.domain, labels.human_service, fallback)
    unclassified = UNCLASSIFIED in (labels.nature, labels.completeness, labels.domain)
    return labels, key, unclassified, labels.has_conflict
_HITS_LIMIT = 50_000  # distinct names whose catalogue hits are kept; emptied when full


def _summary(counted: list[tuple[LabelKey, int]], services: int) -> Summary:
    nature: Counter[str] = Counter()
    completeness: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    human: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    fallback: Counter[str] = Counter()
    for (nat, comp, kind, _, human_service, by_default), n in counted:
        for axis in by_default:
            fallback[axis.value] += n
        nature[nat.value] += n
        completeness[comp.value] += n
        if kind:
            kinds[kind.value] += n
        human[_human_key(human_service)] += n
        pairs[(nat.value, comp.value)] += n
    return Summary(
        services=services,
        nature={n.value: nature[n.value] for n in Nature},
        completeness={c.value: completeness[c.value] for c in Completeness},
        partial_kind={k.value: kinds[k.value] for k in PartialKind},
        human_service={key: human[key] for key in ("true", "false", UNCLASSIFIED)},
        cross={n.value: {c.value: pairs[(n.value, c.value)] for c in Completeness} for n in Nature},
        fallback={axis.value: fallback[axis.value] for axis in Axis},
        fallback_share={f.axis.value: f.share for f in fallback_shares({a: fallback[a.value] for a in Axis}, services)},
    )


def _fallback_warnings(summary: Summary) -> tuple[ReportWarning, ...]:
    counts = {axis: summary.fallback[axis.value] for axis in Axis}
    return fallback_warnings(fallback_shares(counts, summary.services))


def _human_key(value: bool | None) -> str:
    return UNCLASSIFIED if value is None else str(value).lower()


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


def _human_services(tally: _Tally) -> tuple[HumanService, ...]:
    verdicts = []
    for entry, refs in zip(tally.entries, tally.refs):
        roles = {ref.role for ref in refs}
        status = Status.delivered if Role.delivery in roles else Status.access_only if roles else Status.excluded
        # Delivery first, then access, each by id: the services a reader checks first.
        refs.sort(key=lambda r: (r.role != Role.delivery, r.id))
        verdicts.append(HumanService(id=entry.id, cofog=entry.cofog, title=entry.title, status=status, services=tuple(refs)))
    return tuple(verdicts)


def _service_row(service: Service, labels: Labels, served: tuple[tuple[str, Role], ...]) -> ServiceRow:
    return ServiceRow(
        id=service.id, name=service.name, nature=labels.nature.value,
        completeness=labels.completeness.value,
        partial_kind=labels.partial_kind.value if labels.partial_kind else "",
        domain=labels.domain, human_service=_human_key(labels.human_service), catalogue=served,
    )


def _conflicts(service_id: str, labels: Labels) -> list[Conflict]:
    found = []
    for decision in labels.decisions:
        if decision.conflict:
            winner = (decision.winner.rule_id,) if decision.winner else ()
            rules = tuple(sorted({*winner, *(e.rule_id for e in decision.conflict)}))
            found.append(Conflict(id=service_id, axis=decision.axis.value, rules=rules))
    return found


def _headline(summary: Summary, verdicts: tuple[HumanService, ...]) -> Headline:
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


def audit(classification: Classification, catalogue: SourcedCatalogue, budget: SourcedBudget | None = None) -> Audit:
    """The coverage report of CLASSIFICATION against CATALOGUE, weighed by BUDGET when given.

    Pure: no printing, no clock; the same inputs give an equal Audit.
    """
    items = ((item.service, item.labels) for item in classification.items)
    return audit_stream(classification.meta, classification.ruleset, items, catalogue, budget)


def audit_stream(
    meta: RegisterMeta,
    ruleset: str,
    items: Iterable[tuple[Service, Labels]],
    catalogue: SourcedCatalogue,
    budget: SourcedBudget | None = None,
    *,
    rows: bool = True,
) -> Audit:
    """The same report from ITEMS, (service, labels) pairs read once (a stream from
    `label_stream`); ROWS=False leaves out the per-service rows, which only CSV shows."""
    tally = _Tally(catalogue, rows=rows)
    for service, labels in items:
        tally.add(service, labels)
    counted = tally.counted()
    summary = _summary(counted, tally.services)
    verdicts = _human_services(tally)
    return Audit(
        register=_register(meta), warnings=collection_warnings(meta) + _fallback_warnings(summary),
        ruleset=ruleset, catalogue=catalogue.path,
        headline=_headline(summary, verdicts), summary=summary, domains=_domains(counted, tally.services, budget),
        human_services=verdicts, unclassified=tuple(sorted(tally.unclassified)),
        conflicts=tuple(sorted(tally.conflicts, key=lambda c: (c.id, c.axis))), budget=_budget_info(budget),
        services=tuple(tally.rows or ()),
    )


__all__ = ["Audit", "audit", "audit_stream"]
