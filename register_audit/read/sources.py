"""Read a register file (CSV/TSV, JSON/JSONL, XLSX, HTML, DOCX) into a table of text cells."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import Callable

from register_audit.errors import InputError
from register_audit.read import files
from register_audit.read.delimited import _read_csv, _stream_csv, sniff_delimiter
from register_audit.read.jsonfile import _read_json, _read_jsonl, cell_text
from register_audit.read.options import DEFAULT, ReadOptions
from register_audit.read.table import Table

_HEAD_BYTES = 1 << 20  # what is read to tell the kind of file, its encoding and its delimiter
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(path: str | Path, options: ReadOptions = DEFAULT, *, sheet: str | None = None,
               display: str | None = None) -> Table:
    """Read PATH by its content and extension, as OPTIONS say; raise InputError for anything unreadable.

    DISPLAY is how messages and locations name the file (bundled files by their repository path);
    SHEET, when given, overrides OPTIONS.sheet. A device is refused; a pipe (`<(cat file)`) is
    read once, within a bound, as standard input is. A file read whole is bounded too.
    """
    if sheet is not None:
        options = options.model_copy(update={"sheet": sheet})
    shown = Path(display) if display else Path(path)
    if files.is_stream(path):
        return read_bytes(_whole(path, shown), str(shown), options)
    files.check_readable(path, what="register file", shown=str(shown), missing="no such file.")
    path = Path(path)
    with files.open_input(path) as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip() and path.stat().st_size <= len(head):
        raise InputError(shown, "the file is empty.")
    kind = detect_kind(path, head)
    _check_overrides(shown, kind, options)
    if kind == "csv":
        streamed = _stream_csv(shown, path, head, options)
        if streamed is not None:
            return _with_unique_header(streamed)
        return _with_unique_header(_read_csv(shown, _whole(path, shown), options))
    return _with_unique_header(READERS[kind](shown, _whole(path, shown), options.sheet))


def _whole(path: str | Path, shown: Path) -> bytes:
    return files.read_bytes(path, limit=files.MAX_REGISTER_BYTES, what="register file", shown=str(shown))


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


def read_bytes(data: bytes, name: str, options: ReadOptions = DEFAULT) -> Table:
    """A register given as bytes (standard input), its kind told from the content alone."""
    shown = Path(name)
    if not data.strip():
        raise InputError(name, "the input is empty.")
    start = data.lstrip()[:1]
    if data[:4] == b"PK\x03\x04":
        kind = _zip_kind_of_bytes(shown, data)
    elif start == b"[":
        kind = "json"
    elif start == b"{":
        kind = "jsonl" if b"\n{" in data.strip() else "json"
    elif start == b"<":
        kind = "html"
    else:
        kind = detect_kind(shown, data, foreign_only=True)
    _check_overrides(shown, kind, options)
    if kind == "csv":
        return _with_unique_header(_read_csv(shown, data, options))
    return _with_unique_header(READERS[kind](shown, data, options.sheet))


def _check_overrides(path: Path, kind: str, options: ReadOptions) -> None:
    if kind != "csv" and options.csv_overrides:
        raise InputError(path, f"{' and '.join(options.csv_overrides)} apply to CSV/TSV files, and this is a {kind.upper()} file.")


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


def detect_kind(path: Path, data: bytes, *, foreign_only: bool = False) -> str:
    """The reader for a file: by magic bytes first (a zip is XLSX or DOCX), then by extension.
    Files of other kinds (PDF, UTF-32, an encrypted workbook) are refused, each in its own words;
    with FOREIGN_ONLY (bytes with no name to go by) the rest is CSV."""
    suffix = "" if foreign_only else path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix in {".xlsx", ".xlsm"}:
            return "xlsx"
        if suffix == ".docx":
            return "docx"
        return _zip_kind(path, data)
    if data[:8] == _OLE2_MAGIC:
        if _ENCRYPTED in data:
            raise InputError(path, "is a password-protected (encrypted) Office file; open it, remove the password and save it again.")
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
    return "csv"


def _looks_utf32(data: bytes) -> bool:
    """UTF-32 without a byte-order mark: ASCII text whose every character is padded with three NULs."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8:
        return False
    le = all(sample[i + 1: i + 4] == b"\0\0\0" for i in range(0, len(sample), 4))
    be = all(sample[i: i + 3] == b"\0\0\0" for i in range(0, len(sample), 4))
    return le or be


def _zip_kind_of_bytes(path: Path, data: bytes) -> str:
    return _zip_kind(io.BytesIO(data), data, shown=path)  # type: ignore[arg-type]


def _zip_kind(path: Path, head: bytes, *, shown: Path | None = None) -> str:
    import zipfile

    try:
        names = set(zipfile.ZipFile(path).namelist())
    except zipfile.BadZipFile:
        raise InputError(shown or path, "is a damaged zip archive, not a register table.") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise InputError(shown or path, "is a zip archive, not a register table; unpack it and give the CSV, XLSX or JSON inside.")


# --------------------------------------------------------------------------- registry of readers


def _lazy(module: str, function: str) -> Callable[[Path, bytes, str | None], Table]:
    """A reader imported on first use: openpyxl, lxml and python-docx would slow every start-up."""

    def reader(path: Path, data: bytes, sheet: str | None) -> Table:
        from importlib import import_module

        return getattr(import_module(module), function)(path, data, sheet)

    return reader


READERS: dict[str, Callable[[Path, bytes, str | None], Table]] = {
    "csv": lambda path, data, sheet: _read_csv(path, data),
    "json": _read_json,
    "jsonl": _read_jsonl,
    "xlsx": _lazy("register_audit.read.xlsx", "read_xlsx"),
    "html": _lazy("register_audit.read.html", "read_html"),
    "docx": _lazy("register_audit.read.docx", "read_docx"),
}


__all__ = ["READERS", "Table", "cell_text", "detect_kind", "read_bytes", "read_table", "sniff_delimiter"]
