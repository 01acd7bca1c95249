"""A register read as columns (ids, names, the texts of chosen fields), never a Service per row."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from operator import itemgetter
from typing import Iterator, Sequence

from register_audit.errors import InputError
from register_audit.load.profiles import ServiceField, bundled_profiles, _no_name_message
from register_audit.load.stream import ServiceStream
from register_audit.model.depth import DepthLabel, Volumes
from register_audit.model.records import Notice

# Rows handled at once: the per-row work is C loops over one column of a chunk at a time.
CHUNK_ROWS = 1 << 16


@dataclass(frozen=True, slots=True)
class Columns:
    """One chunk of a register's services, in source order, as one list per column.

    `texts[field]` is `Service.field_text(field)` of each service; `translations` (one tuple per
    service, languages in sorted order, "" where absent) is None when the profile maps none.
    """

    ids: list[str]
    names: list[str]
    texts: dict[str, list[str]]
    languages: tuple[str, ...]
    translations: list[tuple[str, ...]] | None
    # When the profile has depth or use sections: each service's number into `signal_values`,
    # the distinct (depth, volumes) of the chunk (else None and ()).
    signals: list[int] | None = None
    signal_values: tuple[tuple[DepthLabel, Volumes | None], ...] = ()
    # Each service's row number and cells as read (the reader's own lists, not copied).
    numbers: Sequence[int] = ()
    rows: Sequence[Sequence[str]] = ()


class _Cleaned(dict):
    """Each distinct raw cell cleaned once (`dict.__getitem__` is a C loop for the repeats)."""

    def __init__(self, clean) -> None:
        super().__init__()
        self.clean = clean

    def __missing__(self, raw: str) -> str:
        if len(self) >= _CLEANED_LIMIT:  # a column of all-distinct texts must not grow without bound
            self.clear()
        value = self[raw] = self.clean(raw)
        return value


_CLEANED_LIMIT = 1 << 18


def _name(raw: str) -> str:
    """The profile's cleaning of a name cell (ServiceStream): stripped, runs of white space as one."""
    name = raw.strip()
    if "  " in name or not name.isprintable():
        name = " ".join(name.split())
    return name


def read_columns(stream: ServiceStream, fields: Sequence[str], *, signals: bool = True) -> Iterator[Columns]:
    """STREAM's services as chunks of columns, with `Service.field_text` of each of FIELDS; the
    same services, ids, notices and errors as iterating STREAM (tests/test_columns.py).

    SIGNALS=False leaves out each row's depth and volumes (a diff reads neither), keeping the
    notices about cells that are not counts."""
    table, columns = stream.table, stream._columns
    if ServiceField.name not in columns:
        raise InputError(table.path, _no_name_message(table.header, bundled_profiles()), field="name")
    header, path, notices = table.header, table.path, stream.notices
    name_at, id_at = columns[ServiceField.name], columns.get(ServiceField.id)
    id_header = header[id_at] if id_at is not None else "id"
    languages = tuple(sorted(stream._names))
    mapped = set(columns.values()) | set(stream._names.values())
    extra = {h: i for i, h in enumerate(header) if i not in mapped and h}  # the last column of a header wins, as in a dict
    getters = {field: _getter(stream, field, extra) for field in fields if field not in ("name", "id")}
    keep = None
    row_filter = getattr(stream, "row_filter", None)
    if row_filter is not None:
        keep = (extra.get(row_filter[0]), row_filter[1])
    # A profile's depth and use sections: each distinct combination of the fields they read once.
    profile_signals = stream.signals if stream.signals.active else None
    signal_fields = () if profile_signals is None else tuple(dict.fromkeys((*profile_signals.depth_fields, *profile_signals.use_fields)))
    signal_getters = [_getter(stream, f, extra) for f in signal_fields]
    seen: set[str] = set()
    repeats: dict[str, int] = {}
    empty_names: list[int] = []
    clean_name = _Cleaned(_name)
    count = 0
    rows = iter(table.rows)
    while True:
        chunk = list(itertools.islice(rows, CHUNK_ROWS))
        if not chunk:
            break
        numbers = [n for n, _ in chunk]
        cells = [c for _, c in chunk]
        names = list(map(clean_name.__getitem__, map(itemgetter(name_at), cells)))
        if "" in names:
            kept = [k for k, name in enumerate(names) if name]
            empty_names += [numbers[k] for k, name in enumerate(names) if not name]
            cells, numbers, names = [cells[k] for k in kept], [numbers[k] for k in kept], [names[k] for k in kept]
        if id_at is not None:
            ids = list(map(str.strip, map(itemgetter(id_at), cells)))
            if "" in ids:
                ids = [i or f"row{n}" for i, n in zip(ids, numbers)]
        else:
            ids = [f"row{n}" for n in numbers]
        if len(set(ids)) != len(ids) or not seen.isdisjoint(ids):
            ids = _dedupe(ids, numbers, seen, repeats, notices, path, id_header)
        else:
            seen.update(ids)
        count += len(ids)
        codes, values = None, ()
        if profile_signals is not None and signals:
            codes, values = _signals(profile_signals, signal_fields, [get(cells) for get in signal_getters], numbers)
        elif profile_signals is not None:
            use = {f: get(cells) for f, get in zip(signal_fields, signal_getters) if f in profile_signals.use_fields}
            profile_signals.note_bad_numbers(lambda field: use[field], numbers)
        texts = {field: get(cells) for field, get in getters.items()}
        if "id" in fields:
            texts["id"] = ids
        translations = None
        if languages:
            picked = [list(map(str.strip, map(itemgetter(stream._names[lang]), cells))) for lang in languages]
            translations = list(zip(*picked))
        if keep is not None:
            at, value = keep
            mask = [at is not None and value in c[at].split(";") for c in cells]
            pick = lambda column: list(itertools.compress(column, mask))  # noqa: E731
            ids, names = pick(ids), pick(names)
            texts = {f: pick(t) for f, t in texts.items()}
            translations = pick(translations) if translations is not None else None
            codes = pick(codes) if codes is not None else None
            numbers, cells = pick(numbers), pick(cells)
        yield Columns(ids, names, texts, languages, translations, codes, values, numbers, cells)
    for field, (row, value) in sorted(profile_signals.bad_numbers.items()) if profile_signals is not None else ():
        notices.append(Notice(file=path, row=row, field=field,
                              message=f"{value!r} is not a count; it is read as unknown (and so is any other cell of {field} that is not a number)."))
    if not count:
        if empty_names:
            raise InputError(path, "every row has an empty service name.", field=header[name_at])
        raise InputError(path, "the file has a header but no rows of services.")
    if empty_names:
        listed = ", ".join(str(n) for n in empty_names[:10])
        notices.append(Notice(file=path, field=header[name_at],
                              message=f"{len(empty_names)} row(s) with an empty service name were skipped: rows {listed}."))


def _signals(signals, fields: tuple[str, ...], columns: list[list[str]], numbers: list[int]):
    """Each row's depth label and volumes, each distinct combination of FIELDS' texts worked out
    once, in order of first appearance and with the row it first appears on (so the first cell
    that is not a count is the one the stream's notice names)."""
    combos = list(zip(*columns)) if columns else [()] * len(numbers)
    first_row = dict(zip(reversed(combos), reversed(numbers)))  # the last write is the first row
    codes: dict[tuple[str, ...], int] = {}
    values = []
    for combo in dict.fromkeys(combos):
        text = dict(zip(fields, combo)).get
        codes[combo] = len(values)
        values.append((signals.depth(lambda field: text(field, "")),
                       signals.volumes(lambda field: text(field, ""), first_row[combo])))
    return list(map(codes.__getitem__, combos)), tuple(values)


def _dedupe(ids: list[str], numbers: list[int], seen: set[str], repeats: dict[str, int], notices: list[Notice],
            path: str, id_header: str) -> list[str]:
    """ServiceStream's duplicate-id rule, row by row (only for chunks that hold a repeat)."""
    out = []
    for service_id, number in zip(ids, numbers):
        if service_id in seen:
            repeats[service_id] = repeats.get(service_id, 1) + 1
            kept = f"{service_id}~{repeats[service_id]}"
            notices.append(Notice(file=path, row=number, field=id_header,
                                  message=f"duplicate id {service_id!r}; this row is kept as {kept}."))
            service_id = kept
        seen.add(service_id)
        out.append(service_id)
    return out


def _getter(stream: ServiceStream, field: str, extra: dict[str, int]):
    """A function from a chunk's rows to `Service.field_text(FIELD)` of each."""
    columns = {f.value: i for f, i in stream._columns.items()}
    if field in ("provider", "section", "subsection", "form", "fee") and field in columns:
        return _column(columns[field], _Cleaned(str.strip))
    if field == "channels" and field in columns:
        split = stream._channels_split

        def channels(raw: str) -> str:
            if not raw.strip():
                return ""
            parts = raw.split(split) if split else [raw]
            return " ".join(p.strip() for p in parts if p.strip())

        return _column(columns[field], _Cleaned(channels))
    if field.startswith("name_") and field[5:] in stream._names:
        return _column(stream._names[field[5:]], _Cleaned(str.strip))
    if field in extra and field not in _MAPPED_TEXT and not field.startswith("name_"):
        at = extra[field]
        return lambda cells: list(map(itemgetter(at), cells))
    return lambda cells: [""] * len(cells)


_MAPPED_TEXT = frozenset({"id", "name", "provider", "section", "subsection", "channels", "form", "fee"})


def _column(at: int, cleaned: _Cleaned):
    return lambda cells: list(map(cleaned.__getitem__, map(itemgetter(at), cells)))


__all__ = ["CHUNK_ROWS", "Columns", "read_columns"]
