"""Render a parsed register and the list of bundled editions."""

from __future__ import annotations

import json

from rich.console import Group
from rich.table import Table
from rich.text import Text

from register_audit.model.records import Register
from register_audit.load.editions import Edition
from register_audit.render.base import Format, to_csv, to_json, to_jsonl

SERVICE_COLUMNS = ("id", "name", "provider", "section", "subsection", "channels", "form", "fee", "file", "row")


def parse_table(register: Register) -> Group:
    meta = register.meta
    table = Table(title=f"{meta.title or meta.name}: {len(register.services)} services", title_justify="left")
    for column in ("id", "name", "provider", "section"):
        table.add_column(column, overflow="fold")
    for s in register.services:
        table.add_row(s.id, s.name, s.provider, s.section)
    parts: list = [table]
    if meta.partial_collection:
        parts.append(Text(f"Note: {meta.notes}", style="yellow"))
    return Group(*parts)


def parse_json(register: Register) -> str:
    return to_json(register)


def parse_jsonl(register: Register) -> str:
    return to_jsonl(register.services)


def parse_rows(register: Register) -> tuple[list[str], list[list[object]]]:
    """One row per service: the mapped fields, its source location, then every unmapped column."""
    extra = list(dict.fromkeys(key for s in register.services for key in s.extra))  # source order
    languages = sorted({lang for s in register.services for lang in s.names})
    header = [*SERVICE_COLUMNS, *(f"name_{lang}" for lang in languages), "sources", *extra]
    rows = [
        [s.id, s.name, s.provider, s.section, s.subsection, "; ".join(s.channels), s.form, s.fee,
         s.location.file, s.location.row,
         *(s.names.get(lang, "") for lang in languages),
         " | ".join(src.url for src in s.sources),
         *(s.extra.get(key, "") for key in extra)]
        for s in register.services
    ]
    return header, rows


def parse_csv(register: Register) -> str:
    return to_csv(*parse_rows(register))


PARSE_RENDERERS = {
    Format.table: parse_table,
    Format.json: parse_json,
    Format.jsonl: parse_jsonl,
    Format.csv: parse_csv,
}


def editions_table(editions: list[tuple[Edition, int]]) -> Table:
    table = Table(title="Bundled register editions", title_justify="left",
                  caption="Sources and licences: --format json, or registers/README.md.", caption_justify="left")
    for column in ("name", "edition", "services", "languages", "title"):
        table.add_column(column, overflow="fold", justify="right" if column == "services" else "left",
                         no_wrap=column in ("name", "edition"))
    for edition, count in editions:
        meta = edition.meta
        title = meta.title + (" (a partial collection)" if meta.partial_collection else "")
        table.add_row(meta.name, meta.edition, str(count), ",".join(meta.languages), title)
    return table


def editions_json(editions: list[tuple[Edition, int]]) -> str:
    data = [{**edition.meta.model_dump(mode="json"), "services": count} for edition, count in editions]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


EDITIONS_RENDERERS = {Format.table: editions_table, Format.json: editions_json}
