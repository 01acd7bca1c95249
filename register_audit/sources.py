"""Read a register file (CSV/TSV, JSON/JSONL, XLSX, HTML, DOCX) into a table of text cells."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from register_audit.errors import InputError

# Reported rows are capped so one message stays one readable sentence.
_MAX_LISTED_ROWS = 10
_SNIFF_BYTES = 64 * 1024
_HEAD_BYTES = 1 << 20  # what is read to tell the kind of file, its encoding and its delimiter
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
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

    DISPLAY is how messages and locations name the file (bundled files by their repository path).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file.")
    if path.is_dir():
        raise InputError(path, "is a directory, not a register file.")
    shown = Path(display) if display else path
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip() and path.stat().st_size <= len(head):
        raise InputError(path, "the file is empty.")
    kind = detect_kind(path, head)
    if kind == "csv":
        streamed = _stream_csv(shown, path, head)
        if streamed is not None:
            return streamed
    return READERS[kind](shown, path.read_bytes(), sheet)


def detect_kind(path: Path, data: bytes) -> str:
    """The reader for a file: by magic bytes first (a zip is XLSX or DOCX), then by extension."""
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix in {".xlsx", ".xlsm"}:
            return "xlsx"
        if suffix == ".docx":
            return "docx"
        return _zip_kind(path, data)
    if data[:8] == _OLE2_MAGIC:
        raise InputError(path, "is an old binary Office file (.xls or .doc); save it as .xlsx, .docx or CSV.")
    if suffix in {".xlsx", ".xlsm", ".docx"}:
        raise InputError(path, f"is not a valid {suffix} file (it is not a zip archive); it may be corrupt.")
    if suffix in {".json", ".jsonl", ".ndjson"}:
        return "jsonl" if suffix != ".json" else "json"
    if suffix in {".html", ".htm"}:
        return "html"
    return "csv"


def _zip_kind(path: Path, head: bytes) -> str:
    import zipfile

    try:
        names = set(zipfile.ZipFile(path).namelist())
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
    return data.decode(detect_encoding(path, data))


def detect_encoding(path: Path, data: bytes) -> str:
    """The encoding of a text file: its BOM, else UTF-8 if every byte fits, else the legacy code
    page charset-normalizer finds most likely; InputError names the first undecodable byte."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                _validate(data, encoding)
            except UnicodeDecodeError as error:
                raise InputError(path, f"starts with a {encoding} byte-order mark but byte {error.start} cannot be decoded as {encoding}.") from None
            return encoding
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(path, "contains NUL bytes: it is a binary file, not a text table (an Excel file must end in .xlsx).")
    try:
        _validate(data, "utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, first_bad) + 1
        raise InputError(path, f"byte {first_bad} (line {line}) is not valid UTF-8, though the rest of the file is; re-save the file as UTF-8.")
    from charset_normalizer import from_bytes

    best = from_bytes(data[: _SNIFF_BYTES * 16], cp_isolation=["cp1251", "koi8_r", "cp1252", "latin_1", "cp866", "mac_cyrillic"]).best()
    if best is None:
        raise InputError(path, f"byte {first_bad} is not valid UTF-8 and no other common encoding fits the file; save it as UTF-8.")
    if best.encoding in {"cp1251", "kz1048"}:
        return "kz1048" if _kazakh_code_page(data) else "cp1251"
    try:
        _validate(data, best.encoding)  # the guess was made on the first MiB; the rest must fit too
    except UnicodeDecodeError as error:
        raise InputError(path, f"byte {error.start} cannot be decoded as {best.encoding}, the encoding the start of the file has; save it as UTF-8.") from None
    return best.encoding


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 far outnumbers bad bytes: a UTF-8 file with a stray
    legacy byte, which a code-page guess would turn into mojibake everywhere else."""
    text = data[: _SNIFF_BYTES * 16].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= 4 * max(bad, 1)


# In KZ-1048 (Windows Kazakh) these bytes are қ Қ ң Ң ұ Ұ ә Ә; in Windows-1251 they are Macedonian
# or Belarusian letters (ќ ѕ ў ј), which a Kazakh or Russian register never holds together.
_KZ1048_LETTERS = ((0x8D, 0x9D), (0xBD, 0xBE), (0xA1, 0xA2), (0xA3, 0xBC))


def _kazakh_code_page(data: bytes) -> bool:
    """True when a Windows-1251 guess is Windows Kazakh (KZ-1048): two or more Kazakh letters appear."""
    return sum(1 for pair in _KZ1048_LETTERS if any(bytes([b]) in data for b in pair)) >= 2


_CHUNK = 1 << 20


def _validate(data: bytes, encoding: str) -> None:
    """Decode DATA chunk by chunk, keeping nothing: raises UnicodeDecodeError with the absolute
    offset of the first bad byte, without holding a second copy of a large file."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(error.encoding, data, start + error.start, start + error.end, error.reason) from None
    decoder.decode(b"", final=True)


# --------------------------------------------------------------------------- CSV


def _stream_csv(shown: Path, path: Path, head: bytes) -> Table | None:
    """A UTF-8 or UTF-16 (BOM) CSV read straight from disk as it is iterated, so a large
    register is never held in memory; None for any other file, which `_read_csv` reads whole
    (legacy code pages are guessed from the bytes, and their errors need them)."""
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    encoding = next((e for bom, e in _BOMS if head.startswith(bom)), "utf-8")
    try:
        _validate_file(path, encoding)
    except UnicodeDecodeError:
        return None
    handle = path.open(encoding=encoding, newline="")
    try:
        return _csv_table(shown, handle, head.decode(encoding, errors="ignore"))
    except BaseException:
        handle.close()
        raise


def _validate_file(path: Path, encoding: str) -> None:
    """Decode the file chunk by chunk, keeping nothing; UnicodeDecodeError at the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            decoder.decode(chunk)
    decoder.decode(b"", final=True)


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
            raise InputError(path, f"is not valid JSON ({error.msg.removesuffix(' at')}, column {error.colno}).", row=number) from None
        except (RecursionError, ValueError) as error:
            raise InputError(path, f"is not usable JSON ({type(error).__name__}: {str(error)[:80]}).", row=number) from None
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
    "xlsx": _lazy("register_audit.readers.xlsx", "read_xlsx"),
    "html": _lazy("register_audit.readers.html", "read_html"),
    "docx": _lazy("register_audit.readers.docx", "read_docx"),
}
