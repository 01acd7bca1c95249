"""Column profiles: map a table's headers to Service fields, chosen from the header itself."""

from __future__ import annotations

import json
import operator
import re
from enum import StrEnum
from pathlib import Path
from typing import Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz, process

from register_audit.errors import InputError, RulesError
from register_audit.model.depth import DepthSpec, UseSpec
from register_audit.model.records import Location, Notice, RegisterMeta, Service, Sighting, construct
from register_audit.load.signals import Signals
from register_audit.load.resources import bundled
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
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RulesError(f"{path}: profile field {where!r}: {first['msg']}.") from None


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


class ServiceStream:
    """The services of one table, built one at a time as they are iterated (once).

    A million-row register is audited from the stream without holding every Service; the
    notices (duplicate ids, empty names) are complete once the iteration has ended.
    """

    def __init__(self, table: Table, profile: Profile, meta: RegisterMeta) -> None:
        self.table = table
        self.meta = meta.model_copy(update={"profile": profile.profile})
        self.notices: list[Notice] = []
        self._columns = _match_columns(profile, table.header)
        if ServiceField.name not in self._columns:
            raise InputError(table.path, _no_name_message(table.header, bundled_profiles()), field="name")
        self._names = _match_names(profile, table.header)
        channels = profile.fields.get(ServiceField.channels)
        self._channels_split = channels.split if channels else None
        self.signals = Signals(profile.depth, profile.use, _field_names(profile, table.header, self._columns))

    def __iter__(self) -> Iterator[Service]:
        table, columns, notices = self.table, self._columns, self.notices
        mapped = set(columns.values()) | set(self._names.values())
        extra_columns = [(i, h) for i, h in enumerate(table.header) if i not in mapped and h]
        extra_headers = tuple(h for _, h in extra_columns)
        # itemgetter picks the unmapped cells in C; a per-cell Python loop cost most of the load
        # time of a wide register (Canada's inventory has 45 columns).
        pick_extra = operator.itemgetter(*(i for i, _ in extra_columns)) if len(extra_columns) > 1 else None
        id_at = columns.get(ServiceField.id)
        id_header = table.header[id_at] if id_at is not None else "id"
        name_at = columns[ServiceField.name]
        singles = [(f.value, i) for f, i in columns.items() if f.value in _SINGLE_FIELDS]
        channels_at = columns.get(ServiceField.channels)
        sources_at = columns.get(ServiceField.sources)
        name_columns = list(self._names.items())
        seen: set[str] = set()
        repeats: dict[str, int] = {}
        empty_names: list[int] = []
        shared: dict[str, str] = {}  # one string object per repeated short value (providers, sections)
        share, template, path, signals = shared.setdefault, _TEMPLATE, table.path, self.signals
        count = 0
        for number, cells in table.rows:
            name = cells[name_at].strip()
            if "  " in name or not name.isprintable():  # line breaks, tabs, no-break spaces
                name = " ".join(name.split())
            if not name:
                empty_names.append(number)
                continue
            service_id = (cells[id_at].strip() if id_at is not None else "") or f"row{number}"
            if service_id in seen:
                repeats[service_id] = repeats.get(service_id, 1) + 1
                kept = f"{service_id}~{repeats[service_id]}"
                notices.append(Notice(file=table.path, row=number, field=id_header,
                                      message=f"duplicate id {service_id!r}; this row is kept as {kept}."))
                service_id = kept
            seen.add(service_id)
            values = template.copy()  # every field, in declaration order, so dumps keep field order
            for field, i in singles:
                value = cells[i].strip()
                values[field] = share(value, value) if len(value) <= _SHARED_MAX_LENGTH else value
            if channels_at is not None and cells[channels_at].strip():
                raw = cells[channels_at]
                parts = raw.split(self._channels_split) if self._channels_split else [raw]
                values["channels"] = tuple(_share(shared, p.strip()) for p in parts if p.strip())
            if sources_at is not None and cells[sources_at].strip():
                values["sources"] = _parse_sources(table.path, number, table.header[sources_at], cells[sources_at])
            if pick_extra is not None:
                values["extra"] = dict(zip(extra_headers, pick_extra(cells)))
            elif extra_columns:
                values["extra"] = {extra_headers[0]: cells[extra_columns[0][0]]}
            if name_columns:
                translations = {lang: cells[i].strip() for lang, i in name_columns if cells[i].strip()}
                values["names"] = translations or _EMPTY
            values["id"], values["name"], values["location"] = service_id, name, Location(path, number)
            if signals.active:
                text = _row_text(values)
                values["depth"], values["volumes"] = signals.depth(text), signals.volumes(text, number)
            count += 1
            yield construct(Service, values)  # every value checked above; validating again costs 10x
        for field, (row, value) in sorted(signals.bad_numbers.items()):
            notices.append(Notice(file=table.path, row=row, field=field,
                                  message=f"{value!r} is not a count; it is read as unknown (and so is any other cell of {field} that is not a number)."))
        if not count:
            if empty_names:
                raise InputError(table.path, "every row has an empty service name.", field=table.header[name_at])
            raise InputError(table.path, "the file has a header but no rows of services.")
        if empty_names:
            listed = ", ".join(str(n) for n in empty_names[:10])
            notices.append(Notice(file=table.path, field=table.header[name_at],
                                  message=f"{len(empty_names)} row(s) with an empty service name were skipped: rows {listed}."))


def _field_names(profile: Profile, header: tuple[str, ...], columns: dict[ServiceField, int]) -> tuple[str, ...]:
    """The names a depth or use section may read in this table: mapped fields and unmapped headers."""
    return (*(f.value for f in columns), *header)


def _row_text(values: dict[str, object]) -> Callable[[str], str]:
    """A field's text in a row being built: a mapped field, else an unmapped source column."""
    extra = values["extra"]

    def text(field: str) -> str:
        value = values.get(field) if field in _TEXT_VALUES else extra.get(field)  # type: ignore[union-attr]
        if isinstance(value, tuple):
            return " ".join(value)
        return value or ""  # type: ignore[return-value]

    return text


_TEXT_VALUES = frozenset({"id", "name", "provider", "section", "subsection", "channels", "form", "fee"})
_SHARED_MAX_LENGTH = 80
_SHARED_MAX_VALUES = 100_000


def _share(shared: dict[str, str], value: str) -> str:
    """One object for each repeated short value, so a million rows naming one ministry hold it once."""
    if len(value) > _SHARED_MAX_LENGTH or len(shared) >= _SHARED_MAX_VALUES:
        return value
    return shared.setdefault(value, value)


_SINGLE_FIELDS = ("provider", "section", "subsection", "form", "fee")
class _EmptyMapping(dict):
    """An empty dict that cannot be filled: one object shared by every service without
    translations or extra columns (a million rows would otherwise hold a million empty dicts),
    safe to share because nothing can be put in it."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a service's fields are read-only; build a new Service (model_copy) to change one")

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = __ior__ = _refuse  # type: ignore[assignment]


_EMPTY: dict[str, str] = _EmptyMapping()
_TEMPLATE = {
    name: (info.default if info.default_factory is None else _EMPTY) for name, info in Service.model_fields.items()
}


def _parse_sources(path: str, row: int, column: str, text: str) -> tuple[Sighting, ...]:
    try:
        items = json.loads(text)
        return tuple(Sighting.model_validate(item) for item in items)
    except (json.JSONDecodeError, ValidationError, TypeError):
        raise InputError(path, "the sources cell must be a JSON list of {url, title, era, name, language, reliability} objects.", row=row, field=column) from None
