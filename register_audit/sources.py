"""Read a register file (CSV/TSV, JSON/JSONL, XLSX, HTML, DOCX) into a table of text cells."""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from register_audit.errors import InputError

# Reported rows are capped so one message stays one readable sentence.
_MAX_LISTED_ROWS = 10
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Table:
    """A header and its rows, every cell text; `rows` pairs each row with its 1-based number."""

    path: str
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[str, ...]]]


def read_table(path: str | Path, *, sheet: str | None = None, display: str | None = None) -> Table:
    """Read PATH by its content and extension; raise InputError for anything unreadable.

    DISPLAY is how messages and locations name the file (bundled files by their repository path).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file.")
    if path.is_dir():
        raise InputError(path, "is a directory, not a register file.")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "the file is empty.")
    kind = detect_kind(path, data)
    return READERS[kind](Path(display) if display else path, data, sheet)


def detect_kind(path: Path, data: bytes) -> str:
    """The reader for a file: by magic bytes first (a zip is XLSX or DOCX), then by extension."""
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix in {".xlsx", ".xlsm"}:
            return "xlsx"
        if suffix == ".docx":
            return "docx"
        return _zip_kind(path, data)
    if suffix in {".xlsx", ".xlsm", ".docx"}:
        raise InputError(path, f"is not a valid {suffix} file (it is not a zip archive); it may be corrupt.")
    if suffix in {".json", ".jsonl", ".ndjson"}:
        return "jsonl" if suffix != ".json" else "json"
    if suffix in {".html", ".htm"}:
        return "html"
    return "csv"


def _zip_kind(path: Path, data: bytes) -> str:
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise InputError(path, "is a damaged zip archive, not a register table.") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise InputError(path, "is a zip archive, not a register table; unpack it and give the CSV, XLSX or JSON inside.")


# --------------------------------------------------------------------------- text decoding


def decode(path: Path, data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or a detected legacy code
    page such as Windows-1251; raise InputError naming the first undecodable byte."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(path, f"starts with a {encoding} byte-order mark but byte {error.start} cannot be decoded as {encoding}.") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(path, "contains NUL bytes: it is a binary file, not a text table (an Excel file must end in .xlsx).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "cp1252", "latin_1", "cp866", "mac_cyrillic"]).best()
    if best is None:
        raise InputError(path, f"byte {first_bad} is not valid UTF-8 and no other common encoding fits the file; save it as UTF-8.")
    return str(best)


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path, data: bytes, sheet: str | None) -> Table:
    text = decode(path, data)
    sample = text[:_SNIFF_BYTES]
    delimiter = sniff_delimiter(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(path, "the file is empty.") from None
    except csv.Error as error:
        raise InputError(path, f"the header cannot be parsed as CSV ({error}).", row=1) from None
    header = tuple(cell.strip() for cell in header)
    width = len(header)
    rows: list[tuple[int, tuple[str, ...]]] = []
    ragged: list[tuple[int, int]] = []
    number = 1
    try:
        for cells in reader:
            number += 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            if len(cells) != width:
                if len(cells) > width and not any(c.strip() for c in cells[width:]):
                    cells = cells[:width]  # trailing empty cells from a spreadsheet export
                elif len(cells) < width:
                    ragged.append((number, len(cells)))
                    continue
                else:
                    ragged.append((number, len(cells)))
                    continue
            rows.append((number, tuple(cells)))
    except csv.Error as error:
        raise InputError(path, f"the row cannot be parsed as CSV ({error}).", row=number + 1) from None
    if ragged:
        listed = ", ".join(f"row {n} ({w} cells)" for n, w in ragged[:_MAX_LISTED_ROWS])
        more = f" and {len(ragged) - _MAX_LISTED_ROWS} more" if len(ragged) > _MAX_LISTED_ROWS else ""
        raise InputError(path, f"ragged rows: the header has {width} columns but {listed}{more} differ; fix or quote those rows.")
    return Table(str(path), header, rows)


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: the one that splits the header into the most columns consistently."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: (counts[d], d == ","))


# --------------------------------------------------------------------------- JSON

_LIST_KEYS = ("services", "items", "data", "records", "rows", "results")


def _read_json(path: Path, data: bytes, sheet: str | None) -> Table:
    text = decode(path, data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None
    items = _find_list(path, document)
    return _records_to_table(path, items, start=1)


def _find_list(path: Path, document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        lists = [value for value in document.values() if isinstance(value, list) and value and isinstance(value[0], dict)]
        if len(lists) == 1:
            return lists[0]
    raise InputError(path, "JSON must be a list of objects, or an object holding one such list (e.g. under \"services\").")


def _read_jsonl(path: Path, data: bytes, sheet: str | None) -> Table:
    text = decode(path, data)
    items: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InputError(path, f"is not valid JSON: {error.msg}, column {error.colno}.", row=number) from None
    return _records_to_table(path, items, start=1)


def _records_to_table(path: Path, items: list[Any], *, start: int) -> Table:
    if not items:
        raise InputError(path, "the JSON list holds no records.")
    header: dict[str, None] = {}
    bad = [start + i for i, item in enumerate(items) if not isinstance(item, dict)]
    if bad:
        listed = ", ".join(str(n) for n in bad[:_MAX_LISTED_ROWS])
        raise InputError(path, f"JSON items must be objects, but item(s) {listed} are not.")
    for item in items:
        header.update(dict.fromkeys(item))
    columns = tuple(header)
    rows = [
        (start + i, tuple(cell_text(item.get(column)) for column in columns))
        for i, item in enumerate(items)
    ]
    return Table(str(path), tuple(str(c) for c in columns), rows)


def cell_text(value: Any) -> str:
    """A JSON value as cell text: strings as they are, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------- registry of readers


def _not_yet(kind: str) -> Callable[[Path, bytes, str | None], Table]:
    def reader(path: Path, data: bytes, sheet: str | None) -> Table:
        raise InputError(path, f"reading {kind} files is not available in this version.")

    return reader


READERS: dict[str, Callable[[Path, bytes, str | None], Table]] = {
    "csv": _read_csv,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "xlsx": _not_yet("XLSX"),
    "html": _not_yet("HTML"),
    "docx": _not_yet("DOCX"),
}
