"""Results as an Excel workbook (one sheet per table of the result), for analysts who work in Excel."""

from __future__ import annotations

import io
import math
import re
import zipfile
from typing import Any

# Every cell is written as text or a number, never as a formula: a service name beginning with
# "=" (or "+", "-", "@") stays the name, not an instruction to Excel.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries' time: the same input gives the same bytes
_FIXED_DATE = "2000-01-01T00:00:00Z"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_MAX_CELL = 32_767  # Excel's limit on the characters of one cell
# Characters XML 1.0 cannot hold (control characters but tab and line ends, lone surrogates,
# U+FFFE/U+FFFF): openpyxl refuses them, so each becomes U+FFFD, as a name read from a file keeps
# a mark where the character was.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def _sheet_title(name: str) -> str:
    return _SHEET_NAME.sub("_", _xml_text(name))[:31] or "sheet"


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value="true" if value else "false")
    elif isinstance(value, (int, float)) and math.isfinite(value) and abs(value) < 1e308:
        cell = WriteOnlyCell(sheet, value=value)
    else:
        text = "" if value is None else str(value)
        cell = WriteOnlyCell(sheet, value=None)
        cell._value = _xml_text(text)[:_MAX_CELL]  # set directly: the value setter reads a leading "=" as a formula
        cell.data_type = "s"  # text, even when it starts with "="
    return cell


def workbook(result: Any) -> bytes:
    """RESULT's tables (render/rows.py) as an XLSX workbook: one sheet per table, the default
    first, a bold header row frozen at the top; byte-identical for the same input."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from register_audit.render.rows import table_rows, tables

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name in tables(result):
        header, rows = table_rows(result, name)
        sheet = book.create_sheet(_sheet_title(name))
        sheet.freeze_panes = "A2"
        head = []
        for column in header:
            cell = _cell(sheet, column)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    raw = io.BytesIO()
    book.save(raw)
    return _deterministic(raw.getvalue())


def _deterministic(data: bytes) -> bytes:
    """The workbook with its zip entries' times and its document dates fixed (openpyxl stamps
    the time of saving, so two runs would differ)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DATES.sub(rb"\g<1>" + _FIXED_DATE.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


__all__ = ["workbook"]
