"""Digital depth and use volumes: what a register's own fields say about how far a service goes online and how much it is used."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from register_audit.model.base import Frozen
from register_audit.rules.text import PatternText


class Depth(StrEnum):
    """How far a service goes online, from the register's fields only (never from its name).

    In order, furthest first: `unknown` is not a depth but the register's silence."""

    end_to_end = "end_to_end"  # application, decision and issuance online (those the service has)
    apply_online = "apply_online"  # the application online; the decision or the issuance not
    information = "information"  # only information online
    offline = "offline"
    unknown = "unknown"  # the register does not say


DEPTH_ORDER = (Depth.end_to_end, Depth.apply_online, Depth.information, Depth.offline)


class DepthLabel(Frozen):
    """A service's depth and its evidence: the fields read, their values, and the reading."""

    value: Depth
    fields: dict[str, str] = Field(default_factory=dict)  # field → the value read, in reading order
    reason: str = ""


UNKNOWN_DEPTH = DepthLabel(value=Depth.unknown, reason="the register's profile maps no field to digital depth")


class Volumes(Frozen):
    """A service's use, as the register counts it: applications by channel, calls, web visits.

    None is a figure the register does not give (`ND`, `no_data`, `not_applicable`, empty):
    unknown, never zero. A channel the edition has no column for is not a key at all."""

    applications: dict[str, int | None]
    calls: int | None = None
    visits: int | None = None

    def applications_total(self, channels: tuple[str, ...] | None = None) -> int | None:
        """The applications on CHANNELS (default: every channel given); None when no figure is known."""
        known = [v for c, v in self.applications.items() if v is not None and (channels is None or c in channels)]
        return sum(known) if known else None

    def interactions_total(self, channels: tuple[str, ...] | None = None) -> int | None:
        """Applications, calls and web visits together; None when none is known."""
        parts = [v for v in (self.applications_total(channels), self.calls, self.visits) if v is not None]
        return sum(parts) if parts else None


# --------------------------------------------------------------------------- profile sections


class StepsDepth(Frozen):
    """A register that says, per step, whether it is online (Canada's `e_application` … columns).

    Each step is a field with one of the ONLINE, OFFLINE or ABSENT values (ABSENT: the step does
    not exist for the service); any other value makes that step unknown."""

    application: str
    decision: str
    issuance: str
    information: str | None = None  # a field saying whether information is online
    online: tuple[str, ...] = ("Y",)
    offline: tuple[str, ...] = ("N",)
    absent: tuple[str, ...] = ("NA",)


class TextDepthRule(Frozen):
    """Word-prefix patterns on a free-text field; the first rule with a pattern found gives the depth."""

    depth: Depth
    any: tuple[PatternText, ...] = Field(min_length=1)
    description: str = ""

    @field_validator("depth")
    @classmethod
    def _known(cls, value: Depth) -> Depth:
        if value is Depth.unknown:
            raise ValueError("a rule gives a depth; `unknown` is what no rule matching means")
        return value


class TextDepth(Frozen):
    """A register that describes the form of delivery in words (Kazakhstan's «Форма оказания»)."""

    field: str
    rules: tuple[TextDepthRule, ...] = Field(min_length=1)


class DepthSpec(Frozen):
    """A profile's `depth` section: one of the two ways a register can state digital depth."""

    steps: StepsDepth | None = None
    text: TextDepth | None = None


class UseSpec(Frozen):
    """A profile's `use` section: the fields that count applications (by channel), calls and visits."""

    applications: dict[str, str] = Field(min_length=1)  # channel → field
    calls: str | None = None
    visits: str | None = None
    unknown: tuple[str, ...] = ("", "ND", "no_data", "not_applicable")


__all__ = ["Depth", "DEPTH_ORDER", "DepthLabel", "DepthSpec", "StepsDepth", "TextDepth", "TextDepthRule",
           "UNKNOWN_DEPTH", "UseSpec", "Volumes"]
