"""What every renderer shares: the format names, and CSV / JSON writing."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any, Iterable, Sequence

from pydantic import BaseModel


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    junit = "junit"
    github = "github"
    xlsx = "xlsx"


def to_json(model: BaseModel | Any, *, exclude: set[str] | None = None) -> str:
    """Deterministic JSON: model field order, two-space indent, UTF-8 text kept readable."""
    if isinstance(model, BaseModel):
        # pydantic's serialiser writes indented JSON many times faster than json.dumps(indent=).
        return model.model_dump_json(indent=2, exclude=exclude) + "\n"
    return json.dumps(model, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(models: Iterable[BaseModel]) -> str:
    return "".join(json.dumps(m.model_dump(mode="json"), ensure_ascii=False) + "\n" for m in models)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header, \\r\\n line ends as RFC 4180 and Excel expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def provenance_line(provenance: Any) -> str:
    """One sentence naming the tool's version and every rule file and catalogue a report used."""
    rules = ", ".join(f"{r.id} v{r.version}" for r in provenance.rules) or "none"
    catalogue = f"; catalogue {provenance.catalogue.id} v{provenance.catalogue.version}" if provenance.catalogue else ""
    return f"Made with {provenance.tool} {provenance.version}; rules {rules}{catalogue}."
