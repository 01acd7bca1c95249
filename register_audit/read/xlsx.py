"""Read one sheet of an XLSX workbook into a Table, merged cells expanded, sheet row numbers kept."""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

from register_audit.errors import InputError, RegisterAuditError
from register_audit.read.files import check_archive
from register_audit.read.grid import MAX_CELLS, MAX_COLUMNS, Cell, CellBudget, GridRow, grid_to_table
from register_audit.read.table import Table

_MERGE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
# A merge larger than this is a formatting accident (a whole column merged), not a header cell.
_MAX_MERGE_CELLS = 100_000


def read_xlsx(path: Path, data: bytes, sheet: str | None) -> Table:
    """The named sheet (default: the first) as a Table; InputError for a corrupt workbook or unknown sheet."""
    check_archive(path, data)
    # openpyxl warns (with its own source path) about parts it skips: data validation, default
    # styles, unknown extensions. They say nothing about the register's cells, so they are
    # silenced here, for this read only.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read(path, data, sheet)


def _read(path: Path, data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; merged ranges, which it does not expose, are read from the XML.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except RegisterAuditError:
        raise
    except Exception as error:  # openpyxl raises many types for a damaged package
        raise InputError(path, f"cannot be read as an XLSX workbook ({_reason(error)}); it may be corrupt or password-protected.") from None
    budget = CellBudget(path)
    try:
        names = workbook.sheetnames
        if not names:
            raise InputError(path, "the workbook has no sheets.")
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            listed = ", ".join(repr(n) for n in names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
            raise InputError(path, f"no sheet named {sheet!r}; the sheets are {listed}.")
        worksheet = workbook[sheet]
        merges = _merged_ranges(path, data, getattr(worksheet, "_worksheet_path", None))
        worksheet.reset_dimensions()  # a stale <dimension> would cut rows off, and a hostile one claim a million
        grid: list[GridRow] = []
        for number, values in enumerate(worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            width = len(values)
            while width and (values[width - 1] is None or values[width - 1] == ""):
                width -= 1  # formatted but empty cells to the right of the table
            if width:
                budget.add(number, width)
                grid.append((number, [Cell(_text(v), (number, c)) for c, v in enumerate(values[:width], start=1)]))
    except RegisterAuditError:
        raise
    except Exception as error:
        raise InputError(path, f"sheet {sheet!r} cannot be read ({_reason(error)}); the workbook may be corrupt.") from None
    finally:
        workbook.close()
    _spread_merges(grid, merges)
    return grid_to_table(path, grid)


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _text(value: Any) -> str:
    """A cell value as text: whole floats without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _merged_ranges(path: Path, data: bytes, member: str | None) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each <mergeCell> of the sheet's XML part that can
    be a table's cell: ranges wider than MAX_COLUMNS or larger than _MAX_MERGE_CELLS are
    formatting (a whole row or column merged), and are skipped; their total area is bounded."""
    if not member:
        return []
    from lxml import etree

    ranges = []
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member.lstrip("/")) as handle:
        for _, element in etree.iterparse(handle, tag=_MERGE_TAG, resolve_entities=False, no_network=True):
            bounds = _bounds(element.get("ref", ""))
            element.clear()
            if bounds is None:
                continue
            min_row, min_col, max_row, max_col = bounds
            area = (max_row - min_row + 1) * (max_col - min_col + 1)
            if max_col > MAX_COLUMNS or area > _MAX_MERGE_CELLS:
                continue
            total += area
            if total > MAX_CELLS:
                raise InputError(path, f"its merged cells cover more than {MAX_CELLS:,} cells, more than a register table holds; "
                                 "unmerge them or save the sheet as CSV.")
            ranges.append(bounds)
    return ranges


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    corners = [_REF.match(part) for part in ref.split(":")]
    if len(corners) != 2 or not all(corners):
        return None
    (c1, r1), (c2, r2) = ((_column(m.group(1)), int(m.group(2))) for m in corners)  # type: ignore[union-attr]
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _spread_merges(grid: list[GridRow], merges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the text and origin of its top-left cell."""
    by_number = {number: cells for number, cells in grid}
    for min_row, min_col, max_row, max_col in merges:
        top = by_number.get(min_row)
        if top is None:
            continue
        source = top[min_col - 1] if min_col <= len(top) else Cell("", (min_row, min_col))
        for number in range(min_row, max_row + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            while len(cells) < max_col:
                cells.append(Cell("", (number, len(cells) + 1)))
            for column in range(min_col, max_col + 1):
                cells[column - 1] = source
