"""The paradox measures of one audited register, and several registers side by side (`compare`)."""

from __future__ import annotations

from typing import Iterable, Sequence

from register_audit.audit.depth import Group, Weight
from register_audit.audit.report import Audit
from register_audit.model.base import Frozen
from register_audit.model.caveats import ReportWarning, collection_warnings
from register_audit.model.depth import DEPTH_ORDER, Depth
from register_audit.audit.catalogue import SourcedCatalogue
from register_audit.model.provenance import merged
from register_audit.model.records import Classification, Provenance, RegisterMeta, Service

HUMAN_DIVISIONS = ("07", "09", "10")


class Paradox(Frozen):
    """What a ministry boasts beside what matters, for one register edition.

    Every share is a percentage; None is unknown (nothing to divide by, or the register does not
    say), never zero."""

    name: str
    country: str
    edition: str
    title: str
    collection: bool  # a collection of sighted names, not the whole register
    services: int
    human_pct: float | None  # human services, of all services
    human_access_only_pct: float | None  # human services that are only an access step, of human services
    transformational_pct: float | None  # of all services
    depth_fields: tuple[str, ...]  # the register fields depth is read from; empty: depth unknown throughout
    depth_pct: dict[str, dict[str, float | None]]  # human | other → depth → % of the group's services
    counts_use: bool  # the register gives applications, calls or visits per service
    use_channels: tuple[str, ...]
    human_applications_pct: float | None  # human services' share of applications
    partial_applications_pct: float | None  # access steps' share of applications
    human_interactions_pct: float | None  # human services' share of applications, calls and web visits
    human_online_pct: float | None  # human-service applications made online
    depth_applications_pct: dict[str, dict[str, float | None]]  # human | other → depth → % of the group's applications
    without_applications: int | None  # services that give no application figure (None: no use counted)
    budget: str | None  # the default spending table weighed against, when the register's country has one
    budget_ratio: dict[str, float | None]  # 07 | 09 | 10 → register share / spending share


class Comparison(Frozen):
    """Several registers' paradox measures, one column each, in the order given."""

    registers: tuple[Paradox, ...]
    warnings: tuple[ReportWarning, ...]  # collections marked as collections, next to the headline
    provenance: Provenance = Provenance()  # the tool, and every rule file and the catalogue the audits used


def _share(shares, measure: str, field: str) -> float | None:
    return next(getattr(s, field) for s in shares if s.measure == measure)


def paradox(audit: Audit) -> Paradox:
    """The paradox measures of one audit (the audit computes them; this only picks them)."""
    r, use, depth = audit.register, audit.use, audit.depth
    groups = (Group.human.value, Group.other.value)
    depths = [d.value for d in (*DEPTH_ORDER, Depth.unknown)]
    by_apps = Weight.applications.value in depth.groups[Group.human.value].shares_pct
    ratios = {d.code: d.ratio for d in audit.domains if d.code in HUMAN_DIVISIONS} if audit.budget else {}
    return Paradox(
        name=r.name, country=r.country, edition=r.edition, title=r.title, collection=r.partial_collection,
        services=audit.summary.services,
        human_pct=_share(use.shares, "human", "count_pct"),
        human_access_only_pct=_share(use.shares, "human_partial", "count_pct"),
        transformational_pct=_share(use.shares, "transformational", "count_pct"),
        depth_fields=depth.fields,
        depth_pct={g: {d: depth.groups[g].shares_pct[Weight.count.value][d] for d in depths} for g in groups},
        counts_use=use.counts_use, use_channels=use.channels,
        human_applications_pct=_share(use.shares, "human", "applications_pct"),
        partial_applications_pct=_share(use.shares, "partial", "applications_pct"),
        human_interactions_pct=_share(use.shares, "human", "interactions_pct"),
        human_online_pct=use.online_pct[Group.human.value] if use.counts_use else None,
        depth_applications_pct={g: {d: depth.groups[g].shares_pct[Weight.applications.value][d] for d in depths}
                                for g in groups} if by_apps else {},
        without_applications=use.without_applications if use.counts_use else None,
        budget=audit.budget.path if audit.budget else None,
        budget_ratio={code: ratios.get(code) for code in HUMAN_DIVISIONS} if audit.budget else {},
    )


def comparison(audits: Sequence[Audit]) -> Comparison:
    """AUDITS side by side, in the order given, collections warned about as the audit warns."""
    metas = [RegisterMeta(name=a.register.name, country=a.register.country, title=a.register.title,
                          edition=a.register.edition, partial_collection=a.register.partial_collection,
                          notes=a.register.notes) for a in audits]
    return Comparison(registers=tuple(paradox(a) for a in audits), warnings=collection_warnings(*metas),
                      provenance=merged(a.provenance for a in audits))


def common_channels(editions: Sequence[Iterable[Service]]) -> tuple[str, ...] | None:
    """The application channels every edition that counts use gives a figure for (Canada's email
    and fax exist only in 2020-21, its telephone figures only from 2018-19); None when none counts use."""
    found: list[set[str]] = []
    for services in editions:
        channels = {c for s in services if s.volumes is not None for c, v in s.volumes.applications.items() if v is not None}
        if channels:
            found.append(channels)
    if not found:
        return None
    shared = set.intersection(*found)
    return tuple(c for c in _CHANNELS if c in shared) + tuple(sorted(shared - set(_CHANNELS)))


_CHANNELS = ("online", "telephone", "in_person", "mail", "email", "fax", "other")


def edition_audits(classifications: Sequence[Classification], catalogue: SourcedCatalogue) -> tuple[Audit, ...]:
    """Each edition's audit (without per-service rows), use counted only on the channels they all have."""
    from register_audit.audit.budget import default_budget
    from register_audit.audit.coverage import audit

    channels = common_channels([[i.service for i in c.items] for c in classifications])
    return tuple(audit(c, catalogue, default_budget(c.meta), channels=channels, rows=False) for c in classifications)


__all__ = ["Comparison", "Paradox", "common_channels", "comparison", "edition_audits", "paradox"]
