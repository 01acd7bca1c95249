"""Read a register file (CSV/TSV, JSON/JSONL, XLSX, HTML, DOCX) into a table of text cells."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from register_audit.errors import InputError
from register_audit.read.encodings import BOMS, decode, detect_encoding, validate_file
from register_audit.read.files import MAX_REGISTER_BYTES, check_readable, is_stream, open_input, read_bytes

# Reported rows are capped so one message stays one readable sentence.
_MAX_LISTED_ROWS = 10
_SNIFF_BYTES = 64 * 1024
_HEAD_BYTES = 1 << 20  # what is read to tell the kind of file, its encoding and its delimiter
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Table:
    """A header and its rows, every cell text; `rows` pairs each row with its 1-based number.

    `rows` may be a one-pass iterator (CSV streams its rows, so a million-row file is never
    held twice); a reader's row errors are raised when the iteration reaches the end.
    """

    path: str
    header: tuple[str, ...]
    rows: Iterable[tuple[int, Sequence[str]]]


def read_table(path: str | Path, *, sheet: str | None = None, display: str | None = None) -> Table:
    """Read PATH by its content and extension; raise InputError for anything unreadable.

    PATH may be `-` (standard input) or a pipe, read once into memory within a size bound; a
    device is refused. DISPLAY is how messages and locations name the file (bundled files by
    their repository path).
    """
    shown = Path(display) if display else Path(path)
    if is_stream(path):
        data = read_bytes(path, limit=MAX_REGISTER_BYTES, what="register file", shown=str(shown))
        if not data.strip():
            raise InputError(shown, "the file is empty.")
        kind = detect_kind(shown, data, archive=io.BytesIO(data))
        return _with_unique_header(READERS[kind](shown, data, sheet))
    check_readable(path, what="register file", shown=str(shown), missing="no such file.")
    path = Path(path)
    with open_input(path) as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip() and path.stat().st_size <= len(head):
        raise InputError(shown, "the file is empty.")
    kind = detect_kind(path, head)
    if kind == "csv":
        streamed = _stream_csv(shown, path, head)
        if streamed is not None:
            return _with_unique_header(streamed)
    data = read_bytes(path, limit=MAX_REGISTER_BYTES, what="register file", shown=str(shown))
    return _with_unique_header(READERS[kind](shown, data, sheet))


def _with_unique_header(table: Table) -> Table:
    """TABLE with a repeated column name suffixed (` (2)`, ` (3)`), so no column's values are lost
    when rows become records keyed by column name."""
    if len(set(table.header)) == len(table.header):
        return table
    seen: dict[str, int] = {}
    unique = []
    for name in table.header:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 or not name else f"{name} ({seen[name]})")
    return Table(table.path, tuple(unique), table.rows)


# Magic bytes of files that are often given by mistake, and what to say about each.
_FOREIGN = (
    (b"%PDF-", "is a PDF document, not a register table; export its table as CSV or XLSX."),
    (b"\x1f\x8b", "is a gzip archive, not a register table; unpack it first."),
    (b"\x89PNG", "is a PNG image, not a register table."),
    (b"\xff\xd8\xff", "is a JPEG image, not a register table."),
    (b"{\\rtf", "is an RTF document, not a register table; save its table as DOCX or CSV."),
    (b"Rar!", "is a RAR archive, not a register table; unpack it first."),
    (b"7z\xbc\xaf", "is a 7-Zip archive, not a register table; unpack it first."),
)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
# The directory entry of an encrypted OOXML package inside its OLE2 container (UTF-16 names).
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def detect_kind(path: Path, data: bytes, archive: Any = None) -> str:
    """The reader for a file: by magic bytes first (a zip is XLSX or DOCX), then by extension.

    ARCHIVE is what a zip is opened from when PATH cannot be reopened (standard input, a pipe)."""
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix in {".xlsx", ".xlsm"}:
            return "xlsx"
        if suffix == ".docx":
            return "docx"
        return _zip_kind(path, archive if archive is not None else path)
    if data[:8] == _OLE2_MAGIC:
        if _ENCRYPTED in data:
            raise InputError(path, "is a password-protected (encrypted) Office file; open it in Excel or Word, remove the password and save it again.")
        raise InputError(path, "is an old binary Office file (.xls or .doc); save it as .xlsx, .docx or CSV.")
    if data.startswith(_UTF32_BOMS) or _looks_utf32(data):
        raise InputError(path, "is UTF-32 text, which is not supported; save it as UTF-8 (or UTF-16 with a byte-order mark).")
    for magic, problem in _FOREIGN:
        if data.startswith(magic):
            raise InputError(path, problem)
    if suffix in {".xlsx", ".xlsm", ".docx"}:
        raise InputError(path, f"is not a valid {suffix} file (it is not a zip archive); it may be corrupt.")
    if suffix in {".json", ".jsonl", ".ndjson"}:
        return "jsonl" if suffix != ".json" else "json"
    if suffix in {".html", ".htm"}:
        return "html"
    if archive is not None and suffix not in {".csv", ".tsv", ".txt"}:
        return _content_kind(data)
    return "csv"


def _looks_utf32(data: bytes) -> bool:
    """UTF-32 without a byte-order mark: ASCII text whose every character is padded with three NULs."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 4:
        sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8:
        return False
    le = all(sample[i + 1: i + 4] == b"\0\0\0" for i in range(0, len(sample), 4))
    be = all(sample[i: i + 3] == b"\0\0\0" for i in range(0, len(sample), 4))
    return le or be


def _content_kind(data: bytes) -> str:
    """The kind of a file with no name to go by (standard input, a pipe): JSON, HTML or CSV."""
    start = data.lstrip()[:1]
    if start == b"[":
        return "json"
    if start == b"{":
        return "jsonl" if b"\n{" in data.strip() else "json"
    if start == b"<":
        return "html"
    return "csv"


def _zip_kind(path: Path, archive: Any) -> str:
    import zipfile

    try:
        names = set(zipfile.ZipFile(archive).namelist())
    except zipfile.BadZipFile:
        raise InputError(path, "is a damaged zip archive, not a register table.") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise InputError(path, "is a zip archive, not a register table; unpack it and give the CSV, XLSX or JSON inside.")


# --------------------------------------------------------------------------- CSV


def _stream_csv(shown: Path, path: Path, head: bytes) -> Table | None:
    """A UTF-8 or UTF-16 (BOM) CSV read straight from disk as it is iterated, so a large
    register is never held in memory; None for any other file, which `_read_csv` reads whole
    (legacy code pages are guessed from the bytes, and their errors need them)."""
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    encoding = next((e for bom, e in BOMS if head.startswith(bom)), "utf-8")
    try:
        validate_file(path, encoding)
    except UnicodeDecodeError:
        return None
    handle = path.open(encoding=encoding, newline="")
    try:
        return _csv_table(shown, handle, head.decode(encoding, errors="ignore"))
    except BaseException:
        handle.close()
        raise


def _read_csv(path: Path, data: bytes, sheet: str | None) -> Table:
    encoding = detect_encoding(path, data)
    sample = data[: _SNIFF_BYTES * 4].decode(encoding, errors="ignore")
    return _csv_table(path, io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), sample)


def _csv_table(path: Path, stream: io.TextIOBase, sample: str) -> Table:
    reader = csv.reader(stream, delimiter=sniff_delimiter(sample))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(path, "the file is empty.") from None
    except csv.Error as error:
        raise InputError(path, f"the header cannot be parsed as CSV ({error}).", row=1) from None
    header = tuple(cell.strip() for cell in header)
    return Table(str(path), header, _csv_rows(path, reader, len(header), stream))


def _csv_rows(path: Path, reader: Iterator[list[str]], width: int, stream: io.TextIOBase) -> Iterator[tuple[int, Sequence[str]]]:
    """Yield each data row (the reader's own list, not copied: this loop runs a million times);
    ragged rows are collected and reported together at the end; the stream is closed then."""
    ragged: list[tuple[int, int]] = []
    number = 1
    try:
        for cells in reader:
            number += 1
            if len(cells) == width:
                yield number, cells
            elif not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            elif len(cells) > width and not any(c.strip() for c in cells[width:]):
                yield number, cells[:width]  # trailing empty cells of a spreadsheet export
            else:
                ragged.append((number, len(cells)))
    except csv.Error as error:
        raise InputError(path, f"the row cannot be parsed as CSV ({error}).", row=number + 1) from None
    except UnicodeDecodeError as error:  # the file changed on disk since it was checked
        raise InputError(path, f"is no longer valid {error.encoding} ({error.reason}).", row=number + 1) from None
    finally:
        stream.close()
    if ragged:
        listed = ", ".join(f"row {n} ({w} cells)" for n, w in ragged[:_MAX_LISTED_ROWS])
        more = f" and {len(ragged) - _MAX_LISTED_ROWS} more" if len(ragged) > _MAX_LISTED_ROWS else ""
        verb = "has a different number of cells" if len(ragged) == 1 else "have different numbers of cells"
        raise InputError(path, f"the header has {width} columns but {listed}{more} {verb}; quote cells that hold the delimiter.")


# Sniffed on this many records: enough to outvote one odd row, few enough to stay instant.
_SNIFF_RECORDS = 50


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: the one whose CSV parse gives most records the header's width (≥ 2),
    then the widest header; ties go to tab, then semicolon, which rarely occur inside names.

    Parsed, not counted: csv.Sniffer counts raw characters, so a quoted ';' or names that each
    hold a comma can outvote a file's real delimiter.
    """
    if "\n" in sample.rstrip("\r\n"):
        sample = sample[: max(sample.rfind("\n", 0, len(sample.rstrip("\r\n"))), 0) + 1]  # drop a cut-off last line
    best, best_key = ",", (-1.0, 0, 0)
    for preference, delimiter in enumerate(("\t", ";", ",")):
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            records = [r for r in itertools.islice(reader, _SNIFF_RECORDS) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        agree = sum(len(r) == width for r in records[1:]) / (len(records) - 1) if len(records) > 1 else 1.0
        key = (agree if width >= 2 else 0.0, width, -preference)
        if key > best_key:
            best, best_key = delimiter, key
    return best


# --------------------------------------------------------------------------- JSON

_LIST_KEYS = ("services", "items", "data", "records", "rows", "results")


def _read_json(path: Path, data: bytes, sheet: str | None) -> Table:
    text = decode(path, data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"is not valid JSON ({error.msg.removesuffix(' at')}, line {error.lineno}, column {error.colno}).") from None
    except (RecursionError, ValueError) as error:  # nesting too deep; an integer too long to convert
        raise InputError(path, f"is not usable JSON ({type(error).__name__}: {str(error)[:80]}).") from None
    items = _find_list(path, document)
    return _records_to_table(path, items, start=1, surrogates=_escapes_surrogate(text))


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
            raise InputError(path, f"is not valid JSON ({error.msg.removesuffix(' at')}, column {error.colno}).", row=number) from None
        except (RecursionError, ValueError) as error:
            raise InputError(path, f"is not usable JSON ({type(error).__name__}: {str(error)[:80]}).", row=number) from None
    return _records_to_table(path, items, start=1, surrogates=_escapes_surrogate(text))


def _records_to_table(path: Path, items: list[Any], *, start: int, surrogates: bool = False) -> Table:
    """Records as a table; SURROGATES when the text may hold lone surrogate escapes (cleaned)."""
    if not items:
        raise InputError(path, "the JSON list holds no records.")
    header: dict[str, None] = {}
    bad = [start + i for i, item in enumerate(items) if not isinstance(item, dict)]
    if bad:
        listed = ", ".join(str(n) for n in bad[:_MAX_LISTED_ROWS])
        raise InputError(path, f"JSON items must be objects, but item(s) {listed} are not.")
    present = 0
    for number, item in enumerate(items, start=start):
        header.update(dict.fromkeys(item))
        present += len(item)
        if len(header) > _MAX_JSON_KEYS:
            raise InputError(path, f"the JSON records have more than {_MAX_JSON_KEYS} distinct keys (by record {number}); "
                             "a register's records share a few dozen.")
    columns = tuple(header)
    # Records with different keys make a sparse table: every record gets every column. Bounded
    # by what the file holds, so a union of many one-off keys cannot take gigabytes.
    if len(items) * len(columns) > 8 * present + 1_000_000:
        raise InputError(path, f"the JSON records share few keys ({len(columns)} distinct keys, {present / len(items):.1f} per record "
                         "on average), so the table they make would be mostly empty; give records with the same keys.")
    text_of = _clean_cell_text if surrogates else cell_text
    rows = [
        (start + i, tuple(text_of(item.get(column)) for column in columns))
        for i, item in enumerate(items)
    ]
    return Table(str(path), tuple(_clean_text(str(c)) for c in columns), rows)


_MAX_JSON_KEYS = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_text(text: str) -> str:
    """TEXT with any lone surrogate (a JSON escape such as \\ud800 with no pair) replaced by U+FFFD:
    it is no character, and no writer could encode it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _clean_cell_text(value: Any) -> str:
    return _clean_text(cell_text(value))


def _escapes_surrogate(text: str) -> bool:
    """True when JSON TEXT holds a \\uD800-\\uDFFF escape, the only way a lone surrogate gets in."""
    return _SURROGATE_ESCAPE.search(text) is not None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


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


def _lazy(module: str, function: str) -> Callable[[Path, bytes, str | None], Table]:
    """A reader imported on first use: openpyxl, lxml and python-docx would slow every start-up."""

    def reader(path: Path, data: bytes, sheet: str | None) -> Table:
        from importlib import import_module

        return getattr(import_module(module), function)(path, data, sheet)

    return reader


READERS: dict[str, Callable[[Path, bytes, str | None], Table]] = {
    "csv": _read_csv,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "xlsx": _lazy("register_audit.read.xlsx", "read_xlsx"),
    "html": _lazy("register_audit.read.html", "read_html"),
    "docx": _lazy("register_audit.read.docx", "read_docx"),
}
