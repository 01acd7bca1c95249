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
from register_audit.read import files
from register_audit.read.encodings import BOMS, decode, detect_encoding, validate_file
from register_audit.read.options import DEFAULT, ReadOptions

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


# --------------------------------------------------------------------------- CSV


def _stream_csv(shown: Path, path: Path, head: bytes, options: ReadOptions) -> Table | None:
    """A UTF-8 or UTF-16 (BOM) CSV, or one in the encoding OPTIONS name, read straight from disk
    as it is iterated, so a large register is never held in memory; None for any other file,
    which `_read_csv` reads whole (legacy code pages are guessed from the bytes, and their
    errors need them)."""
    if options.encoding is not None:
        encoding = options.encoding
        try:
            validate_file(path, encoding)
        except UnicodeDecodeError as error:
            raise InputError(shown, f"byte {error.start} cannot be decoded as {encoding} (--encoding); check the encoding, or leave it out to detect it.") from None
    else:
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return None
        encoding = next((e for bom, e in BOMS if head.startswith(bom)), "utf-8")
        try:
            validate_file(path, encoding)
        except UnicodeDecodeError:
            return None
    handle = path.open(encoding=encoding, newline="")
    files.close_at_end(handle)
    try:
        return _csv_table(shown, handle, head.decode(encoding, errors="ignore"), options)
    except BaseException:
        handle.close()
        raise


def _read_csv(path: Path, data: bytes, options: ReadOptions = DEFAULT) -> Table:
    if options.encoding is not None:
        encoding = options.encoding
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(path, f"byte {error.start} cannot be decoded as {encoding} (--encoding); check the encoding, or leave it out to detect it.") from None
    else:
        encoding = detect_encoding(path, data)
    sample = data[: _SNIFF_BYTES * 4].decode(encoding, errors="ignore")
    return _csv_table(path, io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), sample, options)


def _csv_table(path: Path, stream: io.TextIOBase, sample: str, options: ReadOptions = DEFAULT) -> Table:
    """The header (after --skip-lines lines, and after any title rows above it) and the rows."""
    skipped = options.skip_lines
    for _ in range(skipped):
        if not stream.readline():
            raise InputError(path, f"--skip-lines {skipped} skips the whole file, which has fewer lines.")
    if skipped:
        sample = "".join(io.StringIO(sample, newline="").readlines()[skipped:])
    reader = _closed_quotes(path, csv.reader(_end_marked(stream), delimiter=options.delimiter or sniff_delimiter(sample)), skipped)
    try:
        head = list(itertools.islice(reader, _TITLE_SEARCH_RECORDS))
    except csv.Error as error:
        raise InputError(path, f"the header cannot be parsed as CSV ({error}).", row=skipped + 1) from None
    if not head:
        raise InputError(path, "the file is empty." if not skipped else f"nothing is left after --skip-lines {skipped}.")
    titles = _title_rows(head)
    header = tuple(cell.strip() for cell in head[titles])
    first = skipped + titles + 1  # the header's record number; title rows are counted, never read as data
    rows = itertools.chain(head[titles + 1:], reader)
    return Table(str(path), header, _csv_rows(path, rows, len(header), stream, first=first))


# A line after the file's last: when a quote is left open, the csv module reads the rest of the
# file into one cell and says nothing, so a cell that ends with this line is an unclosed quote.
# (U+FDD0 is a noncharacter: no register holds it.)
_END = "\ufdd0end of file\ufdd0"
_END_TAILS = (_END, _END + "\n")


def _end_marked(lines: Iterable[str]) -> Iterator[str]:
    last = ""
    for last in lines:
        yield last
    if last and last[-1] not in "\r\n":
        yield "\n"
    yield _END + "\n"


def _closed_quotes(path: Path, reader: Iterable[list[str]], skipped: int) -> Iterator[list[str]]:
    """READER's records up to the end mark; an unclosed quote is an error naming the row it opens in."""
    for number, cells in enumerate(reader, start=skipped + 1):
        if cells and cells[-1].endswith(_END_TAILS):
            if len(cells) == 1 and cells[0] == _END:
                return
            lines = cells[-1].count("\n")
            raise InputError(path, f"a quote opens in this row and is never closed, so the rest of the file ({lines - 1} "
                             "line(s)) would be read as one cell; close the quote, or double a quote character inside a cell (\"\").",
                             row=number)
        yield cells


# A CSV saved from a spreadsheet may carry a title block above its header, as XLSX does.
_TITLE_SEARCH_RECORDS = 50


def _title_rows(records: list[list[str]]) -> int:
    """How many leading records are a title block, not the header: each has at most one filled
    cell, or fewer cells than most records; and a record with two or more filled cells follows.
    A file whose every record has one cell (a list of names) has no title rows."""
    widths = [len(r) for r in records if len(r) >= 2]
    if not widths:
        return 0
    usual = max(set(widths), key=lambda w: (widths.count(w), w))
    count = 0
    for cells in records:
        filled = sum(1 for c in cells if c.strip())
        if filled >= 2 and len(cells) >= usual:
            return count
        count += 1
    return 0


def _csv_rows(path: Path, reader: Iterable[list[str]], width: int, stream: io.TextIOBase, *,
              first: int = 1) -> Iterator[tuple[int, Sequence[str]]]:
    """Yield each data row (the reader's own list, not copied: this loop runs a million times);
    ragged rows are collected and reported together at the end; the stream is closed then."""
    ragged: list[tuple[int, int]] = []
    number = first
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
        # The usual width, not the first record's: a title row above the header is one cell wide.
        widths = [len(r) for r in records]
        width = max(set(widths), key=lambda w: (widths.count(w), w)) if len(records) > 2 else widths[0]
        agree = (widths.count(width) - 1) / (len(records) - 1) if len(records) > 1 else 1.0
        key = (agree if width >= 2 else 0.0, width, -preference)
        if key > best_key:
            best, best_key = delimiter, key
    return best


# --------------------------------------------------------------------------- JSON

_LIST_KEYS = ("services", "items", "data", "records", "rows", "results")


# JSON is parsed whole into Python objects (~100 bytes each): a file of 30 million `{}` is
# 90 MB on disk and 2.3 GB once parsed. Counted before parsing (a `{` inside a string counts too,
# so this is a bound, not a count): far above any register's records.
_MAX_JSON_OBJECTS = 1_000_000
_MAX_JSON_VALUES = 20_000_000


def _check_json_size(path: Path, data: bytes) -> None:
    if data.count(b"{") > _MAX_JSON_OBJECTS or data.count(b",") > _MAX_JSON_VALUES:
        raise InputError(path, f"the JSON holds more than {_MAX_JSON_OBJECTS:,} objects or {_MAX_JSON_VALUES:,} values, more than "
                         "a register's records; save a register this large as UTF-8 CSV, which is read as a stream.")


def _read_json(path: Path, data: bytes, sheet: str | None) -> Table:
    _check_json_size(path, data)
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
    _check_json_size(path, data)
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
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _clean_text(text: str) -> str:
    """TEXT with any lone surrogate (a JSON escape such as \\ud800 with no pair) replaced by U+FFFD:
    it is no character, and no writer could encode it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _clean_cell_text(value: Any) -> str:
    return _clean_text(cell_text(value))


def _escapes_surrogate(text: str) -> bool:
    """True when JSON TEXT holds a \\uD800-\\uDFFF escape, the only way a lone surrogate gets in."""
    return _SURROGATE_ESCAPE.search(text) is not None


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
    "csv": lambda path, data, sheet: _read_csv(path, data),
    "json": _read_json,
    "jsonl": _read_jsonl,
    "xlsx": _lazy("register_audit.read.xlsx", "read_xlsx"),
    "html": _lazy("register_audit.read.html", "read_html"),
    "docx": _lazy("register_audit.read.docx", "read_docx"),
}
