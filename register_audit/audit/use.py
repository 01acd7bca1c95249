"""Use weighting: beside each share by count, the share of applications and of all interactions, from the register's volumes."""

from __future__ import annotations

from collections import Counter

from register_audit.audit.depth import Group
from register_audit.model.base import Frozen
from register_audit.model.depth import Volumes

ONLINE = "online"


class WeightedShare(Frozen):
    """One paradox measure three ways: by services, by applications, by all interactions."""

    measure: str  # human | partial | human_partial | transformational
    title: str
    count_pct: float | None
    applications_pct: float | None  # None: no service in the denominator has a figure
    interactions_pct: float | None


class UseReport(Frozen):
    """The paradox shares by count, and by what citizens do with the services where the register counts it."""

    counts_use: bool  # False: the register gives no volumes, and only the shares by count are known
    channels: tuple[str, ...]  # the application channels with a figure (trend: those every edition has)
    services: int
    without_applications: int  # services with no application figure on any counted channel
    without_interactions: int  # … and no calls or web visits either
    applications: int  # every known application on the counted channels
    interactions: int  # applications, calls and web visits
    shares: tuple[WeightedShare, ...]
    online_pct: dict[str, float | None]  # group → share of its applications made online (services with an online figure)
    sentence: str


def weights_of(volumes: Volumes, channels: tuple[str, ...] | None) -> tuple[int | None, int | None]:
    """A service's applications and interactions on CHANNELS (None: every channel it has)."""
    return volumes.applications_total(channels), volumes.interactions_total(channels)


Key = tuple[Group, bool, bool]  # group, partial, transformational


class UseTally:
    """Services, applications and interactions by (group, partial, transformational)."""

    def __init__(self, channels: tuple[str, ...] | None = None) -> None:
        self.channels = channels
        self.seen_channels: set[str] = set()
        self.count: Counter[Key] = Counter()
        self.applications: Counter[Key] = Counter()
        self.interactions: Counter[Key] = Counter()
        self.online: Counter[Group] = Counter()
        self.online_base: Counter[Group] = Counter()  # applications of services whose online figure is known
        self.without_applications = 0
        self.without_interactions = 0
        self.any = False

    def add(self, key: Key, volumes: Volumes | None, weights: tuple[int | None, int | None] | None,
            times: int = 1) -> None:
        """Count TIMES services alike in all of these (a columnar audit counts them together)."""
        self.count[key] += times
        if volumes is None or weights is None:
            return
        self.any = True
        applications, interactions = weights
        if applications is not None and len(self.seen_channels) < len(volumes.applications):
            self.seen_channels.update(c for c, v in volumes.applications.items() if v is not None)
        if applications is None:
            self.without_applications += times
        else:
            self.applications[key] += applications * times
            online = volumes.applications.get(ONLINE)
            if online is not None and (self.channels is None or ONLINE in self.channels):
                self.online[key[0]] += online * times
                self.online_base[key[0]] += applications * times
        if interactions is None:
            self.without_interactions += times
        else:
            self.interactions[key] += interactions * times

    def report(self) -> UseReport:
        services = sum(self.count.values())
        shares = tuple(
            WeightedShare(measure=measure, title=title, count_pct=_share(self.count, part, whole),
                          applications_pct=_share(self.applications, part, whole),
                          interactions_pct=_share(self.interactions, part, whole))
            for measure, title, part, whole in _MEASURES
        )
        online = {g.value: _pct(self.online[g], self.online_base[g]) for g in Group}
        channels = tuple(c for c in _ordered_channels(self.seen_channels) if self.channels is None or c in self.channels)
        report = dict(counts_use=self.any, channels=channels, services=services, without_applications=self.without_applications,
                      without_interactions=self.without_interactions, applications=sum(self.applications.values()),
                      interactions=sum(self.interactions.values()), shares=shares, online_pct=online)
        sentence = use_sentence(shares, online, services, self.without_applications) if self.any else (
            f"Human services are {_text(shares[0].count_pct)} of the services; the register counts no use.")
        return UseReport(**report, sentence=sentence)


def _ordered_channels(channels: set[str]) -> list[str]:
    known = ["online", "telephone", "in_person", "mail", "email", "fax", "other"]
    return [c for c in known if c in channels] + sorted(channels - set(known))


def _is_human(key: Key) -> bool:
    return key[0] is Group.human


_MEASURES = (
    ("human", "human services, of all services", _is_human, lambda k: True),
    ("partial", "access steps (partial services), of all services", lambda k: k[1], lambda k: True),
    ("human_partial", "access steps, of human services", lambda k: _is_human(k) and k[1], _is_human),
    ("transformational", "transformational services, of all services", lambda k: k[2], lambda k: True),
)


def _share(counter: Counter[Key], part, whole) -> float | None:
    base = sum(v for k, v in counter.items() if whole(k))
    return _pct(sum(v for k, v in counter.items() if whole(k) and part(k)), base)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _text(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1f}%"


def use_sentence(shares: tuple[WeightedShare, ...], online: dict[str, float | None], services: int, without: int) -> str:
    human, pct = shares[0], _text
    return (f"Human services are {pct(human.count_pct)} of the services and {pct(human.applications_pct)} of the "
            f"applications; {pct(online[Group.human.value])} of human-service applications are made online "
            f"({pct(online[Group.other.value])} for the rest). {without} of {services} services give no application figure.")


__all__ = ["UseReport", "UseTally", "WeightedShare", "weights_of"]
