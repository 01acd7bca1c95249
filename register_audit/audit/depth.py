"""Digital depth by human service: for human services and the rest, the share at each depth, by count or by use."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from register_audit.model.base import Frozen
from register_audit.model.depth import DEPTH_ORDER, Depth, DepthLabel, Volumes


class Weight(StrEnum):
    """What a share is a share of: services, their applications, or all their interactions."""

    count = "count"
    applications = "applications"
    interactions = "interactions"  # applications, calls and web visits


class Group(StrEnum):
    """Human services (CODEBOOK §4), the rest, and the services whose domain is unclassified."""

    human = "human"
    other = "other"
    unclassified = "unclassified"


def group_of(human_service: bool | None) -> Group:
    return Group.unclassified if human_service is None else Group.human if human_service else Group.other


class DepthGroup(Frozen):
    """One group's services at each depth (`unknown` kept apart, never counted as offline)."""

    services: int
    counts: dict[str, int]  # depth → services
    shares_pct: dict[str, dict[str, float | None]]  # weight → depth → % of the group's weight
    totals: dict[str, int]  # weight → the group's services, applications, interactions
    without: dict[str, int]  # weight → services of the group with no figure for it


class DepthReport(Frozen):
    """How far the register's services go online, human services beside the rest."""

    fields: tuple[str, ...]  # the register fields depth was read from; empty: every depth unknown
    weight: Weight  # the weight the readable reports show (`--weight`); JSON has every one available
    weights: tuple[Weight, ...]  # the weights this register has figures for
    groups: dict[str, DepthGroup]  # human, other, unclassified
    sentence: str


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class DepthTally:
    """Counts and use by (group, depth), added one service at a time (a few look-ups per row)."""

    def __init__(self, channels: tuple[str, ...] | None = None) -> None:
        self.channels = channels  # the channels whose applications count (trend: those every edition has)
        self.counts: Counter[tuple[Group, Depth]] = Counter()
        self.volume: dict[Weight, Counter[tuple[Group, Depth]]] = {Weight.applications: Counter(), Weight.interactions: Counter()}
        self.without: dict[Weight, Counter[Group]] = {Weight.applications: Counter(), Weight.interactions: Counter()}
        self.has_volumes = False
        self.fields: set[str] = set()
        self._last: DepthLabel | None = None

    def add(self, group: Group, label: DepthLabel, volumes: Volumes | None,
            weights: tuple[int | None, int | None] | None, times: int = 1) -> None:
        """Count TIMES services alike in all of these (a columnar audit counts them together)."""
        depth = label.value
        self.counts[(group, depth)] += times
        if label is not self._last:  # services with equal depth cells share one label
            self.fields.update(label.fields)
            self._last = label
        if volumes is None or weights is None:
            return
        self.has_volumes = True
        for weight, value in zip((Weight.applications, Weight.interactions), weights):
            if value is None:
                self.without[weight][group] += times
            else:
                self.volume[weight][(group, depth)] += value * times

    def report(self, weight: Weight) -> DepthReport:
        weights = (Weight.count, Weight.applications, Weight.interactions) if self.has_volumes else (Weight.count,)
        groups = {}
        for group in Group:
            counts = {d.value: self.counts[(group, d)] for d in (*DEPTH_ORDER, Depth.unknown)}
            services = sum(counts.values())
            totals = {Weight.count.value: services}
            shares = {Weight.count.value: {d: _pct(n, services) for d, n in counts.items()}}
            without = {}
            for w in weights[1:]:
                by_depth = {d.value: self.volume[w][(group, d)] for d in (*DEPTH_ORDER, Depth.unknown)}
                total = sum(by_depth.values())
                totals[w.value] = total
                shares[w.value] = {d: _pct(v, total) for d, v in by_depth.items()}
                without[w.value] = self.without[w][group]
            groups[group.value] = DepthGroup(services=services, counts=counts, shares_pct=shares, totals=totals, without=without)
        shown = weight if weight in weights else Weight.count
        return DepthReport(fields=tuple(sorted(self.fields)), weight=shown, weights=weights, groups=groups,
                           sentence=depth_sentence(groups, shown))


def depth_sentence(groups: dict[str, DepthGroup], weight: Weight) -> str:
    """The paradox in one sentence: how often human services are online end to end, beside the rest."""
    human, other = groups[Group.human.value], groups[Group.other.value]
    known = sum(n for g in (human, other) for d, n in g.counts.items() if d != Depth.unknown.value)
    if not known:
        return "The register does not say how far its services go online: every depth is unknown."
    of = {Weight.count: "of human services", Weight.applications: "of human-service applications",
          Weight.interactions: "of human-service interactions"}[weight]
    h = human.shares_pct[weight.value]
    o = other.shares_pct[weight.value]

    def pct(value: float | None) -> str:
        return "unknown" if value is None else f"{value:.1f}%"

    return (f"{pct(h[Depth.end_to_end.value])} {of} are online end to end, against "
            f"{pct(o[Depth.end_to_end.value])} for the rest; depth unknown for {pct(h[Depth.unknown.value])} "
            f"and {pct(o[Depth.unknown.value])}.")


def best_depth(depths: list[Depth]) -> Depth:
    """The furthest depth among DEPTHS that the register states; unknown when it states none."""
    known = [d for d in depths if d is not Depth.unknown]
    return min(known, key=DEPTH_ORDER.index) if known else Depth.unknown


def any_end_to_end(depths: list[Depth]) -> bool | None:
    """True when one service is online end to end; False when every depth is known and none is;
    None (unknown) otherwise, or when there is no service."""
    if Depth.end_to_end in depths:
        return True
    if depths and Depth.unknown not in depths:
        return False
    return None


__all__ = ["DepthGroup", "DepthReport", "DepthTally", "Group", "Weight", "any_end_to_end", "best_depth", "group_of"]
