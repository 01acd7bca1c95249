"""CSV and TSV registers: encoding and delimiter detected, title rows skipped, ragged rows reported together."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from register_audit.errors import InputError
from register_audit.read import files
from register_audit.read.encodings import BOMS, detect_encoding, validate_file
from register_audit.read.options import DEFAULT, ReadOptions
from register_audit.read.table import MAX_LISTED_ROWS as _MAX_LISTED_ROWS, Table

_SNIFF_BYTES = 64 * 1024


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
    reader = csv.reader(_end_marked(stream), delimiter=options.delimiter or sniff_delimiter(sample))
    try:
        head = list(itertools.islice(_closed_quotes(path, reader, skipped), _TITLE_SEARCH_RECORDS))
    except csv.Error as error:
        raise InputError(path, f"the header cannot be parsed as CSV ({error}).", row=skipped + 1) from None
    if not head:
        raise InputError(path, "the file is empty." if not skipped else f"nothing is left after --skip-lines {skipped}.")
    titles = _title_rows(head)
    header = tuple(cell.strip() for cell in head[titles])
    first = skipped + titles + 1  # the header's record number; title rows are counted, never read as data
    rows = itertools.chain(head[titles + 1:], reader)  # the rest straight from the reader: _csv_rows finds the end mark
    return Table(str(path), header, _csv_rows(path, rows, len(header), stream, first=first))


# A line after the file's last: when a quote is left open, the csv module reads the rest of the
# file into one cell and says nothing, so a cell that ends with this line is an unclosed quote.
# (U+FDD0 is a noncharacter: no register holds it.)
_END = "\ufdd0end of file\ufdd0"
_END_TAILS = (_END, _END + "\n")


def _end_marked(lines: Iterable[str]) -> Iterator[str]:
    """LINES, then the end mark as a line of its own (after a last line without a line end too:
    the csv module ends a record at the end of each line it is given)."""
    return itertools.chain(lines, (_END + "\n",))


def _closed_quotes(path: Path, reader: Iterable[list[str]], skipped: int) -> Iterator[list[str]]:
    """READER's records up to the end mark; an unclosed quote is an error naming the row it opens in."""
    for number, cells in enumerate(reader, start=skipped + 1):
        if cells and cells[-1].endswith(_END_TAILS):
            _at_end(path, cells, number)
            return
        yield cells


def _at_end(path: Path, cells: list[str], number: int) -> None:
    """Nothing when CELLS (record NUMBER) is the end mark; else the InputError of a quote opened in
    it and never closed, which read the rest of the file into its last cell."""
    if len(cells) == 1 and cells[0] == _END:
        return
    last = cells[-1]
    # The lines the cell swallowed, counting a last line without a line end as one.
    lines = last.count("\n") + (not last[: -len(_END) - 1].endswith(("\n", "\r")))
    raise InputError(path, f"a quote opens in this row and is never closed, so the rest of the file ({lines - 1} "
                     "line(s)) would be read as one cell; close the quote, or double a quote character inside a cell (\"\").",
                     row=number)


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
            if len(cells) == width and (not cells or not cells[-1].endswith(_END_TAILS)):
                yield number, cells
            elif not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            elif cells[-1].endswith(_END_TAILS):
                _at_end(path, cells, number)
                break
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
