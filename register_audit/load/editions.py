"""Find a register edition (a bundled name or a file) and load it as a typed Register."""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import BaseModel, ConfigDict, ValidationError
from rapidfuzz import fuzz, process

from register_audit.errors import InputError, RegisterAuditError, UsageError
from register_audit.model.records import Register, RegisterMeta, Service
from register_audit.load.profiles import resolve_profile
from register_audit.load.stream import ServiceStream
from register_audit.load.resources import bundled
from register_audit.rules.safe_yaml import safe_load
from register_audit.model.validation import describe_validation
from register_audit.read.options import DEFAULT as DEFAULT_OPTIONS, STDIN, ReadOptions
from register_audit.read.sources import Table, read_bytes, read_table

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


def display_index(index: Path) -> str:
    return f"registers/{index.relative_to(bundled('registers')).as_posix()}"


@cache
def bundled_editions() -> dict[str, Edition]:
    """Every bundled edition, by name, in name order."""
    root = bundled("registers")
    editions: dict[str, Edition] = {}
    for index in sorted(root.glob("*/editions.yaml")):
        document = safe_load(index.read_text(encoding="utf-8"), display_index(index), RegisterAuditError)
        defaults = document.get("defaults", {})
        for entry in document["editions"]:
            merged = {**defaults, **entry}
            file = index.parent / merged.pop("file")
            profile = merged.get("profile", "")
            edition_filter = merged.pop("filter", None)
            try:
                meta = RegisterMeta.model_validate(merged)
            except ValidationError as error:
                raise RegisterAuditError(describe_validation(error, f"{display_index(index)}: edition {entry.get('name')!r}")) from None
            editions[meta.name] = Edition(name=meta.name, file=file, profile=profile, filter=edition_filter, meta=meta)
    return dict(sorted(editions.items()))


def read_options(options: ReadOptions | None = None, **given: object) -> ReadOptions:
    """OPTIONS with the fields GIVEN (None values ignored) put over them; a UsageError for a bad value."""
    given = {k: v for k, v in given.items() if v is not None}
    if not given:
        return options or DEFAULT_OPTIONS
    try:
        return ReadOptions.model_validate({**(options or DEFAULT_OPTIONS).model_dump(), **given})
    except ValidationError as error:
        raise UsageError(describe_validation(error, "read options")) from None


def load_register(spec: str | None = None, options: ReadOptions | None = None, *, profile: str | None = None,
                  sheet: str | None = None) -> Register:
    """Load SPEC, a bundled edition name (`kz`, `ca/2020-2021`), a file path or `-` (standard
    input), as a Register, read as OPTIONS say (PROFILE and SHEET override them).

    A file gets the profile that fits its header best, unless a profile is named.
    """
    stream = open_register(spec, options, profile=profile, sheet=sheet)
    services = tuple(stream)
    return Register.model_construct(meta=stream.meta, services=services, warnings=tuple(stream.notices))


def open_register(spec: str | None = None, options: ReadOptions | None = None, *, profile: str | None = None,
                  sheet: str | None = None) -> ServiceStream:
    """SPEC's services as a one-pass stream, for work that need not hold them all (audit)."""
    options = read_options(options, profile=profile, sheet=sheet)
    if spec is not None and not str(spec).strip():
        raise InputError(repr(spec), "an empty name is no register file; give a file, - for standard input, or a bundled edition name.")
    spec = spec or DEFAULT_REGISTER
    editions = bundled_editions()
    if spec in editions and not Path(spec).is_file():
        if options.csv_overrides or options.sheet:
            given = (*options.csv_overrides, *(("--sheet",) if options.sheet else ()))
            raise UsageError(f"{spec}: {' and '.join(given)} apply to a register file; the bundled edition {spec} is read as it ships.")
        return _open_edition(editions[spec], options.profile)
    if spec == STDIN:
        table = read_bytes(_stdin_bytes(), "<stdin>", options)
        path = Path("<stdin>")
    else:
        path = Path(spec)
        if not path.exists():
            _no_such_register(spec, editions)
        table = read_table(path, options)
    rows = iter(table.rows)
    head = list(itertools.islice(rows, _LANGUAGE_SAMPLE))  # peeked, then put back in front
    table = Table(table.path, table.header, itertools.chain(head, rows))
    languages = _guess_languages(cell for _, cells in head for cell in cells)
    meta = RegisterMeta(name=str(path), title=path.stem, languages=languages)
    return ServiceStream(table, resolve_profile(options.profile, table), meta)


def _year(text: str) -> int:
    digits = text[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else 0


def _stdin_bytes() -> bytes:
    """Standard input, read once and within the bound on registers read whole."""
    from register_audit.read import files

    return files.read_bytes(files.STDIN, limit=files.MAX_REGISTER_BYTES, what="register file", shown="<stdin>")


def _no_such_register(spec: str, editions: dict[str, "Edition"]) -> None:
    """A UsageError for SPEC, which is neither a file nor a bundled edition: a name like a bundled
    one (`kz/2019`, `ca/2020`) gets the closest bundled names; a path, its missing file."""
    looks_bundled = not Path(spec).suffix and not spec.startswith((".", "/", "~")) and spec.count("/") <= 1
    if not looks_bundled:
        if Path(spec).is_symlink():  # a link to nothing, or a loop of links: exists() says False for both
            raise InputError(spec, "is a symbolic link that leads to no file (a loop, or its target is gone).")
        raise InputError(spec, "no such file.")
    country, _, edition = spec.partition("/")
    same_country = [name for name in editions if name.split("/")[0] == country and "/" in name]
    if same_country and edition:
        # The nearest editions in time first (kz/2019 → kz/2020), then the closest spelling.
        year = _year(edition)
        ranked = sorted(same_country, key=lambda n: (abs(_year(n.partition("/")[2]) - year) if year and _year(n.partition("/")[2]) else 9999,
                                                       -fuzz.ratio(spec, n), n))
        close = ranked[:3]
    else:
        close = [c[0] for c in process.extract(spec, list(editions), scorer=fuzz.WRatio, limit=3, score_cutoff=60)]
    hint = f"; did you mean {', '.join(close)}?" if close else "."
    kind = "no such file and no bundled edition" if "/" not in spec else "no bundled edition"
    raise UsageError(f"{kind} {spec}{hint} `register-audit registers` lists them.")


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
    counts = Counter(sample)  # each distinct character weighed once
    cyrillic = sum(n for ch, n in counts.items() if "\u0400" <= ch <= "\u04ff")
    latin = sum(n for ch, n in counts.items() if "a" <= ch.lower() <= "z")
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


__all__ = ["DEFAULT_REGISTER", "Edition", "InputError", "bundled_editions", "edition_path", "load_register", "open_register", "read_options"]
