"""A table's rows as Service records, built one at a time as they are iterated."""

from __future__ import annotations

import json
import operator
from typing import Callable, Iterator, Sequence

from pydantic import ValidationError

from register_audit.errors import InputError
from register_audit.load.profiles import Profile, ServiceField, _match_columns, _match_names, _no_name_message, bundled_profiles
from register_audit.load.signals import Signals
from register_audit.model.records import Location, Notice, RegisterMeta, Service, Sighting, construct
from register_audit.read.table import Table


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
        id_at = columns.get(ServiceField.id)
        id_header = table.header[id_at] if id_at is not None else "id"
        name_at = columns[ServiceField.name]
        build, signals = self.builder(), self.signals
        seen: set[str] = set()
        repeats: dict[str, int] = {}
        empty_names: list[int] = []
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
            count += 1
            yield build(number, cells, service_id, name)
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


    def builder(self, signals: bool = True) -> Callable[[int, Sequence[str], str, str], Service]:
        """A function from a row (its number, cells, id and cleaned name) to its Service, as
        iterating builds it: a diff builds the Services of only the rows that differ (load/rows.py).
        SIGNALS=False leaves the depth unknown and the volumes out (a diff reads neither)."""
        table, columns = self.table, self._columns
        mapped = set(columns.values()) | set(self._names.values())
        extra_columns = [(i, h) for i, h in enumerate(table.header) if i not in mapped and h]
        extra_headers = tuple(h for _, h in extra_columns)
        # itemgetter picks the unmapped cells in C; a per-cell Python loop cost most of the load
        # time of a wide register (Canada's inventory has 45 columns).
        pick_extra = operator.itemgetter(*(i for i, _ in extra_columns)) if len(extra_columns) > 1 else None
        singles = [(f.value, i) for f, i in columns.items() if f.value in _SINGLE_FIELDS]
        channels_at = columns.get(ServiceField.channels)
        sources_at = columns.get(ServiceField.sources)
        channels_split = self._channels_split
        name_columns = list(self._names.items())
        shared: dict[str, str] = {}  # one string object per repeated short value (providers, sections)
        share, template, path = shared.setdefault, _TEMPLATE, table.path
        read = self.signals if signals and self.signals.active else None

        def build(number: int, cells: Sequence[str], service_id: str, name: str) -> Service:
            values = template.copy()  # every field, in declaration order, so dumps keep field order
            for field, i in singles:
                value = cells[i].strip()
                values[field] = share(value, value) if len(value) <= _SHARED_MAX_LENGTH else value
            if channels_at is not None and cells[channels_at].strip():
                raw = cells[channels_at]
                parts = raw.split(channels_split) if channels_split else [raw]
                values["channels"] = tuple(_share(shared, p.strip()) for p in parts if p.strip())
            if sources_at is not None and cells[sources_at].strip():
                values["sources"] = _parse_sources(path, number, table.header[sources_at], cells[sources_at])
            if pick_extra is not None:
                values["extra"] = dict(zip(extra_headers, pick_extra(cells)))
            elif extra_columns:
                values["extra"] = {extra_headers[0]: cells[extra_columns[0][0]]}
            if name_columns:
                translations = {lang: cells[i].strip() for lang, i in name_columns if cells[i].strip()}
                values["names"] = translations or _EMPTY
            values["id"], values["name"], values["location"] = service_id, name, Location(path, number)
            if read is not None:
                text = _row_text(values)
                values["depth"], values["volumes"] = read.depth(text), read.volumes(text, number)
            return construct(Service, values)  # every value checked above; validating again costs 10x

        return build


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


__all__ = ["ServiceStream"]
