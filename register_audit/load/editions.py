"""Find a register edition (a bundled name or a file) and load it as a typed Register."""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from rapidfuzz import fuzz, process

from register_audit.errors import InputError, RegisterAuditError, UsageError
from register_audit.model.records import Register, RegisterMeta, Service
from register_audit.load.profiles import ServiceStream, resolve_profile
from register_audit.load.resources import bundled
from register_audit.read.sources import Table, read_table

DEFAULT_REGISTER = "kz"


class EditionFilter(BaseModel):
    """Keep the services whose COLUMN (a `;`-separated list) contains VALUE."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    column: str
    value: str


class Edition(BaseModel):
    """A bundled register edition: its file, profile and metadata."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    file: Path
    profile: str
    filter: EditionFilter | None = None
    meta: RegisterMeta


@cache
def bundled_editions() -> dict[str, Edition]:
    """Every bundled edition, by name, in name order."""
    root = bundled("registers")
    editions: dict[str, Edition] = {}
    for index in sorted(root.glob("*/editions.yaml")):
        document = yaml.safe_load(index.read_text(encoding="utf-8"))
        defaults = document.get("defaults", {})
        for entry in document["editions"]:
            merged = {**defaults, **entry}
            file = index.parent / merged.pop("file")
            profile = merged.get("profile", "")
            edition_filter = merged.pop("filter", None)
            try:
                meta = RegisterMeta.model_validate(merged)
            except ValidationError as error:
                raise RegisterAuditError(f"{index}: edition {entry.get('name')!r} is invalid: {error.errors()[0]['msg']}.") from None
            editions[meta.name] = Edition(name=meta.name, file=file, profile=profile, filter=edition_filter, meta=meta)
    return dict(sorted(editions.items()))


def load_register(spec: str | None = None, *, profile: str | None = None, sheet: str | None = None) -> Register:
    """Load SPEC, a bundled edition name (`kz`, `ca/2020-2021`) or a file path, as a Register.

    A file gets the profile that fits its header best, unless PROFILE names one.
    """
    stream = open_register(spec, profile=profile, sheet=sheet)
    services = tuple(stream)
    return Register.model_construct(meta=stream.meta, services=services, warnings=tuple(stream.notices))


def open_register(spec: str | None = None, *, profile: str | None = None, sheet: str | None = None) -> ServiceStream:
    """SPEC's services as a one-pass stream, for work that need not hold them all (audit)."""
    spec = spec or DEFAULT_REGISTER
    editions = bundled_editions()
    if spec in editions and not Path(spec).is_file():
        return _open_edition(editions[spec], profile)
    path = Path(spec)
    if not path.exists() and "/" not in spec.strip("./") and not path.suffix:
        close = process.extract(spec, list(editions), scorer=fuzz.WRatio, limit=3, score_cutoff=60)
        hint = f" Did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
        raise UsageError(f"{spec}: no such file and no bundled register of that name.{hint} `register-audit registers` lists them.")
    table = read_table(path, sheet=sheet)
    rows = iter(table.rows)
    head = list(itertools.islice(rows, _LANGUAGE_SAMPLE))  # peeked, then put back in front
    table = Table(table.path, table.header, itertools.chain(head, rows))
    languages = _guess_languages(cell for _, cells in head for cell in cells)
    meta = RegisterMeta(name=str(path), title=path.stem, languages=languages)
    return ServiceStream(table, resolve_profile(profile, table), meta)


def _open_edition(edition: Edition, profile: str | None) -> ServiceStream:
    display = f"registers/{edition.file.relative_to(bundled('registers')).as_posix()}"
    table = read_table(edition.file, display=display)
    stream = ServiceStream(table, resolve_profile(profile or edition.profile, table), edition.meta)
    if edition.filter is not None:
        column, value = edition.filter.column, edition.filter.value
        stream = _Filtered(stream, lambda s: value in s.extra.get(column, "").split(";"))
        stream.row_filter = (column, value)  # the same filter for a columnar reader (load/columns.py)
    return stream


class _Filtered(ServiceStream):
    """A stream keeping the services a bundled edition's filter selects (a Kazakh era)."""

    def __init__(self, inner: ServiceStream, keep: Callable[[Service], bool]) -> None:
        self.__dict__.update(inner.__dict__)
        self._inner, self._keep = inner, keep

    def __iter__(self) -> Iterator[Service]:
        yield from filter(self._keep, self._inner)


_LANGUAGE_SAMPLE = 200


def _guess_languages(names: Iterable[str]) -> tuple[str, ...]:
    """`ru`/`kk` when the cells are mostly Cyrillic (Kazakh when its own letters appear), else `en`."""
    sample = " ".join(names)
    cyrillic = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in sample if "a" <= ch.lower() <= "z")
    if cyrillic > latin:
        kazakh = any(ch in sample for ch in "әғқңөұүһі")
        return ("ru", "kk") if kazakh else ("ru",)
    return ("en",)


def edition_path(spec: str) -> str:
    """The file behind SPEC, for messages and --output checks."""
    editions = bundled_editions()
    if spec in editions and not Path(spec).is_file():
        return str(editions[spec].file)
    return spec


__all__ = ["DEFAULT_REGISTER", "Edition", "InputError", "bundled_editions", "edition_path", "load_register"]
