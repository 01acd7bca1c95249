"""Column profiles: map a table's headers to Service fields, chosen from the header itself."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz, process

from register_audit.errors import InputError, RulesError
from register_audit.model.depth import DepthSpec, UseSpec
from register_audit.load.resources import bundled
from register_audit.model.validation import describe_validation
from register_audit.read.table import Table

# Header matching: token_sort_ratio on folded headers; 90 accepts "Service name" for
# "service_name" and small typos, while keeping "service_name_fr" apart from "service_name_en".
HEADER_SCORER = fuzz.token_sort_ratio
HEADER_CUTOFF = 90.0
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold_header(header: str) -> str:
    """A header folded for comparison: case, ё, punctuation and underscores ignored."""
    return " ".join(_NON_WORD.sub(" ", header.casefold().replace("ё", "е")).split())


class ServiceField(StrEnum):
    id = "id"
    name = "name"
    provider = "provider"
    section = "section"
    subsection = "subsection"
    channels = "channels"
    form = "form"
    fee = "fee"
    sources = "sources"


class ColumnMap(BaseModel):
    """The header synonyms of one field, the first present one wins; `split` for lists."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    columns: tuple[str, ...] = Field(min_length=1)
    split: str | None = None


class Profile(BaseModel):
    """How one kind of register file lays out its columns."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    profile: str
    description: str
    fields: dict[ServiceField, ColumnMap]
    names: dict[str, ColumnMap] = Field(default_factory=dict)  # translations, by language
    depth: DepthSpec | None = None  # which fields say how far a service goes online
    use: UseSpec | None = None  # which fields count its applications, calls and visits

    @field_validator("depth", mode="before")
    @classmethod
    def _shared_depth(cls, value: object) -> object:
        """`depth: NAME` is the shared mapping registers/profiles/depth/NAME.yaml."""
        if isinstance(value, str):
            path = bundled("registers") / "profiles" / "depth" / f"{value}.yaml"
            if not path.is_file():
                raise ValueError(f"no shared depth mapping named {value!r} in registers/profiles/depth")
            from register_audit.rules.safe_yaml import safe_load

            return safe_load(path.read_text(encoding="utf-8"), f"registers/profiles/depth/{value}.yaml")
        return value

    @field_validator("fields", "names", mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        """`name: [a, b]` is short for `name: {columns: [a, b]}`."""
        if isinstance(value, dict):
            return {k: ({"columns": v} if isinstance(v, (list, str)) else v) for k, v in value.items()}
        return value


def bundled_profiles() -> dict[str, Profile]:
    """The shipped profiles, by name."""
    folder = bundled("registers") / "profiles"
    return {p.profile: p for p in (load_profile(f) for f in sorted(folder.glob("*.yaml")))}


def load_profile(path: Path) -> Profile:
    """Read and validate a profile file as plain YAML data, or raise RulesError naming the file and field."""
    from register_audit.read.files import error_of, read_text
    from register_audit.rules.safe_yaml import safe_load

    text = read_text(path, what="profile file", error=error_of(RulesError))
    data = safe_load(text, str(path))
    if not isinstance(data, dict):
        raise RulesError(f"{path}: a profile is a mapping with profile, fields and names.")
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        raise RulesError(describe_validation(error, f"{path}: profile")) from None


def resolve_profile(spec: str | None, table: Table) -> Profile:
    """The profile named by SPEC (bundled name or YAML path), else the best fit for the header."""
    profiles = bundled_profiles()
    if spec:
        if spec in profiles:
            return profiles[spec]
        if Path(spec).is_file():
            return load_profile(Path(spec))
        raise InputError(table.path, f"no profile named {spec!r}; bundled profiles are {', '.join(sorted(profiles))}, or give a YAML file.")
    scored = sorted(
        ((_fit(profile, table.header), name) for name, profile in profiles.items()),
        key=lambda pair: (-pair[0], pair[1]),
    )
    best_score, best_name = scored[0]
    if best_score <= 0:
        raise InputError(table.path, _no_name_message(table.header, profiles), field="name")
    return profiles[best_name]


def _fit(profile: Profile, header: tuple[str, ...]) -> float:
    """Share of the profile's fields found in the header; 0 when its name column is absent."""
    mapping = _match_columns(profile, header)
    if ServiceField.name not in mapping:
        return 0.0
    wanted = len(profile.fields) + len(profile.names)
    return (len(mapping) + len(_match_names(profile, header))) / wanted


def _find(columns: tuple[str, ...], header: tuple[str, ...]) -> int | None:
    folded = [fold_header(h) for h in header]
    for column in columns:
        target = fold_header(column)
        if target in folded:
            return folded.index(target)
    for column in columns:
        hit = process.extractOne(fold_header(column), folded, scorer=HEADER_SCORER, score_cutoff=HEADER_CUTOFF)
        if hit is not None:
            return hit[2]
    return None


def _match_columns(profile: Profile, header: tuple[str, ...]) -> dict[ServiceField, int]:
    found = {field: _find(spec.columns, header) for field, spec in profile.fields.items()}
    return {field: index for field, index in found.items() if index is not None}


def _match_names(profile: Profile, header: tuple[str, ...]) -> dict[str, int]:
    found = {lang: _find(spec.columns, header) for lang, spec in profile.names.items()}
    return {lang: index for lang, index in found.items() if index is not None}


def _no_name_message(header: tuple[str, ...], profiles: dict[str, Profile]) -> str:
    synonyms = [c for p in profiles.values() for c in p.fields[ServiceField.name].columns] if profiles else ["name"]
    best = None
    for column in header:
        hit = process.extractOne(fold_header(column), [fold_header(s) for s in synonyms], scorer=fuzz.WRatio)
        if hit and (best is None or hit[1] > best[1]):
            best = (column, hit[1])
    closest = f" The closest header is {best[0]!r}." if best else ""
    return (
        "no column holds the service name (expected a header such as 'name', 'service_name' or "
        f"'Наименование государственной услуги').{closest} Rename it, or give --profile."
    )
