"""A register read for a diff: its rows as read, a column of text per field on demand, and a
Service built only for a row asked for."""

from __future__ import annotations

from operator import itemgetter
from typing import Sequence

from register_audit.load.columns import _getter, read_columns
from register_audit.load.editions import open_register
from register_audit.load.profiles import ServiceField
from register_audit.load.stream import ServiceStream
from register_audit.model.records import Notice, Register, RegisterMeta, Service
from register_audit.read.options import ReadOptions


class RegisterRows:
    """The services of one edition, held as the rows they were read from.

    Iterating STREAM's rows once gives the same services, ids, notices and errors as iterating the
    stream (tests/test_rows.py); `texts(field)` is `Service.field_text(field)` of every service,
    worked out in C loops over one column, and `service(k)` builds the k-th Service as the stream
    builds it, without the depth and volumes the profile reads (a diff reads neither; building
    them was most of the cost of a Canada-shaped Service). A diff compares whole rows and builds
    Services only where they differ: building all 10^5 of an edition was a fifth of a diff's time.
    """

    def __init__(self, stream: ServiceStream) -> None:
        self.meta: RegisterMeta = stream.meta
        self.ids: list[str] = []
        self.names: list[str] = []
        self.numbers: list[int] = []
        self.rows: list[Sequence[str]] = []
        languages: tuple[str, ...] = ()
        translated: set[str] = set()
        for chunk in read_columns(stream, (), signals=False):
            self.ids += chunk.ids
            self.names += chunk.names
            self.numbers += chunk.numbers
            self.rows += chunk.rows
            languages = chunk.languages
            for lang, texts in zip(languages, zip(*chunk.translations or ())):
                if lang not in translated and any(texts):
                    translated.add(lang)
        self._stream = stream
        self._build = stream.builder(signals=False)
        columns = {f.value: i for f, i in stream._columns.items()}
        mapped = set(columns.values()) | set(stream._names.values())
        # The unmapped columns, as `Service.extra` holds them (the last of a repeated header wins).
        self._extra = {h: i for i, h in enumerate(stream.table.header) if i not in mapped and h}
        self._translated = {f"name_{lang}" for lang in languages if lang in translated}
        self._texts: dict[str, list[str]] = {"id": self.ids, "name": self.names}
        self.warnings: tuple[Notice, ...] = tuple(stream.notices)  # complete once the rows are read

    def __len__(self) -> int:
        return len(self.ids)

    def texts(self, field: str) -> list[str]:
        """`Service.field_text(FIELD)` of every service, in order."""
        found = self._texts.get(field)
        if found is None:
            found = self._texts[field] = _getter(self._stream, field, self._extra)(self.rows)
        return found

    def compared(self, field: str) -> tuple[bool, list[str]]:
        """Whether FIELD is an unmapped column of this edition, and the text `modified` compares
        for it on every service: that column's cell, else `field_text`."""
        if field in self._extra:
            return True, list(map(itemgetter(self._extra[field]), self.rows))
        return False, self.texts(field)

    def service(self, k: int) -> Service:
        """The k-th service, built as iterating the stream builds it (without depth and volumes)."""
        return self._build(self.numbers[k], self.rows[k], self.ids[k], self.names[k])

    def columns(self) -> set[str]:
        """The unmapped columns and the translations (`name_<lang>`) any service of the edition has."""
        return {*self._extra, *self._translated}

    def holding(self, services: tuple[Service, ...]) -> Register:
        """This edition as a Register holding SERVICES (built by `service`)."""
        return Register.model_construct(meta=self.meta, services=services, warnings=self.warnings)


def load_rows(spec: str, options: ReadOptions | None = None) -> RegisterRows | Register:
    """SPEC (as `load_register` takes it) read for a diff: as rows, or as Services when its
    profile maps a sources column (the Kazakh collection: each cell is JSON that the stream checks
    as it reaches the row, so a bad one is named before any error found at the end of the file)."""
    stream = open_register(spec, options)
    if ServiceField.sources in stream._columns:
        return Register.model_construct(meta=stream.meta, services=tuple(stream), warnings=tuple(stream.notices))
    return RegisterRows(stream)


__all__ = ["RegisterRows", "load_rows"]
