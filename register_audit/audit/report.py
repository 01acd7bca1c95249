"""The audit report's typed model: what `audit` returns and every renderer reads."""

from __future__ import annotations

import warnings
from typing import Literal

from register_audit.audit.catalogue import Role, Status
from register_audit.audit.depth import DepthReport
from register_audit.audit.use import UseReport
from register_audit.model.depth import Depth
from register_audit.model.caveats import ReportWarning
from register_audit.model.records import Frozen, Provenance

# COFOG (UN, 1999) titles of the divisions and of the groups the codebook and catalogue use.
COFOG_TITLES = {
    "01": "General public services", "02": "Defence", "03": "Public order and safety",
    "04": "Economic affairs", "05": "Environmental protection",
    "06": "Housing and community amenities", "07": "Health",
    "08": "Recreation, culture and religion", "09": "Education", "10": "Social protection",
    "04.1": "General economic and labour affairs", "04.2": "Agriculture, forestry, fishing and hunting",
    "04.3": "Fuel and energy", "04.4": "Mining, manufacturing and construction", "04.5": "Transport",
    "04.6": "Communication", "04.7": "Other industries",
    "06.1": "Housing development", "06.2": "Community development", "06.3": "Water supply",
    "06.4": "Street lighting", "07.1": "Medical products", "07.2": "Outpatient services",
    "07.3": "Hospital services", "07.4": "Public health services",
    "09.1": "Pre-primary and primary education", "09.2": "Secondary education",
    "09.3": "Post-secondary non-tertiary education", "09.4": "Tertiary education",
    "09.5": "Education not definable by level", "09.6": "Subsidiary services to education",
    "10.1": "Sickness and disability", "10.2": "Old age", "10.3": "Survivors",
    "10.4": "Family and children", "10.5": "Unemployment", "10.6": "Housing",
    "10.7": "Social exclusion n.e.c.",
}


class RegisterInfo(Frozen):
    """The audited edition, and a warning when it is not the whole register."""

    name: str
    title: str
    edition: str
    country: str
    source: str
    licence: str
    partial_collection: bool
    notes: str
    warning: str | None


class LabelCounts(Frozen):
    """Counts of every label value (zeros kept, so keys never come and go between runs)."""

    services: int
    nature: dict[str, int]
    completeness: dict[str, int]
    partial_kind: dict[str, int]
    human_service: dict[str, int]
    cross: dict[str, dict[str, int]]  # nature → completeness → services
    # human_service → completeness → services: "human services only an access step" is
    # human_cross["true"]["partial"] (trend's measures read it; compare/trend.py).
    human_cross: dict[str, dict[str, int]]
    # Services whose label on an axis was decided by default: by a fallback rule (one whose
    # condition reads no content word, e.g. "no sign of money or care delivered: paperwork") or
    # by no rule (unclassified). Labelled, but not by evidence (rules/fallback.py).
    fallback: dict[str, int]
    fallback_share: dict[str, float]  # fallback / services per axis, 4 places


class DomainRow(Frozen):
    """One COFOG division or group: its services, and spending on it where a figure exists."""

    code: str
    level: Literal["division", "group"]
    title: str
    services: int
    share_pct: float  # of all services in the register
    partial_pct: float | None  # of this domain's services; None when it has none
    transformational_pct: float | None
    spending_pct: float | None  # None: no figure (unknown, never zero)
    spending_partial: bool
    ratio: float | None  # register share / spending share


class ServiceRef(Frozen):
    """A register service behind a human-service verdict, and the words that tied it there."""

    id: str
    name: str
    role: Role
    pattern: str
    matched: str
    depth: Depth  # how far it goes online, from the register's fields


class HumanService(Frozen):
    """One catalogue entry's verdict and the register services behind it."""

    id: str
    cofog: str
    title: str
    status: Status
    services: tuple[ServiceRef, ...]
    # The furthest depth of the services behind the verdict (delivery ones when delivered),
    # and whether one is online end to end: None when no depth is known (or no service).
    depth: Depth | None = None
    end_to_end: bool | None = None


class ServiceRow(Frozen):
    """One register service with its labels and the catalogue entries it serves (for CSV)."""

    id: str
    name: str
    nature: str
    completeness: str
    partial_kind: str  # "" when not partial
    domain: str
    human_service: str  # true | false | unclassified
    catalogue: tuple[tuple[str, Role], ...]  # (entry id, role)


class Headline(Frozen):
    """The number a ministry would boast beside the numbers that matter."""

    services: int
    transactional: int
    human_services: int  # catalogue entries
    delivered: int
    access_only: int
    excluded: int
    sentence: str


class Conflict(Frozen):
    """Rules of equal priority that gave one service different values on one axis."""

    id: str
    axis: str
    rules: tuple[str, ...]


class BudgetInfo(Frozen):
    """Which spending table weighs the domains, and what it does not cover."""

    path: str
    default: bool  # chosen for the register's country because --budget was not given
    year: str
    level: str
    currency: str
    source: str
    caveats: tuple[str, ...]


# The contract's JSON key is `register`, which shadows ABCMeta.register on the class; an
# instance attribute is what every reader uses, so the warning is silenced while this one class
# is built (never for the whole process: a user's own warnings filters stay as they are).
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register" in "Audit" shadows')

    class Audit(Frozen):
        """The coverage report of one register edition."""

        register: RegisterInfo
        warnings: tuple[ReportWarning, ...]  # shown next to the headline (model/caveats.py)
        ruleset: str
        catalogue: str
        headline: Headline
        summary: LabelCounts  # the JSON key stays `summary`
        domains: tuple[DomainRow, ...]
        human_services: tuple[HumanService, ...]
        unclassified: tuple[str, ...]
        conflicts: tuple[Conflict, ...]
        budget: BudgetInfo | None
        services: tuple[ServiceRow, ...]  # every service, in register order (for CSV); empty if not asked for
        depth: DepthReport  # how far services go online, human services beside the rest
        use: UseReport  # the paradox shares by count, and by applications and interactions where the register counts them
        provenance: Provenance = Provenance()  # the tool, the rule files and the catalogue used


