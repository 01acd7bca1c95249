"""Typed records shared by every stage: services, registers, and their labels."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import Annotated, NamedTuple, TypeVar
from register_audit import __version__

from pydantic import AfterValidator, BaseModel, Field, field_serializer

from register_audit.model.base import Frozen
from register_audit.model.depth import UNKNOWN_DEPTH, DepthLabel, Volumes


def construct(cls: type[M], values: dict[str, object]) -> M:
    """An instance of CLS from VALUES the caller built and checked, skipping validation; the
    dict becomes the instance's own.

    For the hot loops of a million-row register: a tenth of what model_construct costs. Every
    field must be given, in declaration order (tests compare it with the validated model)."""
    instance = cls.__new__(cls)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", _all_fields(cls))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)


@cache
def _all_fields(cls: type[BaseModel]) -> set[str]:
    """Every field name of CLS, one set shared by every constructed instance (a million sets cost
    memory). A set, not a frozenset: `model_copy(update=...)` adds the updated names to a copy of
    it, which for a set that already holds every field changes nothing."""
    return set(cls.model_fields)


# --------------------------------------------------------------------------- registers


class Location(NamedTuple):
    """Where a record came from: the file, and the 1-based row of the table (header is row 1
    for CSV, the sheet row for XLSX, the item number for JSON).

    A named tuple, not a model: a million-row register keeps a million of them.
    """

    file: str
    row: int | None = None


class Sighting(Frozen):
    """One published source in which a service name was seen (a legal act, a portal page)."""

    url: str
    title: str = ""
    era: str = ""
    name: str = ""
    language: str = ""
    reliability: str = ""
    link: str = ""  # how it was tied to its service where no group or equal name did (registers/kz/links.csv)


class Service(Frozen):
    """One service of a register, with every source column kept."""

    id: str
    name: str
    names: dict[str, str] = Field(default_factory=dict)  # translations, by language code
    provider: str = ""
    section: str = ""
    subsection: str = ""
    channels: tuple[str, ...] = ()
    form: str = ""
    fee: str = ""
    sources: tuple[Sighting, ...] = ()
    extra: dict[str, str] = Field(default_factory=dict)  # unmapped source columns
    # How far the service goes online and how much it is used, as the profile reads the row.
    depth: DepthLabel = UNKNOWN_DEPTH
    volumes: Volumes | None = None
    location: Location

    @field_serializer("location")
    def _location_as_object(self, location: Location) -> dict[str, object]:
        return {"file": location.file, "row": location.row}

    def field_text(self, field: str) -> str:
        """The text of a mapped field or an unmapped source column ("" when absent)."""
        if field in _TEXT_FIELDS:
            value = getattr(self, field)
            return " ".join(value) if isinstance(value, tuple) else value
        if field.startswith("name_"):
            return self.names.get(field[5:], "")
        return self.extra.get(field, "")


_TEXT_FIELDS = frozenset({"id", "name", "provider", "section", "subsection", "channels", "form", "fee"})


class RegisterMeta(Frozen):
    """What edition of which register this is, and on what terms it may be used."""

    name: str  # the bundled edition name ("kz/2013") or the file path
    country: str = ""
    title: str = ""
    edition: str = ""  # an ISO date or a fiscal year: sorts in time order
    source: str = ""
    licence: str = ""
    attribution: str = ""
    languages: tuple[str, ...] = ()
    profile: str = ""
    partial_collection: bool = False  # a collection of sightings, not the whole register
    notes: str = ""


class Notice(Frozen):
    """Something a user should know about the input that did not stop the run."""

    file: str
    row: int | None = None
    field: str | None = None
    message: str


class Register(Frozen):
    """One edition of a register: its metadata and its services, in source order."""

    meta: RegisterMeta
    services: tuple[Service, ...]
    warnings: tuple[Notice, ...] = ()


# --------------------------------------------------------------------------- provenance


class SourceRef(Frozen):
    """One rule file or catalogue a report used: its id, version, axis (for rules) and path."""

    id: str
    version: str
    axis: str = ""
    path: str = ""


class Provenance(Frozen):
    """What made a report: the tool's version, and the rule files and catalogue it used."""

    tool: str = "register-audit"
    version: str = __version__
    rules: tuple[SourceRef, ...] = ()
    catalogue: SourceRef | None = None


# --------------------------------------------------------------------------- labels


class Axis(StrEnum):
    nature = "nature"
    completeness = "completeness"
    domain = "domain"


class Nature(StrEnum):
    transactional = "transactional"
    transformational = "transformational"
    unclassified = "unclassified"


class Completeness(StrEnum):
    complete = "complete"
    partial = "partial"
    unclassified = "unclassified"


class PartialKind(StrEnum):
    queue = "queue"
    appointment = "appointment"
    application = "application"
    referral = "referral"
    enrolment = "enrolment"


UNCLASSIFIED = "unclassified"

COFOG = re.compile(r"^(0[1-9]|10)(\.[0-9])?$")


def _cofog(value: str) -> str:
    if not COFOG.match(value):
        raise ValueError(f"{value!r} is not a COFOG division or group such as '07' or '07.2'")
    return value


CofogCode = Annotated[str, AfterValidator(_cofog)]  # "07" (division) or "07.2" (group)

HUMAN_DIVISIONS = frozenset({"07", "09", "10"})
HUMAN_GROUPS = frozenset({"06.3"})


def is_human_domain(domain: str) -> bool | None:
    """CODEBOOK §4: health, education, social protection and water supply; None if unknown."""
    if domain == UNCLASSIFIED:
        return None
    return domain[:2] in HUMAN_DIVISIONS or domain in HUMAN_GROUPS


class HumanLabel(StrEnum):
    """The human_service label as a report or a label file writes it (Labels holds a bool, or
    None when the domain is unclassified): the one way that label becomes text."""

    true = "true"
    false = "false"
    unclassified = UNCLASSIFIED

    @classmethod
    def of(cls, value: bool | None) -> "HumanLabel":
        return cls.unclassified if value is None else (cls.true if value else cls.false)


class Evidence(Frozen):
    """Why an axis got its value: the rule, the field it read, and the text it matched."""

    rule_id: str
    value: str
    kind: str | None = None
    priority: int = 0
    field: str = "name"
    matched: str = ""


class Decision(Frozen):
    """One axis of one service: the winner, the rules that lost, and any unresolved conflict."""

    axis: Axis
    value: str
    kind: str | None = None
    winner: Evidence | None = None  # None: no rule matched, the value is "unclassified"
    losers: tuple[Evidence, ...] = ()
    conflict: tuple[Evidence, ...] = ()  # equal-priority rules with other values


class Labels(Frozen):
    """The four codebook labels of one service, with their evidence."""

    nature: Nature
    completeness: Completeness
    partial_kind: PartialKind | None = None
    domain: str  # COFOG "07.2" / "07", or "unclassified"
    human_service: bool | None  # None: unclassified, because the domain is
    decisions: tuple[Decision, ...] = ()

    @property
    def has_conflict(self) -> bool:
        return any(d.conflict for d in self.decisions)


class ClassifiedService(Frozen):
    service: Service
    labels: Labels


class Classification(Frozen):
    """Every service of one register edition with its labels, in source order."""

    meta: RegisterMeta
    ruleset: str  # the rule-set name or folder used
    items: tuple[ClassifiedService, ...]
    provenance: Provenance = Provenance()  # the tool and the rule files used

    @property
    def unclassified(self) -> tuple[str, ...]:
        """Ids of services that some axis left unclassified, sorted."""
        return tuple(
            sorted(
                item.service.id
                for item in self.items
                if UNCLASSIFIED
                in (item.labels.nature, item.labels.completeness, item.labels.domain)
            )
        )


