"""Check policies: their schema, and loading them from YAML with errors that name file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import ConfigDict, Field, ValidationError

from register_audit.errors import PolicyError
from register_audit.model.records import Frozen
from register_audit.model.validation import first_problem, more_problems
from register_audit.rules.safe_yaml import safe_load

CHECK_ID = r"^[a-z0-9][a-z0-9_.\-]*$"
# A policy is a handful of checks; the bound only stops a hostile or mistaken file early.
MAX_FILE_BYTES = 256 * 1024


class _Check(Frozen):
    """What every check has: an id (finding identity and baselines use it) and a message."""

    # Strict: YAML `max: "0.2"` or `max: yes` is a mistake to report, not a value to coerce.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
    needs_against: ClassVar[bool] = False

    id: str = Field(pattern=CHECK_ID, max_length=100, description="an id of lower-case letters, digits, '.', '-' or '_'")
    message: str = Field(min_length=1, description="a sentence saying what the check guards")


class UnclassifiedShare(_Check):
    """At most MAX of the register's services may be left unclassified on some axis."""

    measure: Literal["unclassified_share"] = Field(description="a measure kind")
    max: float = Field(ge=0, le=1, description="a number between 0 and 1")


class DeliveredShare(_Check):
    """At least MIN of the catalogue's human services must be `delivered` by the register."""

    measure: Literal["delivered_share"] = Field(description="a measure kind")
    min: float = Field(ge=0, le=1, description="a number between 0 and 1")


class AccessOnlyShare(_Check):
    """At most MAX of the catalogue's human services may be present only as an access step."""

    measure: Literal["access_only_share"] = Field(description="a measure kind")
    max: float = Field(ge=0, le=1, description="a number between 0 and 1")


class NewPartialHumanServices(_Check):
    """At most MAX human services may be partial in this edition but not in the previous one.

    Needs `--against OLD`; without it the check is reported as skipped (see check.py).
    """

    needs_against: ClassVar[bool] = True
    measure: Literal["new_partial_human_services"] = Field(description="a measure kind")
    max: int = Field(default=0, ge=0, description="a whole number of at least 0")


class FallbackShare(_Check):
    """On each of AXES, at most MAX of the services may be labelled by default: by a fallback
    rule (one that reads no content word) or by no rule (unclassified). Above it, the labels on
    that axis describe the rules' default, not the register."""

    measure: Literal["fallback_share"] = Field(description="a measure kind")
    max: float = Field(default=0.10, ge=0, le=1, description="a number between 0 and 1")
    axes: tuple[Literal["nature", "completeness", "domain"], ...] = Field(
        default=("nature", "completeness", "domain"), min_length=1, strict=False,
        description="a list of axes: nature, completeness, domain")


class RuleExamples(_Check):
    """Every `match` and `no_match` example of the rule set in use must hold."""

    measure: Literal["rule_examples"] = Field(description="a measure kind")


Check = Annotated[
    Union[UnclassifiedShare, DeliveredShare, AccessOnlyShare, NewPartialHumanServices, FallbackShare, RuleExamples],
    Field(discriminator="measure"),
]
# The closed set of measure kinds, by the `measure` value a policy file uses.
MEASURES: dict[str, type[_Check]] = {
    cls.model_fields["measure"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (UnclassifiedShare, DeliveredShare, AccessOnlyShare, NewPartialHumanServices, FallbackShare, RuleExamples)
}


class Policy(Frozen):
    """A named list of checks, run in file order."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    version: Literal[1] = Field(default=1, description="1 (the policy format version)")
    description: str = Field(default="", description="text")
    # Not strict here: YAML gives a list, and each item was already checked strictly.
    checks: tuple[Check, ...] = Field(min_length=1, strict=False, description="a list of at least one check")


class SourcedPolicy(Frozen):
    """A policy with the path it was read from, for every message about it."""

    path: str
    policy: Policy


# --------------------------------------------------------------------------- loading


def load_policy(path: str | Path) -> SourcedPolicy:
    """Read and validate the policy at PATH, or raise PolicyError naming the file and the key."""
    from register_audit.read.files import error_of, read_text

    name = str(path)
    text = read_text(path, limit=MAX_FILE_BYTES, what="policy file", error=error_of(PolicyError))
    return SourcedPolicy(path=name, policy=parse_policy(text, name))


def parse_policy(text: str, name: str) -> Policy:
    """Validate policy TEXT; NAME is the file named in every error."""
    data = safe_load(text, name, PolicyError)
    if not isinstance(data, dict):
        raise PolicyError(f"{name}: a policy is a mapping with a 'checks' list, found {_kind(data)}.")
    checks = data.get("checks")
    if isinstance(checks, list):
        _check_each(checks, name)
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(_describe(error, Policy, name, "")) from None


def _check_each(checks: list[Any], name: str) -> None:
    """Validate each check against its own measure kind, so errors name `checks[i].key`."""
    seen: dict[str, int] = {}
    for index, item in enumerate(checks):
        where = f"checks[{index}]"
        if not isinstance(item, dict):
            raise PolicyError(f"{name}: {where}: expected a mapping with id, measure and message, found {_kind(item)}.")
        measure = item.get("measure")
        if not isinstance(measure, str) or measure not in MEASURES:
            found = "nothing" if measure is None else repr(measure)
            raise PolicyError(f"{name}: {where}.measure: expected one of {', '.join(MEASURES)}, found {found}.")
        kind = MEASURES[measure]
        try:
            kind.model_validate(item)
        except ValidationError as error:
            raise PolicyError(_describe(error, kind, name, where)) from None
        if item["id"] in seen:
            raise PolicyError(f"{name}: {where}.id: {item['id']!r} is already the id of checks[{seen[item['id']]}].")
        seen[item["id"]] = index


def _describe(error: ValidationError, model: type[Frozen], name: str, prefix: str) -> str:
    """One sentence for the first problem: `file: key: expected …, found …` (+ how many more);
    the problem chosen, and the count of the others, as for every other file (model/validation.py)."""
    first = first_problem(error, unknown_first=True)
    loc = [part for part in first.loc if part not in MEASURES]  # drop discriminator tags
    key = prefix
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    field = model.model_fields.get(str(loc[0])) if len(loc) == 1 else None
    if first.type == "extra_forbidden":
        problem = f"unknown key; allowed keys are {', '.join(model.model_fields)}"
    elif first.type == "missing":
        expected = field.description if field and field.description else "a value"
        problem = f"missing; expected {expected}"
    elif field is not None and field.description:
        problem = f"expected {field.description}, found {_shown(first.input)}"
    else:
        problem = f"{first.message[0].lower()}{first.message[1:]}, found {_shown(first.input)}"
    return f"{name}: {key or 'policy'}: {problem}{more_problems(first.more)}."


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


__all__ = [
    "AccessOnlyShare", "Check", "DeliveredShare", "FallbackShare", "MEASURES", "NewPartialHumanServices", "Policy",
    "RuleExamples", "SourcedPolicy", "UnclassifiedShare", "load_policy", "parse_policy",
]
